/**
 * Citizen registration confirmed through the login's own channel (issue 11, finding 9): the
 * answer to a registration is always "we sent a confirmation", so it never tells a stranger
 * that a phone number or e-mail has an account. A new login gets a one-time link that creates
 * the account; an existing one gets a notice that someone tried, with the reset page's address.
 */
import { and, count, eq, gt, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/index.ts';
import type { Executor } from '../db/index.ts';
import { DomainError } from '../errors.ts';
import { tokenIsLive } from './account-records.ts';
import { accountLogin, checkDisplayName, createAccount, findAccountById, findAccountByLogin } from './accounts.ts';
import './errors.ts';
import { sendToLogin } from './messages.ts';
import { checkPasswordPolicy, hashPassword } from './passwords.ts';
import type { AccountRow } from './schema.ts';
import { accountTokens } from './schema.ts';
import { newToken, sha256Hex } from './sessions.ts';

const REGISTRATION_HOURS = 24;
/** Messages to one address per hour, whatever they are: nobody's phone is flooded through us. */
const MESSAGES_PER_HOUR = 3;
export const CONFIRM_PATH = '/dang-ky/xac-nhan';

/**
 * Checks the form (the same refusals for every login), then queues the confirmation or the
 * notice. Resolves the same way whether the login is taken or not.
 */
export async function startRegistration(
  db: Executor,
  input: {
    provinceCode: string;
    login: string;
    password: string;
    displayName: string;
    baseUrl: string;
    /** A local path the confirmation page returns to (the filing the person started). */
    returnTo?: string;
    now?: Date;
  },
): Promise<{ message?: string }> {
  const now = input.now ?? new Date();
  const login = accountLogin('citizen', input.login);
  checkPasswordPolicy(input.password);
  const displayName = checkDisplayName(input.displayName);
  // Hashed in both cases: the time taken does not tell which case this was.
  const passwordHash = await hashPassword(input.password);
  const [recent] = await db
    .select({ n: count() })
    .from(accountTokens)
    .where(and(eq(accountTokens.login, login), gt(accountTokens.createdAt, new Date(now.getTime() - 3_600_000))));
  if ((recent?.n ?? 0) >= MESSAGES_PER_HOUR) return {};
  const existing = await findAccountByLogin(db, login);
  const secret = newToken();
  const id = sha256Hex(secret);
  return db.transaction(async (tx) => {
    // The row also counts the notices toward the hourly limit; a notice's row can never confirm.
    await tx.insert(accountTokens).values({
      id,
      purpose: 'registration',
      accountId: existing?.id ?? null,
      login,
      displayName: existing ? null : displayName,
      passwordHash: existing ? null : passwordHash,
      createdAt: now,
      expiresAt: new Date(now.getTime() + REGISTRATION_HOURS * 3_600_000),
      usedAt: existing ? now : null,
    });
    const message = await sendToLogin(tx, {
      provinceCode: input.provinceCode,
      login,
      kind: existing ? 'registrationExists' : 'registration',
      link: existing
        ? `${input.baseUrl}/quen-mat-khau`
        : `${input.baseUrl}${CONFIRM_PATH}?ma=${secret}${input.returnTo ? `&tiep=${encodeURIComponent(input.returnTo)}` : ''}`,
      minutes: REGISTRATION_HOURS * 60,
      key: id,
    });
    if (existing)
      await recordAudit(tx, {
        provinceCode: existing.provinceCode,
        stream: `account:${existing.id}`,
        action: 'account.registration_attempted',
        actorId: null,
        actorRole: null,
        at: now,
      });
    return { message };
  });
}

/**
 * Uses a confirmation secret once and creates the account. A login taken meanwhile (the same
 * person confirming twice, or an account made by staff) ends the secret without an account.
 */
export async function confirmRegistration(
  db: Executor,
  input: { provinceCode: string; secret: string; now?: Date },
): Promise<AccountRow> {
  const now = input.now ?? new Date();
  const id = sha256Hex(input.secret);
  const created = await db.transaction(async (tx) => {
    const [token] = await tx
      .update(accountTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(accountTokens.id, id),
          eq(accountTokens.purpose, 'registration'),
          isNull(accountTokens.usedAt),
          gt(accountTokens.expiresAt, now),
        ),
      )
      .returning();
    if (!token?.login || !token.displayName || !token.passwordHash) return undefined;
    if (await findAccountByLogin(tx, token.login)) return undefined;
    return createAccount(
      tx,
      { provinceCode: input.provinceCode, kind: 'citizen', login: token.login, displayName: token.displayName },
      { storedLogin: token.login, passwordHash: token.passwordHash },
    );
  });
  const account = created ? await findAccountById(db, created.id) : undefined;
  if (!account) throw new DomainError('ACCOUNT_TOKEN_INVALID');
  return account;
}

/** True when the secret is a live confirmation secret. */
export const registrationSecretIsLive = (db: Executor, secret: string, now = new Date()): Promise<boolean> =>
  tokenIsLive(db, 'registration', secret, now);
