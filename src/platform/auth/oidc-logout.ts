/**
 * OpenID Connect Back-Channel Logout 1.0: the provider POSTs a `logout_token` (a signed JWT)
 * when the person signs out there; the sessions it names end here too. The token is checked as
 * §2.6 says: signature by the provider's published keys (`jwks_uri`), `iss` the provider,
 * `aud` our client id, `iat` recent, a `jti`, the back-channel logout event, a `sid` or a `sub`,
 * and no `nonce`. Sessions are found by the provider session (`iss` + `sid`) they were opened
 * under, else by the subject (`iss` + `sub`: every session of that person from this provider).
 */
import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/index.ts';
import type { Executor } from '../db/index.ts';
import { DomainError } from '../errors.ts';
import { sessions } from './schema.ts';

const EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** How old a logout token may be (clock skew included). */
const MAX_AGE_S = 5 * 60;

interface Jwk extends JsonWebKey {
  kid?: string;
  alg?: string;
  use?: string;
}

const algorithms: Record<string, { hash: string; ec?: boolean; pss?: boolean }> = {
  RS256: { hash: 'sha256' },
  RS384: { hash: 'sha384' },
  RS512: { hash: 'sha512' },
  PS256: { hash: 'sha256', pss: true },
  ES256: { hash: 'sha256', ec: true },
  ES384: { hash: 'sha384', ec: true },
};

const json = (part: string): Record<string, unknown> => {
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
};

function invalid(why: string): never {
  throw new DomainError('OIDC_LOGOUT_TOKEN_INVALID', { why });
}

/** The claims of a logout token whose signature one of `keys` verifies; throws otherwise. */
export function verifyLogoutToken(
  token: string,
  input: { keys: readonly Jwk[]; issuer: string; clientId: string; now: Date },
): { sid?: string; sub?: string } {
  const parts = token.split('.');
  if (parts.length !== 3) invalid('not a JWS');
  const [h = '', p = '', s = ''] = parts;
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = json(h);
    claims = json(p);
  } catch {
    return invalid('not JSON');
  }
  const alg = typeof header.alg === 'string' ? algorithms[header.alg] : undefined;
  if (!alg) invalid('algorithm not accepted');
  const candidates = input.keys.filter(
    (k) => (header.kid === undefined || k.kid === header.kid) && (k.use === undefined || k.use === 'sig'),
  );
  const data = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  const signed = candidates.some((jwk) => {
    try {
      const key = createPublicKey({ key: jwk, format: 'jwk' });
      return verify(
        alg.hash,
        data,
        alg.ec ? { key, dsaEncoding: 'ieee-p1363' } : alg.pss ? { key, padding: 6, saltLength: 32 } : key,
        signature,
      );
    } catch {
      return false;
    }
  });
  if (!signed) invalid('signature');
  if (claims.iss !== input.issuer) invalid('iss');
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(input.clientId)) invalid('aud');
  const now = Math.floor(input.now.getTime() / 1000);
  if (typeof claims.iat !== 'number' || claims.iat > now + 60 || claims.iat < now - MAX_AGE_S) invalid('iat');
  if (typeof claims.exp === 'number' && claims.exp < now) invalid('exp');
  if (typeof claims.jti !== 'string' || claims.jti === '') invalid('jti');
  const events = claims.events as Record<string, unknown> | undefined;
  if (typeof events !== 'object' || events === null || typeof events[EVENT] !== 'object') invalid('events');
  // §2.4: a logout token must not carry a nonce (so an ID token cannot pass for one).
  if ('nonce' in claims) invalid('nonce');
  const sid = typeof claims.sid === 'string' && claims.sid ? claims.sid : undefined;
  const sub = typeof claims.sub === 'string' && claims.sub ? claims.sub : undefined;
  if (!sid && !sub) invalid('neither sid nor sub');
  return { ...(sid ? { sid } : {}), ...(sub ? { sub } : {}) };
}

/** Ends the sessions the logout token names; returns how many. Audited on each account's chain. */
export async function endSessionsOfProvider(
  db: Executor,
  input: { issuer: string; sid?: string; sub?: string; provinceCode: string; now: Date },
): Promise<number> {
  const where = input.sid
    ? and(eq(sessions.oidcIssuer, input.issuer), eq(sessions.oidcSid, input.sid))
    : and(eq(sessions.oidcIssuer, input.issuer), eq(sessions.oidcSubject, input.sub ?? ''));
  return db.transaction(async (tx) => {
    const ended = await tx.delete(sessions).where(where).returning({ accountId: sessions.accountId });
    for (const accountId of new Set(ended.map((e) => e.accountId))) {
      await recordAudit(tx, {
        provinceCode: input.provinceCode,
        stream: `account:${accountId}`,
        action: 'sign_out.backchannel',
        actorRole: 'system',
        at: input.now,
        data: { issuer: input.issuer, by: input.sid ? 'sid' : 'sub' },
      });
    }
    return ended.length;
  });
}
