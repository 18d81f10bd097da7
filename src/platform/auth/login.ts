/**
 * Sign-in names (pure). One account per person per name, so every form of the same phone
 * number or e-mail must land on one stored value: e-mails lower-cased, phones as +84….
 */

type LoginKind = 'email' | 'phone' | 'username';
export interface Login {
  kind: LoginKind;
  value: string;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
// Vietnamese numbers after the trunk 0 / country code 84: mobiles are 9 digits starting
// 3, 5, 7, 8 or 9; fixed lines (since 2017) are 10 digits starting 2.
const NATIONAL = /^(?:[35789]\d{8}|2\d{9})$/;

/** A Vietnamese phone number as +84…, or undefined when it is not one. */
export function normalisePhone(raw: string): string | undefined {
  const compact = raw
    .normalize('NFC')
    .trim()
    .replace(/[\s.\-()]/g, '');
  const m = /^(?:\+84|0084|84|0)(\d+)$/.exec(compact);
  if (!m?.[1] || !NATIONAL.test(m[1])) return undefined;
  return `+84${m[1]}`;
}

export function normaliseEmail(raw: string): string | undefined {
  const value = raw.normalize('NFC').trim().toLowerCase();
  return value.length <= 254 && EMAIL.test(value) ? value : undefined;
}

/** Reads what a person typed in the login field; undefined when it is none of the three forms. */
export function parseLogin(raw: string): Login | undefined {
  if (raw.includes('@')) {
    const email = normaliseEmail(raw);
    return email ? { kind: 'email', value: email } : undefined;
  }
  const phone = normalisePhone(raw);
  if (phone) return { kind: 'phone', value: phone };
  const username = raw.normalize('NFC').trim().toLowerCase();
  return USERNAME.test(username) ? { kind: 'username', value: username } : undefined;
}

/** The stored form of a login for look-ups; unparseable input maps to itself (finds nothing). */
export function loginKey(raw: string): string {
  return parseLogin(raw)?.value ?? raw.normalize('NFC').trim().toLowerCase();
}
