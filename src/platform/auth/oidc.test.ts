/**
 * End to end: a real OpenID provider (oidc-provider) and our app, both listening on
 * 127.0.0.1, driven through the whole browser redirect flow with fetch.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import Provider from 'oidc-provider';
import { loadConfig } from '../config.ts';
import { createTestDb, type TestDb } from '../db/testing.ts';
import { createHttpApp } from '../http/app.ts';
import { apiClient } from '../http/testing.ts';
import { authPlugin, createAccount, findAccountByLogin, linkOidcIdentity, safeReturnTo } from './index.ts';

const users: Record<string, { email?: string; email_verified?: boolean; name?: string }> = {
  'user-hoa': { email: 'Hoa.Nguyen@Example.vn', email_verified: true, name: 'Nguyễn Thị Hoa' },
  'user-existing': { email: 'da-co@example.vn', email_verified: true, name: 'Đã Có' },
  'user-unverified': { email: 'chua-xac-minh@example.vn', email_verified: false, name: 'Chưa Xác Minh' },
  'staff-lan': { email: 'lan.canbo@example.vn', email_verified: true, name: 'Trần Thị Lan' },
};

let t: TestDb;
let idp: Server;
let app: FastifyInstance;
let issuer: string;
let appUrl: string;

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
async function freePort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

before(async () => {
  t = await createTestDb();
  idp = createServer();
  issuer = `http://127.0.0.1:${await listen(idp)}`;
  const appPort = await freePort();
  appUrl = `http://127.0.0.1:${appPort}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'mocua',
        client_secret: 'mocua-test-secret',
        redirect_uris: [`${appUrl}/auth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['test-cookie-key'] },
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id, ...users[id] }) }),
  });
  idp.on('request', provider.callback());

  const config = loadConfig({
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: 'mocua',
    OIDC_CLIENT_SECRET: 'mocua-test-secret',
    OIDC_SCOPES: 'openid email profile',
    PUBLIC_URL: appUrl,
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  app = await createHttpApp({ config, database: t, logger: false });
  apiClient(app);
  await authPlugin(app);
  await app.listen({ port: appPort, host: '127.0.0.1' });
});
after(async () => {
  await app.close();
  await new Promise((r) => idp.close(r));
  await t.close();
});

/** A browser in miniature: one cookie jar per origin, redirects followed by hand. */
class Browser {
  jars = new Map<string, Map<string, string>>();
  cookie(origin: string, name: string) {
    return this.jars.get(origin)?.get(name);
  }
  async request(url: string, init: { method?: string; body?: URLSearchParams } = {}) {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/html' },
      ...(init.body ? { body: init.body } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const [name, value] = [pair.slice(0, i).trim(), pair.slice(i + 1).trim()];
      const expired = attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim())) || value === '';
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }
  /** Follows redirects and submits the provider's login and consent forms until `until` is reached. */
  async run(start: string, login: string, until: (url: URL) => boolean) {
    let url = start;
    let res = await this.request(url);
    for (let hops = 0; hops < 20; hops++) {
      if (res.status >= 300 && res.status < 400) {
        url = new URL(res.headers.get('location') ?? '', url).href;
        if (until(new URL(url))) return { url, res: await this.request(url) };
        res = await this.request(url);
        continue;
      }
      const html = await res.text();
      const form = /<form[^>]*action="([^"]+)"[^>]*method="post"/i.exec(html);
      assert.ok(form?.[1], `expected a form at ${url} (${res.status}): ${html.slice(0, 300)}`);
      const fields = new URLSearchParams();
      for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/gi))
        fields.set(m[1] ?? '', m[2] ?? '');
      if (fields.get('prompt') === 'login') {
        fields.set('login', login);
        fields.set('password', 'bat-ky');
      }
      url = new URL(form[1].replaceAll('&amp;', '&'), url).href;
      res = await this.request(url, { method: 'POST', body: fields });
    }
    throw new Error('too many hops');
  }
  async signInAt(kind: 'citizen' | 'staff', login: string, returnTo = '/ho-so-cua-toi') {
    const start = `${appUrl}/auth/oidc/start?kind=${kind}&returnTo=${encodeURIComponent(returnTo)}`;
    return this.run(start, login, (u) => u.origin === appUrl && u.pathname === '/auth/oidc/callback');
  }
  me() {
    return this.request(`${appUrl}/api/v1/auth/me`);
  }
}

test('a citizen signs in through the identity provider and lands back signed in', async () => {
  const browser = new Browser();
  const { res } = await browser.signInAt('citizen', 'user-hoa');
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), '/ho-so-cua-toi');
  assert.ok(browser.cookie(appUrl, 'mocua_session'));
  const me = await browser.me();
  assert.equal(me.status, 200);
  const body = await me.json();
  assert.deepEqual(body.caller, { kind: 'citizen' });
  assert.equal(body.account.login, 'hoa.nguyen@example.vn');
  assert.equal(body.account.displayName, 'Nguyễn Thị Hoa');

  // A second sign-in finds the same account by (issuer, subject).
  const again = new Browser();
  await again.signInAt('citizen', 'user-hoa');
  assert.equal((await (await again.me()).json()).account.id, body.account.id);
});

test('a citizen who registered with the same verified e-mail is linked, not duplicated', async () => {
  const { id } = await createAccount(t.db, {
    provinceCode: '08',
    kind: 'citizen',
    login: 'da-co@example.vn',
    password: 'mat-khau-dai',
    displayName: 'Đã Có',
  });
  const browser = new Browser();
  await browser.signInAt('citizen', 'user-existing');
  assert.equal((await (await browser.me()).json()).account.id, id);
  assert.equal((await findAccountByLogin(t.db, 'da-co@example.vn'))?.oidcSubject, 'user-existing');
});

test('an unverified e-mail is not used as the login of the new citizen account', async () => {
  const browser = new Browser();
  await browser.signInAt('citizen', 'user-unverified');
  const body = await (await browser.me()).json();
  assert.match(body.account.login, /^oidc:/);
  assert.equal(await findAccountByLogin(t.db, 'chua-xac-minh@example.vn'), undefined);
});

test('an officer not yet linked by an administrator is refused in Vietnamese', async () => {
  const browser = new Browser();
  const { res } = await browser.signInAt('staff', 'staff-lan');
  assert.equal(res.status, 403);
  assert.match(await res.text(), /chưa được liên kết với tài khoản cán bộ/);
  assert.equal(browser.cookie(appUrl, 'mocua_session'), undefined);
  assert.equal(await findAccountByLogin(t.db, 'lan.canbo@example.vn'), undefined);
});

test('an officer linked by an administrator signs in as staff', async () => {
  const { id } = await createAccount(t.db, {
    provinceCode: '08',
    kind: 'staff',
    login: 'lan.tn',
    displayName: 'Trần Thị Lan',
  });
  await linkOidcIdentity(t.db, id, { issuer, subject: 'staff-lan' }, { kind: 'system', name: 'test' });
  const browser = new Browser();
  await browser.signInAt('staff', 'staff-lan', '/workspace');
  const body = await (await browser.me()).json();
  assert.equal(body.account.id, id);
  assert.equal(body.caller.kind, 'staff');
});

test('a callback without the browser-bound state cookie is refused', async () => {
  const victim = new Browser();
  const start = await victim.request(`${appUrl}/auth/oidc/start?kind=citizen`);
  const state = new URL(start.headers.get('location') ?? '').searchParams.get('state');
  const other = new Browser();
  const res = await other.request(`${appUrl}/auth/oidc/callback?code=x&state=${state}`);
  assert.equal(res.status, 400);
  assert.match(await res.text(), /đã hết hạn hoặc không hợp lệ/);
});

test('returnTo only ever points inside this site', () => {
  assert.equal(safeReturnTo('/ho-so?ma=1'), '/ho-so?ma=1');
  for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', undefined]) {
    assert.equal(safeReturnTo(bad), '/');
  }
});
