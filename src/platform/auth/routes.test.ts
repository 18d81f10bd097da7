import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../config.ts';
import { createTestDb, type TestDb } from '../db/testing.ts';
import { createHttpApp } from '../http/app.ts';
import { apiClient } from '../http/testing.ts';
import { authPlugin, createAccount, totpCode } from './index.ts';

let t: TestDb;
let app: FastifyInstance;
let clock = new Date('2026-06-01T01:00:00Z');

before(async () => {
  t = await createTestDb();
  app = await createHttpApp({ config: loadConfig({ RATE_LIMIT_PER_MINUTE: '1000000' }), database: t, logger: false });
  apiClient(app);
  await authPlugin(app, {
    now: () => clock,
    // What the directory will do: a staff member's agency and roles.
    resolveCaller: async (a) =>
      a.kind === 'staff'
        ? { kind: 'staff', id: a.id, provinceCode: a.provinceCode, agencyId: 'agency-1', roles: ['receiver'] }
        : { kind: 'citizen', id: a.id },
  });
  await app.ready();
});
after(async () => {
  await app.close();
  await t.close();
});

const sessionCookie = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === 'mocua_session');
const me = (token: string | undefined) =>
  app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: token ? { mocua_session: token } : {} });
const register = (payload: Record<string, string>) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/citizens', payload });
const signIn = (payload: Record<string, string>, token?: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload, cookies: token ? { mocua_session: token } : {} });

test('citizen registration checks the login, the password and the name, in Vietnamese', async () => {
  const badLogin = await register({ login: 'khong-phai-sdt', password: 'mat-khau-dai', displayName: 'Lê Văn Nam' });
  assert.equal(badLogin.statusCode, 400);
  assert.equal(badLogin.json().error.code, 'LOGIN_INVALID');
  assert.match(badLogin.json().error.message, /số điện thoại/);
  const shortPassword = await register({ login: '0977000001', password: 'ngan', displayName: 'Lê Văn Nam' });
  assert.equal(shortPassword.json().error.code, 'PASSWORD_TOO_WEAK');
  const noName = await register({ login: '0977000001', password: 'mat-khau-dai' });
  assert.equal(noName.json().error.code, 'VALIDATION_FAILED');
});

test('a new citizen is signed in at once with a HttpOnly, SameSite=Lax session cookie', async () => {
  const res = await register({ login: '0977 000 002', password: 'mat-khau-dai', displayName: 'Trần Thị Mai' });
  assert.equal(res.statusCode, 201);
  assert.equal(res.json().account.login, '+84977000002');
  const cookie = sessionCookie(res);
  assert.ok(cookie);
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  assert.equal(cookie.path, '/');
  assert.equal(cookie.secure, undefined); // http://localhost: no Secure flag
  const who = await me(cookie.value);
  assert.equal(who.statusCode, 200);
  assert.deepEqual(who.json().caller, { kind: 'citizen' });
  assert.equal(who.json().account.displayName, 'Trần Thị Mai');
  const again = await register({ login: '+84977000002', password: 'mat-khau-dai', displayName: 'Mai' });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().error.code, 'ACCOUNT_LOGIN_TAKEN');
});

test('without a session /me answers 401 in Vietnamese', async () => {
  const res = await me(undefined);
  assert.equal(res.statusCode, 401);
  assert.equal(res.json().error.code, 'UNAUTHENTICATED');
  assert.equal((await me('forged-token')).statusCode, 401);
});

test('sign-in issues a new session id and the previous cookie stops working', async () => {
  await register({ login: 'an@example.vn', password: 'mat-khau-dai', displayName: 'An' });
  const first = sessionCookie(await signIn({ login: 'AN@example.vn', password: 'mat-khau-dai' }));
  assert.ok(first);
  const second = sessionCookie(await signIn({ login: 'an@example.vn', password: 'mat-khau-dai' }, first.value));
  assert.ok(second);
  assert.notEqual(second.value, first.value);
  assert.equal((await me(first.value)).statusCode, 401);
  assert.equal((await me(second.value)).statusCode, 200);
});

test('a pre-sign-in cookie planted by someone else is never adopted', async () => {
  await register({ login: 'binh@example.vn', password: 'mat-khau-dai', displayName: 'Bình' });
  const planted = 'attacker-chosen-token-value';
  const res = await signIn({ login: 'binh@example.vn', password: 'mat-khau-dai' }, planted);
  assert.notEqual(sessionCookie(res)?.value, planted);
  assert.equal((await me(planted)).statusCode, 401);
});

test('wrong password and unknown login answer alike over HTTP', async () => {
  const wrong = await signIn({ login: 'an@example.vn', password: 'sai-mat-khau' });
  const unknown = await signIn({ login: 'khong-co@example.vn', password: 'sai-mat-khau' });
  assert.equal(wrong.statusCode, 401);
  assert.deepEqual({ ...wrong.json().error, requestId: '' }, { ...unknown.json().error, requestId: '' });
});

test('the fifth wrong password answers 423 with the unlock time', async () => {
  await register({ login: 'dung@example.vn', password: 'mat-khau-dai', displayName: 'Dũng' });
  for (let i = 0; i < 4; i++)
    assert.equal((await signIn({ login: 'dung@example.vn', password: 'sai-mat-khau' })).statusCode, 401);
  const locked = await signIn({ login: 'dung@example.vn', password: 'sai-mat-khau' });
  assert.equal(locked.statusCode, 423);
  assert.equal(locked.json().error.code, 'ACCOUNT_LOCKED');
  assert.equal(locked.json().error.details.lockedUntil, new Date(clock.getTime() + 15 * 60_000).toISOString());
  assert.match(locked.json().error.message, /Vui lòng thử lại sau \d\d:\d\d ngày/);
});

test('sign-out ends the session and clears the cookie', async () => {
  const cookie = sessionCookie(await signIn({ login: 'an@example.vn', password: 'mat-khau-dai' }));
  assert.ok(cookie);
  const out = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-out',
    cookies: { mocua_session: cookie.value },
  });
  assert.equal(out.statusCode, 204);
  assert.equal(sessionCookie(out)?.value, '');
  assert.equal((await me(cookie.value)).statusCode, 401);
});

test('staff get their agency and roles from resolveCaller', async () => {
  await createAccount(t.db, {
    provinceCode: '08',
    kind: 'staff',
    login: 'tiepnhan01',
    password: 'mat-khau-dai',
    displayName: 'Cán bộ',
  });
  const cookie = sessionCookie(await signIn({ login: 'tiepnhan01', password: 'mat-khau-dai' }));
  const who = await me(cookie?.value);
  assert.deepEqual(who.json().caller, { kind: 'staff', agencyId: 'agency-1', roles: ['receiver'] });
});

test('after TOTP is confirmed, the password alone does not sign in until the code is verified', async () => {
  const reg = await register({ login: 'cuong@example.vn', password: 'mat-khau-dai', displayName: 'Cường' });
  const token = sessionCookie(reg)?.value;
  assert.ok(token);
  const enrol = await app.inject({ method: 'POST', url: '/api/v1/auth/totp/enrol', cookies: { mocua_session: token } });
  assert.equal(enrol.statusCode, 200);
  const { secret, uri } = enrol.json();
  assert.match(uri, /^otpauth:\/\/totp\/.*secret=/);
  const confirm = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/totp/confirm',
    cookies: { mocua_session: token },
    payload: { code: totpCode(secret, clock) },
  });
  assert.equal(confirm.statusCode, 204);

  clock = new Date(clock.getTime() + 60_000);
  const first = await signIn({ login: 'cuong@example.vn', password: 'mat-khau-dai' });
  assert.equal(first.json().totpRequired, true);
  const pending = sessionCookie(first)?.value;
  assert.ok(pending);
  assert.equal((await me(pending)).statusCode, 401);
  const enrolWhilePending = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/totp/enrol',
    cookies: { mocua_session: pending },
  });
  assert.equal(enrolWhilePending.statusCode, 401);
  const verify = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/totp/verify',
    cookies: { mocua_session: pending },
    payload: { code: totpCode(secret, clock) },
  });
  assert.equal(verify.statusCode, 200);
  const full = sessionCookie(verify)?.value;
  assert.ok(full);
  assert.notEqual(full, pending);
  assert.equal((await me(full)).json().account.totpEnabled, true);
});

test('the session cookie is Secure when the site is served over https', async () => {
  const secureApp = await createHttpApp({
    config: loadConfig({ PUBLIC_URL: 'https://dichvucong.example.gov.vn', RATE_LIMIT_PER_MINUTE: '1000000' }),
    database: t,
    logger: false,
  });
  await authPlugin(secureApp);
  await secureApp.ready();
  apiClient(secureApp);
  const res = await secureApp.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { login: 'an@example.vn', password: 'mat-khau-dai' },
  });
  assert.equal(sessionCookie(res)?.secure, true);
  await secureApp.close();
});
