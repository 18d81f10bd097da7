/**
 * Personal identification number (số định danh cá nhân, printed on the CCCD / thẻ căn cước),
 * DOMAIN.md §4.4: 12 digits `AAA B CC DDDDDD`.
 *   - `AAA`  province of birth registration: the QĐ 124/2004 province code padded to 3
 *            digits (001 Hà Nội … 096 Cà Mau). It does not change when provinces merge.
 *   - `B`    gender and century: even = male, odd = female; 0/1 → 1900s, 2/3 → 2000s, … 8/9 → 2300s.
 *   - `CC`   last two digits of the birth year.
 *   - `DDDDDD` a random serial.
 * There is NO check digit (a Luhn check seen in one repository is wrong, §4.4). We reject
 * only what §4.4 allows us to reject: not 12 digits, unknown `AAA`, implausible birth year.
 * Messages never repeat the whole number: it is personal data and errors end up in logs.
 */
import { PROVINCES_PRE_2025 } from './province-data.ts';
import { type CodeResult, fail, ok, quote, vietnamDateOf } from './result.ts';

export interface PersonalId {
  /** The 12 digits, spaces removed. */
  readonly number: string;
  /** `AAA`, e.g. `038`. */
  readonly provinceCode: string;
  /** Name of the pre-2025 province of birth registration, e.g. `Thanh Hóa`. */
  readonly provinceName: string;
  readonly gender: 'male' | 'female';
  /** First year of the birth century: 1900, 2000, … */
  readonly century: number;
  readonly birthYear: number;
  /** `DDDDDD`. */
  readonly serial: string;
}

export interface LegacyId {
  /** The 9 digits of a chứng minh nhân dân, spaces removed. */
  readonly number: string;
}

export const PERSONAL_ID_ERRORS = {
  EMPTY: 'PERSONAL_ID_EMPTY',
  NOT_DIGITS: 'PERSONAL_ID_NOT_DIGITS',
  LENGTH: 'PERSONAL_ID_LENGTH_INVALID',
  PROVINCE_UNKNOWN: 'PERSONAL_ID_PROVINCE_UNKNOWN',
  BIRTH_YEAR_IMPLAUSIBLE: 'PERSONAL_ID_BIRTH_YEAR_IMPLAUSIBLE',
  LEGACY_EMPTY: 'LEGACY_ID_EMPTY',
  LEGACY_NOT_DIGITS: 'LEGACY_ID_NOT_DIGITS',
  LEGACY_LENGTH: 'LEGACY_ID_LENGTH_INVALID',
} as const;

const E = PERSONAL_ID_ERRORS;

/** `AAA` codes: the 63 QĐ 124/2004 province codes, padded to 3 digits. */
export const PERSONAL_ID_PROVINCES: ReadonlyMap<string, string> = new Map(
  PROVINCES_PRE_2025.map((p) => [`0${p.code}`, p.name]),
);

const EARLIEST_BIRTH_YEAR = 1900;

/** People type and paste the number in groups ("038 0 90 012345"); spaces carry no meaning. */
function stripSpaces(input: string): string {
  return input.replace(/\s+/g, '');
}

export function parsePersonalId(input: string, options: { today?: Date } = {}): CodeResult<PersonalId> {
  const text = stripSpaces(input);
  if (text === '') return fail(E.EMPTY, 'whole', 'Chưa nhập số định danh cá nhân');
  if (!/^\d+$/.test(text)) {
    return fail(E.NOT_DIGITS, 'whole', 'Số định danh cá nhân chỉ được gồm chữ số, không có chữ cái hay ký hiệu');
  }
  if (text.length !== 12) {
    const legacyHint =
      text.length === 9 ? '; số chứng minh nhân dân cũ 9 chữ số cần nhập vào mục chứng minh nhân dân' : '';
    return fail(
      E.LENGTH,
      'whole',
      `Số định danh cá nhân phải gồm đúng 12 chữ số, số đã nhập có ${text.length} chữ số${legacyHint}`,
    );
  }

  const provinceCode = text.slice(0, 3);
  const provinceName = PERSONAL_ID_PROVINCES.get(provinceCode);
  if (provinceName === undefined) {
    return fail(
      E.PROVINCE_UNKNOWN,
      'province',
      `Phần mã tỉnh nơi đăng ký khai sinh (3 chữ số đầu) ${quote(provinceCode)} không phải mã tỉnh hợp lệ`,
    );
  }

  const centuryDigit = Number(text.slice(3, 4));
  const yearDigits = text.slice(4, 6);
  const century = EARLIEST_BIRTH_YEAR + Math.floor(centuryDigit / 2) * 100;
  const birthYear = century + Number(yearDigits);
  const currentYear = vietnamDateOf(options.today ?? new Date()).year;
  // The decoding starts at 1900, so only the upper bound can fail; `today` is the
  // Asia/Ho_Chi_Minh date, so a baby born on 1 January counts from 00:00 Vietnam time.
  if (birthYear > currentYear) {
    return fail(
      E.BIRTH_YEAR_IMPLAUSIBLE,
      'birthYear',
      `Phần năm sinh không hợp lệ: chữ số thứ 4 ${quote(String(centuryDigit))} (giới tính, thế kỷ) và chữ số thứ 5–6 ${quote(yearDigits)} cho năm sinh ${birthYear}, sau năm hiện tại ${currentYear}`,
    );
  }

  return ok({
    number: text,
    provinceCode,
    provinceName,
    gender: centuryDigit % 2 === 0 ? 'male' : 'female',
    century,
    birthYear,
    serial: text.slice(6),
  });
}

/**
 * Build the 12 digits from their parts (used for fixtures and round trips). Throws a
 * RangeError on parts that cannot form a number: that is a programming error, not user input.
 */
export function formatPersonalId(parts: {
  readonly provinceCode: string;
  readonly gender: 'male' | 'female';
  readonly birthYear: number;
  readonly serial: string;
}): string {
  const { provinceCode, gender, birthYear, serial } = parts;
  if (!/^\d{3}$/.test(provinceCode) || !/^\d{6}$/.test(serial)) {
    throw new RangeError('provinceCode must be 3 digits and serial 6 digits');
  }
  if (!Number.isInteger(birthYear) || birthYear < EARLIEST_BIRTH_YEAR || birthYear > 2399) {
    throw new RangeError('birthYear must be an integer from 1900 to 2399');
  }
  const centuryIndex = Math.floor((birthYear - EARLIEST_BIRTH_YEAR) / 100);
  const centuryDigit = centuryIndex * 2 + (gender === 'female' ? 1 : 0);
  const yearDigits = String(birthYear % 100).padStart(2, '0');
  return `${provinceCode}${centuryDigit}${yearDigits}${serial}`;
}

/**
 * Legacy chứng minh nhân dân, 9 digits [M]. Still seen on old records and papers. The
 * 12-digit CMND issued 2012–2016 has the same layout as the CCCD: use `parsePersonalId`.
 */
export function parseLegacyId(input: string): CodeResult<LegacyId> {
  const text = stripSpaces(input);
  if (text === '') return fail(E.LEGACY_EMPTY, 'whole', 'Chưa nhập số chứng minh nhân dân');
  if (!/^\d+$/.test(text)) {
    return fail(
      E.LEGACY_NOT_DIGITS,
      'whole',
      'Số chứng minh nhân dân chỉ được gồm chữ số, không có chữ cái hay ký hiệu',
    );
  }
  if (text.length !== 9) {
    return fail(
      E.LEGACY_LENGTH,
      'whole',
      `Số chứng minh nhân dân cũ phải gồm đúng 9 chữ số, số đã nhập có ${text.length} chữ số`,
    );
  }
  return ok({ number: text });
}
