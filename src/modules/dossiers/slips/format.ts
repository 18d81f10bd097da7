/**
 * How dates and times are written on official papers, in Vietnam time (UTC+7, DOMAIN.md §1.5).
 */
import type { WorkingCalendar } from '../../../platform/calendar/index.ts';
import { addDays, localDateOf, parseWorkingHours, VIETNAM_UTC_OFFSET_MS } from '../../../platform/calendar/index.ts';
import type { HandoverTiming } from './types.ts';

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function localParts(instant: Date): LocalParts {
  const local = new Date(instant.getTime() + VIETNAM_UTC_OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
  };
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * "ngày 05 tháng 02 năm 2025", "ngày 15 tháng 3 năm 2025": Decree 30/2020, Annex I writes days
 * below 10 and the months 1 and 2 with a leading zero, other months without.
 */
export function longDate(instant: Date): string {
  const { year, month, day } = localParts(instant);
  return `ngày ${two(day)} tháng ${month <= 2 ? two(month) : String(month)} năm ${year}`;
}

/** "Tuyên Quang, ngày 05 tháng 3 năm 2025". */
export function placeAndDate(place: string, instant: Date): string {
  return `${place}, ${longDate(instant)}`;
}

/** "10 giờ 30 phút, ngày 05 tháng 3 năm 2025", the form the slips use for intake and due times. */
export function longDateTime(instant: Date): string {
  const { hour, minute } = localParts(instant);
  return `${two(hour)} giờ ${two(minute)} phút, ${longDate(instant)}`;
}

const WEEKDAYS = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'];

/** "sáng thứ Ba", "chiều thứ Hai": the session and the day of the week of an instant, Vietnam time. */
function sessionAndWeekday(instant: Date): string {
  const { hour, minute } = localParts(instant);
  const local = new Date(instant.getTime() + VIETNAM_UTC_OFFSET_MS);
  const session = hour * 60 + minute <= 12 * 60 ? 'sáng' : hour < 18 ? 'chiều' : 'tối';
  return `${session} ${WEEKDAYS[local.getUTCDay()]}`;
}

/**
 * "17 giờ 00, chiều thứ Hai, ngày 07/12/2026": the appointment to collect a result. The time
 * (the end of the due working day, issue 23.10), then the session and the day of the week and
 * the date in words, so it never reads as an appointment before opening (issue 13.14).
 */
export function appointmentText(instant: Date): string {
  const { hour, minute } = localParts(instant);
  return `${two(hour)} giờ ${two(minute)}, ${sessionAndWeekday(instant)}, ngày ${shortDate(instant)}`;
}

/**
 * The time to print for a due instant: a deadline that falls at (or before) the first opening
 * of a day, or on a day off, is the end of the previous working day's hours, not the next
 * opening (a result due "by Monday" is due 17:00 Monday, not 07:00 Tuesday); a deadline after
 * closing time is that day's closing time.
 */
export function appointmentAt(calendar: WorkingCalendar, dueAt: Date): Date {
  const periods = parseWorkingHours(calendar.hours);
  const opening = Math.min(...periods.map((p) => p.start));
  const closing = Math.max(...periods.map((p) => p.end));
  const midnightOf = (date: string) => Date.parse(`${date}T00:00:00Z`) - VIETNAM_UTC_OFFSET_MS;
  const day = localDateOf(dueAt);
  const offset = dueAt.getTime() - midnightOf(day);
  if (calendar.isWorkingDay(day) && offset > opening) return new Date(midnightOf(day) + Math.min(offset, closing));
  let previous = addDays(day, -1);
  // A year of days off in a row does not exist; the bound only keeps a bad calendar from looping.
  for (let i = 0; i < 366 && !calendar.isWorkingDay(previous); i++) previous = addDays(previous, -1);
  return new Date(midnightOf(previous) + closing);
}

/** "05/03/2025". */
export function shortDate(instant: Date): string {
  const { year, month, day } = localParts(instant);
  return `${two(day)}/${two(month)}/${year}`;
}

/** "10:30 05/03/2025". */
export function shortDateTime(instant: Date): string {
  const { hour, minute } = localParts(instant);
  return `${two(hour)}:${two(minute)} ${shortDate(instant)}`;
}

/** The same wall-clock time as a UTC Date, for spreadsheet cells that have no time zone. */
export function asLocalWallClock(instant: Date): Date {
  return new Date(instant.getTime() + VIETNAM_UTC_OFFSET_MS);
}

const TIMING_LABELS: Record<HandoverTiming, string> = { early: 'Trước hạn', onTime: 'Đúng hạn', late: 'Quá hạn' };

export function timingLabel(timing: HandoverTiming | undefined): string {
  return timing ? TIMING_LABELS[timing] : '';
}
