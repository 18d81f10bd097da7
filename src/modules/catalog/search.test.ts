import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { procedures } from './schema.ts';
import { type SearchInput, saveProcedure, searchProcedures } from './service.ts';
import { AGENCIES, addField, type CatalogTestDb, catalogTestDb, PROVINCE, sampleFiles } from './testing.ts';

let c: CatalogTestDb;
before(async () => {
  c = await catalogTestDb();
  for (const { field, procedures: list } of sampleFiles()) {
    await addField(c.t.db, field.code, field.name);
    for (const content of list)
      await saveProcedure(c.t.db, c.admin, { ...content, provinceCode: PROVINCE, fieldCode: field.code });
  }
});
after(() => c.t.close());

const names = async (input: Omit<SearchInput, 'provinceCode'>) =>
  (await searchProcedures(c.t.db, { provinceCode: PROVINCE, ...input })).items.map((p) => p.name);

test('"dang ky khai sinh" finds "Thủ tục đăng ký khai sinh" first: case and diacritics are folded', async () => {
  const found = await names({ q: 'dang ky khai sinh' });
  assert.equal(found[0], 'Thủ tục đăng ký khai sinh');
  assert.deepEqual(await names({ q: 'Đăng ký khai sinh' }), found);
  assert.deepEqual(await names({ q: '  ĐĂNG   KÝ KHAI SINH ' }), found);
});

test('"DANG KY KET HON" finds "Thủ tục đăng ký kết hôn" first', async () => {
  assert.equal((await names({ q: 'DANG KY KET HON' }))[0], 'Thủ tục đăng ký kết hôn');
});

test('typos are tolerated: "dang ki khai sinh" and "khai sin" find the birth registration', async () => {
  assert.equal((await names({ q: 'dang ki khai sinh' }))[0], 'Thủ tục đăng ký khai sinh');
  assert.ok((await names({ q: 'khai sin' })).includes('Thủ tục đăng ký khai sinh'));
  assert.ok((await names({ q: 'dang ky ket hn' })).includes('Thủ tục đăng ký kết hôn'));
});

test('ranking: exact name, then names starting with the query, then names holding every word', async () => {
  assert.deepEqual(await names({ q: 'dang ky khai sinh' }), [
    'Thủ tục đăng ký khai sinh',
    'Thủ tục đăng ký khai sinh có yếu tố nước ngoài',
    'Thủ tục đăng ký lại khai sinh',
  ]);
});

test('a national or local code finds its procedure first', async () => {
  assert.equal((await names({ q: '1.000894' }))[0], 'Thủ tục đăng ký kết hôn');
  assert.equal((await names({ q: `1.000894.${AGENCIES.ubnd.code}` }))[0], 'Thủ tục đăng ký kết hôn');
});

test('the field name is searched too', async () => {
  assert.deepEqual(await names({ q: 'dat dai' }), ['Đăng ký biến động quyền sử dụng đất']);
});

test('filters: field, level, online level, applicant type and implementing agency (id or code)', async () => {
  assert.equal((await names({ field: 'ho-tich' })).length, 4);
  assert.deepEqual(await names({ level: 'province' }), ['Đăng ký biến động quyền sử dụng đất']);
  assert.deepEqual(await names({ onlineLevel: 'partial', field: 'ho-tich' }), ['Thủ tục đăng ký kết hôn']);
  assert.deepEqual(await names({ applicantType: 'other' }), ['Thủ tục đăng ký lại khai sinh']);
  assert.equal((await names({ agencyId: c.agencyIds.dongvan })).length, 4);
  assert.deepEqual(await names({ agencyId: AGENCIES.nnmt.code }), ['Đăng ký biến động quyền sử dụng đất']);
  assert.deepEqual(await names({ agencyId: c.agencyIds.vpdkdd }), []);
  assert.deepEqual(await names({ q: 'khai sinh', applicantType: 'business' }), []);
});

test('pages carry the total of all matches', async () => {
  const page = await searchProcedures(c.t.db, { provinceCode: PROVINCE, q: 'dang ky', limit: 2, offset: 1 });
  assert.equal(page.items.length, 2);
  assert.equal(page.total, 5);
  const past = await searchProcedures(c.t.db, { provinceCode: PROVINCE, q: 'dang ky', limit: 2, offset: 50 });
  assert.deepEqual({ items: past.items.length, total: past.total }, { items: 0, total: 5 });
  const capped = await searchProcedures(c.t.db, { provinceCode: PROVINCE, limit: 10_000 });
  assert.equal(capped.limit, 100);
});

test('a query of punctuation only finds nothing; wildcards are plain characters', async () => {
  assert.deepEqual(await names({ q: '%' }), []);
  assert.deepEqual(await names({ q: '_ *' }), []);
  assert.equal((await names({ q: 'khai%sinh' }))[0], 'Thủ tục đăng ký khai sinh');
});

test('a saved change is searchable at once', async () => {
  const [marriage] = (await searchProcedures(c.t.db, { provinceCode: PROVINCE, q: '1.000894' })).items;
  assert.ok(marriage);
  const files = sampleFiles();
  const content = files[0]?.procedures[1];
  assert.ok(content);
  await saveProcedure(c.t.db, c.admin, {
    ...content,
    name: 'Thủ tục đăng ký kết hôn trong nước',
    id: marriage.id,
    provinceCode: PROVINCE,
    fieldCode: 'ho-tich',
  });
  try {
    assert.equal((await names({ q: 'ket hon trong nuoc' }))[0], 'Thủ tục đăng ký kết hôn trong nước');
  } finally {
    await saveProcedure(c.t.db, c.admin, { ...content, id: marriage.id, provinceCode: PROVINCE, fieldCode: 'ho-tich' });
  }
});

test('ceased procedures are not listed unless asked for', async () => {
  await c.t.db.update(procedures).set({ active: false }).where(eq(procedures.nationalCode, '1.004884'));
  try {
    assert.ok(!(await names({ q: 'khai sinh' })).includes('Thủ tục đăng ký lại khai sinh'));
    assert.ok((await names({ q: 'khai sinh', includeInactive: true })).includes('Thủ tục đăng ký lại khai sinh'));
  } finally {
    await c.t.db.update(procedures).set({ active: true }).where(eq(procedures.nationalCode, '1.004884'));
  }
});

test('issue 13.1: "khai sihn", "khaisinh" and "làm giấy khai sinh cho con" find the birth registration', async () => {
  for (const q of [
    'khai sihn',
    'khaisinh',
    'làm giấy khai sinh cho con',
    'dang ky khaisinh',
    'thu tuc khai sinh cho con',
  ]) {
    const result = await searchProcedures(c.t.db, { provinceCode: PROVINCE, q });
    assert.ok(
      result.items.some((p) => p.name === 'Thủ tục đăng ký khai sinh'),
      `${q} → ${result.items.map((p) => p.name).join('; ')}`,
    );
  }
});

test('issue 13.1: what people say is read in the catalog’s words ("sổ đỏ" finds the land-use certificate)', async () => {
  assert.deepEqual(await names({ q: 'sang tên sổ đỏ' }), ['Đăng ký biến động quyền sử dụng đất']);
  assert.deepEqual(await names({ q: 'so do' }), ['Đăng ký biến động quyền sử dụng đất']);
});

test('issue 13.1: a query found as typed is not marked approximate; a mended one is', async () => {
  const exact = await searchProcedures(c.t.db, { provinceCode: PROVINCE, q: 'khai sinh' });
  assert.equal(exact.approximate, false);
  const mended = await searchProcedures(c.t.db, { provinceCode: PROVINCE, q: 'khaisinh' });
  assert.equal(mended.approximate, true);
});

test('issue 13.1: when nothing matches, the closest name is suggested ("Có phải bạn muốn tìm…"); nonsense gets none', async () => {
  const result = await searchProcedures(c.t.db, { provinceCode: PROVINCE, q: 'ket hon lai voi vo cu' });
  assert.equal(result.items.length, 0);
  assert.equal(result.suggestion?.name, 'Thủ tục đăng ký kết hôn');
  const nonsense = await searchProcedures(c.t.db, { provinceCode: PROVINCE, q: 'xyzzy qwerty' });
  assert.deepEqual([nonsense.items.length, nonsense.suggestion], [0, null]);
});
