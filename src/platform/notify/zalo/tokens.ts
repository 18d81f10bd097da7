/**
 * OAuth v4 for a Zalo Official Account (DOMAIN.md §7.2): the permission link with PKCE, the
 * code exchange, and the token pair kept in `zalo_tokens`.
 *
 * The refresh token is single-use and each refresh returns a new pair, so refreshes are
 * serialised and the pair is stored in one statement. With `lock: 'database'` (PostgreSQL,
 * several processes) the refresh runs in a transaction holding `SELECT … FOR UPDATE` on the
 * OA's row; a process that waited for the lock finds a newer `version` and takes that pair
 * instead of spending the already-used refresh token again. Within one process a mutex does
 * the same without touching the database.
 *
 * With `lock: 'process'` (the embedded PGlite: one process, one connection) the pair lives in
 * memory once `load()` has run, and a new pair is written behind: a channel runs inside the
 * outbox dispatcher's transaction, and on PGlite any other query waits for that transaction
 * to end, so awaiting the write there would never return.
 */
import { createHash, randomInt } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { ZaloApiError, ZaloNotConnectedError } from './errors.ts';
import { asRecord, errorCodeOf, errorMessageOf, exchange, type FetchLike } from './http.ts';
import { type ZaloTokenRow, zaloTokens } from './schema.ts';

const DEFAULT_OAUTH_BASE = 'https://oauth.zaloapp.com';
/** Refresh token lifetime when the answer does not say: about 3 months [R: §7.2]. */
const REFRESH_LIFETIME_MS = 90 * 86_400_000;
/** Access token lifetime when the answer does not say: `expires_in` 90000 s [R: §7.2]. */
const ACCESS_LIFETIME_S = 90_000;

export type ZaloTokenPair = ZaloTokenRow;

/** What the API client needs: a current access token, and a refresh when Zalo refuses it. */
export interface AccessTokenSource {
  getAccessToken(): Promise<{ accessToken: string; version: number }>;
  /** `seenVersion`: the version whose access token was refused (no refresh if a newer one exists). */
  refreshTokens(seenVersion?: number): Promise<{ accessToken: string; version: number }>;
}

export interface ZaloTokenStoreOptions {
  /** The database (not a transaction): refreshes open their own. */
  db: Executor;
  oaId: string;
  appId: string;
  /** The app's secret key, sent as the `secret_key` header (not the OA secret key of webhooks). */
  appSecret: string;
  oauthBase?: string;
  /** 'database' for PostgreSQL (row lock, several processes); 'process' for PGlite (see above). */
  lock: 'database' | 'process';
  /** Called when a pair written behind ('process') could not be stored; it is retried with the next. */
  onPersistError?: (err: unknown) => void;
  fetch?: FetchLike;
  now?: () => Date;
  /** Refresh before use when the access token expires within this margin. Default 5 minutes. */
  refreshMarginMs?: number;
  timeoutMs?: number;
}

export class ZaloTokenStore implements AccessTokenSource {
  readonly oaId: string;
  private readonly oauthBase: string;
  private readonly fetchImpl: FetchLike;
  private readonly now: () => Date;
  private cached: ZaloTokenPair | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly options: ZaloTokenStoreOptions) {
    this.oaId = options.oaId;
    this.oauthBase = (options.oauthBase ?? DEFAULT_OAUTH_BASE).replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Reads the stored pair into memory; undefined when the OA is not connected. Call it once at
   * start: with `lock: 'process'` the channels then never wait for the database.
   */
  async load(): Promise<ZaloTokenPair | undefined> {
    const [row] = await this.options.db.select().from(zaloTokens).where(eq(zaloTokens.oaId, this.oaId));
    this.cached = row;
    return row;
  }

  async getAccessToken(): Promise<{ accessToken: string; version: number }> {
    const pair = this.cached ?? (await this.load());
    if (!pair) throw new ZaloNotConnectedError(this.oaId);
    const margin = this.options.refreshMarginMs ?? 5 * 60_000;
    const left = pair.accessExpiresAt.getTime() - this.now().getTime();
    if (left > margin) return pair;
    try {
      return await this.refreshTokens(pair.version);
    } catch (err) {
      // An early refresh that failed does not stop a send the current token still covers.
      if (left > 0) return pair;
      throw err;
    }
  }

  /**
   * Exchanges the refresh token for a new pair, once per stale version: concurrent callers
   * (in this process or others) all end with the same new pair.
   */
  refreshTokens(seenVersion?: number): Promise<ZaloTokenPair> {
    return this.serialised(async () => {
      const seen = seenVersion ?? this.cached?.version ?? (await this.load())?.version;
      if (this.options.lock === 'process') {
        const row = this.cached ?? (await this.load());
        if (!row) throw new ZaloNotConnectedError(this.oaId);
        if (seen !== undefined && row.version !== seen) return row;
        const next = { ...row, ...(await this.requestPair(refreshGrant(row))), version: row.version + 1 };
        this.cached = next;
        this.persist(next);
        return next;
      }
      return this.options.db.transaction(async (tx) => {
        const [row] = await tx.select().from(zaloTokens).where(eq(zaloTokens.oaId, this.oaId)).for('update');
        if (!row) throw new ZaloNotConnectedError(this.oaId);
        if (seen !== undefined && row.version !== seen) {
          this.cached = row;
          return row;
        }
        return this.rotate(tx, row);
      });
    });
  }

  /** Swaps the code of the permission callback for the first pair and stores it. */
  exchangeAuthorizationCode(code: string, codeVerifier: string): Promise<ZaloTokenPair> {
    return this.serialised(async () => {
      const fresh = await this.requestPair({ grant_type: 'authorization_code', code, code_verifier: codeVerifier });
      const [row] = await this.options.db
        .insert(zaloTokens)
        .values({ oaId: this.oaId, ...fresh, version: 1 })
        // A new authorisation replaces the chain; the version still grows, so a process that
        // holds the old pair in memory sees that it changed.
        .onConflictDoUpdate({ target: zaloTokens.oaId, set: { ...fresh, version: sql`${zaloTokens.version} + 1` } })
        .returning();
      if (!row) throw new ZaloApiError('malformed', 'token row not stored', true);
      this.cached = row;
      return row;
    });
  }

  /** The link an OA administrator opens to grant the app access (§7.2 step 1). */
  buildPermissionUrl(input: { redirectUri: string; codeChallenge: string; state: string }): string {
    const query = new URLSearchParams({
      app_id: this.options.appId,
      redirect_uri: input.redirectUri,
      code_challenge: input.codeChallenge,
      state: input.state,
    });
    return `${this.oauthBase}/v4/oa/permission?${query.toString()}`;
  }

  /** Resolves when the pairs written behind ('process') are stored (for shutdown and tests). */
  flush(): Promise<void> {
    return this.writes;
  }

  private persist(pair: ZaloTokenPair): void {
    this.writes = this.writes.then(async () => {
      const { oaId: _, ...values } = pair;
      try {
        await this.options.db.update(zaloTokens).set(values).where(eq(zaloTokens.oaId, this.oaId));
      } catch (err) {
        this.options.onPersistError?.(err);
      }
    });
  }

  private async rotate(db: Executor, row: ZaloTokenPair): Promise<ZaloTokenPair> {
    const fresh = await this.requestPair(refreshGrant(row));
    const [updated] = await db
      .update(zaloTokens)
      .set({ ...fresh, version: row.version + 1 })
      .where(eq(zaloTokens.oaId, this.oaId))
      .returning();
    if (!updated) throw new ZaloNotConnectedError(this.oaId);
    this.cached = updated;
    return updated;
  }

  private async requestPair(fields: Record<string, string>) {
    const answer = await exchange(
      this.fetchImpl,
      `${this.oauthBase}/v4/oa/access_token`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: this.options.appSecret },
        body: new URLSearchParams({ ...fields, app_id: this.options.appId }).toString(),
      },
      this.options.timeoutMs ?? 15_000,
    );
    const body = asRecord(answer.json);
    const accessToken = body?.access_token;
    const refreshToken = body?.refresh_token;
    const code = errorCodeOf(body);
    if (
      answer.status !== 200 ||
      typeof accessToken !== 'string' ||
      typeof refreshToken !== 'string' ||
      (code ?? 0) !== 0
    ) {
      // Zalo answers failures with HTTP 200 and error/error_name/error_description (§7.2).
      // Nothing is stored. -14020: the refresh token was already used; re-authorise if the
      // stored one is not the latest. The message being delivered is not at fault: retryable.
      const message = errorMessageOf(body, `HTTP ${answer.status}: ${answer.text.slice(0, 200)}`);
      throw new ZaloApiError(
        code ?? (answer.status === 200 ? 'malformed' : 'http'),
        `token request failed: ${message}`,
        true,
        answer.status,
      );
    }
    const now = this.now();
    const expiresIn = Number(body?.expires_in ?? ACCESS_LIFETIME_S);
    const refreshExpiresIn = Number(body?.refresh_token_expires_in ?? Number.NaN);
    return {
      accessToken,
      refreshToken,
      accessExpiresAt: new Date(now.getTime() + (Number.isFinite(expiresIn) ? expiresIn : ACCESS_LIFETIME_S) * 1000),
      refreshExpiresAt: new Date(
        now.getTime() + (Number.isFinite(refreshExpiresIn) ? refreshExpiresIn * 1000 : REFRESH_LIFETIME_MS),
      ),
      updatedAt: now,
    };
  }

  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

const refreshGrant = (row: ZaloTokenPair) => ({ grant_type: 'refresh_token', refresh_token: row.refreshToken });

const VERIFIER_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** base64url(SHA-256(verifier)) without padding; the method is fixed to S256 by Zalo (§7.2). */
export function codeChallengeFor(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}

/** A fresh PKCE pair: a 43-character verifier of letters and digits, and its challenge. */
export function createPkcePair(): { codeVerifier: string; codeChallenge: string } {
  let codeVerifier = '';
  for (let i = 0; i < 43; i++) codeVerifier += VERIFIER_ALPHABET[randomInt(VERIFIER_ALPHABET.length)];
  return { codeVerifier, codeChallenge: codeChallengeFor(codeVerifier) };
}
