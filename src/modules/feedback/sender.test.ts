import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../../platform/errors.ts';
import { loadCategories } from './categories.ts';
import { validateSender } from './sender.ts';

const required = { requireAddress: true };

function problem(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  assert.fail('expected a DomainError');
}

test('an anonymous sender is refused with one message naming every missing detail (Decree 20/2008)', () => {
  const err = problem(() => validateSender({}, required));
  assert.equal(err.code, 'FEEDBACK_SENDER_INCOMPLETE');
  assert.equal(err.status, 400);
  assert.match(err.message, /nặc danh không được xử lý/);
  assert.match(err.message, /họ và tên, địa chỉ, số điện thoại hoặc thư điện tử/);
  assert.equal(err.message, err.message.normalize('NFC'));
});

test('a name and an address without a phone or e-mail is still incomplete', () => {
  const err = problem(() => validateSender({ fullName: 'Nguyễn Văn An', address: 'Tổ 5, Minh Xuân' }, required));
  assert.match(err.message, /Còn thiếu hoặc chưa đúng: số điện thoại hoặc thư điện tử\./);
  assert.deepEqual(err.details.missing, ['số điện thoại hoặc thư điện tử']);
});

test('a badly written phone is reported as such', () => {
  const err = problem(() =>
    validateSender({ fullName: 'Nguyễn Văn An', address: 'Tổ 5', phone: '12345', email: 'an@gmail.com' }, required),
  );
  assert.match(err.message, /chưa đúng định dạng/);
  assert.deepEqual(err.details.fields, [
    { field: 'sender.phone', message: 'Số điện thoại không đúng định dạng (ví dụ 0912345678).' },
  ]);
});

test('a complete sender is cleaned: NFC, one space, phone in the 0… form, e-mail in lower case', () => {
  const s = validateSender(
    { fullName: '  Nguye\u0302\u0303n   Văn An ', phone: '+84 912 345 678', email: 'An@Gmail.com', address: 'Tổ 5' },
    required,
  );
  assert.deepEqual(s, { fullName: 'Nguyễn Văn An', phone: '0912345678', email: 'an@gmail.com', address: 'Tổ 5' });
});

test('the address may be optional where the province says so', () => {
  assert.equal(validateSender({ fullName: 'Lê Bình', email: 'b@x.vn' }, { requireAddress: false }).address, undefined);
});

test('the shipped categories load, each with an agency kind and a class of indicator 5.1', () => {
  const all = loadCategories();
  assert.ok(all.length >= 8);
  assert.ok(all.some((c) => c.classification === 'conduct'));
  assert.ok(all.some((c) => c.code === 'khac'));
});
