import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import {
  FOLD_MAPPING,
  FOLD_SOURCE,
  FOLD_SQL_FUNCTION,
  FOLD_SQL_FUNCTION_NAME,
  FOLD_TARGET,
  foldVietnamese,
} from './fold.ts';

const VOWELS = 'aăâeêioôơuưy';
const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const BASE_OF: Record<string, string> = { ă: 'a', â: 'a', ê: 'e', ô: 'o', ơ: 'o', ư: 'u' };

/** All Vietnamese letters, each vowel with each of the 6 tones, both cases, plus đ/Đ. */
const VIETNAMESE_LETTERS: string[] = [];
for (const vowel of VOWELS) {
  for (const tone of TONES) {
    const lower = `${vowel}${tone}`.normalize('NFC');
    VIETNAMESE_LETTERS.push(lower, lower.toUpperCase());
  }
}
VIETNAMESE_LETTERS.push('đ', 'Đ');

test('every Vietnamese letter folds to its plain lower-case base letter', () => {
  const withDiacritics = VIETNAMESE_LETTERS.filter((c) => !/^[a-z]$/i.test(c));
  assert.equal(withDiacritics.length, 134);
  for (const letter of VIETNAMESE_LETTERS) {
    assert.equal([...letter].length, 1, `${letter} is one code point after NFC`);
    const plain = letter.normalize('NFD').charAt(0).toLowerCase();
    const expected = letter === 'đ' || letter === 'Đ' ? 'd' : (BASE_OF[plain] ?? plain);
    assert.equal(foldVietnamese(letter), expected, letter);
  }
});

test('a name folds to lower case without diacritics and with single spaces', () => {
  assert.equal(foldVietnamese('  Nguyễn   Thị ĐÀO '), 'nguyen thi dao');
  assert.equal(foldVietnamese('Thừa Thiên Huế'), 'thua thien hue');
  assert.equal(foldVietnamese('Đắk Lắk'), 'dak lak');
  assert.equal(foldVietnamese('Ủy ban nhân dân\ttỉnh\nThanh Hóa'), 'uy ban nhan dan tinh thanh hoa');
});

test('decomposed input (NFD, old keyboards) folds like precomposed input', () => {
  const nfd = 'Nguyễn Văn Đức'.normalize('NFD');
  assert.equal(foldVietnamese(nfd), 'nguyen van duc');
  assert.equal(foldVietnamese('Hoà'), foldVietnamese('Hòa'));
});

test('non-breaking and other Unicode spaces count as spaces; zero-width characters vanish', () => {
  assert.equal(foldVietnamese('Hà\u00a0Nội\u3000\u2003X'), 'ha noi x');
  assert.equal(foldVietnamese('Ngu\u200byễn\ufeff'), 'nguyen');
  assert.equal(foldVietnamese('Ng\u00adu'), 'ngu');
});

test('Ð (U+00D0) from old TCVN3/VNI conversions folds to d like Đ', () => {
  assert.equal(foldVietnamese('ÐÀ NẴNG'), 'da nang');
});

test('digits, punctuation and letters outside the table pass through unchanged', () => {
  assert.equal(foldVietnamese('Số 12/2025/QĐ-UBND'), 'so 12/2025/qd-ubnd');
  assert.equal(foldVietnamese('Øresund Straße Ω'), 'Øresund straße Ω');
  assert.equal(foldVietnamese('Müller François'), 'muller francois');
});

test('folding is idempotent', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (text) =>
      assert.equal(foldVietnamese(foldVietnamese(text)), foldVietnamese(text)),
    ),
  );
});

test('the translate() arguments pair each replaced character with one replacement', () => {
  const deletions = [...FOLD_MAPPING.values()].filter((to) => to === '').length;
  assert.equal([...FOLD_SOURCE].length, FOLD_MAPPING.size);
  assert.equal([...FOLD_TARGET].length, FOLD_MAPPING.size - deletions);
  for (const to of FOLD_MAPPING.values()) assert.ok(to === '' || /^[a-z ]$/.test(to));
  assert.match(FOLD_SQL_FUNCTION, /^[\x20-\x7e\n]*$/, 'the SQL is plain ASCII');
});

// The SQL twin must agree with the TypeScript fold character for character.
let db: PGlite;
before(async () => {
  db = new PGlite();
  await db.exec(FOLD_SQL_FUNCTION);
});
after(async () => {
  await db.close();
});

async function foldInSql(text: string): Promise<string> {
  const result = await db.query<{ folded: string }>(`SELECT ${FOLD_SQL_FUNCTION_NAME}($1) AS folded`, [text]);
  const row = result.rows[0];
  assert.ok(row);
  return row.folded;
}

test('the SQL function folds the examples exactly like foldVietnamese', async () => {
  for (const text of [
    '  Nguyễn   Thị ĐÀO ',
    'Nguyễn Văn Đức'.normalize('NFD'),
    'Hà\u00a0Nội\u3000\u2003X\u200b',
    'ÐÀ NẴNG',
    'Müller Øresund Straße Ω 12/2025/QĐ-UBND',
    VIETNAMESE_LETTERS.join(''),
    '\t\n',
  ]) {
    assert.equal(await foldInSql(text), foldVietnamese(text), JSON.stringify(text));
  }
});

test('the SQL function agrees with foldVietnamese on generated text', async () => {
  const pieces = [
    ...VIETNAMESE_LETTERS,
    ...VIETNAMESE_LETTERS.map((c) => c.normalize('NFD')),
    ...' \t\n\u00a0\u2003\u3000\u200b\ufeff\u00ad\u0301\u0323',
    ...'abcXYZ019-/.,Ðßøç',
  ];
  await fc.assert(
    fc.asyncProperty(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), async (parts) => {
      const text = parts.join('');
      assert.equal(await foldInSql(text), foldVietnamese(text), JSON.stringify(text));
    }),
    { numRuns: 200 },
  );
});

test('the SQL function is immutable, so it can back an expression index', async () => {
  await db.exec(`CREATE TABLE fold_probe (name text); CREATE INDEX ON fold_probe (${FOLD_SQL_FUNCTION_NAME}(name));`);
  await db.query('INSERT INTO fold_probe VALUES ($1)', ['Nguyễn Thị Đào']);
  const result = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM fold_probe WHERE ${FOLD_SQL_FUNCTION_NAME}(name) = $1`,
    ['nguyen thi dao'],
  );
  assert.equal(result.rows[0]?.n, 1);
});
