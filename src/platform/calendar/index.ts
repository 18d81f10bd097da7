/**
 * Working-day calendar for legal deadlines (DOMAIN.md §1.5, §5). Pure: no storage, no clock.
 * See README.md for the terms and the rules with their sources.
 */

export { createCalendar } from './create-calendar.ts';
export {
  addDays,
  localDateOf,
  VIETNAM_UTC_OFFSET_MS,
} from './dates.ts';

export {
  DEFAULT_SCHEDULES,
  NATIONAL_SCOPE,
} from './schedules.ts';

export { parseWorkingHours } from './working-hours.ts';
export { WorkingCalendar } from './working-time.ts';
