/**
 * A periodic report as the Excel and PDF renderers draw it: the form's number and title, the
 * reporting and receiving units, the period, a header of grouped columns, numbered rows
 * (sections, units and the grand total) and the signature block. Built by form06.ts and
 * feedback-report.ts; drawn by excel.ts and pdf.ts.
 */
import type { Period } from '../periods.ts';

export interface ReportColumn {
  /** The column's group ("Số hồ sơ nhận giải quyết"), or null for a column standing alone. */
  group: string | null;
  /** A sub-group under the group ("Số mới tiếp nhận trong kỳ"), or null. */
  subgroup?: string | null;
  header: string;
}

export interface ReportRow {
  /** "I", "1", … or "" for the grand total. */
  stt: string;
  label: string;
  /** A section (level) row sums its units; the total row sums the sections. */
  kind: 'section' | 'unit' | 'total';
  values: number[];
}

export interface ReportTable {
  /** e.g. "06/VPCP/KSTT". */
  formNumber: string;
  /** The legal basis line under the form number. */
  basis: string;
  title: string;
  period: Period;
  reportingUnit: string;
  /** The unit's governing body, shown above it (e.g. "UBND TỈNH TUYÊN QUANG"), or null. */
  parentUnit: string | null;
  receivingUnit: string;
  unitOfCount: string;
  /** The second column's header: "Đơn vị" or "Lĩnh vực, công việc giải quyết theo cấp". */
  labelHeader: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** Lines under the table (the counting rule, unclassified dossiers). */
  notes: string[];
  /** The place in the signature line, e.g. "Tuyên Quang". */
  place: string;
  generatedAt: Date;
  /** The report's file name without extension, e.g. "bieu-06-tinh-2026-Q4". */
  fileName: string;
}

/** "ngày 05 tháng 01 năm 2027" in Vietnam time. */
export function vietnameseDate(instant: Date): string {
  const local = new Date(instant.getTime() + 7 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `ngày ${pad(local.getUTCDate())} tháng ${pad(local.getUTCMonth() + 1)} năm ${local.getUTCFullYear()}`;
}

/** "01/10/2026" for the first day and the last day of a period (Vietnam time). */
export function periodDays(period: Period): { from: string; to: string } {
  const day = (instant: Date) => {
    const local = new Date(instant.getTime() + 7 * 3_600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
  };
  return { from: day(period.start), to: day(new Date(period.end.getTime() - 1)) };
}
