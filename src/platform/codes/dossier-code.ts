/**
 * Dossier code (mã số hồ sơ), DOMAIN.md §1.4: `AgencyCode-YYMMDD-NNNN`, e.g.
 * `000.17.22.H56-210531-0001` or, with the short agency form, `H56.14-240823-0001`.
 *   - AgencyCode: the receiving agency's electronic identifier (§4.2, `agency-code.ts`);
 *   - YYMMDD: the receipt date in Asia/Ho_Chi_Minh; the century is always 2000 (TT 01/2018
 *     introduced the code, so no dossier predates 2000);
 *   - NNNN: the sequence of dossiers the agency received that day, from 1 (TT 01/2018 Art. 19).
 *
 * Past 9999 in a day: TT 01/2018 fixes 4 digits and gives no rule for overflow, so we never
 * silently widen (a 5-digit code would break other systems that expect 4). The width is a
 * parameter (default 4) that a province may raise in configuration; a sequence that does not
 * fit is rejected with DOSSIER_CODE_SEQUENCE_OUT_OF_RANGE so the caller can alert an admin.
 * TT 03/2025 may have changed the structure [R]; keep the width configurable for that reason too.
 *
 * The tracking key is the secret printed on the receipt slip that, with the dossier code,
 * lets an applicant look a dossier up without signing in. The dossier code alone is guessable.
 */
import { randomInt, timingSafeEqual } from 'node:crypto';
import { type AgencyCode, parseAgencyCode } from './agency-code.ts';
import { type CalendarDate, type CodeResult, fail, isRealDate, ok, pad, quote, vietnamDateOf } from './result.ts';

export interface DossierCode {
  /** Canonical text. */
  readonly code: string;
  readonly agencyCode: AgencyCode;
  /** Receipt date (Asia/Ho_Chi_Minh) as `YYYY-MM-DD`. */
  readonly receivedOn: string;
  readonly receivedDate: CalendarDate;
  readonly sequence: number;
}

export const DOSSIER_CODE_ERRORS = {
  EMPTY: 'DOSSIER_CODE_EMPTY',
  FORMAT: 'DOSSIER_CODE_FORMAT_INVALID',
  AGENCY: 'DOSSIER_CODE_AGENCY_INVALID',
  DATE_FORMAT: 'DOSSIER_CODE_DATE_INVALID',
  DATE_NOT_REAL: 'DOSSIER_CODE_DATE_NOT_REAL',
  DATE_OUT_OF_RANGE: 'DOSSIER_CODE_DATE_OUT_OF_RANGE',
  SEQUENCE_FORMAT: 'DOSSIER_CODE_SEQUENCE_INVALID',
  SEQUENCE_RANGE: 'DOSSIER_CODE_SEQUENCE_OUT_OF_RANGE',
} as const;

const E = DOSSIER_CODE_ERRORS;

const DEFAULT_SEQUENCE_WIDTH = 4;

export interface DossierCodeOptions {
  /** Digits in the sequence part; 4 by TT 01/2018 Art. 19. */
  readonly sequenceWidth?: number;
}

function widthOf(options: DossierCodeOptions): number {
  const width = options.sequenceWidth ?? DEFAULT_SEQUENCE_WIDTH;
  if (!Number.isInteger(width) || width < DEFAULT_SEQUENCE_WIDTH || width > 9) {
    throw new RangeError('sequenceWidth must be an integer from 4 to 9');
  }
  return width;
}

export function parseDossierCode(input: string, options: DossierCodeOptions = {}): CodeResult<DossierCode> {
  const width = widthOf(options);
  const text = input.trim().toUpperCase();
  if (text === '') return fail(E.EMPTY, 'whole', 'Chưa nhập mã số hồ sơ');

  const parts = text.split('-');
  if (parts.length !== 3) {
    return fail(
      E.FORMAT,
      'whole',
      `Mã số hồ sơ ${quote(text)} phải gồm 3 phần ngăn bởi dấu gạch ngang: mã cơ quan-YYMMDD-số thứ tự (ví dụ 000.17.22.H56-210531-0001)`,
    );
  }
  const [agencyText = '', dateText = '', sequenceText = ''] = parts;

  const agency = parseAgencyCode(agencyText);
  if (!agency.ok) {
    return fail(
      E.AGENCY,
      `agencyCode.${agency.error.part}`,
      `Phần mã cơ quan của mã số hồ sơ không hợp lệ: ${agency.error.message}`,
    );
  }

  if (!/^\d{6}$/.test(dateText)) {
    return fail(
      E.DATE_FORMAT,
      'date',
      `Phần ngày tiếp nhận ${quote(dateText)} phải gồm 6 chữ số theo dạng YYMMDD (ví dụ 210531)`,
    );
  }
  const year = 2000 + Number(dateText.slice(0, 2));
  const month = Number(dateText.slice(2, 4));
  const day = Number(dateText.slice(4, 6));
  if (!isRealDate(year, month, day)) {
    const why =
      month < 1 || month > 12
        ? `không có tháng ${pad(month, 2)}`
        : `tháng ${pad(month, 2)}/${year} không có ngày ${pad(day, 2)}`;
    return fail(E.DATE_NOT_REAL, 'date', `Phần ngày tiếp nhận ${quote(dateText)} không phải ngày có thật: ${why}`);
  }

  if (!new RegExp(`^\\d{${width}}$`).test(sequenceText)) {
    return fail(
      E.SEQUENCE_FORMAT,
      'sequence',
      `Phần số thứ tự ${quote(sequenceText)} phải gồm đúng ${width} chữ số (ví dụ ${pad(1, width)})`,
    );
  }
  const sequence = Number(sequenceText);
  if (sequence < 1) {
    return fail(E.SEQUENCE_RANGE, 'sequence', `Phần số thứ tự ${quote(sequenceText)} phải bắt đầu từ ${pad(1, width)}`);
  }

  const receivedDate = { year, month, day };
  return ok({
    code: `${agency.value.code}-${dateText}-${sequenceText}`,
    agencyCode: agency.value,
    receivedOn: `${year}-${pad(month, 2)}-${pad(day, 2)}`,
    receivedDate,
    sequence,
  });
}

/**
 * The code of the `sequence`-th dossier received by `agencyCode` on the Asia/Ho_Chi_Minh
 * calendar day of `receivedAt`. The sequence itself is kept per agency and day by the caller
 * (serialised, §1.4); this function only formats it.
 */
export function formatDossierCode(
  agencyCode: string | AgencyCode,
  receivedAt: Date,
  sequence: number,
  options: DossierCodeOptions = {},
): CodeResult<string> {
  const width = widthOf(options);
  const agency = typeof agencyCode === 'string' ? parseAgencyCode(agencyCode) : ok(agencyCode);
  if (!agency.ok) {
    return fail(
      E.AGENCY,
      `agencyCode.${agency.error.part}`,
      `Mã cơ quan dùng để cấp mã số hồ sơ không hợp lệ: ${agency.error.message}`,
    );
  }
  if (Number.isNaN(receivedAt.getTime())) {
    return fail(E.DATE_FORMAT, 'date', 'Ngày tiếp nhận hồ sơ không hợp lệ');
  }
  const date = vietnamDateOf(receivedAt);
  if (date.year < 2000 || date.year > 2099) {
    return fail(
      E.DATE_OUT_OF_RANGE,
      'date',
      `Năm tiếp nhận ${date.year} nằm ngoài khoảng 2000–2099 mà phần YYMMDD của mã số hồ sơ biểu diễn được`,
    );
  }
  const max = 10 ** width - 1;
  if (!Number.isInteger(sequence) || sequence < 1) {
    return fail(E.SEQUENCE_RANGE, 'sequence', `Số thứ tự hồ sơ phải là số nguyên từ 1 trở lên, nhận được ${sequence}`);
  }
  if (sequence > max) {
    return fail(
      E.SEQUENCE_RANGE,
      'sequence',
      `Số thứ tự ${sequence} vượt quá ${width} chữ số: một cơ quan chỉ cấp được tối đa ${max} mã số hồ sơ trong một ngày. Cần tăng độ dài phần số thứ tự trong cấu hình`,
    );
  }
  const yymmdd = `${pad(date.year % 100, 2)}${pad(date.month, 2)}${pad(date.day, 2)}`;
  return ok(`${agency.value.code}-${yymmdd}-${pad(sequence, width)}`);
}

// ---------------------------------------------------------------------------------------
// Tracking key

/**
 * Digits 2–9 and letters without I, L, O: nothing a reader can confuse with 0/O or 1/I/L
 * when copying from a printed slip or reading it over the phone. 31 symbols × 8 positions
 * ≈ 39.6 bits, enough for a lookup that is also rate-limited.
 */
export const TRACKING_KEY_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const TRACKING_KEY_LENGTH = 8;

export const TRACKING_KEY_ERRORS = {
  EMPTY: 'TRACKING_KEY_EMPTY',
  LENGTH: 'TRACKING_KEY_LENGTH_INVALID',
  CHARACTER: 'TRACKING_KEY_CHARACTER_INVALID',
} as const;

/** A fresh key of 8 symbols, uniformly drawn with the operating system's CSPRNG. */
export function generateTrackingKey(): string {
  let key = '';
  for (let i = 0; i < TRACKING_KEY_LENGTH; i++) {
    // randomInt rejects biased draws itself, so every symbol is equally likely.
    key += TRACKING_KEY_ALPHABET.charAt(randomInt(TRACKING_KEY_ALPHABET.length));
  }
  return key;
}

/** Read a key as typed: case, spaces and the display hyphen are ignored. */
export function parseTrackingKey(input: string): CodeResult<{ readonly key: string }> {
  const text = input.replace(/[\s-]+/g, '').toUpperCase();
  const T = TRACKING_KEY_ERRORS;
  if (text === '') return fail(T.EMPTY, 'whole', 'Chưa nhập mã tra cứu hồ sơ');
  if (text.length !== TRACKING_KEY_LENGTH) {
    return fail(
      T.LENGTH,
      'whole',
      `Mã tra cứu hồ sơ phải gồm đúng ${TRACKING_KEY_LENGTH} ký tự, mã đã nhập có ${text.length} ký tự`,
    );
  }
  const chars = [...text];
  const badIndex = chars.findIndex((c) => !TRACKING_KEY_ALPHABET.includes(c));
  if (badIndex >= 0) {
    return fail(
      T.CHARACTER,
      'character',
      `Ký tự thứ ${badIndex + 1} ${quote(chars[badIndex] ?? '')} không có trong mã tra cứu: mã chỉ gồm chữ số 2–9 và chữ cái in hoa, không có chữ I, L, O`,
    );
  }
  return ok({ key: text });
}

/**
 * True when `given` (as typed: case, spaces and the hyphen ignored) is the stored key; compared
 * in constant time.
 */
export function trackingKeyMatches(stored: string, given: string | undefined): boolean {
  if (!given) return false;
  const parsed = parseTrackingKey(given);
  if (!parsed.ok) return false;
  const a = Buffer.from(parsed.value.key);
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `ABCD-EFGH`: two groups of 4, as printed on the receipt slip. Throws on a non-key. */
export function formatTrackingKey(key: string): string {
  const parsed = parseTrackingKey(key);
  if (!parsed.ok) throw new RangeError(parsed.error.message);
  return `${parsed.value.key.slice(0, 4)}-${parsed.value.key.slice(4)}`;
}
