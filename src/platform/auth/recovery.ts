/**
 * A person's own password: changing it (current password required) and resetting a forgotten
 * one through a one-time link sent to the login's e-mail or phone (issue 11, finding 3). A
 * reset request answers the same whether the login exists or not; the link's secret is stored
 * only as its SHA-256, works once, for RESET_MINUTES, and at most RESETS_PER_HOUR are sent.
 */
import { and, count, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../db/index.ts';
import { DomainError } from '../errors.ts';
import { auditAccount, tokenIsLive } from './account-records.ts';
import { findAccountById, findAccountByLogin } from './accounts.ts';
import './errors.ts';
import { sendToLogin } from './messages.ts';
import { checkPasswordPolicy, hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { type AccountRow, accounts, accountTokens } from './schema.ts';
import { createSession, destroyAllSessions, newToken, sha256Hex } from './sessions.ts';
import type { ClientInfo } from './sign-in.ts';
import { checkThrottle, clearThrottle, recordFailure, type ThrottlePolicy } from './throttle.ts';

const RESET_MINUTES = 30;
const RESETS_PER_HOUR = 3;
/** The page the link opens; `?ma=` carries the secret. */
export const RESET_PATH = '/dat-lai-mat-khau';

/** The new password's hash, after the policy; the same password again is refused. */
async function newHash(account: AccountRow, password: string): Promise<string> {
  checkPasswordPolicy(password);
  if (account.passwordHash && (await verifyPassword(account.passwordHash, password)))
    throw new DomainError('PASSWORD_UNCHANGED');
  return hashPassword(password);
}

/**
 * The signed-in person chooses a new password. Every session of the account ends (a thief
 * holding one is signed out) and a fresh one is returned for this browser. Wrong current
 * passwords count toward the same delays as sign-in, so a borrowed session cannot guess it.
 */
export async function changePassword(
  db: Executor,
  input: { accountId: string; currentPassword: string; newPassword: string } & ClientInfo,
  options: { now?: Date; ttlHours: number; throttle?: ThrottlePolicy },
) {
  const now = options.now ?? new Date();
  const account = await findAccountById(db, input.accountId);
  if (!account || account.disabledAt) throw new DomainError('UNAUTHENTICATED');
  await checkThrottle(db, account.login, input.ip, now);
  const ok = account.passwordHash
    ? await verifyPassword(account.passwordHash, input.currentPassword)
    : await verifyAgainstDummy(input.currentPassword);
  if (!ok) {
    await db.transaction(async (tx) => {
      const wait = await recordFailure(tx, account.login, input.ip, now, options.throttle);
      await auditAccount(tx, account, 'account.password_change_failed', now, {
        delaySeconds: wait,
        ip: input.ip ?? null,
      });
    });
    throw new DomainError('CURRENT_PASSWORD_WRONG');
  }
  const passwordHash = await newHash(account, input.newPassword);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(accounts)
      .set({ passwordHash, mustChangePassword: false })
      .where(eq(accounts.id, account.id))
      .returning();
    if (!row) throw new DomainError('UNAUTHENTICATED');
    const ended = await destroyAllSessions(tx, account.id);
    await clearThrottle(tx, account.login, input.ip);
    const { token, session } = await createSession(
      tx,
      { accountId: account.id, ip: input.ip ?? null, userAgent: input.userAgent ?? null },
      { now, ttlHours: options.ttlHours },
    );
    await auditAccount(tx, account, 'account.password_changed', now, { sessionsEnded: ended, ip: input.ip ?? null });
    return { token, session, account: row };
  });
}

/**
 * Sends a reset link to the login's address when an account has that login and may have one.
 * Always resolves the same way: the caller answers "if an account exists, we sent a link".
 */
export async function requestPasswordReset(
  db: Executor,
  input: { login: string; baseUrl: string; now?: Date },
): Promise<{ message?: string }> {
  const now = input.now ?? new Date();
  const account = await findAccountByLogin(db, input.login);
  if (!account || account.disabledAt) return {};
  const [recent] = await db
    .select({ n: count() })
    .from(accountTokens)
    .where(
      and(
        eq(accountTokens.accountId, account.id),
        eq(accountTokens.purpose, 'password_reset'),
        gt(accountTokens.createdAt, new Date(now.getTime() - 3_600_000)),
      ),
    );
  // Flooding someone's phone or inbox is refused silently: the answer stays the same.
  if ((recent?.n ?? 0) >= RESETS_PER_HOUR) return {};
  const secret = newToken();
  const id = sha256Hex(secret);
  return db.transaction(async (tx) => {
    const link = `${input.baseUrl}${RESET_PATH}?ma=${secret}`;
    const message = await sendToLogin(tx, {
      provinceCode: account.provinceCode,
      login: account.login,
      kind: 'passwordReset',
      link,
      minutes: RESET_MINUTES,
      key: id,
    });
    if (message === undefined) return {};
    await tx.insert(accountTokens).values({
      id,
      purpose: 'password_reset',
      accountId: account.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + RESET_MINUTES * 60_000),
    });
    await auditAccount(tx, account, 'account.password_reset_requested', now);
    return { message };
  });
}

/** Uses a reset secret once: new password, every session ended, the sign-in delays cleared. */
export async function completePasswordReset(
  db: Executor,
  input: { secret: string; newPassword: string; now?: Date },
): Promise<AccountRow> {
  const now = input.now ?? new Date();
  const id = sha256Hex(input.secret);
  const [token] = await db.select().from(accountTokens).where(eq(accountTokens.id, id));
  const account = token?.accountId ? await findAccountById(db, token.accountId) : undefined;
  if (!token || !account || token.purpose !== 'password_reset' || token.usedAt || token.expiresAt <= now)
    throw new DomainError('ACCOUNT_TOKEN_INVALID');
  const passwordHash = await newHash(account, input.newPassword);
  return db.transaction(async (tx) => {
    // The conditional update is the single use: of two concurrent uses, one finds it taken.
    const used = await tx
      .update(accountTokens)
      .set({ usedAt: now })
      .where(and(eq(accountTokens.id, id), isNull(accountTokens.usedAt), gt(accountTokens.expiresAt, now)))
      .returning({ id: accountTokens.id });
    if (used.length === 0) throw new DomainError('ACCOUNT_TOKEN_INVALID');
    // Other links sent for this account stop working too.
    await tx
      .update(accountTokens)
      .set({ usedAt: now })
      .where(and(eq(accountTokens.accountId, account.id), isNull(accountTokens.usedAt)));
    const [row] = await tx
      .update(accounts)
      .set({ passwordHash, mustChangePassword: false })
      .where(eq(accounts.id, account.id))
      .returning();
    const ended = await destroyAllSessions(tx, account.id);
    await clearThrottle(tx, account.login, null);
    await auditAccount(tx, account, 'account.password_reset_completed', now, { sessionsEnded: ended });
    return row ?? account;
  });
}

/** True when the secret is a live reset secret (the page shows the form, or says it expired). */
export const resetSecretIsLive = (db: Executor, secret: string, now = new Date()): Promise<boolean> =>
  tokenIsLive(db, 'password_reset', secret, now);
