/** Accounts: creation, passwords, look-up by login and by OIDC identity. */
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/index.ts';
import type { Executor } from '../db/index.ts';
import { DomainError } from '../errors.ts';
import type { Caller } from './caller.ts';
import './errors.ts';
import { loginKey, parseLogin } from './login.ts';
import { checkPasswordPolicy, hashPassword } from './passwords.ts';
import { type AccountRow, accounts } from './schema.ts';
import { destroyAllSessions } from './sessions.ts';

export type AccountKind = 'staff' | 'citizen';

export interface NewAccount {
  provinceCode: string;
  kind: AccountKind;
  /** Citizens: a phone or an e-mail. Staff: also a username. Normalised before storing. */
  login: string;
  /** Omitted for accounts that sign in only through OIDC. */
  password?: string;
  displayName: string;
}

/** Who did it, as the audit log records it. */
function auditActor(caller: Caller | undefined): { actorId: string | null; actorRole: string | null } {
  if (!caller || caller.kind === 'anonymous') return { actorId: null, actorRole: null };
  if (caller.kind === 'system') return { actorId: caller.name, actorRole: 'system' };
  return { actorId: caller.id, actorRole: caller.kind };
}

/** The stored login for a new account; citizens sign in with a phone or an e-mail only. */
export function accountLogin(kind: AccountKind, raw: string): string {
  const login = parseLogin(raw);
  if (!login || (kind === 'citizen' && login.kind === 'username')) throw new DomainError('LOGIN_INVALID');
  return login.value;
}

/** The name as stored: NFC, trimmed, not empty. */
export function checkDisplayName(raw: string): string {
  const displayName = raw.normalize('NFC').trim();
  if (!displayName)
    throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'displayName', message: 'Không được để trống.' }] });
  return displayName;
}

/** Creates an account; throws ACCOUNT_LOGIN_TAKEN (409) when the login is in use. */
export async function createAccount(
  db: Executor,
  input: NewAccount,
  options: {
    actor?: Caller;
    oidc?: { issuer: string; subject: string };
    storedLogin?: string;
    /** A hash made earlier (a confirmed registration); the password itself is then not given. */
    passwordHash?: string;
  } = {},
): Promise<{ id: string }> {
  const login = options.storedLogin ?? accountLogin(input.kind, input.login);
  if (input.password !== undefined) checkPasswordPolicy(input.password);
  const displayName = checkDisplayName(input.displayName);
  const passwordHash =
    options.passwordHash ?? (input.password === undefined ? null : await hashPassword(input.password));
  return db.transaction(async (tx) => {
    // ON CONFLICT DO NOTHING rather than catching 23505: a failed statement would abort the
    // caller's transaction on PostgreSQL.
    const [row] = await tx
      .insert(accounts)
      .values({
        provinceCode: input.provinceCode,
        kind: input.kind,
        login,
        displayName,
        passwordHash,
        oidcIssuer: options.oidc?.issuer ?? null,
        oidcSubject: options.oidc?.subject ?? null,
      })
      .onConflictDoNothing({ target: accounts.login })
      .returning({ id: accounts.id });
    if (!row) throw new DomainError('ACCOUNT_LOGIN_TAKEN');
    await recordAudit(tx, {
      provinceCode: input.provinceCode,
      stream: `account:${row.id}`,
      action: 'account.created',
      ...auditActor(options.actor),
      data: { kind: input.kind, viaOidc: options.oidc !== undefined },
    });
    return { id: row.id };
  });
}

/** A staff account for the first administrator (CLI); roles are granted by the directory. */
export function createAdmin(
  db: Executor,
  input: { provinceCode: string; login: string; password: string; displayName: string },
): Promise<{ id: string }> {
  return createAccount(db, { ...input, kind: 'staff' }, { actor: { kind: 'system', name: 'cli' } });
}

export async function findAccountByLogin(db: Executor, login: string): Promise<AccountRow | undefined> {
  const [row] = await db
    .select()
    .from(accounts)
    .where(eq(accounts.login, loginKey(login)))
    .limit(1);
  return row;
}

export async function findAccountById(db: Executor, id: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id)).limit(1);
  return row;
}

export async function findAccountByOidc(
  db: Executor,
  issuer: string,
  subject: string,
): Promise<AccountRow | undefined> {
  const [row] = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.oidcIssuer, issuer), eq(accounts.oidcSubject, subject)))
    .limit(1);
  return row;
}

/** Sets a new password (policy checked). Existing sessions stay; see resetPassword. */
export async function setPassword(db: Executor, accountId: string, password: string, actor?: Caller): Promise<void> {
  checkPasswordPolicy(password);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(accounts)
      .set({ passwordHash })
      .where(eq(accounts.id, accountId))
      .returning({ provinceCode: accounts.provinceCode });
    if (!row) throw new DomainError('ACCOUNT_NOT_FOUND');
    await recordAudit(tx, {
      provinceCode: row.provinceCode,
      stream: `account:${accountId}`,
      action: 'account.password_set',
      ...auditActor(actor),
    });
  });
}

/**
 * Password reset by an administrator (CLI): new password, every session of the account ended
 * so whoever held the old password is signed out everywhere, and the owner must choose their
 * own password at the next sign-in (the administrator knows this one).
 */
export async function resetPassword(
  db: Executor,
  login: string,
  newPassword: string,
  actor?: Caller,
): Promise<{ id: string }> {
  checkPasswordPolicy(newPassword);
  const account = await findAccountByLogin(db, login);
  if (!account) throw new DomainError('ACCOUNT_NOT_FOUND');
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await tx.update(accounts).set({ passwordHash, mustChangePassword: true }).where(eq(accounts.id, account.id));
    await destroyAllSessions(tx, account.id);
    await recordAudit(tx, {
      provinceCode: account.provinceCode,
      stream: `account:${account.id}`,
      action: 'account.password_reset',
      ...auditActor(actor ?? { kind: 'system', name: 'cli' }),
    });
  });
  return { id: account.id };
}

/** Links an existing account to an OIDC identity (an administrator links staff). */
export async function linkOidcIdentity(
  db: Executor,
  accountId: string,
  identity: { issuer: string; subject: string },
  actor?: Caller,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(accounts)
      .set({ oidcIssuer: identity.issuer, oidcSubject: identity.subject })
      .where(eq(accounts.id, accountId))
      .returning({ provinceCode: accounts.provinceCode });
    if (!row) throw new DomainError('ACCOUNT_NOT_FOUND');
    await recordAudit(tx, {
      provinceCode: row.provinceCode,
      stream: `account:${accountId}`,
      action: 'account.oidc_linked',
      ...auditActor(actor),
      data: { issuer: identity.issuer },
    });
  });
}
