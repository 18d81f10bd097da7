import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from './en.ts';
import { switchLangHref } from './index.ts';
import { vi } from './vi.ts';

test('every Vietnamese text is NFC (composed), as the data rules require', () => {
  for (const [key, value] of Object.entries(vi)) {
    if (typeof value === 'string') assert.equal(value, value.normalize('NFC'), key);
  }
});

test('English has every key of Vietnamese, and says something of its own', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(vi).sort());
  const same = Object.entries(vi).filter(
    ([k, v]) => typeof v === 'string' && v === en[k as keyof typeof en] && !['siteName', 'pdf'].includes(k),
  );
  assert.deepEqual(
    same.map(([k]) => k),
    [],
  );
});

test('the language switch keeps the page and its query', () => {
  assert.equal(switchLangHref('/thu-tuc?q=khai+sinh&trang=2', 'vi'), '/thu-tuc?q=khai+sinh&trang=2&lang=en');
  assert.equal(switchLangHref('/?lang=en', 'en'), '/?lang=vi');
});
