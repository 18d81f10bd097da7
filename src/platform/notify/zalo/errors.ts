/**
 * Zalo API failures (DOMAIN.md §7.2–7.3). Zalo often answers HTTP 200 with `error ≠ 0`;
 * success is HTTP 200 and `error == 0` only. Codes whose cause is the message itself (the
 * recipient, the template, the OA's tier) are not retryable; token, quota, rate and server
 * problems are, since the same message can go through later.
 */
import { DeliveryError } from '../errors.ts';

/** A Zalo error code, or what went wrong when the answer carried none. */
export type ZaloErrorCode = number | 'http' | 'network' | 'malformed';

export class ZaloApiError extends DeliveryError {
  constructor(
    readonly code: ZaloErrorCode,
    message: string,
    retryable: boolean,
    readonly httpStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(`Zalo ${code}: ${message}`, retryable, options);
    this.name = 'ZaloApiError';
  }
}

/** No token pair is stored for the OA: an administrator must run the authorisation (§7.2). */
export class ZaloNotConnectedError extends DeliveryError {
  constructor(readonly oaId: string) {
    super(`Zalo: no tokens for OA ${oaId}; an administrator must authorise the app (OAuth v4)`, true);
    this.name = 'ZaloNotConnectedError';
  }
}

/** Access token expired or invalid: refresh once, retry once (§7.2). -220 is the "expired" variant [R]. */
export const TOKEN_ERROR_CODES: ReadonlySet<number> = new Set([-216, -220]);
/** ZNS answers an invalid access token with -124 [M: zalo.cloud ZNS error table, from memory]. */
export const ZNS_TOKEN_ERROR_CODES: ReadonlySet<number> = new Set([-216, -220, -124]);

/**
 * Codes a retry cannot fix. OA API [R: community error tables]: -201 invalid parameter,
 * -204/-205 OA disabled or missing, -210 parameter over limit, -213 user does not follow the
 * OA, -217 user blocked the OA, -224 OA tier lacks the feature (§7.2), -227 user banned or
 * inactive, -230/-232 outside the consultation window, -233 message type not supported,
 * -244 user restricted this message type, -248 content violates standards.
 * ZNS [R: zalo.cloud "Cách xử lý mã lỗi" for -108…-112; M for the others]: -108 phone number
 * invalid, -109 template id invalid, -111/-112 template data empty/invalid, -114 user
 * inactive or refuses ZNS, -117 OA or app may not use the template, -118 no Zalo account
 * for the phone, -119 account cannot receive.
 */
const PERMANENT_CODES: ReadonlySet<number> = new Set([
  -201, -204, -205, -210, -213, -217, -224, -227, -230, -232, -233, -244, -248, -108, -109, -111, -112, -114, -117,
  -118, -119,
]);

export function isRetryableCode(code: number): boolean {
  return !PERMANENT_CODES.has(code);
}

/** Whether an HTTP status with no Zalo error code is worth retrying. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 401 || status === 408 || status === 429;
}
