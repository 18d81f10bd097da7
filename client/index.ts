/**
 * The TypeScript client of the Mở Cửa API (issue 22): openapi-fetch over the types that
 * openapi-typescript generates from the OpenAPI description (`npm run openapi` writes
 * client/schema.d.ts from the routes; an integrator runs `npx openapi-typescript
 * https://<PUBLIC_URL>/api/docs/json -o schema.d.ts` instead). Every method, path, parameter,
 * body and answer, errors included, is typed from the description, so a use that no longer
 * matches the routes fails to compile.
 *
 * `sessionClient` adds what a script (not a browser) must do itself: keep the cookies the
 * server sets (the session and the CSRF secret) and send the session's CSRF token on every
 * POST, PUT, PATCH and DELETE, asking /api/v1/csrf-token again when the session changes
 * (docs/integrators.md). A browser keeps cookies itself and only needs the token header.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema.d.ts';

export type { paths } from './schema.d.ts';
export type MocuaClient = Client<paths>;

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A cookie jar for one server: name → value, as its Set-Cookie headers leave them. */
class CookieJar {
  readonly #cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      if (at <= 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  /** Cookies given as a Cookie header (`a=1; b=2`), e.g. a session signed in elsewhere. */
  put(header: string): void {
    for (const pair of header.split(';')) {
      const at = pair.indexOf('=');
      if (at > 0) this.#cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** A client that keeps its cookies and sends the session's CSRF token on every state change. */
export function sessionClient(
  baseUrl: string,
  options: { headers?: Record<string, string>; cookie?: string } = {},
): MocuaClient {
  const jar = new CookieJar();
  if (options.cookie) jar.put(options.cookie);
  // The token is bound to the session: asked again whenever the session cookie changes.
  let token: { session: string | undefined; value: string } | undefined;
  const csrfToken = async (): Promise<string> => {
    const session = jar.get('mocua_session');
    if (token && token.session === session) return token.value;
    const res = await fetch(new URL('/api/v1/csrf-token', baseUrl), { headers: { cookie: jar.header() } });
    jar.take(res);
    if (!res.ok) throw new Error(`GET /api/v1/csrf-token answered ${res.status}`);
    const { token: value } = (await res.json()) as { token: string };
    token = { session, value };
    return value;
  };
  const cookies: Middleware = {
    async onRequest({ request }) {
      if (!SAFE.has(request.method) && !request.headers.has('x-csrf-token')) {
        request.headers.set('x-csrf-token', await csrfToken());
      }
      const cookie = jar.header();
      if (cookie) request.headers.set('cookie', cookie);
      return request;
    },
    onResponse({ response }) {
      jar.take(response);
      return response;
    },
  };
  const client = createClient<paths>({ baseUrl, ...(options.headers ? { headers: options.headers } : {}) });
  client.use(cookies);
  return client;
}
