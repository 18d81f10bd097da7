import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { rows } from '../../platform/db/index.ts';
import { createTestDb } from '../../platform/db/testing.ts';
import { searchKeysOf } from './rules.ts';
import { buildSearchIndex, type IndexedProcedure, rankProcedures, strictWordSimilarity } from './search-index.ts';

let n = 0;
function entry(name: string, extra: Partial<IndexedProcedure> = {}): IndexedProcedure {
  n++;
  return {
    id: `p${String(n).padStart(3, '0')}`,
    provinceCode: '08',
    nationalCode: null,
    localCode: null,
    ...searchKeysOf(name, extra.fieldCode ?? 'Hộ tịch', extra.nationalCode ?? null),
    fieldCode: 'ho-tich',
    level: 'commune',
    onlineLevel: 'full',
    applicantTypes: ['citizen'],
    agencyIds: new Set(),
    active: true,
    ...extra,
  };
}

const rank = (entries: IndexedProcedure[], q: string) => {
  const byId = new Map(entries.map((e) => [e.id, e.nameKey]));
  const index = buildSearchIndex(entries);
  return rankProcedures(index, { folded: searchKeysOf(q, '', null).nameKey.trim(), raw: q }, {}).map((id) =>
    byId.get(id),
  );
};

test('the typo measure equals pg_trgm strict_word_similarity', async () => {
  const pairs: Array<[string, string]> = [
    ['dang ki khai sinh', 'thu tuc dang ky khai sinh ho tich'],
    ['khai sin', 'thu tuc dang ky lai khai sinh ho tich'],
    ['giay fep xay dung', 'cap giay phep xay dung moi cong trinh cap dac biet'],
    ['ket hon', 'dang ky bien dong quyen su dung dat ket cau ha tang khong'],
    ['ly lich tu phap', 'cap phieu ly lich tu phap cho cong dan viet nam'],
    ['xyz', 'dang ky khai tu'],
  ];
  const db = await createTestDb();
  try {
    for (const [q, text] of pairs) {
      const [row] = await rows<{ s: number }>(db.db, sql`select strict_word_similarity(${q}, ${text})::float8 as s`);
      assert.ok(row);
      assert.ok(
        Math.abs(strictWordSimilarity(q, text) - row.s) < 1e-6,
        `${q} / ${text}: ${strictWordSimilarity(q, text)} vs ${row.s}`,
      );
    }
  } finally {
    await db.close();
  }
});

test('the typo measure is 1 for a query found word for word, and between 0 and 1 always (property)', () => {
  const word = fc.stringMatching(/^[a-z]{1,8}$/);
  fc.assert(
    fc.property(fc.array(word, { minLength: 1, maxLength: 8 }), fc.nat(7), fc.nat(7), (words, from, len) => {
      const text = words.join(' ');
      const start = from % words.length;
      const q = words.slice(start, start + 1 + (len % (words.length - start))).join(' ');
      assert.equal(strictWordSimilarity(q, text), 1);
      const other = strictWordSimilarity(`${q}q`, text);
      assert.ok(other >= 0 && other <= 1);
    }),
  );
});

test('tiers: exact name, prefix, whole words, every word, substring, field name, then typos', () => {
  const list = [
    entry('Thủ tục đăng ký lại khai sinh'),
    entry('Thủ tục đăng ký khai sinh có yếu tố nước ngoài'),
    entry('Liên thông: đăng ký khai sinh, đăng ký thường trú'),
    entry('Thủ tục đăng ký khai sinh'),
    entry('Thủ tục đăng ký kết hôn'),
  ];
  assert.deepEqual(rank(list, 'dang ky khai sinh'), [
    'dang ky khai sinh',
    'dang ky khai sinh co yeu to nuoc ngoai',
    'lien thong dang ky khai sinh dang ky thuong tru',
    'dang ky lai khai sinh',
  ]);
  assert.deepEqual(rank(list, 'dang ki khai sinh')[0], 'dang ky khai sinh');
  assert.deepEqual(rank(list, 'ket hon'), ['dang ky ket hon']);
});

test('a match in the name outranks a match in the field name', () => {
  const list = [
    entry('Thủ tục yêu cầu trợ giúp pháp lý', { fieldCode: 'Tư pháp (lý lịch tư pháp, trợ giúp pháp lý)' }),
    entry('Cấp Phiếu lý lịch tư pháp cho công dân', { fieldCode: 'Tư pháp (lý lịch tư pháp, trợ giúp pháp lý)' }),
  ];
  assert.deepEqual(rank(list, 'ly lich tu phap')[0], 'cap phieu ly lich tu phap cho cong dan');
});

test('"hon" is the start of a word, not any substring: "không" does not match "kết hôn"', () => {
  const list = [entry('Đăng ký kết cấu hạ tầng không theo tuyến'), entry('Thủ tục đăng ký kết hôn')];
  assert.deepEqual(rank(list, 'ket hon'), ['dang ky ket hon']);
});

test('filters narrow before ranking; an empty query lists by field then name', () => {
  const a = entry('Thủ tục B', { fieldCode: 'b', level: 'province', agencyIds: new Set(['x']) });
  const b = entry('Thủ tục A', { fieldCode: 'b', onlineLevel: 'partial', applicantTypes: ['business'] });
  const c = entry('Thủ tục C', { fieldCode: 'a', active: false });
  const index = buildSearchIndex([a, b, c]);
  const all = (filters: Parameters<typeof rankProcedures>[2]) =>
    rankProcedures(index, { folded: '', raw: '' }, filters);
  assert.deepEqual(all({}), [b.id, a.id]);
  assert.deepEqual(all({ includeInactive: true }), [c.id, b.id, a.id]);
  assert.deepEqual(all({ level: 'province' }), [a.id]);
  assert.deepEqual(all({ onlineLevel: 'partial' }), [b.id]);
  assert.deepEqual(all({ applicantType: 'business' }), [b.id]);
  assert.deepEqual(all({ agencyIds: ['x', 'y'] }), [a.id]);
  assert.deepEqual(all({ agencyIds: [] }), []);
  assert.deepEqual(all({ field: 'a', includeInactive: true }), [c.id]);
});
