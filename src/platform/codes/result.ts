/**
 * The result every parser in this folder returns. Parsers never throw on bad input: the
 * caller (a route, a form, an import job) decides how to show the error. `code` is stable
 * and machine-readable; `part` names the piece of the identifier that is wrong; `message`
 * is Vietnamese with full diacritics and names that piece, so a citizen or officer can fix it.
 */
interface CodeError {
  readonly code: string;
  readonly part: string;
  readonly message: string;
}

export type CodeResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: CodeError };

export type CodeFailure = { readonly ok: false; readonly error: CodeError };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function fail(code: string, part: string, message: string): CodeFailure {
  return { ok: false, error: { code, part, message } };
}

/** Quote a piece of user input inside a message, cut short so a pasted essay stays readable. */
export function quote(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 37)}…` : text;
  return `'${shown}'`;
}

/** Calendar date, no time zone attached. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

// Vietnam has kept UTC+07:00 without daylight saving since 1975, so a fixed offset gives the
// Asia/Ho_Chi_Minh date exactly for every date this system handles.
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The calendar date of an instant in Asia/Ho_Chi_Minh. */
export function vietnamDateOf(instant: Date): CalendarDate {
  const shifted = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/** The instant of 00:00 Asia/Ho_Chi_Minh on a calendar date. */
export function vietnamMidnight(date: CalendarDate): Date {
  return new Date(Date.UTC(date.year, date.month - 1, date.day) - VIETNAM_OFFSET_MS);
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

export function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
