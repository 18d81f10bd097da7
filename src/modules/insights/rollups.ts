/**
 * The daily rollups (schema.ts `insights_daily`): what one dossier row adds to them, the change
 * the feed applies when a row is replaced (new share − old share, in the row's transaction),
 * the recount from the read model (rebuild and the test), and the sums the trend charts read.
 *
 * A dossier adds 1 to `received` on the Vietnam day it was received, and, once finished, 1 to
 * early / onTime / late (or unclassified without a due date) on the day it finished, classified
 * by the dossiers module's `classifyTiming` with the finish as the period's end — the final
 * timing, which no later period changes. A month's "handled" from the rollups is therefore the
 * dossiers finished in it (IOC catalogue §4.6: on-time rate = (early + on time) ÷ handled);
 * form 06's own columns, which also count a dossier waiting for a supplement as handled at the
 * request, stay computed from the read model (dossier-figures.ts).
 */
import { and, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { classifyTiming } from '../dossiers/index.ts';
import type { Period } from './periods.ts';
import { insightsDaily, insightsDossiers, type StoredInterval } from './schema.ts';

/** What a dossier's shares depend on: a read-model row, as selected or as upserted. */
interface DossierRow {
  provinceCode: string;
  competentAgencyId: string;
  procedureId: string;
  channel: 'online' | 'counter' | 'post';
  receivedAt?: Date | null;
  dueAt?: Date | null;
  finishedAt?: Date | null;
  supplementIntervals?: StoredInterval[];
}

type Counter = 'received' | 'early' | 'onTime' | 'late' | 'unclassified';
export type DailyRow = typeof insightsDaily.$inferInsert & Record<Counter, number>;

/** The Vietnam calendar day of an instant, yyyy-mm-dd. */
const vietnamDay = (instant: Date) => new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

/** One dossier's shares: (key, counter, +1) entries. */
function shareOf(row: DossierRow): { day: string; counter: Counter }[] {
  const out: { day: string; counter: Counter }[] = [];
  if (!row.receivedAt) return out;
  out.push({ day: vietnamDay(row.receivedAt), counter: 'received' });
  if (!row.finishedAt) return out;
  let counter: Counter = 'unclassified';
  if (row.dueAt) {
    const intervals = (row.supplementIntervals ?? []).map((i) => ({
      from: new Date(i.from),
      to: i.to === null ? null : new Date(i.to),
    }));
    const timing = classifyTiming({
      receivedAt: row.receivedAt,
      dueAt: row.dueAt,
      finishedAt: row.finishedAt,
      supplementIntervals: intervals,
      supplementRequests: intervals.length,
      periodEnd: row.finishedAt,
    });
    counter = timing === 'early' || timing === 'onTime' || timing === 'late' ? timing : 'unclassified';
  }
  out.push({ day: vietnamDay(row.finishedAt), counter });
  return out;
}

const keyOf = (row: DossierRow, day: string) =>
  `${row.provinceCode}|${day}|${row.competentAgencyId}|${row.procedureId}|${row.channel}`;

/** Rollup rows of `add` minus `remove` (either may hold many dossiers), zero rows left out. */
export function rollupDelta(add: readonly DossierRow[], remove: readonly DossierRow[]): DailyRow[] {
  const rows = new Map<string, DailyRow>();
  const apply = (row: DossierRow, sign: 1 | -1) => {
    for (const s of shareOf(row)) {
      const key = keyOf(row, s.day);
      let r = rows.get(key);
      if (!r) {
        r = {
          provinceCode: row.provinceCode,
          day: s.day,
          agencyId: row.competentAgencyId,
          procedureId: row.procedureId,
          channel: row.channel,
          received: 0,
          early: 0,
          onTime: 0,
          late: 0,
          unclassified: 0,
        };
        rows.set(key, r);
      }
      r[s.counter] += sign;
    }
  };
  for (const r of add) apply(r, 1);
  for (const r of remove) apply(r, -1);
  return [...rows.values()].filter((r) => r.received || r.early || r.onTime || r.late || r.unclassified);
}

/** Adds rollup rows (deltas, possibly negative) to the table. */
export async function applyRollupDelta(db: Executor, rows: readonly DailyRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(insightsDaily)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [
          insightsDaily.provinceCode,
          insightsDaily.day,
          insightsDaily.agencyId,
          insightsDaily.procedureId,
          insightsDaily.channel,
        ],
        set: {
          received: sql`${insightsDaily.received} + excluded.received`,
          early: sql`${insightsDaily.early} + excluded.early`,
          onTime: sql`${insightsDaily.onTime} + excluded.on_time`,
          late: sql`${insightsDaily.late} + excluded.late`,
          unclassified: sql`${insightsDaily.unclassified} + excluded.unclassified`,
        },
      });
  }
}

/** The rollups recounted from all the read model's dossier rows of a province (tests, checks). */
export async function recountRollups(db: Executor, provinceCode: string): Promise<DailyRow[]> {
  const rows = await db.select().from(insightsDossiers).where(eq(insightsDossiers.provinceCode, provinceCode));
  return rollupDelta(rows, []);
}

/** Month sums for the trend: received, handled (finished) early / on time / late, within filters. */
export async function monthlySums(
  db: Executor,
  provinceCode: string,
  months: readonly Period[],
  scope: { agencyIds?: string[] | undefined; procedureIds?: string[] | undefined; channel?: string | undefined },
): Promise<Map<string, { received: number; early: number; onTime: number; late: number }>> {
  const first = months[0];
  const last = months.at(-1);
  const out = new Map(months.map((m) => [m.key, { received: 0, early: 0, onTime: 0, late: 0 }]));
  if (!first || !last) return out;
  const where: SQL[] = [
    eq(insightsDaily.provinceCode, provinceCode),
    gte(insightsDaily.day, vietnamDay(first.start)),
    lt(insightsDaily.day, vietnamDay(last.end)),
  ];
  if (scope.agencyIds)
    where.push(
      inArray(
        insightsDaily.agencyId,
        scope.agencyIds.length ? scope.agencyIds : ['00000000-0000-0000-0000-000000000000'],
      ),
    );
  if (scope.procedureIds)
    where.push(
      inArray(
        insightsDaily.procedureId,
        scope.procedureIds.length ? scope.procedureIds : ['00000000-0000-0000-0000-000000000000'],
      ),
    );
  if (scope.channel) where.push(eq(insightsDaily.channel, scope.channel as 'online'));
  const month = sql<string>`substr(${insightsDaily.day}::text, 1, 7)`;
  const rows = await db
    .select({
      month,
      received: sql<number>`sum(${insightsDaily.received})::int`,
      early: sql<number>`sum(${insightsDaily.early})::int`,
      onTime: sql<number>`sum(${insightsDaily.onTime})::int`,
      late: sql<number>`sum(${insightsDaily.late})::int`,
    })
    .from(insightsDaily)
    .where(and(...where))
    .groupBy(month);
  for (const r of rows) {
    const m = out.get(r.month);
    if (m) Object.assign(m, { received: r.received, early: r.early, onTime: r.onTime, late: r.late });
  }
  return out;
}
