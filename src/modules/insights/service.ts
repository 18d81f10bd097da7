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
import { communeOf, type Dimension, type Filters, type Lookups } from './dimensions.ts';
import { dossiersBehind, type Figure } from './drill.ts';
import { type IndexLevel, rankedIndex, type ScopeScore } from './index766.ts';
import { type Breakdown, breakdown, type Indicators, indicatorsOf } from './indicators.ts';
import { type DossierRow, loadPeriod } from './load-period.ts';
import { type Period, parsePeriod, previousPeriod } from './periods.ts';
import { dashboardAccess, type ListScope } from './policies.ts';
import { monthlySums } from './rollups.ts';
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

/** The filters as the rollups' keys: agencies (an agency, or a commune's), procedures (one, or a field's), channel. */
function rollupScope(filters: Filters, lookups: Lookups) {
  let agencyIds: string[] | undefined;
  if (filters.agencyId) agencyIds = [filters.agencyId];
  if (filters.communeId) {
    const inCommune = [...lookups.agencies.values()]
      .filter((a) => (communeOf(a.id, lookups.agencies)?.id ?? 'province') === filters.communeId)
      .map((a) => a.id);
    agencyIds = agencyIds ? agencyIds.filter((id) => inCommune.includes(id)) : inCommune;
  }
  let procedureIds: string[] | undefined;
  if (filters.procedureId) procedureIds = [filters.procedureId];
  if (filters.fieldCode) {
    const inField = [...lookups.procedures.values()].filter((p) => p.fieldCode === filters.fieldCode).map((p) => p.id);
    procedureIds = procedureIds ? procedureIds.filter((id) => inField.includes(id)) : inField;
  }
  return { agencyIds, procedureIds, channel: filters.channel };
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
  const [data, before] = await Promise.all([
    loadPeriod(db, input.provinceCode, period),
    loadPeriod(db, input.provinceCode, previous),
  ]);
  // Six months ending with the period's last month.
  const months: Period[] = [];
  let m = parsePeriod(monthKey(new Date(period.end.getTime() - 1)));
  for (let i = 0; i < 6; i++) {
    months.unshift(m);
    m = previousPeriod(m);
  }
  const sums = await monthlySums(db, input.provinceCode, months, rollupScope(input.filters, lookups));
  const trend = months.map((p): TrendPoint => {
    const m = sums.get(p.key) ?? { received: 0, early: 0, onTime: 0, late: 0 };
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
    ? dossiersBehind(data, scoped, 'overdue', lookups).sort(
        (a, b) => (a.dueAt?.getTime() ?? 0) - (b.dueAt?.getTime() ?? 0),
      )
    : [];
  const overdue = await listed(db, overdueRows.slice(0, OVERDUE_SHOWN), lookups);
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
    overdueTotal: overdueRows.length,
    ranking: await rankedIndex(db, data, before, 'agency', lookups, now),
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
  const data = await loadPeriod(db, input.provinceCode, period);
  const rows = dossiersBehind(data, scoped, input.figure, lookups).sort(
    (a, b) => (a.receivedAt?.getTime() ?? 0) - (b.receivedAt?.getTime() ?? 0),
  );
  const items = await listed(db, rows.slice(0, DRILL_LIMIT), lookups);
  await auditList(
    db,
    staff,
    { list: input.figure, period: period.key, filters: input.filters },
    items.map((i) => i.code),
  );
  return { period, lookups, items, total: rows.length, listScope: lists };
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
  const [data, before] = await Promise.all([
    loadPeriod(db, input.provinceCode, period),
    loadPeriod(db, input.provinceCode, previous),
  ]);
  return {
    period,
    previous,
    scores: await rankedIndex(db, data, before, input.level, lookups, input.now ?? new Date()),
  };
}
