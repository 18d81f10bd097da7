/**
 * The rollups rebuilt in SQL: the same shares as rollups.ts's `shareOf`, computed by the
 * database over the read model (`insights_dossiers`) with one INSERT … SELECT … GROUP BY per
 * range of the table's blocks, instead of reading every row into Node. rollups.test.ts checks that this rebuild equals the event-fed rollups and the
 * recount by `shareOf` on the hand-computed dataset and on dossiers moved through their
 * states.
 *
 * How each part maps to `shareOf` (all instants in epoch milliseconds, Vietnam day number =
 * ⌊(ms + 7 h) ÷ 1 day⌋, as platform/calendar's localDayNumber):
 * - flows (received, no due, digitised, reused, results, e-results, unclassified without a due
 *   date) on the day of reception or of the finish;
 * - stocks: the candidate midnights are the first Vietnam midnight after each of x − 1, x, x + 1
 *   for every instant x where the class may change (reception, due date, finish, each clock stop
 *   and its end, the due date pushed by the completed waits), kept from the first midnight after
 *   reception; the class at midnight m is classifyTiming's with periodEnd = m − 1 ms (more than
 *   one request made by then → late; the end is the finish, else the request of a running wait,
 *   else the period's end; minus the waits before the end; early = on time and an earlier day
 *   than the due date's); where it differs from the midnight before, the day before m gets −1
 *   on the old class and +1 on the new one;
 * - the final timing on the day of the finish: the class at the last candidate midnight.
 */
import { sql } from 'drizzle-orm';
import { type Executor, rows } from '../../platform/db/index.ts';

const DAY = 86_400_000;
const VN = 7 * 3_600_000;

/** Column names of the counters, in rollups.ts's COUNTERS order. */
const COLUMNS = [
  'received',
  'received_no_due',
  'early',
  'on_time',
  'late',
  'unclassified',
  's_early',
  's_on_time',
  's_late',
  's_in_time',
  's_overdue',
  'results',
  'e_results',
  'digitised',
  'digitised_unless_paper_result',
  'reused',
] as const;

const ms = (expr: string) => `(extract(epoch from ${expr}) * 1000)::bigint`;
/** The first Vietnam midnight strictly after an instant (ms ≥ 0: integer division floors). */
const nextMidnight = (x: string) => `((((${x}) + ${VN}) / ${DAY} + 1) * ${DAY} - ${VN})`;
const dayOf = (x: string) => `(((${x}) + ${VN}) / ${DAY})`;

/** The shares of the dossiers received in [from, to), summed per day × agency × procedure × channel. */
const CHUNK = `
with d as (
  select r.dossier_id, r.competent_agency_id as agency_id, r.procedure_id, r.channel, r.state,
    r.electronic_result, r.paper_files, r.reused_papers,
    ${ms('r.received_at')} as rcv, ${ms('r.due_at')} as due, ${ms('r.finished_at')} as fin,
    a.fs, a.ts
  from insights_dossiers r
  left join lateral (
    select array_agg(${ms("(e.v->>'from')::timestamptz")} order by e.o) as fs,
           array_agg(${ms("(e.v->>'to')::timestamptz")} order by e.o) as ts
    from jsonb_array_elements(r.supplement_intervals) with ordinality as e(v, o)
  ) a on r.supplement_intervals <> '[]'::jsonb
  where r.province_code = $1 and r.received_at is not null and r.ctid >= $2::tid and r.ctid < $3::tid
),
sup as (select * from d where due is not null and fs is not null),
x as (
  select dossier_id, rcv as x from sup
  union all select dossier_id, due from sup
  union all select dossier_id, fin from sup where fin is not null
  union all select sup.dossier_id, u.x from sup cross join lateral unnest(sup.fs || sup.ts) as u(x) where u.x is not null
  union all select w.dossier_id, w.pushed from (
    select sup.dossier_id, u.t,
      sup.due + (sum(case when u.t is null then 0 else u.t - u.f end) over (partition by sup.dossier_id order by u.o))::bigint as pushed
    from sup cross join lateral unnest(sup.fs, sup.ts) with ordinality as u(f, t, o)
  ) w where w.t is not null
),
f as (
  select dossier_id, fin,
    ${nextMidnight('rcv')} as m0, ${nextMidnight('due + 1')} as md,
    case when fin is not null then ${nextMidnight('fin')} end as mf,
    case when fin is null then null when fin > due then 's_late'
      when ${dayOf('fin')} < ${dayOf('due')} then 's_early' else 's_on_time' end as fc
  from d where due is not null and fs is null
),
m as (
  select distinct x.dossier_id, ${nextMidnight('x.x + k.k')} as m
  from x cross join (values (-1), (0), (1)) as k(k)
),
c as (
  select d.dossier_id, m.m, cls.cls
  from m join sup as d using (dossier_id)
  cross join lateral (
    select count(*) filter (where u.f <= m.m - 1) as reqs,
      (array_agg(u.f order by u.o) filter (where u.f <= m.m - 1 and (u.t is null or u.t > m.m - 1)))[1] as wf
    from unnest(d.fs, d.ts) with ordinality as u(f, t, o)
  ) q
  cross join lateral (
    select (d.fin is not null and d.fin <= m.m - 1) or q.wf is not null as done,
      case when d.fin is not null and d.fin <= m.m - 1 then d.fin when q.wf is not null then q.wf else m.m - 1 end as e
  ) e
  cross join lateral (
    select e.e - coalesce(sum(greatest(least(coalesce(u.t, e.e), e.e) - u.f, 0)), 0)::bigint as adj
    from unnest(d.fs, d.ts) as u(f, t)
  ) s
  cross join lateral (
    select case
      when q.reqs > 1 or s.adj > d.due then case when e.done then 's_late' else 's_overdue' end
      when e.done and ${dayOf('s.adj')} < ${dayOf('d.due')} then 's_early'
      when e.done then 's_on_time'
      else 's_in_time'
    end as cls
  ) cls
  where m.m >= ${nextMidnight('d.rcv')}
),
ch as (
  select dossier_id, m, cls,
    lag(cls) over (partition by dossier_id order by m) as prev,
    row_number() over (partition by dossier_id order by m desc) as last
  from c
),
sh as (
  select dossier_id, ${dayOf('rcv')} as day, 'received' as counter, 1 as sign from d
  union all select dossier_id, ${dayOf('rcv')}, 'reused', 1 from d where reused_papers > 0
  union all select dossier_id, ${dayOf('rcv')},
      case when state not in ('result_ready', 'delivered') or electronic_result then 'digitised'
           else 'digitised_unless_paper_result' end, 1
    from d where paper_files > 0
  union all select dossier_id, ${dayOf('fin')}, 'results', 1 from d
    where fin is not null and state in ('result_ready', 'delivered')
  union all select dossier_id, ${dayOf('fin')}, 'e_results', 1 from d
    where fin is not null and state in ('result_ready', 'delivered') and electronic_result
  union all select dossier_id, ${dayOf('rcv')}, 'received_no_due', 1 from d where due is null
  union all select dossier_id, ${dayOf('fin')}, 'unclassified', 1 from d where due is null and fin is not null
  union all select dossier_id, ${dayOf('m - 1')}, cls, 1 from ch where prev is distinct from cls
  union all select dossier_id, ${dayOf('m - 1')}, prev, -1 from ch where prev is not null and prev <> cls
  union all select ch.dossier_id, ${dayOf('d.fin')},
      case ch.cls when 's_early' then 'early' when 's_on_time' then 'on_time' when 's_late' then 'late'
        else 'unclassified' end, 1
    from ch join d using (dossier_id) where ch.last = 1 and d.fin is not null
  union all select dossier_id, ${dayOf('m0 - 1')},
      case when mf is not null and m0 >= mf then fc when m0 >= md then 's_overdue' else 's_in_time' end, 1
    from f
  union all select dossier_id, ${dayOf('md - 1')}, v.counter, v.sign from f
    cross join (values ('s_in_time', -1), ('s_overdue', 1)) as v(counter, sign)
    where md > m0 and (mf is null or md < mf)
  union all select dossier_id, ${dayOf('mf - 1')}, v.counter, v.sign from f
    cross join lateral (values (case when md < mf then 's_overdue' else 's_in_time' end, -1), (fc, 1)) as v(counter, sign)
    where mf > m0
  union all select dossier_id, ${dayOf('fin')},
      case fc when 's_early' then 'early' when 's_on_time' then 'on_time' else 'late' end, 1
    from f where fin is not null
)
insert into insights_rebuild (day, agency_id, procedure_id, channel, ${COLUMNS.join(', ')})
select sh.day::int, d.agency_id, d.procedure_id, d.channel,
  ${COLUMNS.map((c) => `coalesce(sum(sh.sign) filter (where sh.counter = '${c}'), 0)::int`).join(',\n  ')}
from sh join d using (dossier_id)
group by sh.day, d.agency_id, d.procedure_id, d.channel
`;

/** Table blocks per statement: about 100,000 read-model rows, read in physical order. */
const BLOCKS = 8192;

/**
 * Rebuilds a province's rollups from its read-model rows, in the caller's transaction (or one of
 * its own): empties them; sums the shares of each range of the table's blocks with one statement
 * into a temporary table (blocks, not dates: each row is read once, in physical order); then
 * adds those partial sums up per day × agency × procedure × channel into `insights_daily`,
 * leaving out the rows whose counters all came to 0 (as a recount does), and the daily rows per
 * month into `insights_monthly` and over all days into `insights_totals`. Returns the dossier rows counted (received ones).
 */
export async function rebuildRollups(
  db: Executor,
  provinceCode: string,
  options: { progress?: (done: number, of: number) => void } = {},
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`delete from insights_daily where province_code = ${provinceCode}`);
    await tx.execute(sql`delete from insights_monthly where province_code = ${provinceCode}`);
    await tx.execute(sql`delete from insights_totals where province_code = ${provinceCode}`);
    await tx.execute(sql`drop table if exists insights_rebuild`);
    await tx.execute(
      sql.raw(`create temporary table insights_rebuild (day int not null, agency_id uuid not null,
      procedure_id uuid not null, channel text not null, ${COLUMNS.map((c) => `${c} int not null`).join(', ')})
      on commit drop`),
    );
    const [size] = await rows<{ blocks: number | string }>(
      tx,
      sql`select pg_relation_size('insights_dossiers') / current_setting('block_size')::int as blocks`,
    );
    const blocks = Number(size?.blocks ?? 0);
    for (let from = 0; ; from += BLOCKS) {
      // The last range is open: rows written after the size was read are counted too.
      const last = from + BLOCKS >= blocks;
      await tx.execute(
        withParams(CHUNK, [provinceCode, `(${from},0)`, last ? '(4294967294,0)' : `(${from + BLOCKS},0)`]),
      );
      options.progress?.(Math.min(from + BLOCKS, blocks), blocks);
      if (last) break;
    }
    const sums = COLUMNS.map((c) => `sum(${c})::int as ${c}`).join(', ');
    await tx.execute(sql`insert into insights_daily (province_code, day, agency_id, procedure_id, channel, ${sql.raw(
      COLUMNS.join(', '),
    )})
      select ${provinceCode}, date '1970-01-01' + day, agency_id, procedure_id, channel, ${sql.raw(sums)}
      from insights_rebuild group by day, agency_id, procedure_id, channel
      having ${sql.raw(COLUMNS.map((c) => `sum(${c}) <> 0`).join(' or '))}`);
    await tx.execute(sql`insert into insights_monthly (province_code, month, agency_id, procedure_id, channel, ${sql.raw(
      COLUMNS.join(', '),
    )})
      select province_code, date_trunc('month', day)::date, agency_id, procedure_id, channel, ${sql.raw(sums)}
      from insights_daily where province_code = ${provinceCode}
      group by province_code, date_trunc('month', day)::date, agency_id, procedure_id, channel`);
    await tx.execute(sql`insert into insights_totals (province_code, agency_id, procedure_id, channel, ${sql.raw(
      COLUMNS.join(', '),
    )})
      select province_code, agency_id, procedure_id, channel, ${sql.raw(sums)}
      from insights_daily where province_code = ${provinceCode}
      group by province_code, agency_id, procedure_id, channel`);
    const [n] = await rows<{ n: number | string }>(
      tx,
      sql`select count(received_at) as n from insights_dossiers where province_code = ${provinceCode}`,
    );
    return Number(n?.n ?? 0);
  });
}

/** A statement written with $1, $2 … placeholders, the values bound as parameters. */
const withParams = (text: string, params: readonly string[]) =>
  sql.join(
    text.split(/\$(\d)/).map((part, i) => (i % 2 === 1 ? sql`${params[Number(part) - 1]}` : sql.raw(part))),
    sql.raw(''),
  );
