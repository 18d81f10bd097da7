/**
 * Administrative-unit codes (mã đơn vị hành chính), DOMAIN.md §4.3: province 2 digits,
 * commune (xã, phường, đặc khu) 5 digits. Codes are strings and keep their leading zeros:
 * `01` Hà Nội is not `1`.
 *
 * Provinces are checked against the lists in `province-data.ts`; by default the 34 of
 * QĐ 19/2025/QĐ-TTg. Pass `codeSet: 'qd124-2004'` for old dossiers and addresses: the two
 * sets share codes that mean different provinces, so a code alone never says which it is.
 * Communes are checked for shape only: the 3,321 commune codes are catalogue data, loaded
 * into the database, not held here.
 */
import {
  PROVINCE_CODE_SETS,
  PROVINCES_2025,
  PROVINCES_PRE_2025,
  type PreReformProvinceEntry,
  type ProvinceCodeSet,
  type ProvinceEntry,
  provinceFullName,
} from './province-data.ts';
import { type CodeResult, fail, ok, quote } from './result.ts';

export interface ProvinceCode {
  readonly code: string;
  readonly name: string;
  readonly fullName: string;
  readonly kind: 'city' | 'province';
  readonly codeSet: ProvinceCodeSet;
}

export interface CommuneCode {
  readonly code: string;
}

export const ADMIN_UNIT_CODE_ERRORS = {
  PROVINCE_EMPTY: 'PROVINCE_CODE_EMPTY',
  PROVINCE_NOT_DIGITS: 'PROVINCE_CODE_NOT_DIGITS',
  PROVINCE_LENGTH: 'PROVINCE_CODE_LENGTH_INVALID',
  PROVINCE_UNKNOWN: 'PROVINCE_CODE_UNKNOWN',
  PROVINCE_SUPERSEDED: 'PROVINCE_CODE_SUPERSEDED',
  COMMUNE_EMPTY: 'COMMUNE_CODE_EMPTY',
  COMMUNE_NOT_DIGITS: 'COMMUNE_CODE_NOT_DIGITS',
  COMMUNE_LENGTH: 'COMMUNE_CODE_LENGTH_INVALID',
  COMMUNE_ZERO: 'COMMUNE_CODE_ZERO',
} as const;

const E = ADMIN_UNIT_CODE_ERRORS;

const BY_SET: Readonly<Record<ProvinceCodeSet, ReadonlyMap<string, ProvinceEntry>>> = {
  'qd19-2025': new Map(PROVINCES_2025.map((p) => [p.code, p])),
  'qd124-2004': new Map(PROVINCES_PRE_2025.map((p) => [p.code, p])),
};

const PRE_2025_BY_CODE: ReadonlyMap<string, PreReformProvinceEntry> = new Map(
  PROVINCES_PRE_2025.map((p) => [p.code, p]),
);

/** The province with this code in the given set (default: the 34 of QĐ 19/2025). */
export function findProvince(code: string, codeSet: ProvinceCodeSet = 'qd19-2025'): ProvinceEntry | undefined {
  return BY_SET[codeSet].get(code);
}

/** The 2025 province that an old (QĐ 124/2004) province became part of on 01/07/2025. */
export function findSuccessorProvince(oldCode: string): ProvinceEntry | undefined {
  const oldEntry = PRE_2025_BY_CODE.get(oldCode);
  return oldEntry === undefined ? undefined : BY_SET['qd19-2025'].get(oldEntry.successorCode);
}

export function parseProvinceCode(
  input: string,
  options: { codeSet?: ProvinceCodeSet } = {},
): CodeResult<ProvinceCode> {
  const codeSet = options.codeSet ?? 'qd19-2025';
  const text = input.trim();
  if (text === '') return fail(E.PROVINCE_EMPTY, 'province', 'Chưa nhập mã tỉnh, thành phố');
  if (!/^\d+$/.test(text)) {
    return fail(E.PROVINCE_NOT_DIGITS, 'province', `Mã tỉnh, thành phố ${quote(text)} chỉ được gồm chữ số`);
  }
  if (text.length !== 2) {
    return fail(
      E.PROVINCE_LENGTH,
      'province',
      `Mã tỉnh, thành phố ${quote(text)} phải gồm đúng 2 chữ số, kể cả số 0 ở đầu (ví dụ 01, 38)`,
    );
  }
  const entry = BY_SET[codeSet].get(text);
  if (entry !== undefined) {
    return ok({ code: entry.code, name: entry.name, fullName: provinceFullName(entry), kind: entry.kind, codeSet });
  }
  const basis = PROVINCE_CODE_SETS[codeSet].basis;
  const oldEntry = codeSet === 'qd19-2025' ? PRE_2025_BY_CODE.get(text) : undefined;
  const successor = oldEntry === undefined ? undefined : BY_SET['qd19-2025'].get(oldEntry.successorCode);
  if (oldEntry !== undefined && successor !== undefined) {
    return fail(
      E.PROVINCE_SUPERSEDED,
      'province',
      `Mã tỉnh ${quote(text)} (${provinceFullName(oldEntry)}) là mã cũ theo QĐ 124/2004/QĐ-TTg; từ ngày 01/07/2025 tỉnh này thuộc ${provinceFullName(successor)} (mã ${successor.code})`,
    );
  }
  const count = BY_SET[codeSet].size;
  return fail(
    E.PROVINCE_UNKNOWN,
    'province',
    `Mã tỉnh ${quote(text)} không có trong danh mục ${count} tỉnh, thành phố theo ${basis}`,
  );
}

export function parseCommuneCode(input: string): CodeResult<CommuneCode> {
  const text = input.trim();
  if (text === '') return fail(E.COMMUNE_EMPTY, 'commune', 'Chưa nhập mã xã, phường, đặc khu');
  if (!/^\d+$/.test(text)) {
    return fail(E.COMMUNE_NOT_DIGITS, 'commune', `Mã xã, phường, đặc khu ${quote(text)} chỉ được gồm chữ số`);
  }
  if (text.length !== 5) {
    return fail(
      E.COMMUNE_LENGTH,
      'commune',
      `Mã xã, phường, đặc khu ${quote(text)} phải gồm đúng 5 chữ số, kể cả số 0 ở đầu (ví dụ 00004)`,
    );
  }
  if (text === '00000') {
    return fail(E.COMMUNE_ZERO, 'commune', 'Mã xã, phường, đặc khu không thể là 00000');
  }
  return ok({ code: text });
}

/** Pad a number read from a spreadsheet back to its 2-digit code (`1` → `01`); no validation. */
export function formatProvinceCode(code: number | string): string {
  return String(code).padStart(2, '0');
}

/** Pad a number read from a spreadsheet back to its 5-digit code (`4` → `00004`); no validation. */
export function formatCommuneCode(code: number | string): string {
  return String(code).padStart(5, '0');
}
