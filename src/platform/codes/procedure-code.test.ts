import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PROCEDURE_CODE_ERRORS as E, formatProcedureCode, parseProcedureCode } from './procedure-code.ts';
import { assertFails, assertOk } from './testing.ts';

test('1.001193 (Đăng ký khai sinh) is a national procedure code', () => {
  assert.deepEqual(assertOk(parseProcedureCode('1.001193')), {
    kind: 'national',
    code: '1.001193',
    nationalCode: '1.001193',
  });
  assert.equal(assertOk(parseProcedureCode(' 2.000908 ')).code, '2.000908');
});

test('1.000494.000.00.00.H29 is the Hồ Chí Minh City instance of national procedure 1.000494', () => {
  const code = assertOk(parseProcedureCode('1.000494.000.00.00.H29'));
  assert.equal(code.kind, 'local');
  assert.equal(code.nationalCode, '1.000494');
  if (code.kind === 'local') {
    assert.equal(code.agencyCode.code, '000.00.00.H29');
    assert.equal(code.agencyCode.level1, 'H29');
  }
});

test('a local instance may use the short agency form', () => {
  const code = assertOk(parseProcedureCode('1.000494.h56.14'));
  assert.equal(code.code, '1.000494.H56.14');
});

test('a malformed national part is blamed on the national code', () => {
  assertFails(parseProcedureCode(''), E.EMPTY, 'whole');
  assertFails(parseProcedureCode('1.00119'), E.NATIONAL, 'nationalCode', "'1.00119'");
  assertFails(parseProcedureCode('10.001193'), E.NATIONAL, 'nationalCode');
  assertFails(parseProcedureCode('1001193'), E.NATIONAL, 'nationalCode');
  assertFails(parseProcedureCode('1.00119A.000.00.00.H29'), E.NATIONAL, 'nationalCode', "'1.00119A'");
  assertFails(parseProcedureCode('A.001193'), E.NATIONAL, 'nationalCode');
});

test('a malformed agency part is blamed on the agency level that is wrong', () => {
  assertFails(parseProcedureCode('1.000494.000.00.00.29H'), E.AGENCY, 'agencyCode.level1', "'29H'");
  assertFails(parseProcedureCode('1.000494.000.0.00.H29'), E.AGENCY, 'agencyCode.level3', "'0'");
  assertFails(parseProcedureCode('1.000494.00.00.H29'), E.AGENCY, 'agencyCode.whole');
  assertFails(parseProcedureCode('1.000494.'), E.AGENCY, 'agencyCode.whole');
});

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const national = fc.tuple(digits(1), digits(6)).map(([a, b]) => `${a}.${b}`);
const agency = fc
  .tuple(digits(3), digits(2), digits(2), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), digits(2))
  .map(([l4, l3, l2, m, x]) => `${l4}.${l3}.${l2}.${m}${x}`);

test('format(parse(x)) == x for national codes and their local instances', () => {
  fc.assert(
    fc.property(national, fc.option(agency), (n, a) => {
      const text = a === null ? n : `${n}.${a}`;
      const code = assertOk(parseProcedureCode(text));
      assert.equal(code.code, text);
      assert.equal(formatProcedureCode(code.nationalCode, code.kind === 'local' ? code.agencyCode : null), text);
    }),
  );
});
