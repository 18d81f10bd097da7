/**
 * Server-side sessions. The browser holds a 32-byte random token; the database holds only
 * its SHA-256, so neither a database dump nor a log line is enough to take over a session.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/index.ts';
import {
  type AccountRow,
  accounts,
  accountTokens,
  type SessionRow,
  sessions,
  signInThrottle,
  type VerifiedIdentity,
} from './schema.ts';

export const SESSION_COOKIE = 'mocua_session';
/** last_seen_at is written at most this often: a page load must not always cost a write. */
const TOUCH_EVERY_MS = 60_000;
/** Matches the throttle's default `forgetAfterMinutes` (throttle.ts). */
const FORGET_FAILURES_AFTER_MS = 24 * 3_600_000;

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface SessionOptions {
  now?: Date;
  ttlHours: number;
}

export interface NewSession {
  accountId: string;
  ip?: string | null;
  userAgent?: string | null;
  totpPending?: boolean;
  /** What the national sign-on vouched for (oidc.ts); a password session has level 0 and neither. */
  assuranceLevel?: number;
  idToken?: string;
  identity?: VerifiedIdentity;
  /** The provider, subject and provider session (`sid`) of the ID token: back-channel logout finds the session by them. */
  oidc?: { issuer: string; subject: string; sid?: string | undefined };
}

/** Always a new id: a sign-in never adopts a session that existed before it (fixation). */
export async function createSession(
  db: Executor,
  input: NewSession,
  options: SessionOptions,
): Promise<{ token: string; session: SessionRow }> {
  const now = options.now ?? new Date();
  const token = newToken();
  const [session] = await db
    .insert(sessions)
    .values({
      id: sha256Hex(token),
      accountId: input.accountId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + options.ttlHours * 3_600_000),
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
      totpPending: input.totpPending ?? false,
      assuranceLevel: input.assuranceLevel ?? 0,
      oidcIssuer: input.oidc?.issuer ?? null,
      oidcSubject: input.oidc?.subject ?? null,
      oidcSid: input.oidc?.sid ?? null,
      idToken: input.idToken ?? null,
      identity: input.identity ?? null,
    })
    .returning();
  if (!session) throw new Error('session insert returned nothing');
  return { token, session };
}

export interface LoadedSession {
  session: SessionRow;
  account: AccountRow;
  /** What the session statement read for the caller (`SessionLookup.callerColumn`), when asked. */
  callerFacts?: unknown;
}

/**
 * Read in the same statement as the session, so that a request costs one round trip to know
 * who is asking: an SQL expression over the account's id (the directory module gives the
 * active staff record as JSON). Fixed for the life of the process: the statement is prepared.
 */
export type CallerColumn = (accountId: SQL | typeof accounts.id) => SQL;

/** Each caller column its own statement name (named statements are per connection, by name). */
const columnNames = new WeakMap<CallerColumn, string>();

function sessionQuery(db: Executor, callerColumn: CallerColumn | undefined) {
  const base = { session: sessions, account: accounts };
  const fields = callerColumn ? { ...base, callerFacts: sql<unknown>`${callerColumn(accounts.id)}` } : base;
  let name = 'auth_session';
  if (callerColumn) {
    name = columnNames.get(callerColumn) ?? `auth_session_caller_${randomBytes(4).toString('hex')}`;
    columnNames.set(callerColumn, name);
  }
  return (
    db
      .select(fields)
      .from(sessions)
      .innerJoin(accounts, eq(accounts.id, sessions.accountId))
      .where(
        and(
          eq(sessions.id, sql.placeholder('id')),
          gt(sessions.expiresAt, sql`${sql.placeholder('now')}::timestamptz`),
          isNull(accounts.disabledAt),
        ),
      )
      .limit(1)
      // Named: PostgreSQL parses and plans it once per connection; every signed-in request runs it.
      .prepare(name)
  );
}

type SessionQuery = ReturnType<typeof sessionQuery>;
/** Per database handle and caller column: dies with the handle, so no state outlives a test's database. */
const preparedSessions = new WeakMap<Executor, Map<CallerColumn | null, SessionQuery>>();

function preparedSession(db: Executor, callerColumn: CallerColumn | undefined): SessionQuery {
  let byColumn = preparedSessions.get(db);
  if (!byColumn) {
    byColumn = new Map();
    preparedSessions.set(db, byColumn);
  }
  let query = byColumn.get(callerColumn ?? null);
  if (!query) {
    query = sessionQuery(db, callerColumn);
    byColumn.set(callerColumn ?? null, query);
  }
  return query;
}

/**
 * The live session of a cookie token with its (enabled) account, or undefined. Slides the
 * expiry forward, writing at most once a minute. With `callerColumn`, the same statement also
 * reads what the caller needs (`callerFacts`).
 */
export async function loadSession(
  db: Executor,
  token: string,
  options: SessionOptions & { callerColumn?: CallerColumn | undefined },
): Promise<LoadedSession | undefined> {
  if (!token || token.length > 128) return undefined;
  const now = options.now ?? new Date();
  const [found] = await preparedSession(db, options.callerColumn).execute({
    id: sha256Hex(token),
    now: now.toISOString(),
  });
  if (!found) return undefined;
  const row: LoadedSession = found;
  if (now.getTime() - row.session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    const expiresAt = new Date(now.getTime() + options.ttlHours * 3_600_000);
    await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, row.session.id));
    row.session = { ...row.session, lastSeenAt: now, expiresAt };
  }
  return row;
}

export async function destroySession(db: Executor, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sha256Hex(token)));
}

/** Ends every session of an account (password reset, account disabled). */
export async function destroyAllSessions(db: Executor, accountId: string): Promise<number> {
  const gone = await db.delete(sessions).where(eq(sessions.accountId, accountId)).returning({ id: sessions.id });
  return gone.length;
}

/**
 * Deletes expired sessions, and with them the other short-lived auth rows (one-time account
 * tokens past expiry, sign-in failure counters a day old); for the periodic job runner.
 */
export async function purgeExpiredSessions(db: Executor, now = new Date()): Promise<number> {
  const gone = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id });
  await db.delete(accountTokens).where(lt(accountTokens.expiresAt, now));
  await db
    .delete(signInThrottle)
    .where(lt(signInThrottle.lastFailureAt, new Date(now.getTime() - FORGET_FAILURES_AFTER_MS)));
  return gone.length;
}
