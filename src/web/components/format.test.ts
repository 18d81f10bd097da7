import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDate, formatDateTime, formatMoney, vietnamDay } from './format.ts';

test('times are shown in Vietnam time whatever the server zone: 17:30 UTC is 00:30 the next day', () => {
  const at = new Date('2026-11-22T17:30:00Z');
  assert.equal(formatDateTime(at, 'vi'), '00:30 ngày 23/11/2026');
  assert.equal(formatDateTime(at, 'en'), '23 Nov 2026, 00:30');
  assert.equal(formatDate(at.toISOString(), 'vi'), '23/11/2026');
  assert.equal(vietnamDay(at), '2026-11-23');
});

test('no date prints nothing rather than "Invalid Date"', () => {
  assert.equal(formatDateTime(null), '');
  assert.equal(formatDate('not a date'), '');
});

test('money is in đồng with the Vietnamese thousands separator', () => {
  assert.equal(formatMoney(8000, 'vi'), '8.000 đ');
  assert.equal(formatMoney(1250000, 'en'), '1,250,000 VND');
});
