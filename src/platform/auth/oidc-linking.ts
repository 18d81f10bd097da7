/**
 * Which account a national sign-on opens (issue 16: a citizen who has a password account and
 * then signs in through VNeID keeps one account). In order:
 * 1. the account already linked to the provider's subject;
 * 2. the account whose verified personal id (set only from a national sign-on, never typed)
 *    is the one the provider vouches for now — the same person under another subject or issuer;
 * 3. the citizen account registered (and confirmed) with the e-mail the provider says it verified;
 * 4. otherwise, when the provider vouched for a person: nothing yet. The sign-in is held for a
 *    few minutes (`oidc_pending_links`) and the person either proves they own an existing
 *    password account by signing in with it once, which links it, or asks for a new account.
 * Every link is audited on the account's chain (`account.oidc_linked`, with how it was proved).
 */
import { and, eq, lt } from 'drizzle-orm';
import type { Executor } from '../db/index.ts';
import { DomainError } from '../errors.ts';
import { auditAccount } from './account-records.ts';
import { createAccount, findAccountById, findAccountByLogin, findAccountByOidc } from './accounts.ts';
import './errors.ts';
import { normaliseEmail } from './login.ts';
import { displayNameOf } from './oidc-claims.ts';
import { type AccountRow, accounts, oidcPendingLinks, type VerifiedIdentity } from './schema.ts';
import { destroySession, newToken, sha256Hex } from './sessions.ts';
import {
  type ClientInfo,
  openSessionFor,
  type SignedIn,
  type SignInInput,
  type SignInOptions,
  signIn,
} from './sign-in.ts';

/** The browser's handle on a held sign-in (path `/`: the link page is on the portal). */
export const LINK_COOKIE = 'mocua_oidc_link';
export const LINK_TTL_MS = 15 * 60_000;

export interface IdentityClaims extends Record<string, unknown> {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
}

/** What the provider vouched for in one sign-in. */
export interface VouchedSignIn {
  provinceCode: string;
  issuer: string;
  claims: IdentityClaims;
  identity: VerifiedIdentity | undefined;
  sid: string | undefined;
  level: number;
  idToken: string;
  returnTo: string;
}

export type Resolved = { account: AccountRow } | { hold: true };

type LinkProof = 'verified_personal_id' | 'verified_email' | 'password';

const verifiedEmailOf = (claims: IdentityClaims) =>
  claims.email_verified === true && typeof claims.email === 'string' ? normaliseEmail(claims.email) : undefined;

async function link(
  tx: Executor,
  account: AccountRow,
  signIn: Pick<VouchedSignIn, 'issuer' | 'identity'> & { subject: string },
  by: LinkProof,
  now: Date,
): Promise<AccountRow> {
  const [row] = await tx
    .update(accounts)
    .set({
      oidcIssuer: signIn.issuer,
      oidcSubject: signIn.subject,
      ...(signIn.identity ? { verifiedPersonalId: signIn.identity.personalId } : {}),
    })
    .where(eq(accounts.id, account.id))
    .returning();
  if (!row) throw new DomainError('ACCOUNT_NOT_FOUND');
  await auditAccount(tx, row, 'account.oidc_linked', now, { issuer: signIn.issuer, by });
  return row;
}

/** A citizen account may take this identity: not staff, not disabled, not bound to another person. */
function mayTake(account: AccountRow, identity: VerifiedIdentity | undefined): boolean {
  if (account.kind !== 'citizen' || account.disabledAt) return false;
  if (account.oidcSubject !== null) return false;
  return !account.verifiedPersonalId || account.verifiedPersonalId === identity?.personalId;
}

function accountOfPerson(db: Executor, provinceCode: string, personalId: string): Promise<AccountRow | undefined> {
  return db
    .select()
    .from(accounts)
    .where(and(eq(accounts.provinceCode, provinceCode), eq(accounts.verifiedPersonalId, personalId)))
    .limit(1)
    .then((rows) => rows[0]);
}

/** Steps 1–3, or `hold` for step 4; staff must have been linked by an administrator. */
export async function resolveAccount(
  db: Executor,
  kind: 'citizen' | 'staff',
  vouched: VouchedSignIn,
  now: Date,
): Promise<Resolved> {
  const { issuer, claims, identity } = vouched;
  const subject = claims.sub;
  const linked = await findAccountByOidc(db, issuer, subject);
  if (linked) {
    if (linked.disabledAt) throw new DomainError('ACCOUNT_DISABLED');
    return { account: linked };
  }
  if (kind === 'staff') throw new DomainError('OIDC_STAFF_NOT_LINKED');
  if (identity) {
    const same = await accountOfPerson(db, vouched.provinceCode, identity.personalId);
    if (same) {
      if (same.kind !== 'citizen' || same.disabledAt) throw new DomainError('OIDC_ACCOUNT_CONFLICT');
      // The person changed subject (a new VNeID account, another issuer): the account follows them.
      return {
        account: await db.transaction((tx) =>
          link(tx, same, { issuer, subject, identity }, 'verified_personal_id', now),
        ),
      };
    }
  }
  const email = verifiedEmailOf(claims);
  if (email) {
    const existing = await findAccountByLogin(db, email);
    if (existing) {
      // Never hand a staff account, or one bound to another identity, to whoever controls an e-mail.
      if (!mayTake(existing, identity)) throw new DomainError('OIDC_ACCOUNT_CONFLICT');
      return {
        account: await db.transaction((tx) => link(tx, existing, { issuer, subject, identity }, 'verified_email', now)),
      };
    }
  }
  if (identity) return { hold: true };
  const displayName = displayNameOf(claims);
  return {
    account: await createFromSignIn(db, { ...vouched, subject, ...(displayName ? { displayName } : {}) }, email),
  };
}

async function createFromSignIn(
  db: Executor,
  vouched: Pick<VouchedSignIn, 'provinceCode' | 'issuer' | 'identity'> & { subject: string; displayName?: string },
  email: string | undefined,
): Promise<AccountRow> {
  const { issuer, subject } = vouched;
  // Without a verified e-mail the account gets a login no one can type: it signs in via OIDC only.
  const storedLogin = email ?? `oidc:${sha256Hex(`${issuer}\n${subject}`).slice(0, 32)}`;
  const name = vouched.displayName || vouched.identity?.fullName || email || 'Công dân';
  const { id } = await createAccount(
    db,
    { provinceCode: vouched.provinceCode, kind: 'citizen', login: storedLogin, displayName: name },
    { storedLogin, oidc: { issuer, subject } },
  );
  if (vouched.identity) {
    await db.update(accounts).set({ verifiedPersonalId: vouched.identity.personalId }).where(eq(accounts.id, id));
  }
  const created = await findAccountById(db, id);
  if (!created) throw new DomainError('ACCOUNT_NOT_FOUND');
  return created;
}

/** Holds the sign-in (step 4); returns the token for the browser's cookie. */
export async function holdSignIn(db: Executor, vouched: VouchedSignIn, now: Date): Promise<string> {
  if (!vouched.identity) throw new Error('only a vouched person is held');
  const email = verifiedEmailOf(vouched.claims);
  const token = newToken();
  await db.delete(oidcPendingLinks).where(lt(oidcPendingLinks.expiresAt, now));
  await db.insert(oidcPendingLinks).values({
    id: sha256Hex(token),
    provinceCode: vouched.provinceCode,
    issuer: vouched.issuer,
    subject: vouched.claims.sub,
    sid: vouched.sid ?? null,
    identity: vouched.identity,
    displayName: displayNameOf(vouched.claims) ?? vouched.identity.fullName,
    email: email && !(await findAccountByLogin(db, email)) ? email : null,
    level: vouched.level,
    idToken: vouched.idToken,
    returnTo: vouched.returnTo,
    expiresAt: new Date(now.getTime() + LINK_TTL_MS),
  });
  return token;
}

export type HeldSignIn = typeof oidcPendingLinks.$inferSelect;

/** The held sign-in of a cookie, while it lives. */
export async function findHeldSignIn(
  db: Executor,
  token: string | undefined,
  now: Date,
): Promise<HeldSignIn | undefined> {
  if (!token) return undefined;
  const [row] = await db
    .select()
    .from(oidcPendingLinks)
    .where(eq(oidcPendingLinks.id, sha256Hex(token)));
  return row && row.expiresAt > now ? row : undefined;
}

/** Taken once: a held sign-in opens at most one account. */
async function takeHeldSignIn(tx: Executor, token: string, now: Date): Promise<HeldSignIn> {
  const [row] = await tx
    .delete(oidcPendingLinks)
    .where(eq(oidcPendingLinks.id, sha256Hex(token)))
    .returning();
  if (!row || row.expiresAt <= now) throw new DomainError('OIDC_FLOW_INVALID');
  return row;
}

const vouchedOf = (held: HeldSignIn) => ({
  assuranceLevel: held.level,
  idToken: held.idToken,
  identity: held.identity,
  oidc: { issuer: held.issuer, subject: held.subject, sid: held.sid ?? undefined },
});

/**
 * The proof for step 4: the person signs in with the existing account's password (and TOTP code,
 * with the usual delays after failures). The account is then linked to the national identity and
 * the session opened is the national sign-on's, with its level of assurance.
 */
export async function linkWithPassword(
  db: Executor,
  token: string,
  input: SignInInput,
  options: SignInOptions,
): Promise<SignedIn> {
  const now = options.now ?? new Date();
  if (!(await findHeldSignIn(db, token, now))) throw new DomainError('OIDC_FLOW_INVALID');
  const proved = await signIn(db, input, { ...options, now });
  // The password session only proved ownership: it ends here, whatever comes next.
  await destroySession(db, proved.token);
  if (proved.totpPending) throw new DomainError('OIDC_LINK_TOTP_REQUIRED');
  const account = await db.transaction(async (tx) => {
    const held = await takeHeldSignIn(tx, token, now);
    const [fresh] = await tx.select().from(accounts).where(eq(accounts.id, proved.account.id)).for('update');
    if (!fresh || !mayTake(fresh, held.identity)) throw new DomainError('OIDC_LINK_CONFLICT');
    const linked = await link(
      tx,
      fresh,
      { issuer: held.issuer, subject: held.subject, identity: held.identity },
      'password',
      now,
    );
    return { linked, held };
  });
  return openSessionFor(db, account.linked, clientOf(input), {
    now,
    ttlHours: options.ttlHours,
    method: 'oidc',
    vouched: vouchedOf(account.held),
  });
}

const clientOf = (c: ClientInfo): ClientInfo => ({
  ...(c.ip !== undefined ? { ip: c.ip } : {}),
  ...(c.userAgent !== undefined ? { userAgent: c.userAgent } : {}),
  ...(c.replacesToken !== undefined ? { replacesToken: c.replacesToken } : {}),
});

/** The other answer to step 4: "I have no account here" — a new one, for this identity. */
export async function createAccountForHeldSignIn(
  db: Executor,
  token: string,
  client: ClientInfo,
  options: { ttlHours: number; now?: Date },
): Promise<SignedIn> {
  const now = options.now ?? new Date();
  const held = await db.transaction((tx) => takeHeldSignIn(tx, token, now));
  // The identity may have been linked meanwhile (another tab): then that account.
  const bySubject = await findAccountByOidc(db, held.issuer, held.subject);
  const byPerson = bySubject ? undefined : await accountOfPerson(db, held.provinceCode, held.identity.personalId);
  if (byPerson && (byPerson.kind !== 'citizen' || byPerson.disabledAt)) throw new DomainError('OIDC_ACCOUNT_CONFLICT');
  const account =
    bySubject ??
    (byPerson
      ? await db.transaction((tx) => link(tx, byPerson, { ...held }, 'verified_personal_id', now))
      : await createFromSignIn(db, held, held.email ?? undefined).catch((err: unknown) => {
          if (err instanceof DomainError && err.code === 'ACCOUNT_LOGIN_TAKEN')
            throw new DomainError('OIDC_ACCOUNT_CONFLICT');
          throw err;
        }));
  if (account.disabledAt) throw new DomainError('ACCOUNT_DISABLED');
  return openSessionFor(db, account, client, {
    now,
    ttlHours: options.ttlHours,
    method: 'oidc',
    vouched: vouchedOf(held),
  });
}
