/** GET /auth/oidc/start and /auth/oidc/callback: the browser side of OIDC sign-in. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../config.ts';
import { DomainError } from '../errors.ts';
import { typed } from '../http/app.ts';
import { createOidcClient, OIDC_CALLBACK_PATH, type OidcClient, oidcSettings } from './oidc.ts';
import { holdSignIn, LINK_COOKIE, LINK_TTL_MS } from './oidc-linking.ts';
import { endSessionsOfProvider } from './oidc-logout.ts';
import type { AuthContext } from './plugin.ts';
import type { SessionRow } from './schema.ts';
import { setSessionCookie } from './session-cookie.ts';
import { SESSION_COOKIE } from './sessions.ts';
import { openSessionFor } from './sign-in.ts';

/** The portal page that asks a person with no account yet whether they have one (src/site/link-pages.tsx). */
export const LINK_PAGE = '/dang-nhap/lien-ket';
/** Registered at the provider as the client's `backchannel_logout_uri`. */
const BACKCHANNEL_LOGOUT_PATH = '/auth/oidc/backchannel-logout';

/** Binds the flow to the browser that started it (login CSRF: someone else's callback URL is refused). */
const FLOW_COOKIE = 'mocua_oidc';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The callback is a page the browser lands on: a refusal is a short page, not JSON. */
function refusalPage(reply: FastifyReply, err: DomainError) {
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Không đăng nhập được — Mở Cửa</title></head><body><main><h1>Không đăng nhập được</h1><p>${escapeHtml(err.message)}</p><p><a href="/">Về trang chủ</a></p></main></body></html>`;
  return reply.status(err.status).type('text/html; charset=utf-8').send(html);
}

/** One client per configuration: discovery is fetched once and shared by sign-in and sign-out. */
const clients = new WeakMap<Config, OidcClient>();
function oidcClientOf(config: Config): OidcClient | undefined {
  const known = clients.get(config);
  if (known) return known;
  const settings = oidcSettings(config);
  if (!settings) return undefined;
  const created = createOidcClient(settings);
  clients.set(config, created);
  return created;
}

/**
 * Where sign-out sends the browser: the provider's logout with the session's ID token as
 * `id_token_hint` (§4.1 step 4), so the single sign-on session ends too; undefined for a session
 * that did not come from the provider, or when the provider cannot be reached (ours ends anyway).
 */
export async function providerLogoutUrl(
  config: Config,
  session: SessionRow | undefined,
  area: 'portal' | 'workspace',
): Promise<string | undefined> {
  const oidc = oidcClientOf(config);
  if (!oidc || !session?.idToken) return undefined;
  try {
    return (await oidc.logoutUrl({ idToken: session.idToken, area }))?.href;
  } catch {
    return undefined;
  }
}

export function registerOidcRoutes(app: FastifyInstance, ctx: AuthContext): void {
  const { config } = app.deps;
  const oidc = oidcClientOf(config);
  if (!oidc) return;
  const { settings } = oidc;
  const secure = config.publicUrl?.startsWith('https:') ?? false;
  const t = typed(app);

  t.get(
    '/auth/oidc/start',
    {
      schema: {
        tags: ['auth'],
        summary: 'Start sign-in at the identity provider',
        description:
          'Redirects to the identity provider (authorization code with PKCE). `returnTo` must be a path on this site; `level` is the level of assurance to ask for (acr_values), 2 to step up for a procedure that needs it.',
        querystring: Type.Object({
          kind: Type.Union([Type.Literal('citizen'), Type.Literal('staff')], { default: 'citizen' }),
          returnTo: Type.Optional(Type.String({ maxLength: 512 })),
          level: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 })),
        }),
        response: { 302: Type.Null() },
      },
    },
    async (request, reply) => {
      const { url, state } = await oidc.start(app.deps.database.db, { ...request.query, now: ctx.now() });
      reply.setCookie(FLOW_COOKIE, state, { path: '/auth/oidc', httpOnly: true, sameSite: 'lax', secure, maxAge: 600 });
      return reply.redirect(url.href, 302);
    },
  );

  t.get(
    OIDC_CALLBACK_PATH,
    {
      schema: {
        tags: ['auth'],
        summary: 'Return from the identity provider',
        description:
          'Signs in (new session, `mocua_session` cookie) and redirects to the page the sign-in started from.',
        querystring: Type.Object(
          { state: Type.Optional(Type.String()), code: Type.Optional(Type.String()) },
          { additionalProperties: true },
        ),
      },
    },
    async (request: FastifyRequest<{ Querystring: { state?: string } }>, reply) => {
      const state = request.query.state;
      const expected = request.cookies[FLOW_COOKIE];
      reply.clearCookie(FLOW_COOKIE, { path: '/auth/oidc', httpOnly: true, sameSite: 'lax', secure });
      try {
        if (!state || state !== expected) throw new DomainError('OIDC_FLOW_INVALID');
        const db = app.deps.database.db;
        const currentUrl = new URL(request.url, settings.redirectUri);
        const done = await oidc.finish(db, { currentUrl, state, now: ctx.now() });
        const { resolved, returnTo } = done;
        if ('hold' in resolved) {
          // No account of this person yet: the portal asks whether they have one (oidc-linking.ts).
          const token = await holdSignIn(db, done.vouched, ctx.now());
          reply.setCookie(LINK_COOKIE, token, {
            path: '/',
            httpOnly: true,
            sameSite: 'lax',
            secure,
            maxAge: LINK_TTL_MS / 1000,
          });
          return reply.redirect(LINK_PAGE, 302);
        }
        const { account } = resolved;
        if (account.disabledAt) throw new DomainError('ACCOUNT_DISABLED');
        const signedIn = await openSessionFor(
          db,
          account,
          {
            ip: request.ip,
            userAgent: request.headers['user-agent'] ?? null,
            replacesToken: request.cookies[SESSION_COOKIE],
          },
          {
            now: ctx.now(),
            ttlHours: config.sessionTtlHours,
            method: 'oidc',
            vouched: {
              assuranceLevel: done.level,
              idToken: done.idToken,
              ...(done.identity && account.kind === 'citizen' ? { identity: done.identity } : {}),
              oidc: { issuer: done.vouched.issuer, subject: done.vouched.claims.sub, sid: done.vouched.sid },
            },
          },
        );
        setSessionCookie(reply, config, signedIn.token);
        return reply.redirect(returnTo, 302);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        request.log.warn({ code: err.code, details: err.details }, 'OIDC sign-in refused');
        return refusalPage(reply, err);
      }
    },
  );

  // OpenID Connect Back-Channel Logout 1.0 §2.5: the provider POSTs `logout_token` form-encoded.
  t.post(
    BACKCHANNEL_LOGOUT_PATH,
    {
      schema: {
        tags: ['auth'],
        summary: 'Back-channel logout from the identity provider',
        description:
          'The provider ends the sessions of a person who signed out there (OpenID Connect Back-Channel Logout 1.0): a signed `logout_token` naming the provider session (`sid`) or the person (`sub`).',
        body: Type.Object({ logout_token: Type.String({ minLength: 1, maxLength: 8192 }) }),
        response: { 200: Type.Null() },
      },
    },
    async (request, reply) => {
      const now = ctx.now();
      const named = await oidc.verifyLogoutToken(request.body.logout_token, now);
      const ended = await endSessionsOfProvider(app.deps.database.db, {
        ...named,
        provinceCode: config.provinceCode,
        now,
      });
      request.log.info({ ended }, 'back-channel logout');
      return reply.header('cache-control', 'no-store').status(200).send(null);
    },
  );
}
