import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditTrail, verifyAudit } from '../audit/index.ts';
import { createTestDb, type TestDb } from '../db/testing.ts';
import { DomainError } from '../errors.ts';
import {
  accounts,
  completeTotpSignIn,
  confirmTotp,
  createAccount,
  destroySession,
  enrolTotp,
  loadSession,
  type SignInInput,
  signIn,
  totpCode,
} from './index.ts';

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(() => t.close());

const T0 = new Date('2026-05-04T02:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const opts = (now: Date) => ({ ttlHours: 12, now });
let n = 0;
async function citizen(password = 'mat-khau-dung') {
  const login = `nguoidan${++n}@example.vn`;
  const { id } = await createAccount(t.db, {
    provinceCode: '08',
    kind: 'citizen',
    login,
    password,
    displayName: `Người dân ${n}`,
  });
  return { id, login, password };
}
const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof DomainError, String(err));
    return err;
  }
  assert.fail('expected a refusal');
};

test('an unknown login and a wrong password get the same answer', async () => {
  const { login } = await citizen();
  const unknown = await failure(signIn(t.db, { login: 'ai-do@example.vn', password: 'mat-khau-dung' }, opts(T0)));
  const wrong = await failure(signIn(t.db, { login, password: 'mat-khau-sai' }, opts(T0)));
  assert.equal(unknown.code, 'SIGN_IN_FAILED');
  assert.deepEqual(
    [wrong.code, wrong.status, wrong.message, wrong.details],
    [unknown.code, unknown.status, unknown.message, unknown.details],
  );
});

test('five failures in a row lock the account for 15 minutes, even against the right password', async () => {
  const { id, login, password } = await citizen();
  for (let i = 1; i <= 4; i++) {
    assert.equal(
      (await failure(signIn(t.db, { login, password: `sai-${i}-xxxx` }, opts(at(i))))).code,
      'SIGN_IN_FAILED',
    );
  }
  const fifth = await failure(signIn(t.db, { login, password: 'sai-5-xxxx' }, opts(at(5))));
  assert.equal(fifth.code, 'ACCOUNT_LOCKED');
  assert.equal(fifth.status, 423);
  assert.equal(fifth.details.lockedUntil, at(20).toISOString());
  assert.match(fifth.message, /thử lại sau 09:20 ngày 04\/05\/2026/); // 02:20 UTC in Vietnam time
  const locked = await failure(signIn(t.db, { login, password }, opts(at(19))));
  assert.equal(locked.code, 'ACCOUNT_LOCKED');
  assert.equal(locked.details.lockedUntil, at(20).toISOString());
  const actions = (await auditTrail(t.db, `account:${id}`)).map((e) => e.action);
  assert.deepEqual(actions.slice(1), [...Array(5).fill('sign_in.failed'), 'account.locked', 'sign_in.refused_locked']);
});

test('after the lock window the right password signs in and the count starts again', async () => {
  const { id, login, password } = await citizen();
  for (let i = 1; i <= 5; i++) await failure(signIn(t.db, { login, password: 'sai-sai-sai' }, opts(at(i))));
  const ok = await signIn(t.db, { login, password }, opts(at(20)));
  assert.equal(ok.account.id, id);
  const [row] = await t.db.select().from(accounts).where(eq(accounts.id, id));
  assert.equal(row?.failedAttempts, 0);
  assert.equal(row?.lockedUntil, null);
  // Four new failures do not lock: the earlier ones no longer count.
  for (let i = 21; i <= 24; i++) await failure(signIn(t.db, { login, password: 'sai-sai-sai' }, opts(at(i))));
  assert.equal((await signIn(t.db, { login, password }, opts(at(25)))).account.id, id);
  const actions = (await auditTrail(t.db, `account:${id}`)).map((e) => e.action);
  assert.ok(actions.includes('sign_in.succeeded'));
});

test('the lockout limits are options', async () => {
  const { login, password } = await citizen();
  const lockout = { maxFailures: 2, lockMinutes: 1 };
  await failure(signIn(t.db, { login, password: 'sai-sai-sai' }, { ...opts(at(0)), lockout }));
  const second = await failure(signIn(t.db, { login, password: 'sai-sai-sai' }, { ...opts(at(0)), lockout }));
  assert.equal(second.details.lockedUntil, at(1).toISOString());
  assert.ok(await signIn(t.db, { login, password }, { ...opts(at(1)), lockout }));
});

test('every sign-in opens a new session and ends the one the browser held before', async () => {
  const { login, password } = await citizen();
  const first = await signIn(t.db, { login, password }, opts(T0));
  const second = await signIn(t.db, { login, password, replacesToken: first.token }, opts(T0));
  assert.notEqual(second.token, first.token);
  assert.notEqual(second.session.id, first.session.id);
  assert.equal(second.session.id.length, 64); // only the SHA-256 of the token is stored
  assert.notEqual(second.session.id, second.token);
  assert.equal(await loadSession(t.db, first.token, opts(T0)), undefined);
  assert.equal((await loadSession(t.db, second.token, opts(T0)))?.account.login, login);
});

test('sessions slide: activity keeps one alive, 12 idle hours end it', async () => {
  const { login, password } = await citizen();
  const { token } = await signIn(t.db, { login, password }, opts(T0));
  const later = await loadSession(t.db, token, opts(at(11 * 60)));
  assert.equal(later?.session.expiresAt.toISOString(), at(23 * 60).toISOString());
  assert.ok(await loadSession(t.db, token, opts(at(22 * 60))));
  assert.equal(await loadSession(t.db, token, opts(at(22 * 60 + 12 * 60 + 1))), undefined);
});

test('sign-out ends the session', async () => {
  const { login, password } = await citizen();
  const { token } = await signIn(t.db, { login, password }, opts(T0));
  await destroySession(t.db, token);
  assert.equal(await loadSession(t.db, token, opts(T0)), undefined);
});

test('once TOTP is enrolled and confirmed, a password alone only opens a session waiting for the code', async () => {
  const { id, login, password } = await citizen();
  const { uri, secret } = await enrolTotp(t.db, id);
  assert.match(uri, /^otpauth:\/\/totp\//);
  // Enrolled but not confirmed: sign-in still needs only the password.
  assert.equal((await signIn(t.db, { login, password }, opts(T0))).totpPending, false);
  await assert.rejects(
    confirmTotp(t.db, id, '000000', { now: T0 }),
    (e: unknown) => e instanceof DomainError && e.code === 'TOTP_INVALID',
  );
  await confirmTotp(t.db, id, totpCode(secret, T0), { now: T0 });

  const pending = await signIn(t.db, { login, password }, opts(at(1)));
  assert.equal(pending.totpPending, true);
  assert.equal((await loadSession(t.db, pending.token, opts(at(1))))?.session.totpPending, true);
  const wrong = await failure(completeTotpSignIn(t.db, { token: pending.token, code: '123456' }, opts(at(1))));
  assert.equal(wrong.code, 'TOTP_INVALID');
  const full = await completeTotpSignIn(t.db, { token: pending.token, code: totpCode(secret, at(1)) }, opts(at(1)));
  assert.equal(full.totpPending, false);
  assert.notEqual(full.token, pending.token);
  assert.equal(await loadSession(t.db, pending.token, opts(at(1))), undefined);
  assert.equal((await loadSession(t.db, full.token, opts(at(1))))?.session.totpPending, false);

  // The same code cannot be used twice.
  const replay: SignInInput = { login, password, totp: totpCode(secret, at(1)) };
  assert.equal((await failure(signIn(t.db, replay, opts(at(1))))).code, 'TOTP_INVALID');
  // Password plus a fresh code in one request signs in directly.
  const direct = await signIn(t.db, { login, password, totp: totpCode(secret, at(3)) }, opts(at(3)));
  assert.equal(direct.totpPending, false);
});

test('wrong TOTP codes count toward the lockout', async () => {
  const { id, login, password } = await citizen();
  const { secret } = await enrolTotp(t.db, id);
  await confirmTotp(t.db, id, totpCode(secret, T0), { now: T0 });
  for (let i = 1; i <= 4; i++) await failure(signIn(t.db, { login, password, totp: '000000' }, opts(at(i))));
  assert.equal((await failure(signIn(t.db, { login, password, totp: '000000' }, opts(at(5))))).code, 'ACCOUNT_LOCKED');
  assert.equal((await verifyAudit(t.db)).firstBreak, null);
});
