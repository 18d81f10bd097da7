/**
 * Route tests talk to the API as a well-behaved script client does (issue 11, finding 6):
 * before a POST, PUT, PATCH or DELETE it asks /api/v1/csrf-token for a token of its current
 * session (keeping the mocua_csrf cookie that comes with it) and sends it as x-csrf-token.
 * `apiClient(app)` installs that on app.inject, so the tests keep their shape and the server
 * keeps its check. Left alone: requests that already carry a token (or an explicit empty
 * one, to test the refusal), and form or multipart posts, which carry their page's token.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i;

function carriesToken(options: InjectOptions, headers: Record<string, unknown>): boolean {
  if ('x-csrf-token' in headers) return true;
  const url = typeof options.url === 'string' ? options.url : '';
  return /[?&]_csrf=/.test(url) || (typeof options.payload === 'string' && /(^|&)_csrf=/.test(options.payload));
}

/** The request as the client sends it: with its session's token and the CSRF cookie. */
export async function withCsrf(app: FastifyInstance, options: InjectOptions): Promise<InjectOptions> {
  const headers = { ...(options.headers ?? {}) } as Record<string, unknown>;
  const method = String(options.method ?? 'GET').toUpperCase();
  const type = typeof headers['content-type'] === 'string' ? headers['content-type'] : '';
  if (SAFE.has(method) || carriesToken(options, headers) || FORM.test(type)) return options;
  const cookie = typeof headers.cookie === 'string' ? headers.cookie : '';
  const asked = await original(app)({
    method: 'GET',
    url: '/api/v1/csrf-token',
    headers: cookie ? { cookie } : {},
    ...(options.cookies ? { cookies: options.cookies } : {}),
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
  const token = (asked.json() as { token: string }).token;
  const secret = asked.cookies.find((c) => c.name === 'mocua_csrf');
  const sent = { ...options, headers: { ...headers, 'x-csrf-token': token } as InjectOptions['headers'] };
  if (!secret) return sent;
  if (options.cookies) return { ...sent, cookies: { ...options.cookies, [secret.name]: secret.value } };
  const withSecret = [cookie, `${secret.name}=${secret.value}`].filter(Boolean).join('; ');
  return { ...sent, headers: { ...sent.headers, cookie: withSecret } };
}

type Inject = (options: InjectOptions) => Promise<LightMyRequestResponse>;
const originals = new WeakMap<FastifyInstance, Inject>();
const original = (app: FastifyInstance): Inject => originals.get(app) ?? ((o) => app.inject(o));

/** Makes app.inject(options) behave as a script client that sends its CSRF token. Returns the app. */
export function apiClient<T extends FastifyInstance>(app: T): T {
  if (originals.has(app)) return app;
  const inject = app.inject.bind(app) as Inject;
  originals.set(app, inject);
  const wrapped = async (options: InjectOptions) => inject(await withCsrf(app, options));
  Object.assign(app, { inject: wrapped });
  return app;
}
