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

test('issue 13.7: the portal addresses a citizen one way ("bạn"), never "ông/bà" or "quý khách"', async () => {
  // The pages a citizen reads: the portal's words, and the pages the feedback and ratings
  // modules render on the portal. Letters and slips (legal templates) keep "ông/bà".
  const { readdirSync, readFileSync } = await import('node:fs');
  const path = await import('node:path');
  const root = path.join(import.meta.dirname, '..', '..');
  const files = [
    ...readdirSync(path.join(root, 'web'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f) && !f.includes('workspace') && !f.endsWith('.test.ts'))
      .map((f) => path.join(root, 'web', f)),
    ...['rating-page.tsx', 'kiosk-page.tsx'].map((f) => path.join(root, 'modules', 'ratings', f)),
    ...readdirSync(path.join(root, 'modules', 'feedback'))
      .filter((f) => /^pages.*\.tsx$/.test(f))
      .map((f) => path.join(root, 'modules', 'feedback', f)),
  ];
  assert.ok(files.length > 20);
  for (const file of files) {
    assert.doesNotMatch(readFileSync(file, 'utf8'), /ông\/bà|quý khách/i, file);
  }
  assert.match(vi.myDossiersEmpty + vi.keepKey, /bạn/i);
});
