import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ancestorAgencyCodes, AGENCY_CODE_ERRORS as E, formatAgencyCode, parseAgencyCode } from './agency-code.ts';
import { assertFails, assertOk } from './testing.ts';

test('000.00.00.H56 is the level-1 unit UBND tỉnh Thanh Hóa itself, with no parent', () => {
  const code = assertOk(parseAgencyCode('000.00.00.H56'));
  assert.deepEqual(code, {
    code: '000.00.00.H56',
    level1: 'H56',
    level2: '00',
    level3: '00',
    level4: '000',
    isShortForm: false,
    depth: 1,
    parentCode: null,
  });
});

test('the parent of 000.17.22.H56 is 000.00.22.H56, whose parent is 000.00.00.H56', () => {
  const code = assertOk(parseAgencyCode('000.17.22.H56'));
  assert.equal(code.depth, 3);
  assert.equal(code.parentCode, '000.00.22.H56');
  assert.equal(assertOk(parseAgencyCode('000.00.22.H56')).parentCode, '000.00.00.H56');
  assert.deepEqual(ancestorAgencyCodes(code), ['000.00.22.H56', '000.00.00.H56']);
});

test('a level-4 unit has its level-3 unit as parent', () => {
  const code = assertOk(parseAgencyCode('005.17.22.H56'));
  assert.equal(code.depth, 4);
  assert.equal(code.parentCode, '000.17.22.H56');
});

test('a code that skips a level (002.00.99.H44, seen in edXML) is accepted and climbs past the gap', () => {
  const code = assertOk(parseAgencyCode('002.00.99.H44'));
  assert.equal(code.depth, 4);
  assert.deepEqual(ancestorAgencyCodes(code), ['000.00.99.H44', '000.00.00.H44']);
});

test('the short form H56.14 parses with level 2 = 14 and the level-1 unit as parent', () => {
  const code = assertOk(parseAgencyCode('H56.14'));
  assert.equal(code.isShortForm, true);
  assert.equal(code.level1, 'H56');
  assert.equal(code.level2, '14');
  assert.equal(code.code, 'H56.14');
  assert.equal(code.parentCode, '000.00.00.H56');
});

test('surrounding spaces and a lower-case letter are accepted and canonicalised', () => {
  assert.equal(assertOk(parseAgencyCode('  000.00.00.h29 ')).code, '000.00.00.H29');
  assert.equal(assertOk(parseAgencyCode('h56.14')).code, 'H56.14');
});

test('an empty code is reported as missing', () => {
  assertFails(parseAgencyCode('   '), E.EMPTY, 'whole');
});

test('a code with the wrong number of dot-separated parts is a format error', () => {
  assertFails(parseAgencyCode('00.00.H56'), E.FORMAT, 'whole', "'00.00.H56'");
  assertFails(parseAgencyCode('H56'), E.FORMAT, 'whole');
  assertFails(parseAgencyCode('000.00.00.00.H56'), E.FORMAT, 'whole');
  assertFails(parseAgencyCode('000-00-00-H56'), E.FORMAT, 'whole');
});

test('a level 1 that is not a letter and 2 digits is blamed on level 1', () => {
  assertFails(parseAgencyCode('000.00.00.56H'), E.LEVEL1, 'level1', "'56H'");
  assertFails(parseAgencyCode('000.00.00.H5'), E.LEVEL1, 'level1', "'H5'");
  assertFails(parseAgencyCode('000.00.00.HH56'), E.LEVEL1, 'level1');
  assertFails(parseAgencyCode('000.00.00.Đ56'), E.LEVEL1, 'level1');
  assertFails(parseAgencyCode('156.14'), E.LEVEL1, 'level1', "'156'");
});

test('each numeric level is checked for its own width', () => {
  assertFails(parseAgencyCode('000.00.0A.H56'), E.LEVEL2, 'level2', "'0A'");
  assertFails(parseAgencyCode('000.00.006.H56'), E.LEVEL2, 'level2');
  assertFails(parseAgencyCode('000.1.22.H56'), E.LEVEL3, 'level3', "'1'");
  assertFails(parseAgencyCode('00.17.22.H56'), E.LEVEL4, 'level4', "'00'");
  assertFails(parseAgencyCode('0000.17.22.H56'), E.LEVEL4, 'level4');
  assertFails(parseAgencyCode('H56.1'), E.LEVEL2, 'level2', "'1'");
  assertFails(parseAgencyCode('H56.'), E.LEVEL2, 'level2');
});

test('the message names the level in Vietnamese', () => {
  const message = assertFails(parseAgencyCode('000.1.22.H56'), E.LEVEL3, 'level3');
  assert.match(message, /^Phần cấp 3/);
});

const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const fullCode = fc
  .tuple(digits(3), digits(2), digits(2), letter, digits(2))
  .map(([l4, l3, l2, m, x]) => `${l4}.${l3}.${l2}.${m}${x}`);
const shortCode = fc.tuple(letter, digits(2), digits(2)).map(([m, x, n]) => `${m}${x}.${n}`);

test('format(parse(x)) == x for every well-formed code, full or short', () => {
  fc.assert(
    fc.property(fc.oneof(fullCode, shortCode), (text) => {
      const code = assertOk(parseAgencyCode(text));
      assert.equal(code.code, text);
      assert.equal(formatAgencyCode(code, { shortForm: code.isShortForm }), text);
    }),
  );
});

test('climbing parents always ends at the level-1 unit, one level at a time', () => {
  fc.assert(
    fc.property(fullCode, (text) => {
      const code = assertOk(parseAgencyCode(text));
      const ancestors = ancestorAgencyCodes(code);
      assert.ok(ancestors.length < code.depth);
      if (code.depth > 1) assert.equal(ancestors.at(-1), `000.00.00.${code.level1}`);
      let depth = code.depth;
      for (const ancestor of ancestors) {
        const parsed = assertOk(parseAgencyCode(ancestor));
        assert.ok(parsed.depth < depth);
        depth = parsed.depth;
      }
    }),
  );
});
