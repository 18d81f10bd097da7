/**
 * The published datasets (documents-reports-ioc.md §6.3 "First datasets": dossier statistics,
 * PAKN statistics): one row per agency (the competent agency; a commune's agencies under their
 * commune) and month, counts only — no dossier code, no name, nothing about a person — with
 * small cells withheld (suppress.ts). Built from the dashboard's figures, so the published
 * numbers are the dashboard's.
 */
import { eq, min } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/index.ts';
import type { Filters, Lookups } from '../dimensions.ts';
import { indicatorsOf } from '../indicators.ts';
import { loadPeriod } from '../load-period.ts';
import { monthOf, type Period, previousPeriod } from '../periods.ts';
import { provinceUnits } from '../reports/report-scope.ts';
import { insightsDossiers } from '../schema.ts';
import { type SumGroup, suppressRow, THRESHOLD } from './suppress.ts';

interface DatasetColumn {
  name: string;
  title: string;
}

export interface Dataset {
  id: string;
  title: string;
  description: string;
  keywords: string[];
  /** One of the national portal's 12 topic groups (§6.2). */
  theme: string;
  columns: DatasetColumn[];
  groups: SumGroup[];
}

const UNIT_COLUMNS: DatasetColumn[] = [
  { name: 'ky', title: 'Kỳ (tháng)' },
  { name: 'ma_don_vi', title: 'Mã định danh đơn vị' },
  { name: 'ten_don_vi', title: 'Tên đơn vị' },
  { name: 'cap', title: 'Cấp (tinh/xa)' },
];

export const DATASETS: Dataset[] = [
  {
    id: 'ho-so-thu-tuc-hanh-chinh',
    title: 'Tình hình, kết quả giải quyết hồ sơ thủ tục hành chính theo đơn vị và tháng',
    description:
      'Số hồ sơ thủ tục hành chính nhận giải quyết (trực tuyến, trực tiếp và bưu chính, từ kỳ trước), đã giải quyết (trước hạn, đúng hạn, quá hạn) và đang giải quyết (trong hạn, quá hạn) của từng cơ quan cấp tỉnh và từng xã, phường, theo các cột của Biểu số 06/VPCP/KSTT. Ô có từ 1 đến 4 hồ sơ được để trống.',
    keywords: ['thủ tục hành chính', 'một cửa', 'Biểu 06', 'dịch vụ công'],
    theme: 'Xã hội',
    columns: [
      ...UNIT_COLUMNS,
      { name: 'nhan_tong_so', title: 'Nhận giải quyết: tổng số' },
      { name: 'nhan_truc_tuyen', title: 'Mới tiếp nhận trực tuyến' },
      { name: 'nhan_truc_tiep_buu_chinh', title: 'Mới tiếp nhận trực tiếp, bưu chính' },
      { name: 'nhan_tu_ky_truoc', title: 'Từ kỳ trước' },
      { name: 'da_giai_quyet', title: 'Đã giải quyết: tổng số' },
      { name: 'truoc_han', title: 'Trước hạn' },
      { name: 'dung_han', title: 'Đúng hạn' },
      { name: 'qua_han', title: 'Quá hạn' },
      { name: 'dang_giai_quyet', title: 'Đang giải quyết: tổng số' },
      { name: 'dang_trong_han', title: 'Đang giải quyết trong hạn' },
      { name: 'dang_qua_han', title: 'Đang giải quyết quá hạn' },
    ],
    groups: [
      { total: 0, parts: [1, 2, 3] },
      { total: 4, parts: [5, 6, 7] },
      { total: 8, parts: [9, 10] },
    ],
  },
  {
    id: 'phan-anh-kien-nghi',
    title: 'Tiếp nhận, xử lý phản ánh, kiến nghị theo đơn vị và tháng',
    description:
      'Số phản ánh, kiến nghị về quy định hành chính và hành vi hành chính tiếp nhận trong tháng, đã xử lý (đúng hạn, quá hạn) và đang xử lý (trong hạn, quá hạn) của từng đơn vị. Không có nội dung hay người gửi. Ô có từ 1 đến 4 được để trống.',
    keywords: ['phản ánh', 'kiến nghị', 'PAKN', 'cải cách hành chính'],
    theme: 'Xã hội',
    columns: [
      ...UNIT_COLUMNS,
      { name: 'tiep_nhan', title: 'Tiếp nhận trong tháng: tổng số' },
      { name: 've_quy_dinh', title: 'Về quy định hành chính' },
      { name: 've_hanh_vi', title: 'Về hành vi hành chính' },
      { name: 'da_xu_ly', title: 'Đã xử lý: tổng số' },
      { name: 'dung_han', title: 'Đúng hạn' },
      { name: 'qua_han', title: 'Quá hạn' },
      { name: 'dang_xu_ly', title: 'Đang xử lý: tổng số' },
      { name: 'dang_trong_han', title: 'Đang xử lý trong hạn' },
      { name: 'dang_qua_han', title: 'Đang xử lý quá hạn' },
    ],
    groups: [
      { total: 0, parts: [1, 2] },
      { total: 3, parts: [4, 5] },
      { total: 6, parts: [7, 8] },
    ],
  },
];

export const findDataset = (id: string) => DATASETS.find((d) => d.id === id);

export type Cell = string | number | null;

export interface PublishedTable {
  dataset: Dataset;
  period: Period;
  threshold: number;
  rows: Cell[][];
}

function countsOf(
  dataset: Dataset,
  data: Parameters<typeof indicatorsOf>[0],
  filters: Filters,
  lookups: Lookups,
  now: Date,
) {
  const i = indicatorsOf(data, filters, lookups, now);
  if (dataset.id === 'ho-so-thu-tuc-hanh-chinh') {
    const d = i.dossiers;
    return [
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
    ];
  }
  const f = i.feedback;
  if (!f) return [0, 0, 0, 0, 0, 0, 0, 0, 0];
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

/** The dataset's rows for a month: one per unit with something to count, cells withheld below the threshold. */
export async function publishedTable(
  db: Executor,
  input: { provinceCode: string; dataset: Dataset; period: Period; lookups: Lookups; now: Date },
): Promise<PublishedTable> {
  const data = await loadPeriod(db, input.provinceCode, input.period);
  const agencyIds =
    input.dataset.id === 'ho-so-thu-tuc-hanh-chinh'
      ? data.cells.map((d) => d.competentAgencyId)
      : data.feedback.map((f) => f.agencyId);
  const units = provinceUnits(new Set(agencyIds), input.lookups);
  const rows: Cell[][] = [];
  const add = (id: string, level: 'tinh' | 'xa', filters: Filters) => {
    const counts = countsOf(input.dataset, data, filters, input.lookups, input.now);
    if (counts.every((c) => c === 0)) return;
    const unit = input.lookups.agencies.get(id);
    rows.push([
      input.period.key,
      unit?.code ?? '',
      unit?.name ?? '',
      level,
      ...suppressRow(counts, input.dataset.groups),
    ]);
  };
  for (const u of units.provinceAgencies) add(u.key, 'tinh', { agencyId: u.key });
  for (const u of units.communes) add(u.key, 'xa', { communeId: u.key });
  return { dataset: input.dataset, period: input.period, threshold: THRESHOLD, rows };
}

/**
 * The months published: whole months only (the current one is still moving), from the first
 * month with a received dossier, at most the last 36.
 */
export async function publishedMonths(db: Executor, provinceCode: string, now: Date): Promise<Period[]> {
  const [first] = await db
    .select({ at: min(insightsDossiers.receivedAt) })
    .from(insightsDossiers)
    .where(eq(insightsDossiers.provinceCode, provinceCode));
  if (!first?.at) return [];
  const months: Period[] = [];
  let m = previousPeriod(monthOf(now));
  while (months.length < 36 && m.end.getTime() > first.at.getTime()) {
    months.push(m);
    m = previousPeriod(m);
  }
  return months;
}
