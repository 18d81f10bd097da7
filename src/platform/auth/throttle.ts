/**
 * Growing delays after failed sign-ins, instead of a lock anyone can trigger (issue 11, finding 9).
 * Failures are counted per login and address together (one guesser), per login (guessers spread
 * over many addresses) and per address (one address spraying many logins). Keys hash the
 * normalised login whether or not an account has it, so an unknown login is slowed exactly as a
 * known one and the answers cannot tell them apart. Past a key's free failures each further one
 * doubles the wait, up to its cap: the per-login cap is short, so a stranger who keeps failing on
 * someone's login delays its owner by a minute at most instead of locking them out.
 */
import { inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/index.ts';
import { DomainError } from '../errors.ts';
import './errors.ts';
import { loginKey } from './login.ts';
import { signInThrottle } from './schema.ts';
import { sha256Hex } from './sessions.ts';

interface ThrottleRule {
  /** Failures allowed before any delay. */
  free: number;
  /** The first delay; each further failure doubles it. */
  baseSeconds: number;
  capSeconds: number;
}

export interface ThrottlePolicy {
  pair: ThrottleRule;
  login: ThrottleRule;
  address: ThrottleRule;
  /** A key with no failure for this long starts again from zero. */
  forgetAfterMinutes: number;
}

const defaultThrottlePolicy: ThrottlePolicy = {
  pair: { free: 5, baseSeconds: 2, capSeconds: 15 * 60 },
  login: { free: 10, baseSeconds: 2, capSeconds: 60 },
  address: { free: 50, baseSeconds: 2, capSeconds: 15 * 60 },
  forgetAfterMinutes: 24 * 60,
};

type Scope = 'pair' | 'login' | 'address';

function keysOf(login: string, ip: string | null | undefined): Array<{ key: string; scope: Scope }> {
  const hashed = sha256Hex(loginKey(login));
  const keys: Array<{ key: string; scope: Scope }> = [{ key: `login:${hashed}`, scope: 'login' }];
  if (ip) {
    keys.push({ key: `pair:${sha256Hex(`${hashed}|${ip}`)}`, scope: 'pair' });
    keys.push({ key: `ip:${ip}`, scope: 'address' });
  }
  return keys;
}

/** SIGN_IN_THROTTLED (429) with the seconds to wait, which the HTTP layer sends as Retry-After. */
function signInThrottled(seconds: number): DomainError {
  return new DomainError('SIGN_IN_THROTTLED', { retryAfterSeconds: seconds });
}

/** Throws SIGN_IN_THROTTLED while any key of this login and address is in its delay. */
export async function checkThrottle(db: Executor, login: string, ip: string | null | undefined, now: Date) {
  const keys = keysOf(login, ip).map((k) => k.key);
  const rows = await db
    .select({ blockedUntil: signInThrottle.blockedUntil })
    .from(signInThrottle)
    .where(inArray(signInThrottle.key, keys));
  const until = Math.max(0, ...rows.map((r) => r.blockedUntil?.getTime() ?? 0));
  if (until > now.getTime()) throw signInThrottled(Math.ceil((until - now.getTime()) / 1000));
}

function delaySeconds(rule: ThrottleRule, failures: number): number {
  if (failures <= rule.free) return 0;
  return Math.min(rule.capSeconds, rule.baseSeconds * 2 ** Math.min(30, failures - rule.free - 1));
}

/** Counts one failure on every key; returns the seconds the caller must now wait (0: none). */
export async function recordFailure(
  db: Executor,
  login: string,
  ip: string | null | undefined,
  now: Date,
  policy: ThrottlePolicy = defaultThrottlePolicy,
): Promise<number> {
  const forgetBefore = new Date(now.getTime() - policy.forgetAfterMinutes * 60_000);
  let wait = 0;
  for (const { key, scope } of keysOf(login, ip)) {
    // One statement per key: concurrent failures add up instead of overwriting each other.
    const [row] = await db
      .insert(signInThrottle)
      .values({ key, failures: 1, lastFailureAt: now })
      .onConflictDoUpdate({
        target: signInThrottle.key,
        set: {
          failures: sql`case when ${signInThrottle.lastFailureAt} < ${forgetBefore} then 1 else ${signInThrottle.failures} + 1 end`,
          lastFailureAt: now,
        },
      })
      .returning({ failures: signInThrottle.failures });
    const seconds = delaySeconds(policy[scope], row?.failures ?? 1);
    if (seconds === 0) continue;
    await db
      .update(signInThrottle)
      .set({ blockedUntil: new Date(now.getTime() + seconds * 1000) })
      .where(inArray(signInThrottle.key, [key]));
    wait = Math.max(wait, seconds);
  }
  return wait;
}

/** A right password clears the login's own counters (not the address's: it may spray others). */
export async function clearThrottle(db: Executor, login: string, ip: string | null | undefined): Promise<void> {
  const keys = keysOf(login, ip)
    .filter((k) => k.scope !== 'address')
    .map((k) => k.key);
  await db.delete(signInThrottle).where(inArray(signInThrottle.key, keys));
}
