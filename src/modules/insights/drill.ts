/**
 * The dossiers behind one figure: the read-model rows the figure may hold, narrowed in SQL by
 * the scope and the figure, then placed with the same classification the rollups count with
 * (placement.ts), so a list holds exactly the dossiers its figure counts.
 */
import { and, asc, eq, gte, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { type Filters, type Lookups, matches } from './dimensions.ts';
import type { DossierRow } from './load-period.ts';
import type { Period } from './periods.ts';
import { placeInPeriod } from './placement.ts';
import { insightsDossiers as d } from './schema.ts';

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

/** Pure: whether a row is one of the figure's dossiers in the period. */
function behindFigure(row: DossierRow, period: Period, filters: Filters, figure: Figure, lookups: Lookups) {
  if (!matches(row, filters, lookups)) return false;
  const place = placeInPeriod(row, period);
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
}

/** The SQL narrowing of a figure: a superset of its dossiers (behindFigure decides). */
function figureWhere(figure: Figure, period: Period): SQL | undefined {
  const handledBy = or(lt(d.finishedAt, period.end), sql`${d.supplementIntervals} <> '[]'::jsonb`);
  const openAtEnd = or(isNull(d.finishedAt), gte(d.finishedAt, period.end));
  switch (figure) {
    case 'carriedOver':
      return lt(d.receivedAt, period.start);
    case 'online':
    case 'counter':
    case 'post':
      return and(gte(d.receivedAt, period.start), eq(d.channel, figure));
    case 'handled':
    case 'early':
    case 'onTime':
    case 'late':
      return handledBy;
    case 'inProgress':
    case 'withinTime':
      return openAtEnd;
    case 'overdue':
      return and(
        openAtEnd,
        or(lt(d.dueAt, period.end), sql`jsonb_array_length(${d.supplementIntervals}) > 1`),
        sql`${d.dueAt} is not null`,
      );
    default:
      return undefined;
  }
}

/** The filters as the read model's keys: agencies (an agency, or a commune's), procedures (one, or a field's), channel. */
function scopeWhere(filters: Filters, lookups: Lookups): SQL[] {
  const out: SQL[] = [];
  const none = ['00000000-0000-0000-0000-000000000000'];
  if (filters.agencyId) out.push(eq(d.competentAgencyId, filters.agencyId));
  if (filters.communeId) {
    const ids = [...lookups.agencies.values()]
      .filter((a) =>
        matches(
          { competentAgencyId: a.id, procedureId: '', channel: 'online' },
          { communeId: filters.communeId },
          lookups,
        ),
      )
      .map((a) => a.id);
    out.push(inArray(d.competentAgencyId, ids.length ? ids : none));
  }
  if (filters.procedureId) out.push(eq(d.procedureId, filters.procedureId));
  if (filters.fieldCode) {
    const ids = [...lookups.procedures.values()].filter((p) => p.fieldCode === filters.fieldCode).map((p) => p.id);
    out.push(inArray(d.procedureId, ids.length ? ids : none));
  }
  if (filters.channel) out.push(eq(d.channel, filters.channel));
  return out;
}

/**
 * The dossiers behind one figure of the scope, ordered by `order` (most overdue first for the
 * overdue list, else by reception), the first `limit` of them.
 */
export async function dossiersBehind(
  db: Executor,
  input: { provinceCode: string; period: Period; filters: Filters; figure: Figure; lookups: Lookups; limit: number },
): Promise<DossierRow[]> {
  const { period, figure } = input;
  if (figure === 'overdue') return overdueBehind(db, input);
  const where: SQL[] = [
    eq(d.provinceCode, input.provinceCode),
    lt(d.receivedAt, period.end),
    ...scopeWhere(input.filters, input.lookups),
  ];
  const open = or(isNull(d.finishedAt), gte(d.finishedAt, period.start));
  if (open) where.push(open);
  const narrowed = figureWhere(figure, period);
  if (narrowed) where.push(narrowed);
  const order = [asc(d.receivedAt), asc(d.dossierId)];
  const out: DossierRow[] = [];
  // Page through the candidates until `limit` of them are the figure's.
  const page = Math.max(input.limit * 2, 100);
  for (let offset = 0; out.length < input.limit; offset += page) {
    const rows = await db
      .select()
      .from(d)
      .where(and(...where))
      .orderBy(...order)
      .limit(page)
      .offset(offset);
    for (const row of rows) {
      if (behindFigure(row, period, input.filters, figure, input.lookups)) out.push(row);
      if (out.length === input.limit) break;
    }
    if (rows.length < page) break;
  }
  return out;
}

/**
 * The branches of the overdue list, each read in due order from an index that holds few rows
 * beyond its own: running and past due at the period's end (`insights_dossiers_running_due`, a
 * range of it); finished after the end and past due at it — (due, finished] holds the end
 * (`insights_dossiers_finished_late`, a GiST index of those ranges, so a past period reads the
 * rows that stab its end, not every dossier finished since); not yet due at the end, still
 * running or finished after it, but asked for a supplement twice, late by rule
 * (`insights_dossiers_two_supplements`). Together exactly the rows running at the end or finished
 * after it that are past due or asked twice; no row is in two branches.
 */
export type OverdueBranch = 'running' | 'finishedLate' | 'twice';

/** The SQL of one branch of the overdue list: running at the period's end, past its due date or asked for a supplement twice. */
export function overdueWhere(
  input: { provinceCode: string; period: Period; filters: Filters; lookups: Lookups },
  branch: OverdueBranch,
  after: { due: Date; id: string } | null,
): SQL | undefined {
  const { period } = input;
  const end = period.end.toISOString();
  const twice = sql`jsonb_array_length(${d.supplementIntervals}) > 1`;
  const which =
    branch === 'running'
      ? [isNull(d.finishedAt), lt(d.dueAt, period.end)]
      : branch === 'finishedLate'
        ? // due < end ≤ finished; `finished_at > due_at` (implied) is the index's predicate, and
          // `greatest` keeps the range valid on rows a plan tests before that predicate.
          [
            sql`${d.finishedAt} > ${d.dueAt}`,
            sql`tstzrange(${d.dueAt}, greatest(${d.dueAt}, ${d.finishedAt}), '(]') @> ${end}::timestamptz`,
          ]
        : // Open at the end — (received, finished or never] holds it — the index's expression.
          [
            twice,
            gte(d.dueAt, period.end),
            sql`tstzrange(${d.receivedAt}, greatest(${d.receivedAt}, coalesce(${d.finishedAt}, 'infinity')), '(]') @> ${end}::timestamptz`,
          ];
  return and(
    eq(d.provinceCode, input.provinceCode),
    lt(d.receivedAt, period.end),
    ...scopeWhere(input.filters, input.lookups),
    sql`${d.dueAt} is not null`,
    ...which,
    ...(after
      ? [
          gte(d.dueAt, after.due),
          sql`(${d.dueAt}, ${d.dossierId}) > (${after.due.toISOString()}::timestamptz, ${after.id}::uuid)`,
        ]
      : []),
  );
}

/**
 * The overdue list, most overdue first: the branches above merged page by page (keyset on the
 * due date and the id), each row placed as the figure counts it.
 */
async function overdueBehind(
  db: Executor,
  input: { provinceCode: string; period: Period; filters: Filters; lookups: Lookups; limit: number },
): Promise<DossierRow[]> {
  const out: DossierRow[] = [];
  const page = Math.max(input.limit * 2, 100);
  let after: { due: Date; id: string } | null = null;
  const branch = (which: OverdueBranch) =>
    db
      .select()
      .from(d)
      .where(overdueWhere(input, which, after))
      .orderBy(asc(d.dueAt), asc(d.dossierId))
      .limit(page);
  for (;;) {
    const found = await Promise.all([branch('running'), branch('finishedLate'), branch('twice')]);
    const rows = found
      .flat()
      .sort(
        (a, b) =>
          (a.dueAt?.getTime() ?? 0) - (b.dueAt?.getTime() ?? 0) ||
          (a.dossierId < b.dossierId ? -1 : a.dossierId > b.dossierId ? 1 : 0),
      )
      .slice(0, page);
    for (const row of rows) {
      if (behindFigure(row, input.period, input.filters, 'overdue', input.lookups)) out.push(row);
      if (out.length === input.limit) return out;
    }
    const last = rows.at(-1);
    if (found.every((f) => f.length < page) || !last?.dueAt) return out;
    after = { due: last.dueAt, id: last.dossierId };
  }
}
