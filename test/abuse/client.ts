/** A script client for the abuse tests: keeps its cookies and sends its session's CSRF token on every state change. */
export interface Client {
  cookie: string;
  token: string;
}

/** The cookie header with the CSRF secret and a token of the session in `cookie` ('' for anonymous). */
export async function csrfFor(base: string, cookie = ''): Promise<Client> {
  const res = await fetch(`${base}/api/v1/csrf-token`, { headers: cookie ? { cookie } : {} });
  const token = ((await res.json()) as { token: string }).token;
  const secret = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter((c) => c.startsWith('mocua_csrf='));
  return { cookie: [cookie, ...secret].filter(Boolean).join('; '), token };
}

/** fetch as that client: its cookies, and x-csrf-token on POST, PUT, PATCH and DELETE. */
export function clientFetch(base: string, client: Client) {
  return (path: string, init: RequestInit = {}) => {
    const method = (init.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = { cookie: client.cookie, ...(init.headers as Record<string, string>) };
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && !('x-csrf-token' in headers))
      headers['x-csrf-token'] = client.token;
    return fetch(`${base}${path}`, { ...init, headers });
  };
}
