/**
 * Secrets of the module: the rating link token sent by SMS and Zalo (an HMAC of the dossier id,
 * so nothing is stored and every process agrees given the same RATING_LINK_SECRET), and the
 * kiosk tokens of counter tablets (random, stored as a hash).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../platform/errors.ts';
import './errors.ts';

// Bumping the label invalidates every link sent before (e.g. after a leak), without a new secret.
const LABEL = 'mocua.rating-link.v1';

function requireSecret(secret: string | undefined): string {
  if (!secret) throw new DomainError('RATING_LINKS_NOT_CONFIGURED');
  return secret;
}

/**
 * The token of the rating link of a dossier: 128 bits of HMAC-SHA-256, base64url (22 characters:
 * an SMS stays short). Throws RATING_LINKS_NOT_CONFIGURED without a secret.
 */
export function ratingToken(dossierId: string, secret: string | undefined): string {
  const mac = createHmac('sha256', requireSecret(secret)).update(`${LABEL}\n${dossierId}`).digest();
  return mac.subarray(0, 16).toString('base64url');
}

/** Constant-time check of a link token. */
export function isValidRatingToken(dossierId: string, token: string, secret: string | undefined): boolean {
  const expected = Buffer.from(ratingToken(dossierId, secret));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The path of the rating page a link opens (prefix PUBLIC_URL); `k` records the channel it was sent by. */
export function ratingLinkPath(
  code: string,
  dossierId: string,
  secret: string | undefined,
  channel: 'sms' | 'zalo' = 'sms',
): string {
  return `/danh-gia/${encodeURIComponent(code)}?t=${ratingToken(dossierId, secret)}&k=${channel}`;
}

/** A new kiosk token: shown once to the admin who creates it. */
export function newKioskToken(): string {
  return `kiosk_${randomBytes(32).toString('base64url')}`;
}

export function hashKioskToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
