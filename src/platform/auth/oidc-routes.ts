/** GET /auth/oidc/start and /auth/oidc/callback: the browser side of OIDC sign-in. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../errors.ts';
import { typed } from '../http/app.ts';
import { createOidcClient, OIDC_CALLBACK_PATH, oidcSettings } from './oidc.ts';
import type { AuthContext } from './plugin.ts';
import { setSessionCookie } from './session-cookie.ts';
import { SESSION_COOKIE } from './sessions.ts';
import { openSessionFor } from './sign-in.ts';

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

export function registerOidcRoutes(app: FastifyInstance, ctx: AuthContext): void {
  const { config } = app.deps;
  const settings = oidcSettings(config);
  if (!settings) return;
  const oidc = createOidcClient(settings);
  const secure = config.publicUrl?.startsWith('https:') ?? false;
  const t = typed(app);

  t.get(
    '/auth/oidc/start',
    {
      schema: {
        tags: ['auth'],
        summary: 'Start sign-in at the identity provider',
        description:
          'Redirects to the identity provider (authorization code with PKCE). `returnTo` must be a path on this site.',
        querystring: Type.Object({
          kind: Type.Union([Type.Literal('citizen'), Type.Literal('staff')], { default: 'citizen' }),
          returnTo: Type.Optional(Type.String({ maxLength: 512 })),
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
        const { account, returnTo } = await oidc.finish(db, { currentUrl, state, now: ctx.now() });
        if (account.disabledAt) throw new DomainError('ACCOUNT_DISABLED');
        const signedIn = await openSessionFor(
          db,
          account,
          {
            ip: request.ip,
            userAgent: request.headers['user-agent'] ?? null,
            replacesToken: request.cookies[SESSION_COOKIE],
          },
          { now: ctx.now(), ttlHours: config.sessionTtlHours, method: 'oidc' },
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
}
