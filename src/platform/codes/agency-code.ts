/**
 * Agency electronic identifier (mã định danh điện tử cơ quan), DOMAIN.md §4.2.
 *
 * Full form `V1V2V3.Z1Z2.Y1Y2.MX1X2` (QCVN 102:2016/BTTTT, QĐ 20/2020/QĐ-TTg as amended by
 * QĐ 09/2025/QĐ-TTg), read right to left:
 *   - `MX1X2`  level 1: a letter and 2 digits (`H56` Thanh Hóa, `H29` Hồ Chí Minh City);
 *   - `Y1Y2`   level 2, `Z1Z2` level 3, `V1V2V3` level 4; `00` / `000` mean "this level itself".
 * Short form `MX1X2.NN` (`H56.14`) is seen in Thanh Hóa configuration and dossier codes
 * (DOMAIN.md §1.4, [V: S1]). What `NN` denotes is not documented; we read it as level 2 [M],
 * which only matters for `depth` and is irrelevant to `parentCode` (always the level-1 unit).
 *
 * Codes with a gap are real (`002.00.99.H44` in edXML, §4.2), so a zero level between two
 * non-zero levels is accepted; the parent is found by zeroing the deepest non-zero level.
 * Whether a code exists is a question for the agency catalogue, not for this parser.
 */
import { type CodeResult, fail, ok, quote } from './result.ts';

export interface AgencyCode {
  /** Canonical text: upper-case letter, same form (full or short) as the input. */
  readonly code: string;
  /** `MX1X2`, e.g. `H56`. */
  readonly level1: string;
  /** `Y1Y2`, `00` when the code names a level-1 unit. */
  readonly level2: string;
  /** `Z1Z2`, `00` when absent. */
  readonly level3: string;
  /** `V1V2V3`, `000` when absent. */
  readonly level4: string;
  readonly isShortForm: boolean;
  /** The deepest non-zero level: 1 for `000.00.00.H56`, 4 for `001.17.22.H56`. */
  readonly depth: 1 | 2 | 3 | 4;
  /** Full-form code of the next unit up, or null for a level-1 unit. */
  readonly parentCode: string | null;
}

export const AGENCY_CODE_ERRORS = {
  EMPTY: 'AGENCY_CODE_EMPTY',
  FORMAT: 'AGENCY_CODE_FORMAT_INVALID',
  LEVEL1: 'AGENCY_CODE_LEVEL1_INVALID',
  LEVEL2: 'AGENCY_CODE_LEVEL2_INVALID',
  LEVEL3: 'AGENCY_CODE_LEVEL3_INVALID',
  LEVEL4: 'AGENCY_CODE_LEVEL4_INVALID',
} as const;

const LEVEL1 = /^[A-Z]\d{2}$/;
const TWO_DIGITS = /^\d{2}$/;
const THREE_DIGITS = /^\d{3}$/;

const FORMAT_HINT =
  'Mã định danh cơ quan phải có dạng V1V2V3.Z1Z2.Y1Y2.MX1X2 (ví dụ 000.00.00.H56) hoặc dạng rút gọn MX1X2.NN (ví dụ H56.14)';

function level1Error(value: string) {
  return fail(
    AGENCY_CODE_ERRORS.LEVEL1,
    'level1',
    `Phần cấp 1 ${quote(value)} của mã định danh cơ quan phải là một chữ cái in hoa và 2 chữ số (ví dụ H56)`,
  );
}

function digitsError(code: string, part: string, label: string, value: string, width: number) {
  return fail(
    code,
    part,
    `Phần ${label} ${quote(value)} của mã định danh cơ quan phải là ${width} chữ số (dùng ${'0'.repeat(width)} nếu không có cấp này)`,
  );
}

/** Parse an agency code. Surrounding spaces are ignored and the letter may be typed in lower case. */
export function parseAgencyCode(input: string): CodeResult<AgencyCode> {
  const text = input.trim().toUpperCase();
  if (text === '') {
    return fail(AGENCY_CODE_ERRORS.EMPTY, 'whole', 'Chưa nhập mã định danh cơ quan');
  }
  const parts = text.split('.');

  if (parts.length === 2) {
    const [level1 = '', level2 = ''] = parts;
    if (!LEVEL1.test(level1)) return level1Error(level1);
    if (!TWO_DIGITS.test(level2)) {
      return fail(
        AGENCY_CODE_ERRORS.LEVEL2,
        'level2',
        `Phần sau dấu chấm ${quote(level2)} của mã định danh cơ quan dạng rút gọn phải là 2 chữ số (ví dụ H56.14)`,
      );
    }
    return ok(build({ level1, level2, level3: '00', level4: '000' }, true));
  }

  if (parts.length === 4) {
    const [level4 = '', level3 = '', level2 = '', level1 = ''] = parts;
    // Report the most significant level first: it is the part people most often mistype.
    if (!LEVEL1.test(level1)) return level1Error(level1);
    if (!TWO_DIGITS.test(level2)) {
      return digitsError(AGENCY_CODE_ERRORS.LEVEL2, 'level2', 'cấp 2 (Y1Y2)', level2, 2);
    }
    if (!TWO_DIGITS.test(level3)) {
      return digitsError(AGENCY_CODE_ERRORS.LEVEL3, 'level3', 'cấp 3 (Z1Z2)', level3, 2);
    }
    if (!THREE_DIGITS.test(level4)) {
      return digitsError(AGENCY_CODE_ERRORS.LEVEL4, 'level4', 'cấp 4 (V1V2V3)', level4, 3);
    }
    return ok(build({ level1, level2, level3, level4 }, false));
  }

  return fail(
    AGENCY_CODE_ERRORS.FORMAT,
    'whole',
    `Mã định danh cơ quan ${quote(text)} có ${parts.length} phần ngăn bởi dấu chấm, cần 4 phần (hoặc 2 phần ở dạng rút gọn). ${FORMAT_HINT}`,
  );
}

interface Levels {
  readonly level1: string;
  readonly level2: string;
  readonly level3: string;
  readonly level4: string;
}

/** Text of an agency code from its levels; short form keeps `MX1X2.Y1Y2`. */
export function formatAgencyCode(levels: Levels, options: { shortForm?: boolean } = {}): string {
  if (options.shortForm === true) return `${levels.level1}.${levels.level2}`;
  return `${levels.level4}.${levels.level3}.${levels.level2}.${levels.level1}`;
}

function depthOf(levels: Levels): 1 | 2 | 3 | 4 {
  if (levels.level4 !== '000') return 4;
  if (levels.level3 !== '00') return 3;
  if (levels.level2 !== '00') return 2;
  return 1;
}

function parentLevels(levels: Levels): Levels | null {
  switch (depthOf(levels)) {
    case 4:
      return { ...levels, level4: '000' };
    case 3:
      return { ...levels, level3: '00' };
    case 2:
      return { ...levels, level2: '00' };
    case 1:
      return null;
  }
}

function build(levels: Levels, isShortForm: boolean): AgencyCode {
  const parent = parentLevels(levels);
  return {
    code: formatAgencyCode(levels, { shortForm: isShortForm }),
    level1: levels.level1,
    level2: levels.level2,
    level3: levels.level3,
    level4: levels.level4,
    isShortForm,
    depth: depthOf(levels),
    parentCode: parent === null ? null : formatAgencyCode(parent),
  };
}

/** Codes of every unit above this one, nearest first: `000.17.22.H56` → `000.00.22.H56`, `000.00.00.H56`. */
export function ancestorAgencyCodes(code: AgencyCode): string[] {
  const result: string[] = [];
  let current = parentLevels(code);
  while (current !== null) {
    result.push(formatAgencyCode(current));
    current = parentLevels(current);
  }
  return result;
}
