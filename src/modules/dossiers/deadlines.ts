/**
 * "Due soon" and "due today", shared by the inbox and the deadline sweep so that a dossier the
 * sweep flagged is the one the officer sees at the top of the list.
 */
import type { WorkingCalendar } from '../../platform/calendar/working-time.ts';

/** Within one working day (8 working hours, DOMAIN.md §1.5) of its due time. [D] */
const DUE_SOON_WORKING_HOURS = 8;

/** The instant before which a due time counts as "due soon". */
export const dueSoonLimit = (calendar: WorkingCalendar, now: Date): Date =>
  calendar.addWorkingHours(calendar.normalise(now), DUE_SOON_WORKING_HOURS);

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** The end of the Vietnam calendar day that contains `now`. */
export const endOfVietnamDay = (now: Date): Date =>
  new Date((Math.floor((now.getTime() + VIETNAM_OFFSET_MS) / DAY_MS) + 1) * DAY_MS - VIETNAM_OFFSET_MS);
