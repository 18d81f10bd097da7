/**
 * The feedback (phản ánh, kiến nghị) report: items received in the period by class (QĐ 766
 * indicator 5.1: about administrative rules, about an official's conduct), items handled in it
 * (on time / late) and items in progress at its end (within time / overdue), by the 2/5/15/2
 * working-day rule (DOMAIN.md §8.2) — the feedback module's own computation over the read
 * model. The circular's form number for this report was not found (documents-reports-ioc.md
 * §7.1), so the sheet is titled without one. Rows as form 06: province-level agencies, then
 * communes, then the total; an agency's or a commune's report has the one unit.
 */
import type { Filters, Lookups } from '../dimensions.ts';
import { indicatorsOf } from '../indicators.ts';
import type { PeriodData } from '../load-period.ts';
import { sumRows } from './form06.ts';
import { provinceUnits, type ReportScope, scopeHeader } from './report-scope.ts';
import type { ReportColumn, ReportRow, ReportTable } from './report-table.ts';

const RECEIVED = 'Số phản ánh, kiến nghị tiếp nhận trong kỳ';
const HANDLED = 'Đã xử lý';
const IN_PROGRESS = 'Đang xử lý';

const COLUMNS: ReportColumn[] = [
  { group: RECEIVED, header: 'Tổng số' },
  { group: RECEIVED, header: 'Về quy định hành chính' },
  { group: RECEIVED, header: 'Về hành vi hành chính' },
  { group: HANDLED, header: 'Tổng số' },
  { group: HANDLED, header: 'Đúng hạn' },
  { group: HANDLED, header: 'Quá hạn' },
  { group: IN_PROGRESS, header: 'Tổng số' },
  { group: IN_PROGRESS, header: 'Trong hạn' },
  { group: IN_PROGRESS, header: 'Quá hạn' },
];

function feedbackValues(data: PeriodData, filters: Filters, lookups: Lookups, now: Date): number[] {
  const f = indicatorsOf(data, filters, lookups, now).feedback;
  if (!f) return COLUMNS.map(() => 0);
  const h = f.handling;
  return [
    f.received.rules + f.received.conduct,
    f.received.rules,
    f.received.conduct,
    h.onTime + h.late,
    h.onTime,
    h.late,
    h.withinTime + h.overdue,
    h.withinTime,
    h.overdue,
  ];
}

export function buildFeedbackReport(
  data: PeriodData,
  scope: ReportScope,
  lookups: Lookups,
  now: Date,
  generatedAt: Date = now,
): ReportTable {
  const header = scopeHeader(scope, lookups);
  const rows: ReportRow[] = [];
  const unit = (label: string, i: number, filters: Filters): ReportRow => ({
    stt: String(i + 1),
    label,
    kind: 'unit',
    values: feedbackValues(data, filters, lookups, now),
  });
  if (scope.level === 'province') {
    const units = provinceUnits(new Set(data.feedback.map((f) => f.agencyId)), lookups);
    const sections = [
      {
        label: 'Sở, ban, ngành cấp tỉnh',
        rows: units.provinceAgencies.map((u, i) => unit(u.label, i, { agencyId: u.key })),
      },
      {
        label: 'Xã, phường, đặc khu',
        rows: units.communes.map((u, i) => unit(u.label, i, { communeId: u.key })),
      },
    ];
    sections.forEach((s, i) => {
      rows.push({
        stt: ['I', 'II'][i] ?? '',
        label: s.label,
        kind: 'section',
        values: sumRows(s.rows, COLUMNS.length),
      });
      rows.push(...s.rows);
    });
  } else {
    rows.push(unit(header.reportingUnit, 0, header.filters));
  }
  const counted = rows.filter((r) => (scope.level === 'province' ? r.kind === 'section' : r.kind === 'unit'));
  const total = sumRows(counted, COLUMNS.length);
  rows.push({ stt: '', label: 'Tổng cộng', kind: 'total', values: total });
  const handled = (total[3] ?? 0) + (total[6] ?? 0);
  const onTime = (total[4] ?? 0) + (total[7] ?? 0);
  const rate = handled === 0 ? 'N/A' : `${(Math.round((onTime / handled) * 10_000) / 100).toLocaleString('vi-VN')}%`;
  return {
    formNumber: 'PAKN',
    basis:
      'Theo Nghị định 20/2008/NĐ-CP (sửa đổi bởi Nghị định 92/2017/NĐ-CP); chỉ số 5.1, 5.2 của Quyết định 766/QĐ-TTg',
    title: 'TÌNH HÌNH, KẾT QUẢ TIẾP NHẬN, XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ VỀ QUY ĐỊNH HÀNH CHÍNH VÀ HÀNH VI HÀNH CHÍNH',
    period: data.period,
    reportingUnit: header.reportingUnit,
    parentUnit: header.parentUnit,
    receivingUnit: header.receivingUnit,
    unitOfCount: 'Số phản ánh, kiến nghị',
    labelHeader: 'Đơn vị',
    columns: COLUMNS,
    rows,
    notes: [
      'Thời hạn xử lý theo quy tắc 2/5/15/2 ngày làm việc. Phản ánh, kiến nghị đã gộp vào phản ánh khác không tính riêng.',
      `Tỷ lệ xử lý đúng hạn (chỉ số 5.2): (đúng hạn + đang xử lý trong hạn) ÷ (đã xử lý + đang xử lý) = ${rate}.`,
    ],
    place: header.place,
    generatedAt,
    fileName: `bao-cao-pakn-${header.slug}-${data.period.key}`,
  };
}
