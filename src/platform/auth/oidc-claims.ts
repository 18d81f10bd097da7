/**
 * What the national sign-on's claims mean to us (pure): the level of assurance of the sign-in
 * and the verified identity. Names and formats from ../shared/domain/payments-sync-sso.md §4:
 * the ID token's `acr` (`LoA1`, `LoA2`, or VNeID's bare `"1"`), DVCQG UserInfo `loAs`, VNeID
 * UserInfo `IAL`; `SoDinhDanh` (12 digits), `HoVaTen`, `NgayThangNamSinh` (`yyyyMMdd`),
 * `LoaiTaiKhoan` (`1` citizen, `2` business, `3` organisation).
 */
import { isCalendarDate, isPlausibleName, parsePersonalId } from '../codes/index.ts';
import type { VerifiedIdentity } from './schema.ts';

/** The highest level a procedure may ask for (VNeID level 2). */
export const MAX_ASSURANCE_LEVEL = 2;

/**
 * A level from one claim value: one of the configured acr strings (`LoA1 LoA2`), `LoA<n>`, or a
 * bare number (VNeID's `acr: "1"`, `IAL: 2`). A list (`loAs` may be one) counts by its highest.
 */
export function levelOf(value: unknown, acrValues: readonly string[]): number | undefined {
  if (Array.isArray(value)) {
    const levels = value.map((v) => levelOf(v, acrValues)).filter((l) => l !== undefined);
    return levels.length > 0 ? Math.max(...levels) : undefined;
  }
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? Math.min(value, 2) : undefined;
  if (typeof value !== 'string') return undefined;
  const configured = acrValues.indexOf(value);
  if (configured >= 0) return configured + 1;
  const m = /^(?:loa)?\s*([0-9])$/i.exec(value.trim());
  return m ? Math.min(Number(m[1]), MAX_ASSURANCE_LEVEL) : undefined;
}

/**
 * The level of this sign-in: the lowest of what the ID token (`acr`, this authentication) and
 * UserInfo (`loAs` or `IAL`, the account) say; 0 when neither says anything — an assurance the
 * provider did not state is not assumed.
 */
export function assuranceOf(
  idToken: Record<string, unknown>,
  userInfo: Record<string, unknown>,
  acrValues: readonly string[],
): number {
  const said = [
    levelOf(idToken.acr, acrValues),
    levelOf(userInfo.loAs ?? idToken.loAs, acrValues),
    levelOf(userInfo.IAL ?? idToken.IAL, acrValues),
  ].filter((l) => l !== undefined);
  return said.length > 0 ? Math.min(...said) : 0;
}

const str = (v: unknown) => (typeof v === 'string' ? v.normalize('NFC').trim().replace(/\s+/g, ' ') : undefined);

/** `yyyyMMdd` (or an ISO date) → YYYY-MM-DD, or undefined when it is no real date. */
function birthDateOf(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(s);
  const iso = m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
  return iso && isCalendarDate(iso) ? iso : undefined;
}

/**
 * The person the claims name, when they are a citizen's account with a valid 12-digit personal
 * id and a plausible name; otherwise undefined (a business account, or claims we cannot trust
 * to prefill a filing with). Values that fail our own checks are dropped, never "repaired".
 */
export function identityOf(claims: Record<string, unknown>): VerifiedIdentity | undefined {
  const accountType = claims.LoaiTaiKhoan;
  if (accountType !== undefined && String(accountType) !== '1') return undefined;
  const personalId = str(claims.SoDinhDanh);
  const fullName = str(claims.HoVaTen) ?? str(claims.name);
  if (!personalId || !parsePersonalId(personalId).ok || !fullName || !isPlausibleName(fullName)) return undefined;
  const birthDate = birthDateOf(claims.NgayThangNamSinh ?? claims.birthdate);
  return { personalId, fullName, ...(birthDate ? { birthDate } : {}) };
}

/** The name to show for a new account: the national identity's, else the standard `name` claim. */
export function displayNameOf(claims: Record<string, unknown>): string | undefined {
  return str(claims.HoVaTen) ?? str(claims.name);
}
