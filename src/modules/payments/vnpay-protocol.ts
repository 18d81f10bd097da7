/**
 * VNPay API 2.1.0 as payments-sync-sso.md §1 describes it: the signed payment URL (§1.2–1.3),
 * the checksum of the Return URL and IPN calls (§1.4), and the pipe-joined checksums of
 * querydr and refund (§1.7). Pure: no clock, no network.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const VNPAY_VERSION = '2.1.0';

/**
 * §1.3 step 3: form-style encoding, space as `+`, upper-case hex. WHATWG URLSearchParams (what
 * P1 hashes) leaves `*-._` as they are and encodes everything else, as Java's URLEncoder does.
 * The encoders disagree on `! ' ( ) * ~`, so what we send is kept to `[A-Za-z0-9 ._:-]`
 * (`vnpaySafeText`) and every encoder agrees.
 */
export function vnpayQueryString(params: Readonly<Record<string, string>>): string {
  const keys = Object.keys(params)
    .filter((key) => key !== 'vnp_SecureHash' && key !== 'vnp_SecureHashType' && params[key] !== '')
    // §1.3 step 2: ordinal (byte) order of the names; the names are ASCII.
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const search = new URLSearchParams();
  for (const key of keys) search.append(key, params[key] ?? '');
  return search.toString();
}

/** §1.3 step 4: HMAC-SHA512 with the hash secret, lower-case hex (128 characters). */
function hmacSha512(secret: string, data: string): string {
  return createHmac('sha512', Buffer.from(secret, 'utf8')).update(Buffer.from(data, 'utf8')).digest('hex');
}

function signVnpayParams(params: Readonly<Record<string, string>>, secret: string): string {
  return hmacSha512(secret, vnpayQueryString(params));
}

/** The browser redirect: the query VNPay hashes, then `vnp_SecureHash`. */
export function vnpayPaymentUrl(payUrl: string, params: Readonly<Record<string, string>>, secret: string): string {
  const query = vnpayQueryString(params);
  return `${payUrl}?${query}&vnp_SecureHash=${hmacSha512(secret, query)}`;
}

/** Constant-time, case-insensitive comparison of two hex digests. */
export function sameDigest(expected: string, given: string): boolean {
  const a = Buffer.from(expected.toLowerCase(), 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * §1.3 "Verifying Return URL and IPN calls": every received `vnp_*` parameter but the hash and
 * its type, decoded, re-encoded the same way, hashed, compared.
 */
export function verifyVnpayParams(params: Readonly<Record<string, string>>, secret: string): boolean {
  const given = params.vnp_SecureHash;
  if (typeof given !== 'string' || !/^[0-9a-fA-F]{128}$/.test(given)) return false;
  const signed: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) if (key.startsWith('vnp_')) signed[key] = value;
  return sameDigest(signVnpayParams(signed, secret), given);
}

/** `yyyyMMddHHmmss` in GMT+7 (§1.2 vnp_CreateDate, vnp_ExpireDate; Việt Nam has no summer time). */
export function vnpayDate(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(local.getUTCFullYear(), 4)}${p(local.getUTCMonth() + 1)}${p(local.getUTCDate())}${p(local.getUTCHours())}${p(local.getUTCMinutes())}${p(local.getUTCSeconds())}`;
}

/** The instant a `yyyyMMddHHmmss` GMT+7 string names, or null when it is not one. */
export function parseVnpayDate(text: string | undefined): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text ?? '');
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const at = new Date(Date.UTC(y, mo - 1, d, h - 7, mi, s));
  return Number.isNaN(at.getTime()) ? null : at;
}

/** ASCII without diacritics or special characters (§1.2 vnp_OrderInfo; §1.3 rule for us). */
export function vnpaySafeText(text: string, max = 255): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9 ._:-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

/** §1.7: querydr request and response hash strings (pipe-joined values in a fixed order). */
export const querydrRequestFields = [
  'vnp_RequestId',
  'vnp_Version',
  'vnp_Command',
  'vnp_TmnCode',
  'vnp_TxnRef',
  'vnp_TransactionDate',
  'vnp_CreateDate',
  'vnp_IpAddr',
  'vnp_OrderInfo',
] as const;
export const refundRequestFields = [
  'vnp_RequestId',
  'vnp_Version',
  'vnp_Command',
  'vnp_TmnCode',
  'vnp_TransactionType',
  'vnp_TxnRef',
  'vnp_Amount',
  'vnp_TransactionNo',
  'vnp_TransactionDate',
  'vnp_CreateBy',
  'vnp_CreateDate',
  'vnp_IpAddr',
  'vnp_OrderInfo',
] as const;
const refundResponse = [
  'vnp_ResponseId',
  'vnp_Command',
  'vnp_ResponseCode',
  'vnp_Message',
  'vnp_TmnCode',
  'vnp_TxnRef',
  'vnp_Amount',
  'vnp_BankCode',
  'vnp_PayDate',
  'vnp_TransactionNo',
  'vnp_TransactionType',
  'vnp_TransactionStatus',
  'vnp_OrderInfo',
] as const;
export const refundResponseFields = refundResponse;
export const querydrResponseFields = [...refundResponse, 'vnp_PromotionCode', 'vnp_PromotionAmount'] as const;

/** Pipe-joined values; a missing field counts as empty (P1). */
export function pipeHash(
  fields: readonly string[],
  values: Readonly<Record<string, string | number | undefined | null>>,
  secret: string,
): string {
  return hmacSha512(secret, fields.map((field) => String(values[field] ?? '')).join('|'));
}

/** §1.5: the JSON answer of the IPN. */
export const ipnAnswers = {
  ok: { RspCode: '00', Message: 'Confirm Success' },
  notFound: { RspCode: '01', Message: 'Order not found' },
  alreadyConfirmed: { RspCode: '02', Message: 'Order already confirmed' },
  invalidAmount: { RspCode: '04', Message: 'Invalid amount' },
  badChecksum: { RspCode: '97', Message: 'Invalid signature' },
  unknown: { RspCode: '99', Message: 'Unknown error' },
} as const;
export type IpnAnswer = (typeof ipnAnswers)[keyof typeof ipnAnswers];
