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
 * points available, which are shown beside it. The components and their formulas are in
 * index766-components.ts; the ranking of agencies and communes in index766-ranking.ts.
 */
import { type ServiceIndex54, serviceIndex54 } from '../ratings/index.ts';
import { type Filters, type Lookups, matches } from './dimensions.ts';
import { type ComponentDefinition, components766, type GroupCode, groups766 } from './index766-components.ts';
import type { Indicators } from './indicators.ts';
import type { PeriodData } from './load-period.ts';
import { placeInPeriod } from './placement.ts';
import { type Rate, rate } from './rate.ts';

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

export const round2 = (x: number) => Math.round(x * 100) / 100;

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
export interface Extra54 {
  handled: number;
  late: number;
  dislikedOrFeedback: number;
  /**
   * 4.5a: procedures with a dossier received in the period that used population data ÷
   * procedures with a dossier received; 4.5b: those dossiers ÷ dossiers received.
   */
  population: { procedures: Rate; dossiers: Rate };
}

function computeComponent(
  def: ComponentDefinition & { noData?: string },
  ind: Indicators,
  extra: Extra54,
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
      return fromRate(extra.population.procedures, def, ['tthcCóHồSơLấyDữLiệuDânCư', 'tthcCóHồSơTiếpNhận']);
    case '4.5b':
      return fromRate(extra.population.dossiers, def, ['hồSơLấyDữLiệuDânCư', 'tiếpNhậnTrongKỳ']);
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
export function index766(ind: Indicators, extra: Extra54): Index766 {
  const groups = groups766.map((g): GroupScore => {
    const list = components766
      .filter((c) => c.group === g.code)
      .map((c): ComponentScore => ({ ...c, result: computeComponent(c, ind, extra) }));
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

/**
 * 5.4's extra counts for a scope: handled dossiers and late ones (the indicators, from the
 * rollups), and those handled with a dislike or a PAKN naming them (the period's few flagged
 * rows, placed as the rollups place them).
 */
export function extra54(data: PeriodData, filters: Filters, lookups: Lookups, ind: Indicators): Extra54 {
  const dislikedOrFeedback = data.flagged.filter((row) => {
    if (!matches(row, filters, lookups)) return false;
    const t = placeInPeriod(row, data.period)?.timing;
    return t === 'early' || t === 'onTime' || t === 'late';
  }).length;
  const used = data.populationUsed.filter((row) => matches(row, filters, lookups));
  const receivedProcedures = new Set(
    data.cells.filter((c) => c.received > 0 && matches(c, filters, lookups)).map((c) => c.procedureId),
  );
  const receivedInPeriod = ind.dossiers.received.total - ind.dossiers.received.carriedOver;
  return {
    handled: ind.dossiers.handled.total,
    late: ind.dossiers.handled.late,
    dislikedOrFeedback,
    population: {
      procedures: rate(new Set(used.map((r) => r.procedureId)).size, receivedProcedures.size),
      dossiers: rate(used.length, receivedInPeriod),
    },
  };
}
