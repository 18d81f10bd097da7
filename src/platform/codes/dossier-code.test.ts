import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseAgencyCode } from './agency-code.ts';
import {
  DOSSIER_CODE_ERRORS as E,
  formatDossierCode,
  formatTrackingKey,
  generateTrackingKey,
  parseDossierCode,
  parseTrackingKey,
  TRACKING_KEY_ERRORS as T,
  TRACKING_KEY_ALPHABET,
} from './dossier-code.ts';
import { vietnamMidnight } from './result.ts';
import { assertFails, assertOk } from './testing.ts';

test('000.17.22.H56-210531-0001 is the first dossier received by 000.17.22.H56 on 31/05/2021', () => {
  const code = assertOk(parseDossierCode('000.17.22.H56-210531-0001'));
  assert.equal(code.code, '000.17.22.H56-210531-0001');
  assert.equal(code.agencyCode.code, '000.17.22.H56');
  assert.equal(code.receivedOn, '2021-05-31');
  assert.deepEqual(code.receivedDate, { year: 2021, month: 5, day: 31 });
  assert.equal(code.sequence, 1);
});

test('the short agency form H56.14-240823-0001 is accepted', () => {
  const code = assertOk(parseDossierCode(' h56.14-240823-0001 '));
  assert.equal(code.code, 'H56.14-240823-0001');
  assert.equal(code.agencyCode.isShortForm, true);
  assert.equal(code.receivedOn, '2024-08-23');
});

test('a code without three dash-separated parts is a format error', () => {
  assertFails(parseDossierCode(''), E.EMPTY, 'whole');
  assertFails(parseDossierCode('000.17.22.H56-210531'), E.FORMAT, 'whole');
  assertFails(parseDossierCode('000.17.22.H56-210531-0001-1'), E.FORMAT, 'whole');
  assertFails(parseDossierCode('000.17.22.H56 210531 0001'), E.FORMAT, 'whole');
});

test('a bad agency part is blamed on the agency level', () => {
  assertFails(parseDossierCode('000.17.22.56H-210531-0001'), E.AGENCY, 'agencyCode.level1', "'56H'");
  assertFails(parseDossierCode('000.17.2.H56-210531-0001'), E.AGENCY, 'agencyCode.level2', "'2'");
  assertFails(parseDossierCode('-210531-0001'), E.AGENCY, 'agencyCode.whole');
});

test('a date part that is not 6 digits is blamed on the date', () => {
  assertFails(parseDossierCode('H56.14-21053-0001'), E.DATE_FORMAT, 'date', "'21053'");
  assertFails(parseDossierCode('H56.14-2105311-0001'), E.DATE_FORMAT, 'date');
  assertFails(parseDossierCode('H56.14-21O531-0001'), E.DATE_FORMAT, 'date', "'21O531'");
});

test('a date part that is not a real date is blamed on the date, saying why', () => {
  assertFails(parseDossierCode('H56.14-210231-0001'), E.DATE_NOT_REAL, 'date', 'không có ngày 31');
  assertFails(parseDossierCode('H56.14-230229-0001'), E.DATE_NOT_REAL, 'date', 'tháng 02/2023 không có ngày 29');
  assertFails(parseDossierCode('H56.14-211301-0001'), E.DATE_NOT_REAL, 'date', 'không có tháng 13');
  assertFails(parseDossierCode('H56.14-210500-0001'), E.DATE_NOT_REAL, 'date');
  assert.equal(assertOk(parseDossierCode('H56.14-240229-0001')).receivedOn, '2024-02-29');
});

test('the sequence part must have exactly the configured width and start at 1', () => {
  assertFails(parseDossierCode('H56.14-240823-001'), E.SEQUENCE_FORMAT, 'sequence', "'001'");
  assertFails(parseDossierCode('H56.14-240823-00001'), E.SEQUENCE_FORMAT, 'sequence');
  assertFails(parseDossierCode('H56.14-240823-00A1'), E.SEQUENCE_FORMAT, 'sequence');
  assertFails(parseDossierCode('H56.14-240823-0000'), E.SEQUENCE_RANGE, 'sequence', "'0000'");
  assert.equal(assertOk(parseDossierCode('H56.14-240823-00001', { sequenceWidth: 5 })).sequence, 1);
});

test('the date is the receipt day in Vietnam: 23:30 UTC on 22/08 is already 23/08 in Hà Nội', () => {
  const result = formatDossierCode('H56.14', new Date('2024-08-22T23:30:00Z'), 1);
  assert.deepEqual(result, { ok: true, value: 'H56.14-240823-0001' });
  assert.deepEqual(formatDossierCode('000.17.22.H56', new Date('2021-05-31T16:59:59Z'), 42), {
    ok: true,
    value: '000.17.22.H56-210531-0042',
  });
});

test('the 10000th dossier of a day does not fit in 4 digits and is refused, not widened', () => {
  const at = new Date('2024-08-23T02:00:00Z');
  assert.deepEqual(formatDossierCode('H56.14', at, 9999), { ok: true, value: 'H56.14-240823-9999' });
  assertFails(formatDossierCode('H56.14', at, 10000), E.SEQUENCE_RANGE, 'sequence', 'tối đa 9999');
  assert.deepEqual(formatDossierCode('H56.14', at, 10000, { sequenceWidth: 5 }), {
    ok: true,
    value: 'H56.14-240823-10000',
  });
});

test('a sequence below 1 or not a whole number is refused', () => {
  const at = new Date('2024-08-23T02:00:00Z');
  assertFails(formatDossierCode('H56.14', at, 0), E.SEQUENCE_RANGE, 'sequence');
  assertFails(formatDossierCode('H56.14', at, 1.5), E.SEQUENCE_RANGE, 'sequence');
  assertFails(formatDossierCode('H56.14', at, Number.NaN), E.SEQUENCE_RANGE, 'sequence');
});

test('formatting checks the agency code and the date too', () => {
  const at = new Date('2024-08-23T02:00:00Z');
  assertFails(formatDossierCode('H5.14', at, 1), E.AGENCY, 'agencyCode.level1');
  assertFails(formatDossierCode('H56.14', new Date('nope'), 1), E.DATE_FORMAT, 'date');
  assertFails(formatDossierCode('H56.14', new Date('1999-06-01T00:00:00Z'), 1), E.DATE_OUT_OF_RANGE, 'date');
});

test('a sequence width outside 4..9 is a programming error', () => {
  assert.throws(() => parseDossierCode('H56.14-240823-001', { sequenceWidth: 3 }), RangeError);
  assert.throws(() => formatDossierCode('H56.14', new Date(), 1, { sequenceWidth: 10 }), RangeError);
});

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const agency = fc.oneof(
  fc.tuple(digits(3), digits(2), digits(2), letter, digits(2)).map(([a, b, c, m, x]) => `${a}.${b}.${c}.${m}${x}`),
  fc.tuple(letter, digits(2), digits(2)).map(([m, x, n]) => `${m}${x}.${n}`),
);
const day = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2099-12-30T00:00:00Z'),
  noInvalidDate: true,
});

test('format(parse(x)) == x for generated dossier codes', () => {
  fc.assert(
    fc.property(agency, day, fc.integer({ min: 1, max: 9999 }), (agencyText, when, sequence) => {
      const text = assertOk(formatDossierCode(agencyText, when, sequence));
      const parsed = assertOk(parseDossierCode(text));
      assert.equal(parsed.code, text);
      assert.equal(parsed.sequence, sequence);
      assert.equal(parsed.agencyCode.code, agencyText);
      const again = formatDossierCode(parsed.agencyCode, vietnamMidnight(parsed.receivedDate), parsed.sequence);
      assert.deepEqual(again, { ok: true, value: text });
    }),
  );
});

test('a parsed agency code can be passed to the formatter directly', () => {
  const agencyCode = assertOk(parseAgencyCode('000.00.00.H56'));
  assert.deepEqual(formatDossierCode(agencyCode, new Date('2025-07-01T01:00:00Z'), 7), {
    ok: true,
    value: '000.00.00.H56-250701-0007',
  });
});

test('a tracking key is 8 symbols from the unambiguous alphabet', () => {
  assert.equal(TRACKING_KEY_ALPHABET.length, 31);
  assert.doesNotMatch(TRACKING_KEY_ALPHABET, /[01OIL]/);
  for (let i = 0; i < 200; i++) {
    const key = generateTrackingKey();
    assert.match(key, /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
  }
});

test('generated tracking keys do not repeat and use the whole alphabet', () => {
  const keys = new Set(Array.from({ length: 2000 }, () => generateTrackingKey()));
  assert.equal(keys.size, 2000);
  const seen = new Set([...keys].join(''));
  assert.equal(seen.size, TRACKING_KEY_ALPHABET.length);
});

test('a tracking key is shown as two groups of 4 and read back however it is typed', () => {
  assert.equal(formatTrackingKey('ABCD2345'), 'ABCD-2345');
  assert.deepEqual(assertOk(parseTrackingKey(' abcd-2345 ')), { key: 'ABCD2345' });
  assert.deepEqual(assertOk(parseTrackingKey('ab cd 23 45')), { key: 'ABCD2345' });
  fc.assert(
    fc.property(fc.constant(null), () => {
      const key = generateTrackingKey();
      assert.equal(assertOk(parseTrackingKey(formatTrackingKey(key))).key, key);
    }),
  );
});

test('a tracking key with a confusable or wrong-length input says what is wrong', () => {
  assertFails(parseTrackingKey(''), T.EMPTY, 'whole');
  assertFails(parseTrackingKey('ABCD234'), T.LENGTH, 'whole', '7 ký tự');
  assertFails(parseTrackingKey('ABCO2345'), T.CHARACTER, 'character', "Ký tự thứ 4 'O'");
  assertFails(parseTrackingKey('ABCD2340'), T.CHARACTER, 'character', "'0'");
  assertFails(parseTrackingKey('LBCD2345'), T.CHARACTER, 'character', "Ký tự thứ 1 'L'");
  assert.throws(() => formatTrackingKey('ABCD'), RangeError);
});
