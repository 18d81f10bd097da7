/**
 * The rollups (schema.ts `insights_daily`, `insights_monthly`): what one dossier row adds to
 * them, the change the feed applies when a row is replaced (new share − old share, in the
 * row's transaction), and the recount from the read model (rebuild and the tests).
 *
 * A dossier's share, on Vietnam days:
 * - flows: `received` (and `receivedNoDue`, `digitised…`, `reused`) on the day it was received;
 *   `early` / `onTime` / `late` / `unclassified`, `results`, `eResults` on the day it finished,
 *   by its final timing;
 * - stocks: its class "as of a period's end" (placement.ts: early / on time / late once handled
 *   — finished, or waiting for a supplement, S7 — in progress within time / overdue) at every
 *   Vietnam midnight after its reception. That class changes only at a few instants (reception,
 *   a supplement request or its answer, the due date pushed by the waits, the finish); at each
 *   midnight where it differs from the midnight before, the day before gets −1 on the old
 *   class's `s…` column and +1 on the new one's. The class at a midnight M is therefore the sum
 *   of the `s…` columns over the days before M, exactly what placeInPeriod computes for M.
 *
 * period-cells.ts turns these sums into form 06's columns and the rates.
 */
import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../../platform/db/index.ts';
import { classifyTiming, type TimingClass } from '../dossiers/index.ts';
import { insightsDaily, insightsDossiers, insightsMonthly, insightsTotals, type StoredInterval } from './schema.ts';

/** What a dossier's shares depend on: a read-model row, as selected or as upserted. */
export interface RollupSource {
  provinceCode: string;
  competentAgencyId: string;
  procedureId: string;
  channel: 'online' | 'counter' | 'post';
  state: string;
  receivedAt?: Date | null;
  dueAt?: Date | null;
  finishedAt?: Date | null;
  supplementIntervals?: StoredInterval[];
  electronicResult?: boolean;
  paperFiles?: number;
  reusedPapers?: number;
}

export const COUNTERS = [
  'received',
  'receivedNoDue',
  'early',
  'onTime',
  'late',
  'unclassified',
  'sEarly',
  'sOnTime',
  'sLate',
  'sInTime',
  'sOverdue',
  'results',
  'eResults',
  'digitised',
  'digitisedUnlessPaperResult',
  'reused',
] as const;
type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;
export type DailyRow = typeof insightsDaily.$inferInsert & Counts;

const DAY = 86_400_000;
const VN = 7 * 3_600_000;
/** The Vietnam calendar day of an instant, yyyy-mm-dd. */
export const vietnamDay = (instant: Date | number) =>
  new Date((typeof instant === 'number' ? instant : instant.getTime()) + VN).toISOString().slice(0, 10);
/** The first Vietnam midnight strictly after an instant (ms). */
const nextMidnight = (x: number) => (Math.floor((x + VN) / DAY) + 1) * DAY - VN;

const RESULT_STATES = new Set(['result_ready', 'delivered']);

const STOCK: Record<TimingClass, Counter> = {
  early: 'sEarly',
  onTime: 'sOnTime',
  late: 'sLate',
  inProgressOnTime: 'sInTime',
  inProgressLate: 'sOverdue',
};
const FINAL: Partial<Record<TimingClass, Counter>> = { early: 'early', onTime: 'onTime', late: 'late' };

type Interval = { from: Date; to: Date | null };
const intervalsOf = (row: RollupSource): Interval[] =>
  (row.supplementIntervals ?? []).map((i) => ({ from: new Date(i.from), to: i.to === null ? null : new Date(i.to) }));

/** The class as of the period ending at midnight `m` (placement.ts's rule, with periodEnd = m − 1 ms). */
function classAt(row: RollupSource, intervals: Interval[], m: number): TimingClass {
  const periodEnd = new Date(m - 1);
  return classifyTiming({
    receivedAt: row.receivedAt as Date,
    dueAt: row.dueAt as Date,
    finishedAt: row.finishedAt ?? null,
    supplementIntervals: intervals,
    supplementRequests: intervals.filter((i) => i.from.getTime() <= periodEnd.getTime()).length,
    periodEnd,
  });
}

/** One dossier's shares: (day, counter, ±1) entries. */
function shareOf(row: RollupSource): { day: string; counter: Counter; sign: 1 | -1 }[] {
  const out: { day: string; counter: Counter; sign: 1 | -1 }[] = [];
  if (!row.receivedAt) return out;
  const received = vietnamDay(row.receivedAt);
  out.push({ day: received, counter: 'received', sign: 1 });
  if (row.reusedPapers && row.reusedPapers > 0) out.push({ day: received, counter: 'reused', sign: 1 });
  if (row.paperFiles && row.paperFiles > 0) {
    // 4.2: digitised, and where a result exists the e-result too — unless the TTHC issues no paper result.
    const plain = !RESULT_STATES.has(row.state) || row.electronicResult === true;
    out.push({ day: received, counter: plain ? 'digitised' : 'digitisedUnlessPaperResult', sign: 1 });
  }
  if (row.finishedAt && RESULT_STATES.has(row.state)) {
    const day = vietnamDay(row.finishedAt);
    out.push({ day, counter: 'results', sign: 1 });
    if (row.electronicResult) out.push({ day, counter: 'eResults', sign: 1 });
  }
  if (!row.dueAt) {
    out.push({ day: received, counter: 'receivedNoDue', sign: 1 });
    if (row.finishedAt) out.push({ day: vietnamDay(row.finishedAt), counter: 'unclassified', sign: 1 });
    return out;
  }
  const intervals = intervalsOf(row);
  // The instants where the class may change, and the due date pushed by each completed wait.
  const instants: number[] = [row.receivedAt.getTime(), row.dueAt.getTime()];
  if (row.finishedAt) instants.push(row.finishedAt.getTime());
  let waited = 0;
  for (const i of intervals) {
    instants.push(i.from.getTime());
    if (i.to) {
      instants.push(i.to.getTime());
      waited += i.to.getTime() - i.from.getTime();
      instants.push(row.dueAt.getTime() + waited);
    }
  }
  const first = nextMidnight(row.receivedAt.getTime());
  const midnights = [...new Set(instants.flatMap((x) => [nextMidnight(x - 1), nextMidnight(x), nextMidnight(x + 1)]))]
    .filter((m) => m >= first)
    .sort((a, b) => a - b);
  let previous: TimingClass | null = null;
  for (const m of midnights) {
    const now = classAt(row, intervals, m);
    if (now === previous) continue;
    const day = vietnamDay(m - 1);
    if (previous) out.push({ day, counter: STOCK[previous], sign: -1 });
    out.push({ day, counter: STOCK[now], sign: 1 });
    previous = now;
  }
  if (row.finishedAt) {
    // The final class: the one every midnight after the finish sees (the stocks' last class).
    const final = previous ? FINAL[previous] : undefined;
    out.push({ day: vietnamDay(row.finishedAt), counter: final ?? 'unclassified', sign: 1 });
  }
  return out;
}

const zero = (): Counts => Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counts;
const keyOf = (row: RollupSource, day: string) =>
  `${row.provinceCode}|${day}|${row.competentAgencyId}|${row.procedureId}|${row.channel}`;

/** Accumulates shares into rollup rows (many dossiers, added or taken away). */
class RollupSum {
  readonly rows = new Map<string, DailyRow>();
  add(row: RollupSource, sign: 1 | -1 = 1): void {
    for (const s of shareOf(row)) {
      const key = keyOf(row, s.day);
      let r = this.rows.get(key);
      if (!r) {
        r = {
          provinceCode: row.provinceCode,
          day: s.day,
          agencyId: row.competentAgencyId,
          procedureId: row.procedureId,
          channel: row.channel,
          ...zero(),
        };
        this.rows.set(key, r);
      }
      r[s.counter] += s.sign * sign;
    }
  }
  /** The rows with any counter not zero. */
  result(): DailyRow[] {
    return [...this.rows.values()].filter((r) => COUNTERS.some((c) => r[c] !== 0));
  }
}

/** Rollup rows of `add` minus `remove` (either may hold many dossiers), zero rows left out. */
export function rollupDelta(add: readonly RollupSource[], remove: readonly RollupSource[]): DailyRow[] {
  const sum = new RollupSum();
  for (const r of add) sum.add(r, 1);
  for (const r of remove) sum.add(r, -1);
  return sum.result();
}

const addExcluded = (table: PgTable, name: string) =>
  Object.fromEntries(
    COUNTERS.map((c) => {
      const column = (getTableColumns(table) as Record<string, { name: string }>)[c];
      if (!column) throw new Error(`no rollup column ${c}`);
      return [c, sql`${sql.identifier(name)}.${sql.identifier(column.name)} + excluded.${sql.identifier(column.name)}`];
    }),
  );

const monthOf = (day: string) => `${day.slice(0, 7)}-01`;

/** Rows in the order of their key: every writer locks the rollup rows it changes in the same order (no deadlock). */
const byKey = <T extends { provinceCode: string; agencyId: string; procedureId: string; channel: string }>(
  rows: Iterable<T>,
  period: (r: T) => string,
): T[] => {
  const keyed = [...rows].map((r) => ({
    r,
    k: `${r.provinceCode}|${period(r)}|${r.agencyId}|${r.procedureId}|${r.channel}`,
  }));
  return keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).map((x) => x.r);
};

/**
 * Adds rollup rows (deltas, possibly negative; one per key, as rollupDelta gives them) to the
 * daily rollups, the monthly ones and the totals: one multi-row INSERT … ON CONFLICT DO UPDATE
 * per table (per 500 keys), each key's summed delta once, in key order.
 */
export async function applyRollupDelta(db: Executor, unsorted: readonly DailyRow[]): Promise<void> {
  const rows = byKey(unsorted, (r) => r.day);
  const months = new Map<string, typeof insightsMonthly.$inferInsert & Counts>();
  for (const r of rows) {
    const month = monthOf(r.day);
    const key = `${r.provinceCode}|${month}|${r.agencyId}|${r.procedureId}|${r.channel}`;
    let m = months.get(key);
    if (!m) {
      const { day: _day, ...rest } = r;
      m = { ...rest, ...zero(), month };
      months.set(key, m);
    }
    for (const c of COUNTERS) m[c] += r[c];
  }
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
        set: addExcluded(insightsDaily, 'insights_daily'),
      });
  }
  const totals = new Map<string, typeof insightsTotals.$inferInsert & Counts>();
  for (const r of rows) {
    const key = `${r.provinceCode}|${r.agencyId}|${r.procedureId}|${r.channel}`;
    let t = totals.get(key);
    if (!t) {
      t = {
        provinceCode: r.provinceCode,
        agencyId: r.agencyId,
        procedureId: r.procedureId,
        channel: r.channel,
        ...zero(),
      };
      totals.set(key, t);
    }
    for (const c of COUNTERS) t[c] += r[c];
  }
  if (totals.size > 0) {
    await db
      .insert(insightsTotals)
      .values(byKey(totals.values(), () => ''))
      .onConflictDoUpdate({
        target: [
          insightsTotals.provinceCode,
          insightsTotals.agencyId,
          insightsTotals.procedureId,
          insightsTotals.channel,
        ],
        set: addExcluded(insightsTotals, 'insights_totals'),
      });
  }
  const monthly = byKey(months.values(), (r) => r.month);
  for (let i = 0; i < monthly.length; i += 500) {
    await db
      .insert(insightsMonthly)
      .values(monthly.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [
          insightsMonthly.provinceCode,
          insightsMonthly.month,
          insightsMonthly.agencyId,
          insightsMonthly.procedureId,
          insightsMonthly.channel,
        ],
        set: addExcluded(insightsMonthly, 'insights_monthly'),
      });
  }
}

/** The rollups recounted from all the read model's dossier rows of a province (tests, checks). */
export async function recountRollups(db: Executor, provinceCode: string): Promise<DailyRow[]> {
  const rows = await db.select().from(insightsDossiers).where(eq(insightsDossiers.provinceCode, provinceCode));
  return rollupDelta(rows, []);
}
