/**
 * The insights module's use-cases: each takes `(db, caller, input)`, checks the caller with
 * policies.ts and reads only the module's read models plus the facts other modules publish in
 * their index.ts (procedures, agencies, officers' names).
 */
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { procedureFacts } from '../catalog/index.ts';
import { findAgencies, staffByAccounts } from '../directory/index.ts';
import { type Dimension, type Filters, type Lookups, matches } from './dimensions.ts';
import type { DossierIndicators } from './dossier-figures.ts';
import { dossiersBehind, type Figure } from './drill.ts';
import { type IndexLevel, rankedIndex, type ScopeScore } from './index766-ranking.ts';
import { type Breakdown, breakdown, type Indicators, indicatorsOf } from './indicators.ts';
import { type DossierRow, loadPeriod, loadPeriodAndPrevious } from './load-period.ts';
import { monthCells } from './period-cells.ts';
import { type Period, parsePeriod, previousPeriod } from './periods.ts';
import { dashboardAccess, type ListScope } from './policies.ts';
import { findTargets, type Targets } from './targets.ts';

async function loadLookups(db: Executor, provinceCode: string): Promise<Lookups> {
  const [procedures, agencies] = await Promise.all([
    procedureFacts(db, provinceCode),
    findAgencies(db, { provinceCode }),
  ]);
  return {
    procedures: new Map(procedures.map((p) => [p.id, p])),
    agencies: new Map(agencies.map((a) => [a.id, a])),
  };
}

/** The list scope as a filter on top of the figure's own filters. */
const inListScope = (scope: ListScope, filters: Filters): Filters | null => {
  if (scope.kind === 'province') return filters;
  if (filters.communeId && filters.communeId !== scope.communeId) return null;
  return { ...filters, communeId: scope.communeId };
};

interface TrendPoint {
  key: string;
  label: string;
  received: number;
  handled: number;
  late: number;
  onTimePercent: number | null;
}

export interface ListedDossier {
  dossierId: string;
  code: string;
  procedureName: string;
  agencyName: string;
  holdingAgencyName: string;
  channel: DossierRow['channel'];
  receivedAt: Date | null;
  dueAt: Date | null;
  finishedAt: Date | null;
  /** The officer assigned to the active step, and the step. */
  holder: string | null;
  holderStep: string | null;
}

export interface DashboardData {
  period: Period;
  lookups: Lookups;
  indicators: Indicators;
  breakdown: Breakdown[];
  dimension: Dimension;
  trend: TrendPoint[];
  /** Overdue at the period's end, most overdue first, within the caller's list scope. */
  overdue: ListedDossier[];
  overdueTotal: number;
  ranking: ScopeScore[];
  listScope: ListScope;
  /** The year's targets (the year of the period's end). */
  targets: Targets;
}

async function listed(db: Executor, rows: DossierRow[], lookups: Lookups): Promise<ListedDossier[]> {
  const names = new Map(
    (
      await staffByAccounts(db, [...new Set(rows.flatMap((r) => (r.holderAccountId ? [r.holderAccountId] : [])))])
    ).flatMap((s) => (s.accountId ? [[s.accountId, s.fullName] as const] : [])),
  );
  return rows.map((r) => ({
    dossierId: r.dossierId,
    code: r.code,
    procedureName: lookups.procedures.get(r.procedureId)?.name ?? '',
    agencyName: lookups.agencies.get(r.competentAgencyId)?.name ?? '',
    holdingAgencyName: lookups.agencies.get(r.holdingAgencyId)?.name ?? '',
    channel: r.channel,
    receivedAt: r.receivedAt,
    dueAt: r.dueAt,
    finishedAt: r.finishedAt,
    holder: r.holderAccountId ? (names.get(r.holderAccountId) ?? null) : null,
    holderStep: r.holderStep,
  }));
}

/** Audits a staff read of a dossier list (which dossiers, whose hands): `insights-list:<agency>`. */
async function auditList(
  db: Executor,
  caller: Extract<Caller, { kind: 'staff' }>,
  what: Record<string, unknown>,
  codes: string[],
) {
  await db.transaction((tx) =>
    recordAudit(tx, {
      provinceCode: caller.provinceCode,
      stream: `insights-list:${caller.agencyId}`,
      action: 'read_dossier_list',
      actorId: caller.id,
      actorRole: caller.roles.join(','),
      data: { ...what, shown: codes.length, codes },
    }),
  );
}

/** How many dossiers a figure counts (the list behind it holds exactly these). */
function figureCount(d: DossierIndicators, figure: Figure): number {
  switch (figure) {
    case 'received':
      return d.received.total;
    case 'carriedOver':
    case 'online':
    case 'counter':
    case 'post':
      return d.received[figure];
    case 'handled':
      return d.handled.total;
    case 'early':
    case 'onTime':
    case 'late':
      return d.handled[figure];
    case 'inProgress':
      return d.inProgress.total;
    case 'withinTime':
      return d.inProgress.withinTime;
    case 'overdue':
      return d.inProgress.overdue;
  }
}

const OVERDUE_SHOWN = 20;

export async function dashboard(
  db: Executor,
  caller: Caller,
  input: { provinceCode: string; period: string; filters: Filters; dimension: Dimension; now?: Date },
): Promise<DashboardData> {
  const lookups = await loadLookups(db, input.provinceCode);
  const { caller: staff, lists } = dashboardAccess(caller, input.provinceCode, lookups.agencies);
  const now = input.now ?? new Date();
  const period = parsePeriod(input.period);
  const previous = previousPeriod(period);
  const { data, before } = await loadPeriodAndPrevious(db, input.provinceCode, period, previous);
  // Six months ending with the period's last month.
  const months: Period[] = [];
  let m = parsePeriod(monthKey(new Date(period.end.getTime() - 1)));
  for (let i = 0; i < 6; i++) {
    months.unshift(m);
    m = previousPeriod(m);
  }
  // Unfiltered (the default view), the trend needs the province's sums only: six rows, not one per key.
  const filtered = Object.values(input.filters).some(Boolean);
  const sums = await monthCells(db, input.provinceCode, months, filtered);
  const trend = months.map((p): TrendPoint => {
    const m = { received: 0, early: 0, onTime: 0, late: 0 };
    for (const c of sums.get(p.key) ?? []) {
      if (!matches(c, input.filters, lookups)) continue;
      m.received += c.received;
      m.early += c.early;
      m.onTime += c.onTime;
      m.late += c.late;
    }
    const handled = m.early + m.onTime + m.late;
    return {
      key: p.key,
      label: p.label.replace('Tháng ', 'T'),
      received: m.received,
      handled,
      late: m.late,
      // IOC catalogue §4.6: (early + on time) ÷ handled, over the dossiers finished in the month.
      onTimePercent: handled === 0 ? null : Math.round(((m.early + m.onTime) / handled) * 10_000) / 100,
    };
  });
  const scoped = inListScope(lists, input.filters);
  const overdueRows = scoped
    ? await dossiersBehind(db, {
        provinceCode: input.provinceCode,
        period,
        filters: scoped,
        figure: 'overdue',
        lookups,
        limit: OVERDUE_SHOWN,
      })
    : [];
  const overdue = await listed(db, overdueRows, lookups);
  if (overdue.length > 0) {
    await auditList(
      db,
      staff,
      { list: 'overdue', period: period.key, filters: input.filters },
      overdue.map((o) => o.code),
    );
  }
  return {
    period,
    lookups,
    indicators: indicatorsOf(data, input.filters, lookups, now),
    breakdown: breakdown(data, input.filters, input.dimension, lookups, now),
    dimension: input.dimension,
    trend,
    overdue,
    overdueTotal: scoped ? indicatorsOf(data, scoped, lookups, now).dossiers.inProgress.overdue : 0,
    ranking: rankedIndex(data, before, 'agency', lookups, now),
    listScope: lists,
    targets: await findTargets(
      db,
      input.provinceCode,
      new Date(period.end.getTime() - 1 + 7 * 3_600_000).getUTCFullYear(),
    ),
  };
}

function monthKey(instant: Date): string {
  const local = new Date(instant.getTime() + 7 * 3_600_000);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}

const DRILL_LIMIT = 200;

/** The dossiers behind one figure (audited): the caller's list scope applies. */
export async function drillDown(
  db: Executor,
  caller: Caller,
  input: { provinceCode: string; period: string; filters: Filters; figure: Figure; now?: Date },
): Promise<{ period: Period; lookups: Lookups; items: ListedDossier[]; total: number; listScope: ListScope }> {
  const lookups = await loadLookups(db, input.provinceCode);
  const { caller: staff, lists } = dashboardAccess(caller, input.provinceCode, lookups.agencies);
  const period = parsePeriod(input.period);
  const scoped = inListScope(lists, input.filters);
  if (!scoped) return { period, lookups, items: [], total: 0, listScope: lists };
  const [data, rows] = await Promise.all([
    loadPeriod(db, input.provinceCode, period),
    dossiersBehind(db, {
      provinceCode: input.provinceCode,
      period,
      filters: scoped,
      figure: input.figure,
      lookups,
      limit: DRILL_LIMIT,
    }),
  ]);
  const items = await listed(db, rows, lookups);
  await auditList(
    db,
    staff,
    { list: input.figure, period: period.key, filters: input.filters },
    items.map((i) => i.code),
  );
  const total = figureCount(indicatorsOf(data, scoped, lookups, input.now ?? new Date()).dossiers, input.figure);
  return { period, lookups, items, total, listScope: lists };
}

/** The 766 index of the province, every agency or every commune for a period, ranked. */
export async function serviceIndexReport(
  db: Executor,
  caller: Caller,
  input: { provinceCode: string; period: string; level: IndexLevel; now?: Date },
): Promise<{ period: Period; previous: Period; scores: ScopeScore[] }> {
  const lookups = await loadLookups(db, input.provinceCode);
  dashboardAccess(caller, input.provinceCode, lookups.agencies);
  const period = parsePeriod(input.period);
  const previous = previousPeriod(period);
  const { data, before } = await loadPeriodAndPrevious(db, input.provinceCode, period, previous);
  return {
    period,
    previous,
    scores: rankedIndex(data, before, input.level, lookups, input.now ?? new Date()),
  };
}
