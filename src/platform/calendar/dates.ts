/**
 * Plain calendar dates ('YYYY-MM-DD') and the fixed Vietnamese clock.
 *
 * Vietnam keeps UTC+7 all year, with no daylight saving (DOMAIN.md §1.5), so local time is a
 * fixed offset from UTC and we never need a time-zone database. A calendar date is a string
 * compared and keyed as is; arithmetic goes through a day number (days since 1970-01-01).
 */

/** A calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

/** Asia/Ho_Chi_Minh: UTC+7, no DST. */
export const VIETNAM_UTC_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a valid 'YYYY-MM-DD', or undefined when the text is not a real date. */
function findDayNumber(date: string): number | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    return undefined;
  }
  return ms / DAY_MS;
}

export function isIsoDate(date: string): boolean {
  return findDayNumber(date) !== undefined;
}

/** Day number of a 'YYYY-MM-DD'; throws RangeError on anything else (a programming error). */
export function dayNumber(date: IsoDate): number {
  const n = findDayNumber(date);
  if (n === undefined) throw new RangeError(`not a calendar date: ${date}`);
  return n;
}

export function isoFromDayNumber(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function isoFromParts(year: number, month: number, day: number): IsoDate {
  return isoFromDayNumber(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return isoFromDayNumber(dayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday, as `Date.getUTCDay`. */
export function weekdayOf(date: IsoDate): number {
  return weekdayOfDayNumber(dayNumber(date));
}

export function weekdayOfDayNumber(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((day + 4) % 7) + 7) % 7;
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = dayNumber(from); d <= dayNumber(to); d++) out.push(isoFromDayNumber(d));
  return out;
}

/** Local (UTC+7) day number of an instant. */
export function localDayNumber(instantMs: number): number {
  return Math.floor((instantMs + VIETNAM_UTC_OFFSET_MS) / DAY_MS);
}

/** The instant of local midnight (00:00 UTC+7) starting the given day. */
export function localMidnightMs(day: number): number {
  return day * DAY_MS - VIETNAM_UTC_OFFSET_MS;
}

/** Local (UTC+7) calendar date of an instant. */
export function localDateOf(instant: Date): IsoDate {
  return isoFromDayNumber(localDayNumber(instant.getTime()));
}

/** 'DD/MM/YYYY', the way dates are written on Vietnamese forms. */
export function formatVietnameseDate(date: IsoDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

const WEEKDAY_NAMES = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const;

export function vietnameseWeekdayName(weekday: number): string {
  return WEEKDAY_NAMES[weekday] ?? '';
}
