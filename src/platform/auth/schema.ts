import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Who the national sign-on (VNeID / Cổng DVCQG account) says the person is (§4.2 of
 * payments-sync-sso.md): only the minimal set it releases. `birthDate` is YYYY-MM-DD.
 */
export interface VerifiedIdentity {
  personalId: string;
  fullName: string;
  birthDate?: string;
}

/**
 * Staff and citizen accounts. `login` is the normalised sign-in name: a lower-cased e-mail,
 * a phone as +84…, or a staff username (see login.ts). An account signed in only through
 * OIDC has no password; `(oidc_issuer, oidc_subject)` links it to the identity provider.
 */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provinceCode: text('province_code').notNull(),
    kind: text('kind', { enum: ['staff', 'citizen'] }).notNull(),
    login: text('login').notNull(),
    displayName: text('display_name').notNull(),
    /** argon2id PHC string, or null for an OIDC-only account. */
    passwordHash: text('password_hash'),
    /** Base32 TOTP secret; active only once `totp_confirmed_at` is set (first valid code). */
    totpSecret: text('totp_secret'),
    totpConfirmedAt: timestamp('totp_confirmed_at', { withTimezone: true, mode: 'date' }),
    /** Time step of the last accepted code: a code cannot be used twice. */
    totpLastStep: integer('totp_last_step'),
    /**
     * Set by an administrator's reset and by a demo seed outside the embedded demo: until the
     * owner chooses a new password, the session reaches only the change-password page and API.
     */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    oidcIssuer: text('oidc_issuer'),
    oidcSubject: text('oidc_subject'),
    /**
     * The 12-digit personal id the national sign-on vouched for when this account was created
     * from it or linked to it (oidc-linking.ts): a later sign-in of the same person under another
     * subject or issuer finds the account by it. Never set from what a person typed.
     */
    verifiedPersonalId: text('verified_personal_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('accounts_login').on(t.login),
    uniqueIndex('accounts_oidc').on(t.oidcIssuer, t.oidcSubject),
    // One account per verified person and province.
    uniqueIndex('accounts_verified_personal_id')
      .on(t.provinceCode, t.verifiedPersonalId)
      .where(sql`verified_personal_id is not null`),
    index('accounts_province_kind').on(t.provinceCode, t.kind),
  ],
);

/**
 * Server-side sessions. `id` is the SHA-256 (hex) of the random cookie token: a leaked
 * copy of this table cannot be replayed as cookies.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** Password accepted but the TOTP code not yet given: the session grants nothing. */
    totpPending: boolean('totp_pending').notNull().default(false),
    /**
     * Level of assurance of this sign-in: 0 for a password (with or without TOTP), 1 or 2 as
     * the national sign-on vouched (acr / loAs, oidc-claims.ts). Procedures state the level they need.
     */
    assuranceLevel: integer('assurance_level').notNull().default(0),
    /** The ID token of an OIDC sign-in, for the `id_token_hint` of the provider's logout. */
    idToken: text('id_token'),
    /**
     * The provider's session (`iss` + `sid` of the ID token) and subject: a back-channel logout
     * token names them (OpenID Connect Back-Channel Logout 1.0 §2.4), oidc-logout.ts.
     */
    oidcIssuer: text('oidc_issuer'),
    oidcSid: text('oidc_sid'),
    oidcSubject: text('oidc_subject'),
    /** Personal id, name and birth date from the national identity: they prefill, unedited, the applicant. */
    identity: jsonb('identity').$type<VerifiedIdentity>(),
  },
  (t) => [
    index('sessions_account').on(t.accountId),
    index('sessions_expires').on(t.expiresAt),
    index('sessions_oidc_sid').on(t.oidcIssuer, t.oidcSid).where(sql`oidc_sid is not null`),
  ],
);

/**
 * OIDC sign-ins in flight: PKCE verifier, nonce and where to return, keyed by the SHA-256 of
 * `state`, kept server-side for a few minutes between /auth/oidc/start and the callback.
 */
export const oidcFlows = pgTable(
  'oidc_flows',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['staff', 'citizen'] }).notNull(),
    codeVerifier: text('code_verifier').notNull(),
    nonce: text('nonce').notNull(),
    returnTo: text('return_to').notNull(),
    /** The level of assurance asked for (acr_values); the sign-in must reach it. */
    level: integer('level').notNull().default(1),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('oidc_flows_expires').on(t.expiresAt)],
);

/**
 * A national sign-on that found no account of its own (oidc-linking.ts): what the provider
 * vouched for, held server-side for a few minutes while the person proves they own an existing
 * password account (signs in with it once) or asks for a new account. Keyed by the SHA-256 of
 * the random token in the browser's cookie.
 */
export const oidcPendingLinks = pgTable(
  'oidc_pending_links',
  {
    id: text('id').primaryKey(),
    provinceCode: text('province_code').notNull(),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    sid: text('sid'),
    identity: jsonb('identity').$type<VerifiedIdentity>().notNull(),
    displayName: text('display_name').notNull(),
    /** A provider-verified e-mail not yet used as a login: the new account's login. */
    email: text('email'),
    level: integer('level').notNull(),
    idToken: text('id_token').notNull(),
    returnTo: text('return_to').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('oidc_pending_links_expires').on(t.expiresAt)],
);

/**
 * Failed sign-ins per key, for growing delays instead of a lock (issue 11, finding 9). Keys are
 * `pair:`/`login:` + the SHA-256 of the normalised login (and address), or `ip:` + the address:
 * an unknown login is counted exactly like a known one, so the answers cannot tell them apart.
 */
export const signInThrottle = pgTable(
  'sign_in_throttle',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull(),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true, mode: 'date' }).notNull(),
    blockedUntil: timestamp('blocked_until', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('sign_in_throttle_last').on(t.lastFailureAt)],
);

/**
 * One-time secrets sent by e-mail or SMS: a forgotten-password reset, or the confirmation of
 * a citizen registration. `id` is the SHA-256 of the secret (never stored in clear); a row is
 * used at most once (`used_at`) and only before `expires_at`.
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: text('id').primaryKey(),
    purpose: text('purpose', { enum: ['password_reset', 'registration'] }).notNull(),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    /** Registration: the login, name and password hash of the account to create on confirmation. */
    login: text('login'),
    displayName: text('display_name'),
    passwordHash: text('password_hash'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('account_tokens_account').on(t.accountId, t.createdAt),
    index('account_tokens_login').on(t.login, t.createdAt),
    index('account_tokens_expires').on(t.expiresAt),
  ],
);

export type AccountRow = typeof accounts.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
