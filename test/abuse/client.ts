import { forgetBetweenTests } from '../../src/platform/process-state.ts';

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

const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter((c) => !c.startsWith('mocua_csrf='))
    .join('; ');

/** What each demo login's password is now in this process (after a forced change). */
const currentPasswords = new Map<string, string>();
// Each test file starts a server on a database of its own, where the password is the published one again.
forgetBetweenTests(() => currentPasswords.clear());

/**
 * Signs a demo officer in and returns the session cookie. Where the server seeds demo accounts
 * on a reachable database (SEED_DEMO=true, as the bench and the crash test start PostgreSQL),
 * the published password must be changed at the first sign-in: this does it, as the officer
 * would, and remembers the new one for the next sign-in of the same login.
 */
export async function signInOfficer(base: string, login: string): Promise<string> {
  const password = currentPasswords.get(login) ?? 'MoCua@2026';
  const anonymous = await csrfFor(base);
  const res = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: anonymous.cookie, 'x-csrf-token': anonymous.token },
    body: JSON.stringify({ login, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in ${login}: ${res.status} ${await res.text()}`);
  const cookie = cookiesOf(res);
  const { account } = (await res.json()) as { account: { mustChangePassword: boolean } };
  if (!account.mustChangePassword) return cookie;
  const client = await csrfFor(base, cookie);
  const newPassword = `${password}-${login}`;
  const changed = await fetch(`${base}/api/v1/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: client.cookie, 'x-csrf-token': client.token },
    body: JSON.stringify({ currentPassword: password, newPassword }),
  });
  if (changed.status !== 200) throw new Error(`password change ${login}: ${changed.status} ${await changed.text()}`);
  currentPasswords.set(login, newPassword);
  return cookiesOf(changed);
}
