/**
 * Form 07b: the administrative procedures (TTHC) themselves, not dossiers
 * (documents-reports-ioc.md §3.3, from the Thanh Hóa code base's "07b" [V: D4]): procedures in
 * total and by level; those handled through the one-stop mechanism, by level; those with an
 * internal workflow (quy trình nội bộ) issued, by level. Columns as numbered on the sheet:
 *   3 = 4 + 5    procedures: province level (4), commune level (5)
 *   6 = 7 + 8    of them handled through the one-stop department
 *   9 = 10 + 11  of them with an internal workflow
 * Counted: the catalog's procedures in force (active) when the report is made — the catalog
 * keeps no history of what was in force on an earlier day, so the sheet says "tại thời điểm
 * lập báo cáo". One-stop [our reading]: every dossier in Mở Cửa is received at a one-stop
 * department, so a procedure counts as handled through it when it has an implementing agency
 * to file with; one without an implementing agency is in force but not yet received anywhere.
 * Rows: one per field (lĩnh vực), then the total; an agency's report counts the procedures it
 * implements, a commune's those implemented by the commune or an agency under it.
 */
import type { ProcedureSetupFact } from '../../catalog/index.ts';
import { communeOf, type Lookups } from '../dimensions.ts';
import type { Period } from '../periods.ts';
import { sumRows } from './form06.ts';
import { type ReportScope, scopeHeader } from './report-scope.ts';
import type { ReportColumn, ReportRow, ReportTable } from './report-table.ts';

const TOTAL = 'Số thủ tục hành chính';
const ONE_STOP = 'Số TTHC thực hiện theo cơ chế một cửa, một cửa liên thông';
const WORKFLOW = 'Số TTHC đã ban hành quy trình nội bộ';

const COLUMNS: ReportColumn[] = [TOTAL, ONE_STOP, WORKFLOW].flatMap((group) => [
  { group, header: 'Tổng số' },
  { group, header: 'Cấp tỉnh' },
  { group, header: 'Cấp xã' },
]);

/** Columns 3–11 of a set of procedures. */
function form07bValues(procedures: readonly ProcedureSetupFact[]): number[] {
  const triple = (keep: (p: ProcedureSetupFact) => boolean) => {
    const kept = procedures.filter(keep);
    const province = kept.filter((p) => p.level === 'province').length;
    const commune = kept.filter((p) => p.level === 'commune').length;
    return [province + commune, province, commune];
  };
  return [...triple(() => true), ...triple((p) => p.agencyIds.length > 0), ...triple((p) => p.hasWorkflow)];
}

export function buildForm07b(
  procedures: readonly ProcedureSetupFact[],
  period: Period,
  scope: ReportScope,
  lookups: Lookups,
  generatedAt: Date,
): ReportTable {
  const header = scopeHeader(scope, lookups);
  const inScope = (p: ProcedureSetupFact) => {
    if (!p.active) return false;
    if (scope.level === 'agency') return p.agencyIds.includes(scope.agencyId);
    if (scope.level === 'commune') {
      return p.agencyIds.some((id) => communeOf(id, lookups.agencies)?.id === scope.communeId);
    }
    return true;
  };
  const byField = new Map<string, { label: string; procedures: ProcedureSetupFact[] }>();
  for (const p of procedures.filter(inScope)) {
    const f = byField.get(p.fieldCode) ?? { label: p.fieldName, procedures: [] };
    f.procedures.push(p);
    byField.set(p.fieldCode, f);
  }
  const rows: ReportRow[] = [...byField.values()]
    .sort((a, b) => a.label.localeCompare(b.label, 'vi'))
    .map((f, i) => ({ stt: String(i + 1), label: f.label, kind: 'unit', values: form07bValues(f.procedures) }));
  rows.push({ stt: '', label: 'Tổng cộng', kind: 'total', values: sumRows(rows, COLUMNS.length) });
  return {
    formNumber: '07b',
    basis: 'Số liệu thủ tục hành chính tại thời điểm lập báo cáo',
    title: 'SỐ LIỆU THỦ TỤC HÀNH CHÍNH ĐANG THỰC HIỆN, THỰC HIỆN THEO CƠ CHẾ MỘT CỬA VÀ QUY TRÌNH NỘI BỘ',
    period,
    reportingUnit: header.reportingUnit,
    parentUnit: header.parentUnit,
    receivingUnit: header.receivingUnit,
    unitOfCount: 'Số thủ tục hành chính',
    labelHeader: 'Lĩnh vực',
    columns: COLUMNS,
    rows,
    notes: [
      'Cột (3) = (4) + (5); cột (6) = (7) + (8); cột (9) = (10) + (11). Tính các thủ tục hành chính đang có hiệu lực tại thời điểm lập báo cáo.',
      'Thủ tục thực hiện theo cơ chế một cửa: thủ tục đã có cơ quan thực hiện tiếp nhận hồ sơ tại Bộ phận Một cửa.',
    ],
    place: header.place,
    generatedAt,
    fileName: `bieu-07b-${header.slug}-${period.key}`,
  };
}
