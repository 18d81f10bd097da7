/**
 * The national service index of Decision 766/QĐ-TTg (DOMAIN.md §3): 6 groups, 100 points, per
 * agency, per commune and for the province, with every component's formula, inputs and score,
 * the change on the previous period and the rank among the agencies (or communes).
 *
 * Points from a rate (DOMAIN.md §3.1, [V: S7]): 2 decimals; where §3.1 states "full points at
 * ≥ T %", points = max when rate ≥ T, else rate × max ÷ T; where it states no threshold,
 * points = rate × max ÷ 100. A component whose inputs Mở Cửa does not hold yet is reported
 * "chưa có dữ liệu" with the reason, never estimated; one whose denominator is 0 in the period
 * is "không có hồ sơ trong kỳ" (§3.1: "show 0 or N/A"). Neither counts in the total nor in the
 * points available, which are shown beside it.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { populationDataUsedBy } from '../exchange/index.ts';
import { type ServiceIndex54, serviceIndex54 } from '../ratings/index.ts';
import { communeOf, type Filters, type Lookups, matches } from './dimensions.ts';
import { type Indicators, indicatorsOf } from './indicators.ts';
import type { PeriodData } from './load-period.ts';
import { placeInPeriod } from './placement.ts';
import { type Rate, rate } from './rate.ts';
import { insightsFeedback, insightsRatings } from './schema.ts';

export const groups766 = [
  { code: 'CKMB', name: 'Công khai, minh bạch', max: 18 },
  { code: 'TDGQ', name: 'Tiến độ giải quyết', max: 20 },
  { code: 'CLGQ', name: 'Dịch vụ công trực tuyến', max: 12 },
  { code: 'TTTT', name: 'Thanh toán trực tuyến', max: 10 },
  { code: 'MDHL', name: 'Mức độ hài lòng', max: 18 },
  { code: 'MDSH', name: 'Số hóa hồ sơ', max: 22 },
] as const;
type GroupCode = (typeof groups766)[number]['code'];

type ComponentResult =
  | {
      status: 'scored';
      /** The counts the rate is made of. */
      inputs: Record<string, number>;
      ratePercent: number;
      points: number;
    }
  | { status: 'noDossiers'; inputs: Record<string, number> }
  | { status: 'noData'; reason: string };

export interface ComponentDefinition {
  id: string;
  group: GroupCode;
  name: string;
  max: number;
  /** As DOMAIN.md §3.1 states it. */
  formula: string;
  /** Full points at or above this rate (%); undefined: proportional to 100 %. */
  fullAt?: number;
}

const NO_DATA = {
  publication:
    'Mở Cửa chưa lưu ngày ban hành quyết định công bố TTHC, ngày hiệu lực của văn bản quy định và ngày công khai trên Cơ sở dữ liệu quốc gia về TTHC.',
  sync: 'Mở Cửa chưa đồng bộ hồ sơ với Cổng Dịch vụ công quốc gia (chưa có mô-đun kết nối quốc gia), nên chưa có số hồ sơ đã đồng bộ.',
  payments:
    'Mở Cửa chưa có mô-đun thanh toán trực tuyến: chưa ghi nhận giao dịch qua Nền tảng thanh toán của Cổng DVCQG.',
  store: 'Mở Cửa chưa kết nối Kho quản lý dữ liệu điện tử của tổ chức, cá nhân trên Cổng DVCQG.',
  certifiedCopy: 'Mở Cửa chưa có nghiệp vụ chứng thực bản sao điện tử từ bản chính.',
} as const;

/** The components, in the order of DOMAIN.md §3.1; maxima sum to each group's and to 100. */
export const components766: ReadonlyArray<ComponentDefinition & { noData?: string }> = [
  {
    id: '1.1',
    group: 'CKMB',
    name: 'TTHC được công bố đúng hạn',
    max: 6,
    formula: 'TTHC có QĐCB ≤ ngày hiệu lực của VBQPPL − 5 ngày làm việc ÷ TTHC công bố trong kỳ',
    noData: NO_DATA.publication,
  },
  {
    id: '1.2',
    group: 'CKMB',
    name: 'TTHC được cập nhật, công khai trên CSDL quốc gia đúng hạn',
    max: 4,
    formula: 'Ngày công khai ≤ ngày QĐCB + 5 ngày làm việc ÷ TTHC phải công khai',
    noData: NO_DATA.publication,
  },
  {
    id: '1.3',
    group: 'CKMB',
    name: 'TTHC công khai đầy đủ các bộ phận',
    max: 2,
    formula: 'TTHC công khai đủ bộ phận (NĐ 63/2010, Điều 8.2) ÷ TTHC công khai',
    noData: NO_DATA.publication,
  },
  {
    id: '1.4',
    group: 'CKMB',
    name: 'Hồ sơ được đồng bộ lên Cổng DVCQG',
    max: 6,
    formula: 'Hồ sơ đồng bộ có ngày tiếp nhận trong kỳ ÷ max(số trên Cổng DVCQG, số trên Hệ thống báo cáo)',
    noData: NO_DATA.sync,
  },
  {
    id: '2.1',
    group: 'TDGQ',
    name: 'Hồ sơ giải quyết trước hạn, đúng hạn',
    max: 20,
    formula:
      '(Đã giải quyết trước hạn, đúng hạn + đang giải quyết trong hạn) ÷ hồ sơ tiếp nhận hoặc giải quyết trong kỳ',
  },
  {
    id: '3.x',
    group: 'CLGQ',
    name: 'Hồ sơ trực tuyến toàn trình',
    max: 12,
    formula: 'Hồ sơ nộp trực tuyến của TTHC đủ điều kiện toàn trình ÷ hồ sơ của các TTHC đó tiếp nhận trong kỳ',
  },
  {
    id: '3.5',
    group: 'TTTT',
    name: 'TTHC có phí, lệ phí tích hợp thanh toán trực tuyến',
    max: 2,
    formula: 'TTHC có hồ sơ đồng bộ dữ liệu phí ÷ TTHC có phí, lệ phí khác 0; đủ điểm khi ≥ 80%',
    fullAt: 80,
    noData: NO_DATA.payments,
  },
  {
    id: '3.5b',
    group: 'TTTT',
    name: 'TTHC có phát sinh giao dịch thanh toán trực tuyến',
    max: 2,
    formula: 'TTHC có ≥ 1 giao dịch thanh toán trực tuyến',
    noData: NO_DATA.payments,
  },
  {
    id: '3.6',
    group: 'TTTT',
    name: 'Hồ sơ thanh toán trực tuyến',
    max: 6,
    formula: 'Hồ sơ có DuocThanhToanTrucTuyen ∈ {1, 2} ÷ (hồ sơ của TTHC có phí − hồ sơ có phí bằng 0)',
    noData: NO_DATA.payments,
  },
  {
    id: '5.2',
    group: 'MDHL',
    name: 'Phản ánh, kiến nghị xử lý đúng hạn',
    max: 6,
    formula:
      '(Đã xử lý đúng hạn + đang xử lý trong hạn) ÷ PAKN xử lý trong kỳ hoặc đang xử lý cuối kỳ (hạn 2/5/15/2 ngày làm việc, §8.2)',
  },
  {
    id: '5.3',
    group: 'MDHL',
    name: 'Mức độ hài lòng trong xử lý PAKN',
    max: 6,
    formula: '(PAKN − không hài lòng > hài lòng − trễ hạn − khiếu nại lặp lại) ÷ PAKN tiếp nhận lần đầu trong kỳ',
  },
  {
    id: '5.4',
    group: 'MDHL',
    name: 'Mức độ hài lòng trong tiếp nhận, giải quyết TTHC',
    max: 6,
    formula: '100% − (tỷ lệ hồ sơ trễ hạn + tỷ lệ hồ sơ có PAKN hoặc không hài lòng); đủ điểm khi ≥ 90%',
    fullAt: 90,
  },
  {
    id: '4.1',
    group: 'MDSH',
    name: 'Hồ sơ có kết quả điện tử',
    max: 6,
    formula: 'Hồ sơ có tệp kết quả điện tử, của TTHC có kết quả giấy ÷ hồ sơ của các TTHC đó',
  },
  {
    id: '4.2',
    group: 'MDSH',
    name: 'Hồ sơ được số hóa',
    max: 4,
    formula: 'Hồ sơ có thành phần số hóa và kết quả điện tử (nếu phải có) ÷ tổng hồ sơ; đủ điểm khi ≥ 80%',
    fullAt: 80,
  },
  {
    id: '4.3',
    group: 'MDSH',
    name: 'Hồ sơ tái sử dụng dữ liệu số hóa',
    max: 2,
    formula: 'Hồ sơ có ≥ 1 thành phần được tái sử dụng ÷ hồ sơ tiếp nhận trong kỳ; đủ điểm khi ≥ 80%',
    fullAt: 80,
  },
  {
    id: '4.4',
    group: 'MDSH',
    name: 'Hồ sơ kết nối Kho dữ liệu của tổ chức, cá nhân',
    max: 4,
    formula: 'Hồ sơ có thành phần lấy từ Kho (DuocLayTuKhoDMQG = 1) hoặc kết quả đẩy vào Kho ÷ hồ sơ tiếp nhận',
    noData: NO_DATA.store,
  },
  {
    id: '4.5a',
    group: 'MDSH',
    name: 'TTHC kết nối CSDL quốc gia về dân cư',
    max: 2,
    formula:
      'TTHC có hồ sơ xác thực VNeID hoặc lấy dữ liệu dân cư ÷ TTHC có đối tượng là công dân (Mở Cửa: TTHC có hồ sơ lấy dữ liệu dân cư ÷ TTHC có hồ sơ tiếp nhận trong kỳ; chưa ghi nhận xác thực VNeID của hồ sơ)',
  },
  {
    id: '4.5b',
    group: 'MDSH',
    name: 'Hồ sơ sử dụng dữ liệu dân cư',
    max: 2,
    formula:
      'Hồ sơ xác thực VNeID hoặc lấy dữ liệu dân cư ÷ tổng hồ sơ (Mở Cửa: hồ sơ lấy dữ liệu dân cư ÷ hồ sơ tiếp nhận trong kỳ; chưa ghi nhận xác thực VNeID của hồ sơ)',
  },
  {
    id: '4.6',
    group: 'MDSH',
    name: 'Chứng thực bản sao điện tử từ bản chính',
    max: 2,
    formula: '(DVCQG chấm theo số hồ sơ chứng thực điện tử)',
    noData: NO_DATA.certifiedCopy,
  },
];

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Points of a rate by the component's rule (see the head comment). */
export function pointsOf(percent: number, max: number, fullAt?: number): number {
  if (fullAt === undefined) return round2((percent * max) / 100);
  return percent >= fullAt ? max : round2((percent * max) / fullAt);
}

const fromRate = (r: Rate, def: ComponentDefinition, names: [string, string]): ComponentResult => {
  const inputs = { [names[0]]: r.numerator, [names[1]]: r.denominator };
  if (r.percent === null) return { status: 'noDossiers', inputs };
  return { status: 'scored', inputs, ratePercent: r.percent, points: pointsOf(r.percent, def.max, def.fullAt) };
};

/** What 5.4 needs besides the indicators: the handled dossiers with a dislike or a PAKN about them. */
interface Extra54 {
  handled: number;
  late: number;
  dislikedOrFeedback: number;
}

/** 4.5a/4.5b's input: of the scope's dossiers received in the period, those that used population data. */
interface PopulationUse {
  procedures: Rate;
  dossiers: Rate;
}

/** Counts 4.5a/4.5b for a scope from the dossiers the exchange module says used population data. */
function populationUseOf(
  data: PeriodData,
  filters: Filters,
  lookups: Lookups,
  used: ReadonlySet<string>,
): PopulationUse {
  let received = 0;
  let using = 0;
  const procedures = new Set<string>();
  const proceduresUsing = new Set<string>();
  for (const row of data.dossiers) {
    if (!matches(row, filters, lookups)) continue;
    const place = placeInPeriod(row, data.period);
    if (!place || place.carriedOver) continue;
    received++;
    procedures.add(row.procedureId);
    if (used.has(row.dossierId)) {
      using++;
      proceduresUsing.add(row.procedureId);
    }
  }
  return { procedures: rate(proceduresUsing.size, procedures.size), dossiers: rate(using, received) };
}

function computeComponent(
  def: ComponentDefinition & { noData?: string },
  ind: Indicators,
  extra: Extra54,
  population: PopulationUse,
): ComponentResult {
  if (def.noData) return { status: 'noData', reason: def.noData };
  const d = ind.dossiers;
  switch (def.id) {
    case '2.1':
      return fromRate(d.onTimeRate, def, ['trướcHạnĐúngHạnVàTrongHạn', 'tiếpNhậnHoặcGiảiQuyết']);
    case '3.x':
      return fromRate(d.fullOnlineRate, def, ['trựcTuyếnToànTrình', 'hồSơTTHCToànTrình']);
    case '4.1':
      return fromRate(d.electronicResultRate, def, ['kếtQuảĐiệnTử', 'kếtQuảCủaTTHCCóKếtQuảGiấy']);
    case '4.2':
      return fromRate(d.digitisedRate, def, ['đãSốHóa', 'tiếpNhậnTrongKỳ']);
    case '4.3':
      return fromRate(d.reuseRate, def, ['cóThànhPhầnTáiSửDụng', 'tiếpNhậnTrongKỳ']);
    case '4.5a':
      return fromRate(population.procedures, def, ['tthcCóHồSơLấyDữLiệuDânCư', 'tthcCóHồSơTiếpNhận']);
    case '4.5b':
      return fromRate(population.dossiers, def, ['hồSơLấyDữLiệuDânCư', 'tiếpNhậnTrongKỳ']);
    case '5.2': {
      const h = ind.feedback?.handling;
      if (!h) return { status: 'noDossiers', inputs: {} };
      const inputs = { đúngHạn: h.onTime, trễHạn: h.late, trongHạn: h.withinTime, quáHạn: h.overdue };
      return h.rate === null
        ? { status: 'noDossiers', inputs }
        : { status: 'scored', inputs, ratePercent: h.rate, points: pointsOf(h.rate, def.max, def.fullAt) };
    }
    case '5.3': {
      const s = ind.feedback?.satisfaction;
      if (!s) return { status: 'noDossiers', inputs: {} };
      const inputs = { hàiLòng: s.satisfied, tiếpNhậnLầnĐầu: s.received };
      return s.rate === null
        ? { status: 'noDossiers', inputs }
        : { status: 'scored', inputs, ratePercent: s.rate, points: pointsOf(s.rate, def.max, def.fullAt) };
    }
    case '5.4': {
      // The ratings module's computation of 5.4 (its 18-point evaluation uses the same).
      const r: ServiceIndex54 = serviceIndex54(
        { finished: extra.handled, late: extra.late, disliked: extra.dislikedOrFeedback },
        { maxPoints: def.max, fullPointsAtPercent: def.fullAt ?? 90 },
      );
      const inputs = {
        đãGiảiQuyết: extra.handled,
        trễHạn: extra.late,
        cóPAKNHoặcKhôngHàiLòng: extra.dislikedOrFeedback,
      };
      return r.ratePercent === null || r.points === null
        ? { status: 'noDossiers', inputs }
        : { status: 'scored', inputs, ratePercent: r.ratePercent, points: r.points };
    }
    default:
      return { status: 'noData', reason: 'Chưa tính.' };
  }
}

interface ComponentScore extends ComponentDefinition {
  result: ComponentResult;
}
interface GroupScore {
  code: GroupCode;
  name: string;
  max: number;
  points: number;
  /** Maxima of the components scored (not "chưa có dữ liệu", not without dossiers). */
  available: number;
  components: ComponentScore[];
}
export interface Index766 {
  total: number;
  available: number;
  groups: GroupScore[];
}

/** The whole index of one scope from its indicators and 5.4's extra counts. */
function index766(ind: Indicators, extra: Extra54, population: PopulationUse): Index766 {
  const groups = groups766.map((g): GroupScore => {
    const list = components766
      .filter((c) => c.group === g.code)
      .map((c): ComponentScore => ({ ...c, result: computeComponent(c, ind, extra, population) }));
    const scored = list.filter((c) => c.result.status === 'scored');
    return {
      code: g.code,
      name: g.name,
      max: g.max,
      points: round2(scored.reduce((s, c) => s + (c.result.status === 'scored' ? c.result.points : 0), 0)),
      available: scored.reduce((s, c) => s + c.max, 0),
      components: list,
    };
  });
  return {
    total: round2(groups.reduce((s, g) => s + g.points, 0)),
    available: groups.reduce((s, g) => s + g.available, 0),
    groups,
  };
}

/** 5.4's extra counts for a scope: handled dossiers, late ones, and those disliked or with a PAKN naming them. */
async function extra54(db: Executor, data: PeriodData, filters: Filters, lookups: Lookups): Promise<Extra54> {
  const handled = data.dossiers.filter((row) => {
    if (!matches(row, filters, lookups)) return false;
    const t = placeInPeriod(row, data.period)?.timing;
    return t === 'early' || t === 'onTime' || t === 'late';
  });
  const late = handled.filter((row) => placeInPeriod(row, data.period)?.timing === 'late').length;
  if (handled.length === 0) return { handled: 0, late, dislikedOrFeedback: 0 };
  const [disliked, withFeedback] = await Promise.all([
    db
      .select({ id: insightsRatings.dossierId })
      .from(insightsRatings)
      .where(
        and(
          inArray(
            insightsRatings.dossierId,
            handled.map((r) => r.dossierId),
          ),
          eq(insightsRatings.level, 'unsatisfied'),
        ),
      ),
    db
      .select({ code: insightsFeedback.dossierCode })
      .from(insightsFeedback)
      .where(
        inArray(
          insightsFeedback.dossierCode,
          handled.map((r) => r.code),
        ),
      ),
  ]);
  const marked = new Set(disliked.map((r) => r.id));
  const codes = new Set(withFeedback.map((r) => r.code));
  for (const row of handled) if (codes.has(row.code)) marked.add(row.dossierId);
  return { handled: handled.length, late, dislikedOrFeedback: marked.size };
}

export interface ScopeScore {
  key: string;
  label: string;
  index: Index766;
  previousTotal: number | null;
  /** total − previous total (month on month for a month). */
  change: number | null;
  /** 1 = best; equal totals share a rank. */
  rank: number | null;
}

/** The index of a scope for a period and the one before. */
async function scoreScope(
  db: Executor,
  current: PeriodData,
  previous: PeriodData,
  filters: Filters,
  lookups: Lookups,
  now: Date,
  usedPopulationData: ReadonlySet<string>,
): Promise<{ index: Index766; previous: Index766 }> {
  const [e, pe] = await Promise.all([extra54(db, current, filters, lookups), extra54(db, previous, filters, lookups)]);
  return {
    index: index766(
      indicatorsOf(current, filters, lookups, now),
      e,
      populationUseOf(current, filters, lookups, usedPopulationData),
    ),
    previous: index766(
      indicatorsOf(previous, filters, lookups, now),
      pe,
      populationUseOf(previous, filters, lookups, usedPopulationData),
    ),
  };
}

/** Competition ranking by total, best first (1, 1, 3…). */
function rankScores<T extends { index: Index766 }>(scores: T[]): Array<T & { rank: number }> {
  const sorted = [...scores].sort((a, b) => b.index.total - a.index.total);
  return sorted.map((s, i) => {
    const first = sorted.findIndex((x) => x.index.total === s.index.total);
    return { ...s, rank: first === -1 ? i + 1 : first + 1 };
  });
}

export type IndexLevel = 'province' | 'agency' | 'commune';

/**
 * The index of every agency (competent for a dossier of either period) or every commune, ranked,
 * with the change on the previous period; or the province alone.
 */
export async function rankedIndex(
  db: Executor,
  current: PeriodData,
  previous: PeriodData,
  level: IndexLevel,
  lookups: Lookups,
  now: Date,
): Promise<ScopeScore[]> {
  const scopes = new Map<string, { label: string; filters: Filters }>();
  if (level === 'province') scopes.set('province', { label: 'Toàn tỉnh', filters: {} });
  else {
    for (const row of [...current.dossiers, ...previous.dossiers]) {
      if (level === 'agency') {
        const a = lookups.agencies.get(row.competentAgencyId);
        scopes.set(row.competentAgencyId, {
          label: a?.name ?? row.competentAgencyId,
          filters: { agencyId: row.competentAgencyId },
        });
      } else {
        const c = communeOf(row.competentAgencyId, lookups.agencies);
        if (c) scopes.set(c.id, { label: c.name, filters: { communeId: c.id } });
      }
    }
  }
  // 4.5a/4.5b: which dossiers of both periods used population data (the exchange module's index).
  const usedPopulationData = await populationDataUsedBy(db, [
    ...new Set([...current.dossiers, ...previous.dossiers].map((r) => r.dossierId)),
  ]);
  const scored = await Promise.all(
    [...scopes].map(async ([key, s]) => {
      const { index, previous: before } = await scoreScope(
        db,
        current,
        previous,
        s.filters,
        lookups,
        now,
        usedPopulationData,
      );
      return { key, label: s.label, index, previousTotal: before.total, change: round2(index.total - before.total) };
    }),
  );
  const ranked = rankScores(scored);
  return ranked.map((s) => ({ ...s, rank: level === 'province' ? null : s.rank }));
}
