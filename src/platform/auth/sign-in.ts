/**
 * Password sign-in with growing delays after failures (throttle.ts) and the TOTP second step.
 * Every outcome for a known account is audited on its `account:<id>` stream; unknown logins are
 * only logged (no stream exists). Known and unknown logins get the same answers after the same
 * argon2 work and the same throttle, so neither the answer nor its timing says which exist.
 */
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/index.ts';
import { DomainError } from '../errors.ts';
import { auditAccount } from './account-records.ts';
import { findAccountByLogin } from './accounts.ts';
import './errors.ts';
import { loginKey } from './login.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { type AccountRow, accounts, type SessionRow, sessions } from './schema.ts';
import { createSession, destroySession, type NewSession, sha256Hex } from './sessions.ts';
import { checkThrottle, clearThrottle, recordFailure, type ThrottlePolicy } from './throttle.ts';
import { acceptedTotpStep } from './totp.ts';

interface SignInLog {
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface SignInOptions {
  ttlHours: number;
  now?: Date;
  throttle?: ThrottlePolicy;
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

type FailReason = 'wrong_password' | 'wrong_totp' | 'disabled' | 'no_password' | 'unknown_login';

/**
 * Counts a failure toward the growing delays, audits it for a known account, and throws the
 * same SIGN_IN_FAILED (or TOTP_INVALID) whether the account exists or not.
 */
async function fail(
  db: Executor,
  account: AccountRow | undefined,
  login: string,
  reason: FailReason,
  client: ClientInfo,
  now: Date,
  policy: ThrottlePolicy | undefined,
): Promise<never> {
  await db.transaction(async (tx) => {
    const wait = await recordFailure(tx, login, client.ip, now, policy);
    if (!account) return;
    await auditAccount(tx, account, 'sign_in.failed', now, { reason, delaySeconds: wait, ip: client.ip ?? null });
    // A session waiting for its code is not left for a guesser to keep trying with.
    if (reason === 'wrong_totp' && wait > 0)
      await tx.delete(sessions).where(and(eq(sessions.accountId, account.id), eq(sessions.totpPending, true)));
  });
  throw new DomainError(reason === 'wrong_totp' ? 'TOTP_INVALID' : 'SIGN_IN_FAILED');
}

/** Opens a fresh session (ending the one the browser had), clears the login's failures, audits. */
async function succeed(
  db: Executor,
  account: AccountRow,
  client: ClientInfo,
  opts: {
    now: Date;
    ttlHours: number;
    totpPending: boolean;
    totpStep?: number;
    method: string;
    vouched?: Pick<NewSession, 'assuranceLevel' | 'idToken' | 'identity' | 'oidc'>;
  },
): Promise<SignedIn> {
  const { now } = opts;
  if (client.replacesToken) await destroySession(db, client.replacesToken);
  return db.transaction(async (tx) => {
    if (!opts.totpPending) await clearThrottle(tx, account.login, client.ip);
    const [row] = await tx
      .update(accounts)
      // provinceCode set to itself: drizzle refuses an empty SET and the row must come back.
      .set({
        provinceCode: account.provinceCode,
        ...(opts.totpStep === undefined ? {} : { totpLastStep: opts.totpStep }),
      })
      .where(eq(accounts.id, account.id))
      .returning();
    if (!row) throw new DomainError('SIGN_IN_FAILED');
    const { token, session } = await createSession(
      tx,
      {
        accountId: account.id,
        ip: client.ip ?? null,
        userAgent: client.userAgent ?? null,
        totpPending: opts.totpPending,
        ...opts.vouched,
      },
      { now, ttlHours: opts.ttlHours },
    );
    const action = opts.totpPending ? 'sign_in.totp_required' : 'sign_in.succeeded';
    await auditAccount(tx, account, action, now, {
      method: opts.method,
      ip: client.ip ?? null,
      ...(opts.vouched ? { assuranceLevel: opts.vouched.assuranceLevel ?? 0 } : {}),
    });
    return { token, session, account: row, totpPending: opts.totpPending };
  });
}

/**
 * Signs in with login and password (and the TOTP code when the account has one). Unknown
 * login and wrong password give the same SIGN_IN_FAILED after the same argon2 work, and count
 * toward the same delays (SIGN_IN_THROTTLED, 429).
 */
export async function signIn(db: Executor, input: SignInInput, options: SignInOptions): Promise<SignedIn> {
  const now = options.now ?? new Date();
  await checkThrottle(db, input.login, input.ip, now);
  const account = await findAccountByLogin(db, input.login);
  if (!account) {
    await verifyAgainstDummy(input.password);
    // Not the login itself: it may be someone's phone number.
    options.log?.warn(
      { loginHash: sha256Hex(loginKey(input.login)).slice(0, 16), ip: input.ip ?? null },
      'sign-in with unknown login',
    );
    return fail(db, undefined, input.login, 'unknown_login', input, now, options.throttle);
  }
  if (!account.passwordHash || account.disabledAt) {
    await verifyAgainstDummy(input.password);
    const reason = account.disabledAt ? 'disabled' : 'no_password';
    return fail(db, account, input.login, reason, input, now, options.throttle);
  }
  if (!(await verifyPassword(account.passwordHash, input.password)))
    return fail(db, account, input.login, 'wrong_password', input, now, options.throttle);
  const base = { now, ttlHours: options.ttlHours, method: 'password' };
  if (!account.totpConfirmedAt) return succeed(db, account, input, { ...base, totpPending: false });
  if (input.totp === undefined || input.totp === '') return succeed(db, account, input, { ...base, totpPending: true });
  const step = acceptedTotpStep(account, input.totp, now);
  if (step === undefined) return fail(db, account, input.login, 'wrong_totp', input, now, options.throttle);
  return succeed(db, account, input, { ...base, totpPending: false, totpStep: step });
}

/**
 * Second step for a session waiting for its TOTP code: a right code replaces it with a new,
 * full session (a new id again, as the privilege changes); wrong codes count toward the delays.
 */
export async function completeTotpSignIn(
  db: Executor,
  input: { token: string; code: string } & Omit<ClientInfo, 'replacesToken'>,
  options: SignInOptions,
): Promise<SignedIn> {
  const now = options.now ?? new Date();
  const [row] = await db
    .select({ session: sessions, account: accounts })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(eq(sessions.id, sha256Hex(input.token)))
    .limit(1);
  if (!row?.session.totpPending || row.session.expiresAt <= now) throw new DomainError('UNAUTHENTICATED');
  const { account } = row;
  await checkThrottle(db, account.login, input.ip, now);
  if (account.disabledAt) return fail(db, account, account.login, 'disabled', input, now, options.throttle);
  const step = acceptedTotpStep(account, input.code, now);
  if (step === undefined) return fail(db, account, account.login, 'wrong_totp', input, now, options.throttle);
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
  options: {
    now?: Date;
    ttlHours: number;
    method: string;
    vouched?: Pick<NewSession, 'assuranceLevel' | 'idToken' | 'identity' | 'oidc'>;
  },
) {
  return succeed(db, account, client, {
    now: options.now ?? new Date(),
    ttlHours: options.ttlHours,
    totpPending: false,
    method: options.method,
    ...(options.vouched ? { vouched: options.vouched } : {}),
  });
}
