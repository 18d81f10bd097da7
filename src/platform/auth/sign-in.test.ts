import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { auditTrail, verifyAudit } from '../audit/index.ts';
import { createTestDb, type TestDb } from '../db/testing.ts';
import { DomainError } from '../errors.ts';
import {
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

const sec = (minutes: number, seconds: number) => new Date(at(minutes).getTime() + seconds * 1000);
const ip = '203.0.113.7';

test('finding 9: failures bring growing delays (429 SIGN_IN_THROTTLED), alike for a known and an unknown login', async () => {
  const known = await citizen();
  const outcomes = async (login: string) => {
    const seen: Array<[string, number, unknown]> = [];
    for (let i = 1; i <= 7; i++) {
      const err = await failure(signIn(t.db, { login, password: `sai-${i}-xxxx`, ip }, opts(sec(0, 0))));
      seen.push([err.code, err.status, err.details]);
    }
    return seen;
  };
  const forKnown = await outcomes(known.login);
  const forUnknown = await outcomes('chua-co-ai@example.vn');
  assert.deepEqual(forKnown, forUnknown);
  // Five free failures, the sixth starts a 2 s delay, during which even the right password waits.
  assert.deepEqual(
    forKnown.map(([code]) => code),
    [...Array(6).fill('SIGN_IN_FAILED'), 'SIGN_IN_THROTTLED'],
  );
  assert.deepEqual(forKnown[6], ['SIGN_IN_THROTTLED', 429, { retryAfterSeconds: 2 }]);
  const waiting = await failure(signIn(t.db, { login: known.login, password: known.password, ip }, opts(sec(0, 1))));
  assert.equal(waiting.code, 'SIGN_IN_THROTTLED');
  // Each further failure doubles the delay: after the wait, one more failure means 4 s.
  await failure(signIn(t.db, { login: known.login, password: 'sai-sai-sai', ip }, opts(sec(0, 2))));
  const doubled = await failure(signIn(t.db, { login: known.login, password: known.password, ip }, opts(sec(0, 3))));
  assert.deepEqual(doubled.details, { retryAfterSeconds: 3 });
  const ok = await signIn(t.db, { login: known.login, password: known.password, ip }, opts(sec(0, 6)));
  assert.equal(ok.account.id, known.id);
  const actions = (await auditTrail(t.db, `account:${known.id}`)).map((e) => e.action);
  assert.deepEqual(actions.slice(1), [...Array(7).fill('sign_in.failed'), 'sign_in.succeeded']);
});

test('finding 9: a stranger failing on someone’s login from many addresses delays its owner a minute at most, never locks', async () => {
  const { id, login, password } = await citizen();
  for (let i = 1; i <= 30; i++) {
    const err = await failure(signIn(t.db, { login, password: 'doan-mo-xxx', ip: `198.51.100.${i}` }, opts(at(i))));
    assert.equal(err.code, 'SIGN_IN_FAILED');
  }
  const held = await failure(signIn(t.db, { login, password, ip }, opts(sec(30, 1))));
  assert.equal(held.code, 'SIGN_IN_THROTTLED');
  assert.ok(Number(held.details.retryAfterSeconds) <= 60);
  assert.equal((await signIn(t.db, { login, password, ip }, opts(sec(31, 1)))).account.id, id);
});

test('a right password clears the login’s failures: five new ones are free again', async () => {
  const { id, login, password } = await citizen();
  for (let i = 1; i <= 6; i++) await failure(signIn(t.db, { login, password: 'sai-sai-sai', ip }, opts(at(0))));
  assert.equal((await signIn(t.db, { login, password, ip }, opts(at(1)))).account.id, id);
  for (let i = 1; i <= 5; i++) {
    const err = await failure(signIn(t.db, { login, password: 'sai-sai-sai', ip }, opts(at(2))));
    assert.equal(err.code, 'SIGN_IN_FAILED');
  }
  assert.equal((await signIn(t.db, { login, password, ip }, opts(at(2)))).account.id, id);
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

test('wrong TOTP codes count toward the same delays', async () => {
  const { id, login, password } = await citizen();
  const { secret } = await enrolTotp(t.db, id);
  await confirmTotp(t.db, id, totpCode(secret, T0), { now: T0 });
  for (let i = 1; i <= 6; i++) {
    const err = await failure(signIn(t.db, { login, password, totp: '000000', ip }, opts(at(1))));
    assert.equal(err.code, 'TOTP_INVALID');
  }
  const held = await failure(signIn(t.db, { login, password, totp: totpCode(secret, at(1)), ip }, opts(at(1))));
  assert.equal(held.code, 'SIGN_IN_THROTTLED');
  assert.equal((await verifyAudit(t.db)).firstBreak, null);
});
