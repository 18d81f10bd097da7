/**
 * Form 06 "Tình hình, kết quả giải quyết TTHC tại cơ quan, đơn vị trực tiếp giải quyết TTHC"
 * (Biểu số 06/VPCP/KSTT, TT 01/2020/TT-VPCP of 21/10/2020; documents-reports-ioc.md §3.2),
 * built from the dashboard's own figures (dossier-figures.ts), so the report and the dashboard
 * never disagree. Columns 3–13 as the form numbers them:
 *   3 = 4 + 5 + 6   received: online (4), counter and post (5), carried over (6)
 *   7 = 8 + 9 + 10  handled: early, on time, late
 *   11 = 12 + 13    in progress: within time, overdue
 *   3 = 7 + 11 at the period's end (+ dossiers without a due date, listed in a note)
 * Variants (§3.2 "Row groupings"): the province's report has one row per province-level agency
 * (section I, "Sở, ban, ngành") and one per commune (section II, "Xã, phường"; the district
 * level is gone since 07/2025), then the grand total; an agency's or a commune's report has one
 * row per field (lĩnh vực).
 */
import type { Dimension, Filters, Lookups } from '../dimensions.ts';
import { breakdown, indicatorsOf } from '../indicators.ts';
import type { PeriodData } from '../load-period.ts';
import { provinceUnits, type ReportScope, scopeHeader } from './report-scope.ts';
import type { ReportColumn, ReportRow, ReportTable } from './report-table.ts';

const RECEIVED = 'Số hồ sơ nhận giải quyết';
const HANDLED = 'Kết quả giải quyết: số hồ sơ đã giải quyết';
const IN_PROGRESS = 'Số hồ sơ đang giải quyết';
const NEW = 'Trong đó: số mới tiếp nhận trong kỳ';

const FORM06_COLUMNS: ReportColumn[] = [
  { group: RECEIVED, header: 'Tổng số' },
  { group: RECEIVED, subgroup: NEW, header: 'Trực tuyến' },
  { group: RECEIVED, subgroup: NEW, header: 'Trực tiếp, dịch vụ bưu chính' },
  { group: RECEIVED, header: 'Từ kỳ trước' },
  { group: HANDLED, header: 'Tổng số' },
  { group: HANDLED, header: 'Trước hạn' },
  { group: HANDLED, header: 'Đúng hạn' },
  { group: HANDLED, header: 'Quá hạn' },
  { group: IN_PROGRESS, header: 'Tổng số' },
  { group: IN_PROGRESS, header: 'Trong hạn' },
  { group: IN_PROGRESS, header: 'Quá hạn' },
];

/** Columns 3–13 of a scope, and its dossiers without a due date. */
function form06Values(data: PeriodData, filters: Filters, lookups: Lookups, now: Date) {
  const d = indicatorsOf(data, filters, lookups, now).dossiers;
  return {
    values: [
      d.received.total,
      d.received.online,
      d.received.counter + d.received.post,
      d.received.carriedOver,
      d.handled.total,
      d.handled.early,
      d.handled.onTime,
      d.handled.late,
      d.inProgress.total,
      d.inProgress.withinTime,
      d.inProgress.overdue,
    ],
    unclassified: d.unclassified,
  };
}

export const sumRows = (rows: readonly { values: number[] }[], width: number): number[] =>
  Array.from({ length: width }, (_, i) => rows.reduce((s, r) => s + (r.values[i] ?? 0), 0));

const ROMAN = ['I', 'II', 'III', 'IV', 'V'];

export function buildForm06(
  data: PeriodData,
  scope: ReportScope,
  lookups: Lookups,
  now: Date,
  generatedAt: Date = now,
): ReportTable {
  const header = scopeHeader(scope, lookups);
  const rows: ReportRow[] = [];
  let unclassified = 0;
  const unitRows = (units: { key: string; label: string }[], dimension: Dimension): ReportRow[] =>
    units.map((u, i) => {
      const filter: Filters = { ...header.filters };
      if (dimension === 'agency') filter.agencyId = u.key;
      if (dimension === 'commune') filter.communeId = u.key;
      if (dimension === 'field') filter.fieldCode = u.key;
      const v = form06Values(data, filter, lookups, now);
      unclassified += v.unclassified;
      return { stt: String(i + 1), label: u.label, kind: 'unit', values: v.values };
    });
  if (scope.level === 'province') {
    const agencyIds = new Set(
      breakdown(data, {}, 'agency', lookups, now)
        .filter((b) => b.indicators.dossiers.received.total > 0)
        .map((b) => b.key),
    );
    const units = provinceUnits(agencyIds, lookups);
    const sections = [
      { label: 'Sở, ban, ngành cấp tỉnh', rows: unitRows(units.provinceAgencies, 'agency') },
      { label: 'Xã, phường, đặc khu', rows: unitRows(units.communes, 'commune') },
    ];
    sections.forEach((s, i) => {
      rows.push({ stt: ROMAN[i] ?? '', label: s.label, kind: 'section', values: sumRows(s.rows, 11) });
      rows.push(...s.rows);
    });
  } else {
    const fields = breakdown(data, header.filters, 'field', lookups, now)
      .map((b) => ({ key: b.key, label: b.label }))
      .sort((a, b) => a.label.localeCompare(b.label, 'vi'));
    rows.push(...unitRows(fields, 'field'));
  }
  const counted = rows.filter((r) => (scope.level === 'province' ? r.kind === 'section' : r.kind === 'unit'));
  rows.push({ stt: '', label: 'Tổng cộng', kind: 'total', values: sumRows(counted, 11) });
  const notes = [
    'Cột (3) = (4) + (5) + (6); cột (7) = (8) + (9) + (10); cột (11) = (12) + (13). Đúng hạn gồm cả hồ sơ chờ bổ sung, trả lại hoặc rút (tính như đã giải quyết tại thời điểm yêu cầu).',
  ];
  if (unclassified > 0) {
    notes.push(
      `Có ${unclassified.toLocaleString('vi-VN')} hồ sơ đã tiếp nhận nhưng chưa có ngày hẹn trả nên chưa xếp vào cột (7) hay (11): cột (3) = (7) + (11) + ${unclassified.toLocaleString('vi-VN')}.`,
    );
  }
  return {
    formNumber: '06/VPCP/KSTT',
    basis: 'Ban hành theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020',
    title:
      'TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH',
    period: data.period,
    reportingUnit: header.reportingUnit,
    parentUnit: header.parentUnit,
    receivingUnit: header.receivingUnit,
    unitOfCount: 'Số hồ sơ thủ tục hành chính',
    labelHeader: scope.level === 'province' ? 'Đơn vị' : 'Lĩnh vực, công việc giải quyết theo cấp',
    columns: FORM06_COLUMNS,
    rows,
    notes,
    place: header.place,
    generatedAt,
    fileName: `bieu-06-${header.slug}-${data.period.key}`,
  };
}
