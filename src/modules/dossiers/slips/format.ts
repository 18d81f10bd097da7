/**
 * How dates and times are written on official papers, in Vietnam time (UTC+7, DOMAIN.md §1.5).
 */
import { VIETNAM_UTC_OFFSET_MS } from '../../../platform/calendar/index.ts';
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
