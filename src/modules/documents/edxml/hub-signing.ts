/**
 * Request signing of the national document hub's adapter (VPCP/VNPT XRoad SDK "SDKVXP" 2.0.1,
 * class VnptService, DOMAIN.md §6.3 [V: S10]). Every logical header `name: value` travels as
 * `XroadVnpt-name`; `XroadVnpt-sign-header-key` lists the names joined by ";",
 * `XroadVnpt-sign-header` is the JSON object {"XroadVnpt-name": value, …} in the same order, and
 * `XroadVnpt-hash-header` is hex HMAC-SHA256 of that JSON under the agency's SecretKey.
 */
import { createHash, createHmac } from 'node:crypto';

const SDK_VERSION = '3.0.201608';

export type LogicalHeaders = ReadonlyArray<readonly [name: string, value: string]>;

/** The HTTP headers that carry `logical`, signed with `secret`. */
export function signedHeaders(logical: LogicalHeaders, secret: string): Record<string, string> {
  const out: Record<string, string> = {};
  const json: Record<string, string> = {};
  for (const [name, value] of logical) {
    if (name === 'Content-Type') out['Content-Type'] = value;
    out[`XroadVnpt-${name}`] = value;
    json[`XroadVnpt-${name}`] = value;
  }
  const signHeader = JSON.stringify(json);
  out['XroadVnpt-sign-header-key'] = logical.map(([name]) => name).join(';');
  out['XroadVnpt-sign-header'] = signHeader;
  out['XroadVnpt-hash-header'] = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(signHeader, 'utf8')
    .digest('hex');
  out['XroadVnpt-version'] = SDK_VERSION;
  return out;
}

/**
 * The `hash-file` header of sendEdoc: SHA-256 of the package as the SDK writes it, each byte
 * as `Integer.toHexString` (no leading zero), so a byte 0x0a is "a".
 */
export function packageHash(bytes: Uint8Array): string {
  return [...createHash('sha256').update(bytes).digest()].map((b) => b.toString(16)).join('');
}

/** The SDK's `timestamp` header: "ddMMyyyy'T'HHmmss+SSSS" in Vietnam time. */
export function sdkTimestamp(at: Date): string {
  const v = new Date(at.getTime() + 7 * 3_600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(v.getUTCDate())}${p(v.getUTCMonth() + 1)}${v.getUTCFullYear()}T${p(v.getUTCHours())}${p(v.getUTCMinutes())}${p(v.getUTCSeconds())}+${p(v.getUTCMilliseconds(), 4)}`;
}
