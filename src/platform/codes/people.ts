/**
 * What a person types about themselves, checked so each form can say what is wrong with
 * that field (pure): a plausible full name, an e-mail address, a Vietnamese phone number, a
 * real calendar date, today in Việt Nam.
 */
import { vietnamDateOf } from './result.ts';

// Letters of any script (Vietnamese with its marks, ethnic-minority names), spaces, and the
// apostrophe, hyphen and dot some names carry; no digits or other symbols.
const NAME = /^[\p{L}\p{M}][\p{L}\p{M}'’.\- ]*[\p{L}\p{M}.]$/u;
/** A full name a person could have: 2–100 letters, spaces, apostrophes, hyphens, dots. */
export const isPlausibleName = (raw: string) => {
  const name = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  return name.length >= 2 && name.length <= 100 && NAME.test(name);
};

const EMAIL = /^[^\s@]{1,64}@[^\s@.][^\s@]*\.[^\s@.]{2,}$/;
export const isEmail = (raw: string) => raw.length <= 254 && EMAIL.test(raw) && !raw.includes('..');
// Vietnamese numbers after the trunk 0 / country code 84: mobiles 9 digits from 3, 5, 7, 8, 9;
// fixed lines 10 digits from 2 (the same rule as sign-in names, platform/auth/login.ts).
const PHONE = /^(?:\+84|0084|84|0)(?:[35789]\d{8}|2\d{9})$/;
export const isPhone = (raw: string) => PHONE.test(raw.replace(/[\s.\-()]/g, ''));

/** A real calendar date written YYYY-MM-DD (31 February is not one). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Today in Việt Nam as YYYY-MM-DD (a baby born at 00:30 on 1 January is born that day). */
export function vietnamToday(now: Date = new Date()): string {
  const d = vietnamDateOf(now);
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}
