/**
 * Administrative-procedure (TTHC) codes, DOMAIN.md §4.1.
 *   - national: `d.dddddd`, e.g. `1.001193` Đăng ký khai sinh;
 *   - local instance: national code + "." + agency code, e.g. `1.000494.000.00.00.H29`.
 * Beyond this shape the national code is opaque: what the leading 1 or 2 means is not
 * verified [M], so nothing here reads meaning into it.
 */
import { type AgencyCode, parseAgencyCode } from './agency-code.ts';
import { type CodeResult, fail, ok, quote } from './result.ts';

export type ProcedureCode =
  | { readonly kind: 'national'; readonly code: string; readonly nationalCode: string }
  | {
      readonly kind: 'local';
      readonly code: string;
      readonly nationalCode: string;
      readonly agencyCode: AgencyCode;
    };

export const PROCEDURE_CODE_ERRORS = {
  EMPTY: 'PROCEDURE_CODE_EMPTY',
  NATIONAL: 'PROCEDURE_CODE_NATIONAL_INVALID',
  AGENCY: 'PROCEDURE_CODE_AGENCY_INVALID',
} as const;

const NATIONAL = /^\d\.\d{6}$/;

export function parseProcedureCode(input: string): CodeResult<ProcedureCode> {
  const text = input.trim().toUpperCase();
  if (text === '') return fail(PROCEDURE_CODE_ERRORS.EMPTY, 'whole', 'Chưa nhập mã thủ tục hành chính');

  const parts = text.split('.');
  const nationalCode = parts.slice(0, 2).join('.');
  if (!NATIONAL.test(nationalCode)) {
    return fail(
      PROCEDURE_CODE_ERRORS.NATIONAL,
      'nationalCode',
      `Phần mã thủ tục quốc gia ${quote(nationalCode)} phải gồm 1 chữ số, dấu chấm và 6 chữ số (ví dụ 1.001193)`,
    );
  }
  if (parts.length === 2) return ok({ kind: 'national', code: nationalCode, nationalCode });

  const agencyText = parts.slice(2).join('.');
  const agency = parseAgencyCode(agencyText);
  if (!agency.ok) {
    return fail(
      PROCEDURE_CODE_ERRORS.AGENCY,
      `agencyCode.${agency.error.part}`,
      `Phần mã cơ quan sau mã thủ tục ${nationalCode} không hợp lệ: ${agency.error.message}`,
    );
  }
  const agencyCode = agency.value;
  return ok({
    kind: 'local',
    code: formatProcedureCode(nationalCode, agencyCode),
    nationalCode,
    agencyCode,
  });
}

/** `1.000494` or, with an agency, its local instance `1.000494.000.00.00.H29`. */
export function formatProcedureCode(nationalCode: string, agencyCode?: AgencyCode | null): string {
  return agencyCode == null ? nationalCode : `${nationalCode}.${agencyCode.code}`;
}
