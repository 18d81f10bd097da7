import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { desc, eq, inArray } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../config.ts';
import { createTestDb, type TestDb } from '../db/testing.ts';
import { createHttpApp } from '../http/app.ts';
import { apiClient } from '../http/testing.ts';
import { outbox } from '../notify/index.ts';
import { accountTokens, authPlugin, createAccount, resetPassword, totpCode } from './index.ts';

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
/** The newest message queued to an address, and the secret of the link in it. */
async function lastMessage(recipient: string) {
  const [row] = await t.db
    .select()
    .from(outbox)
    .where(eq(outbox.recipient, recipient))
    .orderBy(desc(outbox.id))
    .limit(1);
  const text = String((row?.payload as { text?: string } | undefined)?.text ?? '');
  return { row, text, secret: /[?&]ma=([A-Za-z0-9_-]+)/.exec(text)?.[1] };
}
/** Registers and confirms by the link sent to the login, as a person would. */
async function registerAndConfirm(payload: Record<string, string>, recipient: string) {
  assert.equal((await register(payload)).statusCode, 202);
  const { secret } = await lastMessage(recipient);
  assert.ok(secret, 'a confirmation link was sent');
  return app.inject({ method: 'POST', url: '/api/v1/auth/citizens/confirm', payload: { token: secret } });
}
const signIn = (payload: Record<string, string>, token?: string, remoteAddress = '127.0.0.1') =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload,
    cookies: token ? { mocua_session: token } : {},
    remoteAddress,
  });

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

test('finding 9: registration answers alike for a new and a taken login; the new one confirms by its link and is signed in', async () => {
  const first = await register({ login: '0977 000 002', password: 'mat-khau-dai', displayName: 'Trần Thị Mai' });
  assert.equal(first.statusCode, 202);
  assert.equal(sessionCookie(first), undefined); // nothing until the phone's owner confirms
  const sent = await lastMessage('+84977000002');
  assert.equal(sent.row?.channel, 'sms');
  assert.ok(sent.secret);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/citizens/confirm',
    payload: { token: sent.secret },
  });
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
  // The link works once.
  const replay = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/citizens/confirm',
    payload: { token: sent.secret },
  });
  assert.equal(replay.json().error.code, 'ACCOUNT_TOKEN_INVALID');
  // Registering the taken number answers exactly as a new one did; its owner gets a notice.
  const again = await register({ login: '+84977000002', password: 'mat-khau-khac', displayName: 'Mai' });
  assert.equal(again.statusCode, 202);
  assert.deepEqual(again.json(), first.json());
  const notice = await lastMessage('+84977000002');
  assert.notEqual(notice.row?.id, sent.row?.id);
  assert.equal(notice.secret, undefined);
  assert.match(notice.text, /đã có tài khoản/);
});

test('without a session /me answers 401 in Vietnamese', async () => {
  const res = await me(undefined);
  assert.equal(res.statusCode, 401);
  assert.equal(res.json().error.code, 'UNAUTHENTICATED');
  assert.equal((await me('forged-token')).statusCode, 401);
});

test('sign-in issues a new session id and the previous cookie stops working', async () => {
  await registerAndConfirm({ login: 'an@example.vn', password: 'mat-khau-dai', displayName: 'An' }, 'an@example.vn');
  const first = sessionCookie(await signIn({ login: 'AN@example.vn', password: 'mat-khau-dai' }));
  assert.ok(first);
  const second = sessionCookie(await signIn({ login: 'an@example.vn', password: 'mat-khau-dai' }, first.value));
  assert.ok(second);
  assert.notEqual(second.value, first.value);
  assert.equal((await me(first.value)).statusCode, 401);
  assert.equal((await me(second.value)).statusCode, 200);
});

test('a pre-sign-in cookie planted by someone else is never adopted', async () => {
  await registerAndConfirm(
    { login: 'binh@example.vn', password: 'mat-khau-dai', displayName: 'Bình' },
    'binh@example.vn',
  );
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

test('finding 9: repeated failures answer 429 with Retry-After, for a known and an unknown login alike', async () => {
  await registerAndConfirm(
    { login: 'dung@example.vn', password: 'mat-khau-dai', displayName: 'Dũng' },
    'dung@example.vn',
  );
  const answers = async (login: string) => {
    const out: Array<[number, string, string | undefined]> = [];
    for (let i = 0; i < 7; i++) {
      // Its own address: the per-address request limit (20 a minute) is another control.
      const res = await signIn({ login, password: 'sai-mat-khau' }, undefined, '192.0.2.9');
      out.push([res.statusCode, res.json().error.code, res.headers['retry-after'] as string | undefined]);
    }
    return out;
  };
  const known = await answers('dung@example.vn');
  assert.deepEqual(known, await answers('khong-ai-dung@example.vn'));
  assert.deepEqual(known.at(-1), [429, 'SIGN_IN_THROTTLED', '2']);
  assert.ok(known.every(([status]) => status !== 423));
  // Not a lock: once the delay has passed, the owner signs in.
  clock = new Date(clock.getTime() + 3_000);
  assert.equal(
    (await signIn({ login: 'dung@example.vn', password: 'mat-khau-dai' }, undefined, '192.0.2.9')).statusCode,
    200,
  );
});

test('finding 3: a citizen changes their password with the current one; every other session ends, the cookie rotates', async () => {
  const reg = await registerAndConfirm(
    { login: 'giang@example.vn', password: 'mat-khau-dai', displayName: 'Giang' },
    'giang@example.vn',
  );
  const other = sessionCookie(await signIn({ login: 'giang@example.vn', password: 'mat-khau-dai' }))?.value;
  const mine = sessionCookie(reg)?.value;
  assert.ok(mine && other);
  const change = (payload: Record<string, string>, token: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/password', payload, cookies: { mocua_session: token } });
  const wrong = await change({ currentPassword: 'khong-dung', newPassword: 'mat-khau-moi-9' }, other);
  assert.equal(wrong.json().error.code, 'CURRENT_PASSWORD_WRONG');
  const anonymousTry = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/password',
    payload: { currentPassword: 'mat-khau-dai', newPassword: 'mat-khau-moi-9' },
  });
  assert.equal(anonymousTry.statusCode, 401);
  const ok = await change({ currentPassword: 'mat-khau-dai', newPassword: 'mat-khau-moi-9' }, mine);
  assert.equal(ok.statusCode, 200);
  const fresh = sessionCookie(ok)?.value;
  assert.ok(fresh);
  assert.notEqual(fresh, mine);
  assert.equal((await me(mine)).statusCode, 401);
  assert.equal((await me(other)).statusCode, 401);
  assert.equal((await me(fresh)).statusCode, 200);
  assert.equal((await signIn({ login: 'giang@example.vn', password: 'mat-khau-dai' })).statusCode, 401);
  assert.equal((await signIn({ login: 'giang@example.vn', password: 'mat-khau-moi-9' })).statusCode, 200);
});

test('finding 3: a forgotten password is reset by a one-time link; an unknown login gets the same answer and no message', async () => {
  await registerAndConfirm({ login: 'hoa@example.vn', password: 'mat-khau-dai', displayName: 'Hoa' }, 'hoa@example.vn');
  const old = sessionCookie(await signIn({ login: 'hoa@example.vn', password: 'mat-khau-dai' }))?.value;
  const ask = (login: string) => app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { login } });
  const known = await ask('HOA@example.vn');
  const unknown = await ask('khong-co-hoa@example.vn');
  assert.equal(known.statusCode, 202);
  assert.deepEqual([unknown.statusCode, unknown.json()], [known.statusCode, known.json()]);
  assert.equal((await lastMessage('khong-co-hoa@example.vn')).row, undefined);
  const { row, secret } = await lastMessage('hoa@example.vn');
  assert.equal(row?.channel, 'email');
  assert.ok(secret);
  // Only the SHA-256 of the secret is stored.
  const stored = await t.db
    .select({ id: accountTokens.id })
    .from(accountTokens)
    .where(inArray(accountTokens.id, [secret, createHash('sha256').update(secret).digest('hex')]));
  assert.deepEqual(
    stored.map((r) => r.id),
    [createHash('sha256').update(secret).digest('hex')],
  );
  const use = (token: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, newPassword: 'mat-khau-moi-hoa' },
    });
  assert.equal((await use(secret)).statusCode, 204);
  assert.equal((await use(secret)).json().error.code, 'ACCOUNT_TOKEN_INVALID');
  assert.equal((await me(old)).statusCode, 401);
  assert.equal((await signIn({ login: 'hoa@example.vn', password: 'mat-khau-moi-hoa' })).statusCode, 200);
  // Flooding is refused silently: a fourth request within the hour sends nothing more.
  for (let i = 0; i < 4; i++) assert.equal((await ask('hoa@example.vn')).statusCode, 202);
  const sent = await t.db.select().from(outbox).where(eq(outbox.recipient, 'hoa@example.vn'));
  assert.equal(sent.filter((m) => m.topic === 'account.passwordReset').length, 3);
});

test('finding 3: the link expires after 30 minutes', async () => {
  await registerAndConfirm(
    { login: 'khanh@example.vn', password: 'mat-khau-dai', displayName: 'Khánh' },
    'khanh@example.vn',
  );
  await app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { login: 'khanh@example.vn' } });
  const { secret } = await lastMessage('khanh@example.vn');
  clock = new Date(clock.getTime() + 31 * 60_000);
  const late = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/password-reset/confirm',
    payload: { token: secret, newPassword: 'mat-khau-moi-kh' },
  });
  assert.equal(late.json().error.code, 'ACCOUNT_TOKEN_INVALID');
});

test('finding 3: after an administrator’s reset the session reaches only the change-password API until it is changed', async () => {
  await createAccount(t.db, {
    provinceCode: '08',
    kind: 'staff',
    login: 'canbo.reset',
    password: 'mat-khau-dai',
    displayName: 'Cán bộ',
  });
  await resetPassword(t.db, 'canbo.reset', 'do-quan-tri-dat');
  const res = await signIn({ login: 'canbo.reset', password: 'do-quan-tri-dat' });
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().account.mustChangePassword, true);
  const token = sessionCookie(res)?.value;
  assert.ok(token);
  assert.equal((await me(token)).statusCode, 200);
  const blocked = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/totp/enrol',
    cookies: { mocua_session: token },
  });
  assert.equal(blocked.statusCode, 403);
  assert.equal(blocked.json().error.code, 'PASSWORD_CHANGE_REQUIRED');
  const changed = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/password',
    cookies: { mocua_session: token },
    payload: { currentPassword: 'do-quan-tri-dat', newPassword: 'cua-rieng-toi' },
  });
  assert.equal(changed.statusCode, 200);
  assert.equal(changed.json().account.mustChangePassword, false);
  const fresh = sessionCookie(changed)?.value;
  const enrol = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/totp/enrol',
    cookies: { mocua_session: fresh ?? '' },
  });
  assert.equal(enrol.statusCode, 200);
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
  const reg = await registerAndConfirm(
    { login: 'cuong@example.vn', password: 'mat-khau-dai', displayName: 'Cường' },
    'cuong@example.vn',
  );
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

test('lower finding: the session cookie, set and cleared, is Secure when the site is served over https', async () => {
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
  const out = await secureApp.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-out',
    cookies: { mocua_session: sessionCookie(res)?.value ?? '' },
  });
  assert.equal(sessionCookie(out)?.secure, true);
  await secureApp.close();
});
