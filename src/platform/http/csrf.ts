/**
 * Cross-site request forgery (issue 11, finding 6). Every unsafe method (POST, PUT, PATCH,
 * DELETE) of every route needs a token tied to the browser's session, whatever its body and
 * content type: a body-less POST (withdraw, submit, receive, approve…) is a state change like
 * any other. A request a browser marks cross-site (`Sec-Fetch-Site: cross-site`) or that comes
 * with a foreign `Origin` is refused before the token is even read.
 *
 * The only routes without the check are those that authenticate each request themselves and
 * carry no ambient credential (API keys, signed webhooks, device tokens); they are declared in
 * one list (`AppDeps.ownAuthentication`, filled by src/site/routes.ts), never per route.
 */
import { createHash } from 'node:crypto';
import csrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { DomainError, registerErrors } from '../errors.ts';
import type { SecurityScheme } from './openapi.ts';

registerErrors({
  CROSS_SITE_REFUSED: {
    status: 403,
    vi: 'Yêu cầu thay đổi dữ liệu gửi từ một trang web khác đã bị từ chối. Vui lòng thao tác trực tiếp trên cổng dịch vụ công.',
  },
});

/** A route that authenticates every request itself (so a forged cross-site request has no credential to ride on). */
export interface OwnAuthenticationRoute {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route's pattern as registered, e.g. /webhooks/zalo or /open311/v2/requests.:format. */
  url: string;
  /** How it authenticates instead (documentation, shown in docs/security.md). */
  by: string;
  /** The same as an OpenAPI security scheme: its name and definition (platform/http/openapi.ts). */
  scheme?: { id: string; definition: SecurityScheme };
}

const SESSION_COOKIE = 'mocua_session';
const CSRF_COOKIE = 'mocua_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * What a token is bound to: a digest of the session cookie (never the cookie itself), or
 * "anonymous" before sign-in. Signing in or out changes it, so a token read under one session
 * is refused under the next.
 */
function sessionBinding(request: FastifyRequest): string {
  const session = request.cookies[SESSION_COOKIE];
  return session ? createHash('sha256').update(session).digest('base64url') : 'anonymous';
}

/**
 * The key @fastify/csrf mixes into the session binding. It need not be secret: forging a
 * token needs the per-browser secret in the HttpOnly mocua_csrf cookie, which a cross-site
 * page cannot read; and every process must compute the same tokens, so it is not random.
 */
const BINDING_KEY = 'mocua-csrf-session-binding-v1';

function tokenOf(request: FastifyRequest): string | undefined {
  const fromBody = (request.body as Record<string, unknown> | undefined)?._csrf;
  if (typeof fromBody === 'string') return fromBody;
  const fromQuery = (request.query as Record<string, unknown> | undefined)?._csrf;
  if (typeof fromQuery === 'string') return fromQuery;
  const header = request.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
}

/**
 * The origins this server answers as: PUBLIC_URL's, and the one the request was addressed to.
 * `Origin: null` says nothing (browsers send it for every form post of a page served with
 * `Referrer-Policy: no-referrer`, as ours are): it is left to Sec-Fetch-Site and the token.
 */
function foreignOrigin(request: FastifyRequest, publicOrigin: string | undefined): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return false;
  return origin !== publicOrigin && origin !== `${request.protocol}://${request.host}`;
}

export async function installCsrf(
  app: FastifyInstance,
  config: Config,
  ownAuthentication: readonly OwnAuthenticationRoute[],
): Promise<void> {
  await app.register(csrf, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true },
    getToken: tokenOf,
    getUserInfo: sessionBinding,
    csrfOpts: { hmacKey: BINDING_KEY },
  });
  // Every token this app hands out (pages, /api/v1/csrf-token, the kiosk) is bound to the
  // session of the request that asked for it; callers keep calling reply.generateCsrf().
  app.addHook('onRequest', (request, reply, done) => {
    const generate = reply.generateCsrf;
    reply.generateCsrf = (opts) => generate.call(reply, { ...opts, userInfo: sessionBinding(request) });
    done();
  });

  const exempt = new Set(ownAuthentication.map((r) => `${r.method} ${r.url}`));
  const publicOrigin = config.publicUrl ? new URL(config.publicUrl).origin : undefined;
  app.addHook('preHandler', (request, reply, done) => {
    if (SAFE_METHODS.has(request.method)) return done();
    const route = request.routeOptions.url;
    // No route, nothing to protect: the 404 answers as it would for a GET.
    if (route === undefined || exempt.has(`${request.method} ${route}`)) return done();
    if (request.headers['sec-fetch-site'] === 'cross-site' || foreignOrigin(request, publicOrigin)) {
      return done(new DomainError('CROSS_SITE_REFUSED'));
    }
    app.csrfProtection(request, reply, done);
  });
}
