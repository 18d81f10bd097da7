/**
 * Password sign-in with lockout and the TOTP second step. Every outcome for a known account
 * is audited on its `account:<id>` stream; unknown logins are only logged (no stream exists).
 */
import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/index.ts';
import type { Executor } from '../db/index.ts';
import { DomainError } from '../errors.ts';
import { findAccountByLogin } from './accounts.ts';
import './errors.ts';
import { loginKey } from './login.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { type AccountRow, accounts, type SessionRow, sessions } from './schema.ts';
import { createSession, destroySession, sha256Hex } from './sessions.ts';
import { acceptedTotpStep } from './totp.ts';

export interface LockoutPolicy {
  /** Consecutive failures that lock the account. */
  maxFailures: number;
  /** How long the lock lasts. */
  lockMinutes: number;
}
export const defaultLockoutPolicy: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 };

export interface SignInLog {
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface SignInOptions {
  ttlHours: number;
  now?: Date;
  lockout?: Partial<LockoutPolicy>;
  log?: SignInLog;
}

export interface ClientInfo {
  ip?: string | null;
  userAgent?: string | null;
  /** The token of a session the browser already holds: it is ended, never reused. */
  replacesToken?: string;
}

export interface SignInInput extends ClientInfo {
  login: string;
  password: string;
  totp?: string;
}

export interface SignedIn {
  token: string;
  session: SessionRow;
  account: AccountRow;
  /** True when the account has TOTP and no code was given: the session waits for one. */
  totpPending: boolean;
}

const VN_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hourCycle: 'h23',
});

/** ACCOUNT_LOCKED with the unlock time in Vietnam time in the message and as ISO in details. */
export function accountLocked(until: Date): DomainError {
  const p = Object.fromEntries(VN_TIME.formatToParts(until).map((x) => [x.type, x.value]));
  const when = `${p.hour}:${p.minute} ngày ${p.day}/${p.month}/${p.year}`;
  return new DomainError(
    'ACCOUNT_LOCKED',
    { lockedUntil: until.toISOString() },
    `Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau ${when}.`,
  );
}

type FailReason = 'wrong_password' | 'wrong_totp' | 'disabled' | 'no_password';

function audit(tx: Executor, account: AccountRow, action: string, now: Date, data: Record<string, unknown> = {}) {
  return recordAudit(tx, {
    provinceCode: account.provinceCode,
    stream: `account:${account.id}`,
    action,
    actorId: account.id,
    actorRole: account.kind,
    at: now,
    data,
  });
}

/** Counts a failure, locks at the limit, audits, and throws the matching error. */
async function fail(
  db: Executor,
  account: AccountRow,
  reason: FailReason,
  client: ClientInfo,
  now: Date,
  policy: LockoutPolicy,
): Promise<never> {
  const lockedUntil = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(accounts)
      .set({ failedAttempts: sql`${accounts.failedAttempts} + 1` })
      .where(eq(accounts.id, account.id))
      .returning({ failedAttempts: accounts.failedAttempts });
    const attempts = row?.failedAttempts ?? 1;
    await audit(tx, account, 'sign_in.failed', now, { reason, attempts, ip: client.ip ?? null });
    if (attempts < policy.maxFailures) return undefined;
    // The counter restarts so that after the lock the person has the full number of tries again.
    const until = new Date(now.getTime() + policy.lockMinutes * 60_000);
    await tx.update(accounts).set({ failedAttempts: 0, lockedUntil: until }).where(eq(accounts.id, account.id));
    await tx.delete(sessions).where(and(eq(sessions.accountId, account.id), eq(sessions.totpPending, true)));
    await audit(tx, account, 'account.locked', now, { until: until.toISOString(), ip: client.ip ?? null });
    return until;
  });
  if (lockedUntil) throw accountLocked(lockedUntil);
  throw new DomainError(reason === 'wrong_totp' ? 'TOTP_INVALID' : 'SIGN_IN_FAILED');
}

async function refuseIfLocked(db: Executor, account: AccountRow, client: ClientInfo, now: Date): Promise<void> {
  if (!account.lockedUntil || account.lockedUntil <= now) return;
  await db.transaction((tx) => audit(tx, account, 'sign_in.refused_locked', now, { ip: client.ip ?? null }));
  throw accountLocked(account.lockedUntil);
}

/** Clears the failure count and opens a fresh session, unless a lock landed meanwhile. */
async function succeed(
  db: Executor,
  account: AccountRow,
  client: ClientInfo,
  opts: { now: Date; ttlHours: number; totpPending: boolean; totpStep?: number; method: string; ignoreLock?: boolean },
): Promise<SignedIn> {
  const { now } = opts;
  if (client.replacesToken) await destroySession(db, client.replacesToken);
  return db.transaction(async (tx) => {
    // The lock guards the password; a sign-in at the identity provider does not go through it.
    const notLocked = opts.ignoreLock ? undefined : or(isNull(accounts.lockedUntil), lte(accounts.lockedUntil, now));
    const changes = opts.totpPending
      ? {}
      : {
          failedAttempts: 0,
          lockedUntil: null,
          ...(opts.totpStep === undefined ? {} : { totpLastStep: opts.totpStep }),
        };
    const [row] = await tx
      .update(accounts)
      // provinceCode set to itself: drizzle refuses an empty SET and the row must come back.
      .set({ ...changes, provinceCode: account.provinceCode })
      .where(and(eq(accounts.id, account.id), notLocked))
      .returning();
    if (!row) {
      // A concurrent wrong guess locked the account while this password was being checked.
      const [current] = await tx
        .select({ lockedUntil: accounts.lockedUntil })
        .from(accounts)
        .where(eq(accounts.id, account.id));
      throw accountLocked(current?.lockedUntil ?? now);
    }
    const { token, session } = await createSession(
      tx,
      {
        accountId: account.id,
        ip: client.ip ?? null,
        userAgent: client.userAgent ?? null,
        totpPending: opts.totpPending,
      },
      { now, ttlHours: opts.ttlHours },
    );
    const action = opts.totpPending ? 'sign_in.totp_required' : 'sign_in.succeeded';
    await audit(tx, account, action, now, { method: opts.method, ip: client.ip ?? null });
    return { token, session, account: row, totpPending: opts.totpPending };
  });
}

/**
 * Signs in with login and password (and the TOTP code when the account has one). Unknown
 * login and wrong password give the same SIGN_IN_FAILED after the same argon2 work.
 */
export async function signIn(db: Executor, input: SignInInput, options: SignInOptions): Promise<SignedIn> {
  const now = options.now ?? new Date();
  const policy = { ...defaultLockoutPolicy, ...options.lockout };
  const account = await findAccountByLogin(db, input.login);
  if (!account) {
    await verifyAgainstDummy(input.password);
    // Not the login itself: it may be someone's phone number.
    options.log?.warn(
      { loginHash: sha256Hex(loginKey(input.login)).slice(0, 16), ip: input.ip ?? null },
      'sign-in with unknown login',
    );
    throw new DomainError('SIGN_IN_FAILED');
  }
  await refuseIfLocked(db, account, input, now);
  if (!account.passwordHash || account.disabledAt) {
    await verifyAgainstDummy(input.password);
    return fail(db, account, account.disabledAt ? 'disabled' : 'no_password', input, now, policy);
  }
  if (!(await verifyPassword(account.passwordHash, input.password)))
    return fail(db, account, 'wrong_password', input, now, policy);
  const base = { now, ttlHours: options.ttlHours, method: 'password' };
  if (!account.totpConfirmedAt) return succeed(db, account, input, { ...base, totpPending: false });
  if (input.totp === undefined || input.totp === '') return succeed(db, account, input, { ...base, totpPending: true });
  const step = acceptedTotpStep(account, input.totp, now);
  if (step === undefined) return fail(db, account, 'wrong_totp', input, now, policy);
  return succeed(db, account, input, { ...base, totpPending: false, totpStep: step });
}

/**
 * Second step for a session waiting for its TOTP code: a right code replaces it with a new,
 * full session (a new id again, as the privilege changes); wrong codes count toward lockout.
 */
export async function completeTotpSignIn(
  db: Executor,
  input: { token: string; code: string } & Omit<ClientInfo, 'replacesToken'>,
  options: SignInOptions,
): Promise<SignedIn> {
  const now = options.now ?? new Date();
  const policy = { ...defaultLockoutPolicy, ...options.lockout };
  const [row] = await db
    .select({ session: sessions, account: accounts })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(eq(sessions.id, sha256Hex(input.token)))
    .limit(1);
  if (!row?.session.totpPending || row.session.expiresAt <= now) throw new DomainError('UNAUTHENTICATED');
  const { account } = row;
  await refuseIfLocked(db, account, input, now);
  if (account.disabledAt) return fail(db, account, 'disabled', input, now, policy);
  const step = acceptedTotpStep(account, input.code, now);
  if (step === undefined) return fail(db, account, 'wrong_totp', input, now, policy);
  return succeed(
    db,
    account,
    { ...input, replacesToken: input.token },
    {
      now,
      ttlHours: options.ttlHours,
      totpPending: false,
      totpStep: step,
      method: 'password+totp',
    },
  );
}

/** A session for an account that proved itself elsewhere (OIDC); still rotated and audited. */
export function openSessionFor(
  db: Executor,
  account: AccountRow,
  client: ClientInfo,
  options: { now?: Date; ttlHours: number; method: string },
) {
  return succeed(db, account, client, {
    now: options.now ?? new Date(),
    ttlHours: options.ttlHours,
    totpPending: false,
    method: options.method,
    ignoreLock: true,
  });
}
