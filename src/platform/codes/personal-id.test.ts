import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  PERSONAL_ID_ERRORS as E,
  formatPersonalId,
  PERSONAL_ID_PROVINCES,
  parseLegacyId,
  parsePersonalId,
} from './personal-id.ts';
import { assertFails, assertOk } from './testing.ts';

const today = new Date('2025-06-15T03:00:00Z');

test('038 0 90 012345 is a man born in 1990, birth registered in Thanh Hóa', () => {
  assert.deepEqual(assertOk(parsePersonalId('038090012345', { today })), {
    number: '038090012345',
    provinceCode: '038',
    provinceName: 'Thanh Hóa',
    gender: 'male',
    century: 1900,
    birthYear: 1990,
    serial: '012345',
  });
});

test('the gender-and-century digit: odd is female, 2/3 is the 2000s', () => {
  const woman = assertOk(parsePersonalId('001305000001', { today }));
  assert.equal(woman.gender, 'female');
  assert.equal(woman.birthYear, 2005);
  assert.equal(woman.provinceName, 'Hà Nội');
  const man = assertOk(parsePersonalId('079218000001', { today }));
  assert.equal(man.gender, 'male');
  assert.equal(man.birthYear, 2018);
  assert.equal(assertOk(parsePersonalId('079199000001', { today })).birthYear, 1999);
});

test('spaces typed between groups are ignored', () => {
  assert.equal(assertOk(parsePersonalId(' 038 0 90 012345 ', { today })).number, '038090012345');
});

test('a number that fails a Luhn check is still accepted: there is no check digit (§4.4)', () => {
  // Two numbers that differ only in the last digit cannot both pass a Luhn check.
  assertOk(parsePersonalId('038090012345', { today }));
  assertOk(parsePersonalId('038090012346', { today }));
});

test('all 63 pre-2025 province codes are known, padded to 3 digits', () => {
  assert.equal(PERSONAL_ID_PROVINCES.size, 63);
  assert.equal(PERSONAL_ID_PROVINCES.get('001'), 'Hà Nội');
  assert.equal(PERSONAL_ID_PROVINCES.get('079'), 'Hồ Chí Minh');
  assert.equal(PERSONAL_ID_PROVINCES.get('096'), 'Cà Mau');
  // Codes of provinces merged away in 2025 stay valid: the number never changes.
  assert.equal(assertOk(parsePersonalId('002190000001', { today })).provinceName, 'Hà Giang');
});

test('an empty, non-digit or wrong-length number is blamed on the whole number', () => {
  assertFails(parsePersonalId(''), E.EMPTY, 'whole');
  assertFails(parsePersonalId('03809001234A'), E.NOT_DIGITS, 'whole');
  assertFails(parsePersonalId('038-090-012345'), E.NOT_DIGITS, 'whole');
  assertFails(parsePersonalId('03809001234'), E.LENGTH, 'whole', '11 chữ số');
  assertFails(parsePersonalId('0380900123456'), E.LENGTH, 'whole', '13 chữ số');
});

test('a 9-digit number is pointed to the legacy CMND field', () => {
  assertFails(parsePersonalId('123456789'), E.LENGTH, 'whole', 'chứng minh nhân dân');
});

test('error messages do not repeat the number (personal data ends up in logs)', () => {
  const result = parsePersonalId('03809001234A');
  assert.equal(result.ok, false);
  if (!result.ok) assert.ok(!result.error.message.includes('03809001234'));
});

test('an unknown first 3 digits is blamed on the province part', () => {
  assertFails(parsePersonalId('099090012345', { today }), E.PROVINCE_UNKNOWN, 'province', "'099'");
  assertFails(parsePersonalId('003090012345', { today }), E.PROVINCE_UNKNOWN, 'province', "'003'");
  assertFails(parsePersonalId('138090012345', { today }), E.PROVINCE_UNKNOWN, 'province', "'138'");
});

test('a birth year after the current year is blamed on the birth-year part', () => {
  assertFails(parsePersonalId('038226012345', { today }), E.BIRTH_YEAR_IMPLAUSIBLE, 'birthYear', '2026');
  assertFails(parsePersonalId('038490012345', { today }), E.BIRTH_YEAR_IMPLAUSIBLE, 'birthYear', "'4'");
  assertOk(parsePersonalId('038225012345', { today }));
});

test('the current year is taken in Vietnam time: 31/12 17:00 UTC is already New Year in Hà Nội', () => {
  const newYearInHanoi = new Date('2025-12-31T17:00:00Z');
  assertOk(parsePersonalId('038226000001', { today: newYearInHanoi }));
  assertFails(
    parsePersonalId('038226000001', { today: new Date('2025-12-31T16:59:59Z') }),
    E.BIRTH_YEAR_IMPLAUSIBLE,
    'birthYear',
  );
});

const provinceCode = fc.constantFrom(...PERSONAL_ID_PROVINCES.keys());
const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });

test('format(parse(x)) == x for every valid number', () => {
  const valid = fc
    .tuple(provinceCode, fc.integer({ min: 0, max: 3 }), digits(2), digits(6))
    .map(([aaa, b, cc, serial]) => `${aaa}${b}${cc}${serial}`);
  fc.assert(
    fc.property(valid, (number) => {
      const id = assertOk(parsePersonalId(number, { today: new Date('2099-12-31T00:00:00Z') }));
      assert.equal(formatPersonalId(id), number);
    }),
  );
});

test('parse(format(parts)) gives the parts back', () => {
  fc.assert(
    fc.property(
      provinceCode,
      fc.constantFrom('male' as const, 'female' as const),
      fc.integer({ min: 1900, max: 2025 }),
      digits(6),
      (code, gender, birthYear, serial) => {
        const id = assertOk(
          parsePersonalId(formatPersonalId({ provinceCode: code, gender, birthYear, serial }), { today }),
        );
        assert.deepEqual([id.provinceCode, id.gender, id.birthYear, id.serial], [code, gender, birthYear, serial]);
      },
    ),
  );
});

test('formatPersonalId refuses parts that cannot form a number', () => {
  assert.throws(
    () => formatPersonalId({ provinceCode: '38', gender: 'male', birthYear: 1990, serial: '012345' }),
    RangeError,
  );
  assert.throws(
    () => formatPersonalId({ provinceCode: '038', gender: 'male', birthYear: 1899, serial: '012345' }),
    RangeError,
  );
});

test('a legacy CMND is 9 digits', () => {
  assert.deepEqual(assertOk(parseLegacyId(' 172 345 678 ')), { number: '172345678' });
  assertFails(parseLegacyId(''), E.LEGACY_EMPTY, 'whole');
  assertFails(parseLegacyId('17234567X'), E.LEGACY_NOT_DIGITS, 'whole');
  assertFails(parseLegacyId('1723456789'), E.LEGACY_LENGTH, 'whole', '10 chữ số');
  fc.assert(fc.property(digits(9), (n) => assert.equal(assertOk(parseLegacyId(n)).number, n)));
});
