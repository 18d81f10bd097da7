import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseOptions } from '@node-rs/argon2';
import { auditTrail } from '../audit/index.ts';
import { createTestDb, type TestDb } from '../db/testing.ts';
import { DomainError } from '../errors.ts';
import {
  createAccount,
  createAdmin,
  createSession,
  findAccountByLogin,
  hashPassword,
  loadSession,
  resetPassword,
  setPassword,
  signIn,
  verifyPassword,
} from './index.ts';

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(() => t.close());

const rejectsWith = (p: Promise<unknown>, code: string) =>
  assert.rejects(p, (err: unknown) => err instanceof DomainError && err.code === code);

test('passwords are hashed with argon2id, salted, and verify only with the right password', async () => {
  const a = await hashPassword('mật khẩu bí mật');
  const b = await hashPassword('mật khẩu bí mật');
  assert.match(a, /^\$argon2id\$/);
  assert.notEqual(a, b);
  assert.ok(parseOptions(a).memoryCost >= 19_456);
  assert.equal(await verifyPassword(a, 'mật khẩu bí mật'), true);
  // NFC and NFD spellings of the same Vietnamese password are the same password.
  assert.equal(await verifyPassword(a, 'mật khẩu bí mật'.normalize('NFD')), true);
  assert.equal(await verifyPassword(a, 'mat khau bi mat'), false);
  assert.equal(await verifyPassword('not a hash', 'x'), false);
});

test('a citizen account is found by any written form of its phone number', async () => {
  const { id } = await createAccount(t.db, {
    provinceCode: '08',
    kind: 'citizen',
    login: '0912 000 111',
    password: 'mot-hai-ba-bon',
    displayName: 'Nguyễn Thị Hoa',
  });
  assert.equal((await findAccountByLogin(t.db, '+84912000111'))?.id, id);
  assert.equal((await findAccountByLogin(t.db, '84 912 000 111'))?.id, id);
  const trail = await auditTrail(t.db, `account:${id}`);
  assert.deepEqual(
    trail.map((e) => e.action),
    ['account.created'],
  );
});

test('a login already in use is refused with ACCOUNT_LOGIN_TAKEN (409)', async () => {
  await createAccount(t.db, { provinceCode: '08', kind: 'citizen', login: 'Hoa@Example.vn', displayName: 'Hoa' });
  await assert.rejects(
    createAccount(t.db, { provinceCode: '08', kind: 'citizen', login: 'hoa@example.VN ', displayName: 'Hoa 2' }),
    (err: unknown) => err instanceof DomainError && err.code === 'ACCOUNT_LOGIN_TAKEN' && err.status === 409,
  );
});

test('citizens sign up with a phone or e-mail only; staff may have a username', async () => {
  await rejectsWith(
    createAccount(t.db, { provinceCode: '08', kind: 'citizen', login: 'hoa123', displayName: 'Hoa' }),
    'LOGIN_INVALID',
  );
  const staff = await createAccount(t.db, {
    provinceCode: '08',
    kind: 'staff',
    login: 'MotCua.01',
    password: '12345678',
    displayName: 'Cán bộ',
  });
  assert.equal((await findAccountByLogin(t.db, 'motcua.01'))?.id, staff.id);
});

test('a password shorter than 8 characters is refused with a Vietnamese message', async () => {
  await assert.rejects(
    createAccount(t.db, {
      provinceCode: '08',
      kind: 'citizen',
      login: '0912000222',
      password: 'ngắn',
      displayName: 'A',
    }),
    (err: unknown) =>
      err instanceof DomainError && err.code === 'PASSWORD_TOO_WEAK' && /ít nhất 8 ký tự/.test(err.message),
  );
  assert.equal(await findAccountByLogin(t.db, '0912000222'), undefined);
});

test('setPassword replaces the password', async () => {
  const { id } = await createAccount(t.db, {
    provinceCode: '08',
    kind: 'citizen',
    login: '0912000333',
    password: 'cu-cu-cu-cu',
    displayName: 'B',
  });
  await setPassword(t.db, id, 'moi-moi-moi-moi');
  await rejectsWith(signIn(t.db, { login: '0912000333', password: 'cu-cu-cu-cu' }, { ttlHours: 12 }), 'SIGN_IN_FAILED');
  const ok = await signIn(t.db, { login: '0912000333', password: 'moi-moi-moi-moi' }, { ttlHours: 12 });
  assert.equal(ok.account.id, id);
});

test('finding 3: resetPassword ends every session and the new password must be changed at first sign-in', async () => {
  const now = new Date('2026-03-02T01:00:00Z');
  const { id } = await createAdmin(t.db, {
    provinceCode: '08',
    login: 'quantri',
    password: 'ban-dau-123',
    displayName: 'Quản trị',
  });
  const s1 = await createSession(t.db, { accountId: id }, { now, ttlHours: 12 });
  const s2 = await createSession(t.db, { accountId: id }, { now, ttlHours: 12 });
  await resetPassword(t.db, 'QuanTri', 'mat-khau-moi-1');
  assert.equal(await loadSession(t.db, s1.token, { now, ttlHours: 12 }), undefined);
  assert.equal(await loadSession(t.db, s2.token, { now, ttlHours: 12 }), undefined);
  const ok = await signIn(t.db, { login: 'quantri', password: 'mat-khau-moi-1' }, { ttlHours: 12, now });
  assert.equal(ok.account.id, id);
  assert.equal(ok.account.kind, 'staff');
  assert.equal(ok.account.mustChangePassword, true);
  await rejectsWith(resetPassword(t.db, 'khong-ton-tai', 'mat-khau-moi-1'), 'ACCOUNT_NOT_FOUND');
});
