/**
 * The dashboard's indicators for a period, computed from the read models (never from another
 * module's tables). Each figure's formula is written beside its code as DOMAIN.md §3 / §10 and
 * documents-reports-ioc.md §3.2 (form 06) and §4.6 (IOC catalogue) state it; docs/insights.md
 * lists them with their sources.
 *
 * A period's dossiers are those received before its end and not finished before its start
 * (form 06: carried over + received in the period). Each is classified as of the period's end
 * with the dossiers module's `classifyTiming`, the national rule of QĐ 766 indicator 2.1
 * (DOMAIN.md §1.5) — the same function the dossier's own timing uses.
 */
import { and, eq, gte, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import type { ProcedureFact } from '../catalog/index.ts';
import type { AgencyRow } from '../directory/index.ts';
import { classifyTiming, type TimingClass } from '../dossiers/index.ts';
import { computeIndicators, type FeedbackFact, type FeedbackIndicators } from '../feedback/index.ts';
import type { Period } from './periods.ts';
import { insightsDossiers, insightsFeedback, insightsRatings } from './schema.ts';

export type DossierRow = typeof insightsDossiers.$inferSelect;
type FeedbackRow = typeof insightsFeedback.$inferSelect;
type RatingRow = typeof insightsRatings.$inferSelect;

/** A rate: numerator ÷ denominator × 100, 2 decimals; null when the denominator is 0 (§3 "0 or N/A"). */
export interface Rate {
  numerator: number;
  denominator: number;
  percent: number | null;
}
const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  percent: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 100,
});

/** Where a dossier stands in a period. */
export interface Placement {
  /** Received before the period's start (form 06 col. 6, "từ kỳ trước"). */
  carriedOver: boolean;
  /** Early, on time, late (handled) or in progress within time / overdue, as of the period's end; null without a due date. */
  timing: TimingClass | null;
}

/** Placements already worked out, per row and period (a page classifies each row many times). */
const placements = new WeakMap<DossierRow, Map<string, Placement | null>>();

/** Null when the dossier is not one of the period's (not received, received after, or finished before). */
export function placeInPeriod(row: DossierRow, period: Period): Placement | null {
  const key = `${period.start.getTime()}-${period.end.getTime()}`;
  let known = placements.get(row);
  if (!known) {
    known = new Map();
    placements.set(row, known);
  }
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  const placed = placeUncached(row, period);
  known.set(key, placed);
  return placed;
}

function placeUncached(row: DossierRow, period: Period): Placement | null {
  if (!row.receivedAt || row.receivedAt.getTime() >= period.end.getTime()) return null;
  if (row.finishedAt && row.finishedAt.getTime() < period.start.getTime()) return null;
  const periodEnd = new Date(period.end.getTime() - 1);
  const intervals = row.supplementIntervals.map((i) => ({
    from: new Date(i.from),
    to: i.to === null ? null : new Date(i.to),
  }));
  let timing: TimingClass | null = null;
  if (row.dueAt) {
    timing = classifyTiming({
      receivedAt: row.receivedAt,
      dueAt: row.dueAt,
      finishedAt: row.finishedAt,
      supplementIntervals: intervals,
      // As timingInputOf: only the clock stops made by the period's end count (>1 → late).
      supplementRequests: intervals.filter((i) => i.from.getTime() <= periodEnd.getTime()).length,
      periodEnd,
    });
  }
  return { carriedOver: row.receivedAt.getTime() < period.start.getTime(), timing };
}

interface DossierIndicators {
  /** Form 06 cols. 3–6: total = carriedOver + online + counterOrPost (col. 3 = 4 + 5 + 6). */
  received: { total: number; carriedOver: number; online: number; counter: number; post: number };
  /** Cols. 7–10: total = early + onTime + late (col. 7 = 8 + 9 + 10). */
  handled: { total: number; early: number; onTime: number; late: number };
  /** Cols. 11–13: total = withinTime + overdue (col. 11 = 12 + 13). */
  inProgress: { total: number; withinTime: number; overdue: number };
  /** Received dossiers without a due date: not classified (never guessed). Col. 3 = 7 + 11 + this. */
  unclassified: number;
  /** QĐ 766 indicator 2.1: (early + on time + in progress within time) ÷ (handled + in progress). */
  onTimeRate: Rate;
  /** §3.1 3.3 and IOC catalogue: online received ÷ received in the period (col. 4 ÷ (4 + 5)). */
  onlineRate: Rate;
  /** §3.1 3.x: dossiers filed online ÷ dossiers received, both of TTHC offered toàn trình. */
  fullOnlineRate: Rate;
  /** §3.1 4.1: results issued in the period as electronic files ÷ results issued, of TTHC with a paper result. */
  electronicResultRate: Rate;
  /** §3.1 4.2: received dossiers with digitised papers (and the e-result where 4.1 asks one) ÷ received. */
  digitisedRate: Rate;
  /** §3.1 4.3: received dossiers with ≥ 1 paper reused from digitised data ÷ received in the period. */
  reuseRate: Rate;
}

interface Satisfaction {
  /** §1.6: forms answered in the period, by level; % of each = count ÷ forms × 100. */
  forms: number;
  verySatisfied: number;
  satisfied: number;
  unsatisfied: number;
  /** (very satisfied + satisfied) ÷ forms. */
  satisfiedRate: Rate;
}

const RESULT_STATES = new Set(['result_ready', 'delivered']);
const needsElectronicResult = (p: ProcedureFact | undefined) => p?.resultKind === 'paper' || p?.resultKind === 'both';

/** Pure: the dossier indicators of rows (already narrowed to a scope) for a period. */
function dossierIndicators(
  rows: readonly DossierRow[],
  period: Period,
  procedures: ReadonlyMap<string, ProcedureFact>,
): DossierIndicators {
  const out: DossierIndicators = {
    received: { total: 0, carriedOver: 0, online: 0, counter: 0, post: 0 },
    handled: { total: 0, early: 0, onTime: 0, late: 0 },
    inProgress: { total: 0, withinTime: 0, overdue: 0 },
    unclassified: 0,
    onTimeRate: rate(0, 0),
    onlineRate: rate(0, 0),
    fullOnlineRate: rate(0, 0),
    electronicResultRate: rate(0, 0),
    digitisedRate: rate(0, 0),
    reuseRate: rate(0, 0),
  };
  let fullOnline = 0;
  let fullEligible = 0;
  let eResults = 0;
  let results = 0;
  let digitised = 0;
  let reused = 0;
  for (const row of rows) {
    const place = placeInPeriod(row, period);
    if (!place) continue;
    out.received.total++;
    const procedure = procedures.get(row.procedureId);
    if (place.carriedOver) out.received.carriedOver++;
    else {
      out.received[row.channel]++;
      if (procedure?.onlineLevel === 'full') {
        fullEligible++;
        if (row.channel === 'online') fullOnline++;
      }
      // 4.2: digitised components, and the e-result where the TTHC issues a paper one and a result exists.
      const hasResult = RESULT_STATES.has(row.state);
      if (row.paperFiles > 0 && (!hasResult || !needsElectronicResult(procedure) || row.electronicResult)) digitised++;
      // 4.3: at least one component taken from the applicant's digitised papers (DuocTaiSuDung).
      if (row.reusedPapers > 0) reused++;
    }
    // 4.1: results issued in the period (finished in it with a result), of TTHC with a paper result.
    if (
      row.finishedAt &&
      row.finishedAt.getTime() >= period.start.getTime() &&
      row.finishedAt.getTime() < period.end.getTime() &&
      RESULT_STATES.has(row.state) &&
      needsElectronicResult(procedure)
    ) {
      results++;
      if (row.electronicResult) eResults++;
    }
    switch (place.timing) {
      case 'early':
      case 'onTime':
      case 'late':
        out.handled[place.timing]++;
        out.handled.total++;
        break;
      case 'inProgressOnTime':
        out.inProgress.withinTime++;
        out.inProgress.total++;
        break;
      case 'inProgressLate':
        out.inProgress.overdue++;
        out.inProgress.total++;
        break;
      case null:
        out.unclassified++;
    }
  }
  const inPeriod = out.received.online + out.received.counter + out.received.post;
  out.onTimeRate = rate(
    out.handled.early + out.handled.onTime + out.inProgress.withinTime,
    out.handled.total + out.inProgress.total,
  );
  out.onlineRate = rate(out.received.online, inPeriod);
  out.fullOnlineRate = rate(fullOnline, fullEligible);
  out.electronicResultRate = rate(eResults, results);
  out.digitisedRate = rate(digitised, inPeriod);
  out.reuseRate = rate(reused, inPeriod);
  return out;
}

/** Pure: ratings given in the period. */
function satisfaction(ratings: readonly RatingRow[], period: Period): Satisfaction {
  const inPeriod = ratings.filter(
    (r) => r.ratedAt.getTime() >= period.start.getTime() && r.ratedAt.getTime() < period.end.getTime(),
  );
  const count = (level: string) => inPeriod.filter((r) => r.level === level).length;
  const verySatisfied = count('very_satisfied');
  const satisfied = count('satisfied');
  return {
    forms: inPeriod.length,
    verySatisfied,
    satisfied,
    unsatisfied: count('unsatisfied'),
    satisfiedRate: rate(verySatisfied + satisfied, inPeriod.length),
  };
}

/**
 * Feedback answered on time (§3.1 5.2) and satisfaction with its handling (5.3): the feedback
 * module's own computation (§8.2), applied to the read model's rows.
 */
function feedbackFigures(rows: readonly FeedbackRow[], period: Period, now: Date): FeedbackIndicators {
  const items: FeedbackFact[] = rows.map((r) => ({
    feedbackId: r.feedbackId,
    provinceCode: r.provinceCode,
    code: r.code,
    agencyId: r.agencyId,
    channel: r.channel,
    dossierCode: r.dossierCode,
    classification: r.classification,
    state: r.state,
    submittedAt: r.submittedAt,
    closedAt: r.closedAt,
    timing: r.timing,
    answerDueAt: r.answerDueAt,
    likes: r.likes,
    dislikes: r.dislikes,
    reopenCount: r.reopenCount,
    version: r.sourceVersion,
  }));
  return computeIndicators(items, period.start, new Date(period.end.getTime() - 1), now);
}

// ---- dimensions -------------------------------------------------------------------------

const dimensions = ['agency', 'commune', 'field', 'procedure', 'channel'] as const;
export type Dimension = (typeof dimensions)[number];

export interface Filters {
  agencyId?: string | undefined;
  communeId?: string | undefined;
  fieldCode?: string | undefined;
  procedureId?: string | undefined;
  channel?: 'online' | 'counter' | 'post' | undefined;
}

/** What reports need of an agency (the directory's published row). */
export type AgencyFact = Pick<
  AgencyRow,
  'id' | 'code' | 'name' | 'shortName' | 'level' | 'kind' | 'parentId' | 'adminUnitCode' | 'active'
>;

/** What grouping needs to know: the procedures and agencies of the province. */
export interface Lookups {
  procedures: ReadonlyMap<string, ProcedureFact>;
  agencies: ReadonlyMap<string, AgencyFact>;
}

/** The commune (UBND xã/phường) an agency belongs to: itself, or its nearest ancestor of kind commune; null at province level. */
export function communeOf(agencyId: string, agencies: ReadonlyMap<string, AgencyFact>): AgencyFact | null {
  let current = agencies.get(agencyId);
  for (let depth = 0; current && depth < 10; depth++) {
    if (current.kind === 'commune') return current;
    current = current.parentId ? agencies.get(current.parentId) : undefined;
  }
  return null;
}

export const CHANNEL_LABELS = { online: 'Trực tuyến', counter: 'Trực tiếp', post: 'Bưu chính công ích' } as const;

/** The group of a dossier along a dimension: its key and its label. */
function groupOf(row: DossierRow, dimension: Dimension, lookups: Lookups): { key: string; label: string } {
  switch (dimension) {
    case 'agency': {
      const a = lookups.agencies.get(row.competentAgencyId);
      return { key: row.competentAgencyId, label: a?.name ?? row.competentAgencyId };
    }
    case 'commune': {
      const c = communeOf(row.competentAgencyId, lookups.agencies);
      return c ? { key: c.id, label: c.name } : { key: 'province', label: 'Cấp tỉnh' };
    }
    case 'field': {
      const p = lookups.procedures.get(row.procedureId);
      return { key: p?.fieldCode ?? 'unknown', label: p?.fieldName ?? 'Không rõ lĩnh vực' };
    }
    case 'procedure': {
      const p = lookups.procedures.get(row.procedureId);
      return { key: row.procedureId, label: p?.name ?? row.procedureId };
    }
    case 'channel':
      return { key: row.channel, label: CHANNEL_LABELS[row.channel] };
  }
}

export function matches(row: DossierRow, filters: Filters, lookups: Lookups): boolean {
  if (filters.agencyId && row.competentAgencyId !== filters.agencyId) return false;
  if (filters.channel && row.channel !== filters.channel) return false;
  if (filters.procedureId && row.procedureId !== filters.procedureId) return false;
  if (filters.fieldCode && lookups.procedures.get(row.procedureId)?.fieldCode !== filters.fieldCode) return false;
  if (filters.communeId) {
    const c = communeOf(row.competentAgencyId, lookups.agencies);
    if ((c?.id ?? 'province') !== filters.communeId) return false;
  }
  return true;
}

const feedbackMatches = (row: FeedbackRow, filters: Filters, lookups: Lookups): boolean => {
  if (filters.agencyId && row.agencyId !== filters.agencyId) return false;
  if (filters.communeId && (communeOf(row.agencyId, lookups.agencies)?.id ?? 'province') !== filters.communeId) {
    return false;
  }
  return true;
};
/** Feedback has an agency but no procedure or channel of a dossier: it is shown only for agency, commune and province. */
const feedbackApplies = (filters: Filters) => !filters.fieldCode && !filters.procedureId && !filters.channel;

// ---- loading ----------------------------------------------------------------------------

/** The read model's dossiers that may belong to the period (received before its end, not finished before its start). */
async function loadDossierRows(db: Executor, provinceCode: string, period: Period): Promise<DossierRow[]> {
  const where: SQL[] = [eq(insightsDossiers.provinceCode, provinceCode), lt(insightsDossiers.receivedAt, period.end)];
  const open = or(isNull(insightsDossiers.finishedAt), gte(insightsDossiers.finishedAt, period.start));
  if (open) where.push(open);
  return db
    .select()
    .from(insightsDossiers)
    .where(and(...where));
}

async function loadFeedbackRows(db: Executor, provinceCode: string, period: Period): Promise<FeedbackRow[]> {
  const open = or(isNull(insightsFeedback.closedAt), gte(insightsFeedback.closedAt, period.start));
  return db
    .select()
    .from(insightsFeedback)
    .where(and(eq(insightsFeedback.provinceCode, provinceCode), lt(insightsFeedback.submittedAt, period.end), open));
}

async function loadRatingRows(db: Executor, provinceCode: string, period: Period): Promise<RatingRow[]> {
  return db
    .select()
    .from(insightsRatings)
    .where(
      and(
        eq(insightsRatings.provinceCode, provinceCode),
        gte(insightsRatings.ratedAt, period.start),
        lt(insightsRatings.ratedAt, period.end),
      ),
    );
}

/** The dossier rows of some ids (ratings are grouped by their dossier's agency, procedure, channel). */
async function loadDossiersByIds(db: Executor, ids: readonly string[]): Promise<Map<string, DossierRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(insightsDossiers)
    .where(inArray(insightsDossiers.dossierId, [...ids]));
  return new Map(rows.map((r) => [r.dossierId, r]));
}

// ---- the figures of a scope, and broken down ---------------------------------------------

export interface PeriodData {
  period: Period;
  dossiers: DossierRow[];
  feedback: FeedbackRow[];
  ratings: RatingRow[];
  /** The rated dossiers' rows (for grouping ratings). */
  ratedDossiers: Map<string, DossierRow>;
}

export async function loadPeriod(db: Executor, provinceCode: string, period: Period): Promise<PeriodData> {
  const [dossiers, feedback, ratings] = await Promise.all([
    loadDossierRows(db, provinceCode, period),
    loadFeedbackRows(db, provinceCode, period),
    loadRatingRows(db, provinceCode, period),
  ]);
  const ratedDossiers = await loadDossiersByIds(
    db,
    ratings.map((r) => r.dossierId),
  );
  return { period, dossiers, feedback, ratings, ratedDossiers };
}

export interface Indicators {
  dossiers: DossierIndicators;
  satisfaction: Satisfaction;
  /** Null when the scope is a field, procedure or channel (feedback has none). */
  feedback: FeedbackIndicators | null;
}

export function indicatorsOf(data: PeriodData, filters: Filters, lookups: Lookups, now: Date): Indicators {
  const rows = data.dossiers.filter((r) => matches(r, filters, lookups));
  const ratings = data.ratings.filter((r) => {
    const d = data.ratedDossiers.get(r.dossierId);
    return d !== undefined && matches(d, filters, lookups);
  });
  return {
    dossiers: dossierIndicators(rows, data.period, lookups.procedures),
    satisfaction: satisfaction(ratings, data.period),
    feedback: feedbackApplies(filters)
      ? feedbackFigures(
          data.feedback.filter((r) => feedbackMatches(r, filters, lookups)),
          data.period,
          now,
        )
      : null,
  };
}

export interface Breakdown {
  key: string;
  label: string;
  indicators: Indicators;
}

/** The indicators of each group of a dimension within the filtered scope, largest first. */
export function breakdown(
  data: PeriodData,
  filters: Filters,
  dimension: Dimension,
  lookups: Lookups,
  now: Date,
): Breakdown[] {
  const groups = new Map<string, string>();
  for (const row of data.dossiers) {
    if (!matches(row, filters, lookups) || !placeInPeriod(row, data.period)) continue;
    const g = groupOf(row, dimension, lookups);
    groups.set(g.key, g.label);
  }
  const keyFilter = (key: string): Filters => {
    switch (dimension) {
      case 'agency':
        return { ...filters, agencyId: key };
      case 'commune':
        return { ...filters, communeId: key };
      case 'field':
        return { ...filters, fieldCode: key };
      case 'procedure':
        return { ...filters, procedureId: key };
      case 'channel':
        return { ...filters, channel: key as Filters['channel'] };
    }
  };
  return [...groups]
    .map(([key, label]) => ({ key, label, indicators: indicatorsOf(data, keyFilter(key), lookups, now) }))
    .sort((a, b) => b.indicators.dossiers.received.total - a.indicators.dossiers.received.total);
}

// ---- drill-down ---------------------------------------------------------------------------

export const figures = [
  'received',
  'carriedOver',
  'online',
  'counter',
  'post',
  'handled',
  'early',
  'onTime',
  'late',
  'inProgress',
  'withinTime',
  'overdue',
] as const;
export type Figure = (typeof figures)[number];

/** The dossiers behind one figure of the scope: the same classification that counted them. */
export function dossiersBehind(data: PeriodData, filters: Filters, figure: Figure, lookups: Lookups): DossierRow[] {
  return data.dossiers.filter((row) => {
    if (!matches(row, filters, lookups)) return false;
    const place = placeInPeriod(row, data.period);
    if (!place) return false;
    switch (figure) {
      case 'received':
        return true;
      case 'carriedOver':
        return place.carriedOver;
      case 'online':
      case 'counter':
      case 'post':
        return !place.carriedOver && row.channel === figure;
      case 'handled':
        return place.timing === 'early' || place.timing === 'onTime' || place.timing === 'late';
      case 'early':
      case 'onTime':
      case 'late':
        return place.timing === figure;
      case 'inProgress':
        return place.timing === 'inProgressOnTime' || place.timing === 'inProgressLate';
      case 'withinTime':
        return place.timing === 'inProgressOnTime';
      case 'overdue':
        return place.timing === 'inProgressLate';
      default:
        return false;
    }
  });
}
