/**
 * Search keys for Vietnamese text (ARCHITECTURE.md: "search folds case and diacritics,
 * đ → d too"): "  Nguyễn   Thị ĐÀO " → "nguyen thi dao".
 *
 * The same fold runs in two places, here and in PostgreSQL (`FOLD_SQL_FUNCTION`, for
 * expression indexes and WHERE clauses), and both must give the same string. So the fold is
 * NOT "whatever String.prototype.toLowerCase and \p{M} do" (PostgreSQL's lower() follows the
 * database locale, and the C locale leaves Đ alone): it is one fixed character table, applied
 * with translate() in SQL and a Map here. The exact steps:
 *
 *   1. Unicode NFC (`normalize(input, NFC)` in SQL), so decomposed input ("e" + U+0302 +
 *      U+0301, as some Windows keyboards produce) becomes one precomposed letter first.
 *   2. One-for-one table, `FOLD_MAPPING`:
 *      - A–Z → a–z;
 *      - every letter in U+00C0–U+024F and U+1E00–U+1EFF whose canonical decomposition is
 *        an ASCII letter plus combining marks → that letter in lower case. This holds all
 *        134 Vietnamese letters with diacritics (á à ả ã ạ ă ắ … ỹ ỵ and capitals) and the
 *        accented letters of foreign names (é, ü, ç, ñ …);
 *      - đ (U+0111), Đ (U+0110) and Ð (U+00D0, which text converted from old TCVN3/VNI fonts
 *        sometimes has in place of Đ) → d;
 *      - whitespace (\t \n \v \f \r, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029,
 *        U+202F, U+205F, U+3000) → space.
 *   3. Deleted: combining marks U+0300–U+036F that NFC could not attach to a letter, soft
 *      hyphen U+00AD, and the zero-width characters U+200B–U+200D, U+2060, U+FEFF.
 *   4. Runs of spaces → one space; leading and trailing spaces removed.
 * Every other character (digits, punctuation, ø, ß, Greek, Cyrillic, CJK …) passes through
 * unchanged, in both implementations.
 */

const WHITESPACE = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
  0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
];

const DELETED: number[] = [0xad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff];
for (let cp = 0x300; cp <= 0x36f; cp++) DELETED.push(cp);

const FOLDED_LETTER_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x00c0, 0x024f],
  [0x1e00, 0x1eff],
];

function buildMapping(): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (let cp = 0x41; cp <= 0x5a; cp++) map.set(String.fromCodePoint(cp), String.fromCodePoint(cp + 0x20));
  for (const [from, to] of FOLDED_LETTER_RANGES) {
    for (let cp = from; cp <= to; cp++) {
      const char = String.fromCodePoint(cp);
      const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      // Only canonical decompositions to one ASCII letter: the table must be one-for-one.
      if (base !== char && /^[A-Za-z]$/.test(base)) map.set(char, base.toLowerCase());
    }
  }
  for (const d of ['\u0110', '\u0111', '\u00d0']) map.set(d, 'd');
  for (const cp of WHITESPACE) map.set(String.fromCodePoint(cp), ' ');
  for (const cp of DELETED) map.set(String.fromCodePoint(cp), '');
  return map;
}

/** The fold table: character → replacement (one character, or '' for deletion). */
export const FOLD_MAPPING: ReadonlyMap<string, string> = buildMapping();

/** `translate()` arguments: replaced characters first, then the deleted ones with no partner. */
const replaced = [...FOLD_MAPPING].filter(([, to]) => to !== '');
const deleted = [...FOLD_MAPPING].filter(([, to]) => to === '');
export const FOLD_SOURCE: string = [...replaced, ...deleted].map(([from]) => from).join('');
export const FOLD_TARGET: string = replaced.map(([, to]) => to).join('');

export function foldVietnamese(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) out += FOLD_MAPPING.get(char) ?? char;
  return out.replace(/ {2,}/g, ' ').replace(/^ | $/g, '');
}

/**
 * Vietnamese alphabetical order (a ă â b c d đ e ê … y, tones after letters): "Đất đai" comes
 * after "Dân tộc", not after "Y tế" as code-point order puts it. ICU's `vi` collation, the one
 * PostgreSQL offers as `"vi-x-icu"`.
 */
export const compareVietnamese: (a: string, b: string) => number = new Intl.Collator('vi').compare;

/** A Unicode-escape SQL literal (U&'…'), so the migration file stays plain ASCII. */
function sqlUnicodeLiteral(text: string): string {
  let body = '';
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    if (cp >= 0x20 && cp < 0x7f && char !== '\\' && char !== "'") body += char;
    else body += cp > 0xffff ? `\\+${cp.toString(16).padStart(6, '0')}` : `\\${cp.toString(16).padStart(4, '0')}`;
  }
  return `U&'${body}'`;
}

export const FOLD_SQL_FUNCTION_NAME = 'fold_vietnamese';

/**
 * PostgreSQL (13+, UTF-8 database) definition of the same fold, for the lead to place in a
 * migration. IMMUTABLE so it can back an expression index:
 * `CREATE INDEX … ON applicants (fold_vietnamese(full_name))`.
 */
export const FOLD_SQL_FUNCTION: string = `CREATE OR REPLACE FUNCTION ${FOLD_SQL_FUNCTION_NAME}(input text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $fold$
  SELECT btrim(regexp_replace(translate(normalize(input, NFC),
    ${sqlUnicodeLiteral(FOLD_SOURCE)},
    ${sqlUnicodeLiteral(FOLD_TARGET)}), ' {2,}', ' ', 'g'), ' ')
$fold$;`;
