/**
 * OpenID Connect sign-in (authorization code + PKCE, state and nonce kept server-side), as the
 * national sign-on (Cổng DVCQG / VNeID) does it: payments-sync-sso.md §4.1 (scope `openid`,
 * `acr_values=LoA1`, `LoA2` to step up), the level and identity read by oidc-claims.ts.
 * Which account it opens, and how an existing password account is linked only after proof:
 * oidc-linking.ts. Staff must have been linked by an administrator beforehand: an identity
 * provider vouches for a person, not for their post in an agency.
 */
import { eq, lt } from 'drizzle-orm';
import * as client from 'openid-client';
import { type Config, publicUrlOf } from '../config.ts';
import type { Executor } from '../db/index.ts';
import { DomainError } from '../errors.ts';
import './errors.ts';
import { assuranceOf, identityOf, MAX_ASSURANCE_LEVEL } from './oidc-claims.ts';
import { type IdentityClaims, type Resolved, resolveAccount, type VouchedSignIn } from './oidc-linking.ts';
import { verifyLogoutToken } from './oidc-logout.ts';
import { oidcFlows, type VerifiedIdentity } from './schema.ts';
import { sha256Hex } from './sessions.ts';

type OidcKind = 'citizen' | 'staff';
const FLOW_TTL_MS = 10 * 60_000;
export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';
/** The sign-in pages with their "signed out" banner: registered at the provider as post-logout URIs. */
const POST_LOGOUT_PATHS = {
  portal: '/dang-nhap?da-dang-xuat=1',
  workspace: '/workspace/dang-nhap?da-dang-xuat=1',
} as const;

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string | undefined;
  redirectUri: string;
  provinceCode: string;
  /** Space-separated scopes (OIDC_SCOPES). */
  scopes: string;
  /** The acr_values strings of levels 1 and 2 (OIDC_ACR_VALUES). */
  acrValues: readonly [string, string];
  /** Staff may sign in here (OIDC_STAFF). */
  staff: boolean;
  /** Where the provider's logout sends the browser back to, per area. */
  postLogoutRedirectUris: { portal: string; workspace: string };
}

/** The OIDC settings of a configuration, or undefined when OIDC is off. */
export function oidcSettings(config: Config): OidcSettings | undefined {
  if (!config.oidcIssuer || !config.oidcClientId) return undefined;
  const base = publicUrlOf(config);
  return {
    issuer: new URL(config.oidcIssuer),
    clientId: config.oidcClientId,
    clientSecret: config.oidcClientSecret,
    redirectUri: new URL(OIDC_CALLBACK_PATH, base).toString(),
    provinceCode: config.provinceCode,
    scopes: config.oidcScopes,
    acrValues: config.oidcAcrValues,
    staff: config.oidcStaff,
    postLogoutRedirectUris: {
      portal: new URL(POST_LOGOUT_PATHS.portal, base).toString(),
      workspace: new URL(POST_LOGOUT_PATHS.workspace, base).toString(),
    },
  };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A relative path on this site, or '/': never an open redirect to another host. */
export function safeReturnTo(raw: string | undefined): string {
  if (!raw || raw.length > 512 || !/^\/(?![/\\])[^\s]*$/.test(raw)) return '/';
  return raw;
}

interface OidcSignIn {
  /** The account, or `hold`: a person with no account of their own yet (oidc-linking.ts step 4). */
  resolved: Resolved;
  /** Everything the provider vouched for, to hold the sign-in when no account is found. */
  vouched: VouchedSignIn;
  returnTo: string;
  /** The level asked for, and the level the provider vouched for (oidc-claims.ts assuranceOf). */
  requestedLevel: number;
  level: number;
  identity: VerifiedIdentity | undefined;
  idToken: string;
}

export interface OidcClient {
  settings: OidcSettings;
  start(
    db: Executor,
    input: { kind: OidcKind; returnTo?: string; level?: number; now?: Date },
  ): Promise<{ url: URL; state: string }>;
  finish(db: Executor, input: { currentUrl: URL; state: string; now?: Date }): Promise<OidcSignIn>;
  /** A back-channel logout token, verified (oidc-logout.ts); throws OIDC_LOGOUT_TOKEN_INVALID. */
  verifyLogoutToken(token: string, now: Date): Promise<{ issuer: string; sid?: string; sub?: string }>;
  /** The provider's RP-initiated logout (OIDC RP-Initiated Logout 1.0), or undefined when it has none. */
  logoutUrl(input: { idToken: string; area: 'portal' | 'workspace' }): Promise<URL | undefined>;
}

export function createOidcClient(settings: OidcSettings): OidcClient {
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= client
      .discovery(settings.issuer, settings.clientId, settings.clientSecret, undefined, {
        execute: [
          // The ID token's signature is checked against the provider's keys as well, not only TLS:
          // it is the level of assurance we keep with the session (and a forged one must not pass).
          client.enableNonRepudiationChecks,
          // Plain http only for an identity provider on this machine (development, tests).
          ...(settings.issuer.protocol === 'http:' && LOOPBACK.has(settings.issuer.hostname)
            ? [client.allowInsecureRequests]
            : []),
        ],
      })
      .catch((err: unknown) => {
        discovered = undefined; // try again on the next sign-in
        throw new DomainError('OIDC_PROVIDER_FAILED', { cause: err instanceof Error ? err.message : String(err) });
      });
    return discovered;
  };

  let keys: { at: number; keys: Record<string, unknown>[] } | undefined;
  const providerKeys = async (jwksUri: string, fresh = false) => {
    if (keys && !fresh && Date.now() - keys.at < 10 * 60_000) return keys.keys;
    const allowHttp = settings.issuer.protocol === 'http:' && LOOPBACK.has(settings.issuer.hostname);
    if (!jwksUri.startsWith('https:') && !allowHttp)
      throw new DomainError('OIDC_LOGOUT_TOKEN_INVALID', { why: 'jwks' });
    const response = await fetch(jwksUri, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
    const body = (await response?.json().catch(() => undefined)) as { keys?: unknown } | undefined;
    if (!response?.ok || !Array.isArray(body?.keys)) throw new DomainError('OIDC_PROVIDER_FAILED', { cause: 'jwks' });
    keys = { at: Date.now(), keys: body.keys as Record<string, unknown>[] };
    return keys.keys;
  };

  return {
    settings,
    async start(db, input) {
      if (input.kind === 'staff' && !settings.staff) throw new DomainError('OIDC_STAFF_DISABLED');
      const cfg = await configuration();
      const now = input.now ?? new Date();
      const level = Math.min(Math.max(input.level ?? 1, 1), MAX_ASSURANCE_LEVEL);
      const state = client.randomState();
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      await db.delete(oidcFlows).where(lt(oidcFlows.expiresAt, now));
      await db.insert(oidcFlows).values({
        id: sha256Hex(state),
        kind: input.kind,
        codeVerifier,
        nonce,
        returnTo: safeReturnTo(input.returnTo),
        level,
        expiresAt: new Date(now.getTime() + FLOW_TTL_MS),
      });
      const url = client.buildAuthorizationUrl(cfg, {
        redirect_uri: settings.redirectUri,
        scope: settings.scopes,
        acr_values: settings.acrValues[level - 1] ?? settings.acrValues[0],
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url, state };
    },

    async finish(db, input) {
      const now = input.now ?? new Date();
      // Deleted on first use: a callback URL cannot be replayed.
      const [flow] = await db
        .delete(oidcFlows)
        .where(eq(oidcFlows.id, sha256Hex(input.state)))
        .returning();
      if (!flow || flow.expiresAt <= now) throw new DomainError('OIDC_FLOW_INVALID');
      const cfg = await configuration();
      let claims: IdentityClaims;
      let level: number;
      let idTokenJwt: string;
      let sid: string | undefined;
      try {
        const tokens = await client.authorizationCodeGrant(cfg, input.currentUrl, {
          pkceCodeVerifier: flow.codeVerifier,
          expectedState: input.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        });
        const idToken = tokens.claims();
        if (!idToken) throw new Error('no ID token');
        if (!tokens.id_token) throw new Error('no ID token');
        idTokenJwt = tokens.id_token;
        sid = typeof idToken.sid === 'string' ? idToken.sid : undefined;
        // The national sign-on releases the person only through UserInfo (§4.2), as many do (OIDC Core §5.4).
        const info = cfg.serverMetadata().userinfo_endpoint
          ? await client.fetchUserInfo(cfg, tokens.access_token, idToken.sub)
          : {};
        claims = { ...idToken, ...info, sub: idToken.sub };
        level = assuranceOf(idToken, info, settings.acrValues);
      } catch (err) {
        throw new DomainError('OIDC_PROVIDER_FAILED', { cause: err instanceof Error ? err.message : String(err) });
      }
      const identity = identityOf(claims);
      const vouched: VouchedSignIn = {
        provinceCode: settings.provinceCode,
        issuer: cfg.serverMetadata().issuer,
        claims,
        identity,
        sid,
        level,
        idToken: idTokenJwt,
        returnTo: flow.returnTo,
      };
      return {
        resolved: await resolveAccount(db, flow.kind, vouched, now),
        vouched,
        returnTo: flow.returnTo,
        requestedLevel: flow.level,
        level,
        identity,
        idToken: idTokenJwt,
      };
    },

    async verifyLogoutToken(token, now) {
      const cfg = await configuration();
      const { issuer, jwks_uri: jwksUri } = cfg.serverMetadata();
      if (!jwksUri) throw new DomainError('OIDC_LOGOUT_TOKEN_INVALID', { why: 'no jwks_uri' });
      const check = (keys: readonly Record<string, unknown>[]) =>
        verifyLogoutToken(token, { keys, issuer, clientId: settings.clientId, now });
      try {
        return { issuer, ...check(await providerKeys(jwksUri)) };
      } catch (err) {
        // The provider may have rotated its keys since they were fetched: fetch once more.
        if (!(err instanceof DomainError) || err.details.why !== 'signature') throw err;
        return { issuer, ...check(await providerKeys(jwksUri, true)) };
      }
    },

    async logoutUrl(input) {
      const cfg = await configuration();
      if (!cfg.serverMetadata().end_session_endpoint) return undefined;
      return client.buildEndSessionUrl(cfg, {
        id_token_hint: input.idToken,
        post_logout_redirect_uri: settings.postLogoutRedirectUris[input.area],
        client_id: settings.clientId,
      });
    },
  };
}

/** Unused flows older than their lifetime; for the periodic job runner. */
export async function purgeExpiredOidcFlows(db: Executor, now = new Date()): Promise<void> {
  await db.delete(oidcFlows).where(lt(oidcFlows.expiresAt, now));
}
