import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { compareVietnamese } from '../../platform/codes/index.ts';
import { type SeededDirectory, seededDirectory } from './testing.ts';
import { listCommunes, listProvinces } from './units.ts';

let d: SeededDirectory;
before(async () => {
  d = await seededDirectory();
});
after(() => d.t.close());

const proper = (name: string) => name.replace(/^(Xã|Phường|Thị trấn|Đặc khu) /u, '');

test('the communes to choose from are the province’s, in Vietnamese order of their proper names', async () => {
  const communes = await listCommunes(d.t.db, '08');
  assert.ok(communes.length > 100, `${communes.length} communes`);
  assert.ok(communes.every((c) => c.code.length === 5));
  for (const [i, c] of communes.entries()) {
    const next = communes[i + 1];
    if (next) assert.ok(compareVietnamese(proper(c.name), proper(next.name)) <= 0, `${c.name} before ${next.name}`);
  }
  const names = communes.map((c) => c.name);
  // Đ is a letter of its own, after D: "Xã Đồng Văn" after every proper name in D.
  const lastD = names.findLastIndex((n) => /^D/u.test(proper(n)));
  const firstĐ = names.findIndex((n) => /^Đ/u.test(proper(n)));
  assert.ok(firstĐ > lastD, `${names[lastD]} then ${names[firstĐ]}`);
});

test('issue 13.4: the 34 provinces of 2025 to choose a birth place from, in Vietnamese order of their proper names', async () => {
  const provinces = await listProvinces(d.t.db);
  assert.equal(provinces.length, 34);
  assert.ok(provinces.every((p) => p.code.length === 2));
  const names = provinces.map((p) => p.name.replace(/^(Tỉnh|Thành phố) /u, ''));
  assert.deepEqual(names, [...names].sort(compareVietnamese));
  // "Thành phố Hà Nội" is under H, not T; "Đà Nẵng" after every D.
  assert.ok(names.indexOf('Hà Nội') < names.indexOf('Tuyên Quang'));
  assert.ok(names.indexOf('Đà Nẵng') > names.findLastIndex((n) => /^D/u.test(n)));
});

test('Vietnamese order: a ă â, d đ, o ô ơ; tones after letters', () => {
  const sorted = ['Y tế', 'Đất đai', 'Dân tộc', 'Ăn', 'An', 'Âm', 'Ơn', 'Ông', 'On'].sort(compareVietnamese);
  assert.deepEqual(sorted, ['An', 'Ăn', 'Âm', 'Dân tộc', 'Đất đai', 'On', 'Ông', 'Ơn', 'Y tế']);
});
