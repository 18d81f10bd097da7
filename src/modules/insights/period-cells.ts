/**
 * A period's figures per (competent agency, procedure, channel), read from the rollups
 * (rollups.ts), never from the dossier rows: two range sums — the days before the period's
 * start (P) and the days in it (N) — each taken from the monthly rollups for whole months and
 * the daily ones for the rest, so a month, a quarter or a year costs a few thousand rows
 * whatever the history holds.
 *
 * For a period [s, e), with B = P + N the sums before e:
 * - carried over (form 06 col. 6)   = P.received − P.(early + onTime + late + unclassified):
 *   received before s and not finished before s;
 * - received in the period by channel (cols. 4–5) = N.received;
 * - handled early / on time / late (cols. 8–10) = B.s{class} − P.{class}: the dossiers whose
 *   class as of e is that handled class, less those finished before s;
 * - in progress within time / overdue (cols. 12–13) = B.sInTime / B.sOverdue;
 * - unclassified (no due date) = B.receivedNoDue − P.unclassified;
 * - results, e-results, digitised, reused = N.{counter}.
 * Col. 3 = 4 + 5 + 6 = 7 + 11 + unclassified holds by construction (rollups.test.ts recounts).
 * P is read from the older side: the rows before s, or the totals (`insights_totals`) less the
 * rows from s on (beforeParts), whichever covers fewer months.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Executor, rows } from '../../platform/db/index.ts';
import type { Period } from './periods.ts';
import { COUNTERS, type Counts, vietnamDay } from './rollups.ts';

/** One (agency, procedure, channel) of a period: what form 06 and the rates are summed from. */
export interface Cell {
  competentAgencyId: string;
  procedureId: string;
  channel: 'online' | 'counter' | 'post';
  carriedOver: number;
  /** Received in the period (by this cell's channel). */
  received: number;
  early: number;
  onTime: number;
  late: number;
  inTime: number;
  overdue: number;
  unclassified: number;
  results: number;
  eResults: number;
  digitised: number;
  digitisedUnlessPaperResult: number;
  reused: number;
}

const column = (c: string) => sql.identifier(c.replace(/[A-Z]/g, (x) => `_${x.toLowerCase()}`));
type Counter = (typeof COUNTERS)[number];
const sumsOf = (counters: readonly Counter[]) =>
  sql.join(
    counters.map((c) => sql`sum(${column(c)})::int as ${sql.identifier(c)}`),
    sql`, `,
  );
const sums = sumsOf(COUNTERS);
/** What the trend reads: received and finished by class, per month. */
const TREND_COUNTERS: readonly Counter[] = ['received', 'early', 'onTime', 'late'];

const nextMonth = (day: string) => {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};
const monthOf = (day: string) => `${day.slice(0, 7)}-01`;

/** The parts of a day range [from, to) (from null = since the beginning): whole months, then days. */
function rangeParts(
  provinceCode: string,
  tag: string,
  from: string | null,
  to: string,
  counters: readonly Counter[] = COUNTERS,
  /** False: the province's sums, not per (agency, procedure, channel) (keys given as ''). */
  perKey = true,
): SQL[] {
  const parts: SQL[] = [];
  const select = (table: string, where: SQL) =>
    perKey
      ? sql`select ${tag}::text as k, agency_id, procedure_id, channel, ${sumsOf(counters)} from ${sql.identifier(table)}
        where province_code = ${provinceCode} and ${where} group by agency_id, procedure_id, channel`
      : sql`select ${tag}::text as k, ''::text as agency_id, ''::text as procedure_id, ''::text as channel,
          ${sumsOf(counters)} from ${sql.identifier(table)} where province_code = ${provinceCode} and ${where}`;
  const days = (a: string | null, b: string) => {
    if (a !== null && a >= b) return;
    parts.push(
      select('insights_daily', a === null ? sql`day < ${b}::date` : sql`day >= ${a}::date and day < ${b}::date`),
    );
  };
  const firstWhole = from === null ? null : from.endsWith('-01') ? from : nextMonth(from);
  const lastWhole = monthOf(to);
  if (firstWhole === null || firstWhole < lastWhole) {
    parts.push(
      select(
        'insights_monthly',
        firstWhole === null
          ? sql`month < ${lastWhole}::date`
          : sql`month >= ${firstWhole}::date and month < ${lastWhole}::date`,
      ),
    );
    if (from !== null && firstWhole !== null) days(from, firstWhole);
    days(lastWhole, to);
  } else {
    days(from, to);
  }
  return parts;
}

type Sums = Counts & { k: string; agency_id: string; procedure_id: string; channel: Cell['channel'] };

/** Range sums of the rollups per (agency, procedure, channel), tagged. */
async function rangeSums(db: Executor, parts: SQL[], counters: readonly Counter[] = COUNTERS): Promise<Sums[]> {
  if (parts.length === 0) return [];
  return rows<Sums>(
    db,
    sql`select k, agency_id, procedure_id, channel, ${sql.join(
      counters.map((c) => sql`sum(${sql.identifier(c)})::int as ${sql.identifier(c)}`),
      sql`, `,
    )} from (${sql.join(parts, sql` union all `)}) as parts group by k, agency_id, procedure_id, channel`,
  );
}

/** Far enough: the months "from s on" include the stock changes already scheduled (future midnights past a due date). */
const END_OF_TIME = '9999-12-01';

/**
 * The sums before day `s` (P): summed from the beginning when `s` lies in the older half of the
 * history, else the totals less the sums from `s` on — the same numbers, from the fewer rows.
 */
async function beforeParts(
  db: Executor,
  provinceCode: string,
  s: string,
  side?: 'prefix' | 'totals',
): Promise<{ parts: SQL[]; fromTotals: boolean }> {
  const [span] = await rows<{ first: string | null }>(
    db,
    sql`select min(month)::text as first from insights_monthly where province_code = ${provinceCode}`,
  );
  const first = span?.first ? Date.parse(span.first) : Number.NaN;
  const today = Date.now();
  const fromTotals = side ? side === 'totals' : !Number.isNaN(first) && Date.parse(s) - first > today - Date.parse(s);
  if (!fromTotals) return { parts: rangeParts(provinceCode, 'p', null, s), fromTotals };
  return {
    parts: [
      sql`select 't'::text as k, agency_id, procedure_id, channel, ${sums} from insights_totals
          where province_code = ${provinceCode} group by agency_id, procedure_id, channel`,
      ...rangeParts(provinceCode, 'a', s, END_OF_TIME),
    ],
    fromTotals,
  };
}

/** The period's cells (only those with a dossier in the period). */
export async function periodCells(
  db: Executor,
  provinceCode: string,
  period: Period,
  /** Which side P is read from (tests compare both); by default the one with fewer months. */
  side?: 'prefix' | 'totals',
): Promise<Cell[]> {
  const s = vietnamDay(period.start);
  const before = await beforeParts(db, provinceCode, s, side);
  const found = await rangeSums(db, [...before.parts, ...rangeParts(provinceCode, 'n', s, vietnamDay(period.end))]);
  const sums = tagged(found, before.fromTotals);
  return cellsOf(sums.get('p'), sums.get('n'));
}

/**
 * The cells of two periods where `earlier` ends as `later` starts (a month and the one before
 * it, the 766 index's period and its previous one): later's P is earlier's P + N, so the sums
 * before a start — the dearest part, the totals less every month after it — are read once, and
 * all of it in one statement.
 */
export async function adjacentPeriodCells(
  db: Executor,
  provinceCode: string,
  earlier: Period,
  later: Period,
): Promise<{ earlier: Cell[]; later: Cell[] }> {
  if (earlier.end.getTime() !== later.start.getTime()) {
    const [a, b] = await Promise.all([periodCells(db, provinceCode, earlier), periodCells(db, provinceCode, later)]);
    return { earlier: a, later: b };
  }
  const s = vietnamDay(earlier.start);
  const m = vietnamDay(later.start);
  const before = await beforeParts(db, provinceCode, s);
  const found = await rangeSums(db, [
    ...before.parts,
    ...rangeParts(provinceCode, 'n', s, m),
    ...rangeParts(provinceCode, 'm', m, vietnamDay(later.end)),
  ]);
  const sums = tagged(found, before.fromTotals);
  const p = sums.get('p') ?? new Map<string, Sums>();
  const n = sums.get('n') ?? new Map<string, Sums>();
  // P before the later period, per key: the earlier one's P and N added.
  const pLater = new Map<string, Sums>();
  for (const [key, r] of [...p, ...n]) {
    const sum = pLater.get(key);
    if (!sum) {
      pLater.set(key, { ...r, k: 'p' });
      continue;
    }
    for (const c of COUNTERS) sum[c] = Number(sum[c] ?? 0) + Number(r[c] ?? 0);
  }
  return { earlier: cellsOf(p, n), later: cellsOf(pLater, sums.get('m')) };
}

const keyOf = (r: Sums) => `${r.agency_id}|${r.procedure_id}|${r.channel}`;

/** The sums by tag and key; with `fromTotals`, P (tag p) = the totals (t) less the sums from s on (a). */
function tagged(found: Sums[], fromTotals: boolean): Map<string, Map<string, Sums>> {
  const out = new Map<string, Map<string, Sums>>();
  for (const r of found) {
    let byKey = out.get(r.k);
    if (!byKey) {
      byKey = new Map();
      out.set(r.k, byKey);
    }
    byKey.set(keyOf(r), r);
  }
  if (fromTotals) {
    const after = out.get('a');
    const p = new Map<string, Sums>();
    for (const [key, r] of out.get('t') ?? []) {
      const a = after?.get(key);
      const sum: Sums = { ...r, k: 'p' };
      for (const c of COUNTERS) sum[c] = Number(r[c] ?? 0) - Number(a?.[c] ?? 0);
      p.set(key, sum);
    }
    out.set('p', p);
  }
  return out;
}

/** A period's cells from its sums before the start (P) and in it (N), per key. */
function cellsOf(pSums: Map<string, Sums> | undefined, nSums: Map<string, Sums> | undefined): Cell[] {
  const keys = new Set([...(pSums?.keys() ?? []), ...(nSums?.keys() ?? [])]);
  const cells: Cell[] = [];
  const get = (x: Sums | undefined, c: (typeof COUNTERS)[number]) => (x ? Number(x[c] ?? 0) : 0);
  for (const key of keys) {
    const p = pSums?.get(key);
    const n = nSums?.get(key);
    const any = (p ?? n) as Sums;
    const b = (c: (typeof COUNTERS)[number]) => get(p, c) + get(n, c);
    const cell: Cell = {
      competentAgencyId: any.agency_id,
      procedureId: any.procedure_id,
      channel: any.channel,
      carriedOver: get(p, 'received') - get(p, 'early') - get(p, 'onTime') - get(p, 'late') - get(p, 'unclassified'),
      received: get(n, 'received'),
      early: b('sEarly') - get(p, 'early'),
      onTime: b('sOnTime') - get(p, 'onTime'),
      late: b('sLate') - get(p, 'late'),
      inTime: b('sInTime'),
      overdue: b('sOverdue'),
      unclassified: b('receivedNoDue') - get(p, 'unclassified'),
      results: get(n, 'results'),
      eResults: get(n, 'eResults'),
      digitised: get(n, 'digitised'),
      digitisedUnlessPaperResult: get(n, 'digitisedUnlessPaperResult'),
      reused: get(n, 'reused'),
    };
    if (cell.carriedOver + cell.received > 0 || cell.results > 0) cells.push(cell);
  }
  return cells;
}

/**
 * Month sums for the trend: received, and finished early / on time / late, per (agency,
 * procedure, channel), or for the whole province when no filter needs the keys.
 */
export async function monthCells(
  db: Executor,
  provinceCode: string,
  months: readonly Period[],
  /** False (no filter to apply): one sum per month for the province, not one per key. */
  perKey = true,
): Promise<
  Map<
    string,
    Array<Pick<Cell, 'competentAgencyId' | 'procedureId' | 'channel' | 'received' | 'early' | 'onTime' | 'late'>>
  >
> {
  const parts = months.flatMap((m) =>
    rangeParts(provinceCode, m.key, vietnamDay(m.start), vietnamDay(m.end), TREND_COUNTERS, perKey),
  );
  const out = new Map(months.map((m) => [m.key, [] as ReturnType<typeof toCell>[]]));
  const toCell = (r: Sums) => ({
    competentAgencyId: r.agency_id,
    procedureId: r.procedure_id,
    channel: r.channel,
    received: Number(r.received),
    early: Number(r.early),
    onTime: Number(r.onTime),
    late: Number(r.late),
  });
  for (const r of await rangeSums(db, parts, TREND_COUNTERS)) out.get(r.k)?.push(toCell(r));
  return out;
}
