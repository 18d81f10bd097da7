import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { loginKey, normaliseEmail, normalisePhone, parseLogin } from './login.ts';

test('every written form of a Vietnamese mobile number is stored as +84…', () => {
  for (const raw of [
    '0912345678',
    '0912 345 678',
    '091.234.5678',
    '+84912345678',
    '84912345678',
    '+84 91 234 5678',
    '0084912345678',
  ]) {
    assert.equal(normalisePhone(raw), '+84912345678', raw);
  }
});

test('a fixed-line number with its 02x area code is a phone too', () => {
  assert.equal(normalisePhone('024 3825 1234'), '+842438251234');
});

test('numbers that are not Vietnamese phones are refused', () => {
  for (const raw of ['012345678', '0112345678', '09123456789', '+1 415 555 0100', 'abc', '']) {
    assert.equal(normalisePhone(raw), undefined, raw);
  }
});

test('e-mails are trimmed and lower-cased', () => {
  assert.equal(normaliseEmail('  Nguyen.An@Example.VN '), 'nguyen.an@example.vn');
  assert.equal(normaliseEmail('no-at-sign'), undefined);
  assert.equal(normaliseEmail('a@b'), undefined);
});

test('a login is an e-mail, a phone or a staff username, in that order', () => {
  assert.deepEqual(parseLogin('An@Example.vn'), { kind: 'email', value: 'an@example.vn' });
  assert.deepEqual(parseLogin('0987654321'), { kind: 'phone', value: '+84987654321' });
  assert.deepEqual(parseLogin('Mot.Cua_01'), { kind: 'username', value: 'mot.cua_01' });
  assert.equal(parseLogin('a b'), undefined);
  assert.equal(parseLogin('x@'), undefined);
});

test('the stored form of a login is stable: normalising twice changes nothing', () => {
  fc.assert(
    fc.property(fc.oneof(fc.emailAddress(), fc.stringMatching(/^0[35789]\d{8}$/), fc.string()), (raw) => {
      const once = loginKey(raw);
      assert.equal(loginKey(once), once);
    }),
  );
});
