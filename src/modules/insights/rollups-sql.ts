/**
 * The rollups rebuilt in SQL: the same shares as rollups.ts's `shareOf`, computed by the
 * database over the read model (`insights_dossiers`) with one INSERT … SELECT … GROUP BY per
 * chunk of dossiers (those received in one calendar month), instead of reading every row into
 * Node. rollups.test.ts checks that this rebuild equals the event-fed rollups and the
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
export const CHUNK = `
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
  where r.province_code = $1 and r.received_at >= $2::timestamptz and r.received_at < $3::timestamptz
),
x as (
  select dossier_id, rcv as x from d where due is not null
  union all select dossier_id, due from d where due is not null
  union all select dossier_id, fin from d where due is not null and fin is not null
  union all select d.dossier_id, u.x from d
    cross join lateral unnest(d.fs || d.ts) as u(x) where d.due is not null and u.x is not null
  union all select w.dossier_id, w.pushed from (
    select d.dossier_id, u.t,
      d.due + (sum(case when u.t is null then 0 else u.t - u.f end) over (partition by d.dossier_id order by u.o))::bigint as pushed
    from d cross join lateral unnest(d.fs, d.ts) with ordinality as u(f, t, o) where d.due is not null
  ) w where w.t is not null
),
m as (
  select distinct x.dossier_id, ${nextMidnight('x.x + k.k')} as m
  from x cross join (values (-1), (0), (1)) as k(k)
),
c as (
  select d.dossier_id, m.m, cls.cls
  from m join d using (dossier_id)
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
)
insert into insights_daily (province_code, day, agency_id, procedure_id, channel, ${COLUMNS.join(', ')})
select $1, date '1970-01-01' + sh.day::int, d.agency_id, d.procedure_id, d.channel,
  ${COLUMNS.map((c) => `coalesce(sum(sh.sign) filter (where sh.counter = '${c}'), 0)::int`).join(',\n  ')}
from sh join d using (dossier_id)
group by sh.day, d.agency_id, d.procedure_id, d.channel
on conflict (province_code, day, agency_id, procedure_id, channel) do update set
  ${COLUMNS.map((c) => `${c} = insights_daily.${c} + excluded.${c}`).join(',\n  ')}
`;

/**
 * Rebuilds a province's rollups from its read-model rows, in the caller's transaction: empties
 * them, inserts each month of receptions' shares with one statement (added to the rows earlier
 * months wrote), drops the rows whose counters all came to 0 (as a recount leaves none), and
 * sums the daily rows per month. Returns the dossier rows counted.
 */
export async function rebuildRollups(
  db: Executor,
  provinceCode: string,
  options: { progress?: (month: string) => void } = {},
): Promise<number> {
  await db.execute(sql`delete from insights_daily where province_code = ${provinceCode}`);
  await db.execute(sql`delete from insights_monthly where province_code = ${provinceCode}`);
  const [span] = await rows<{ first: Date | string | null; last: Date | string | null; n: number | string }>(
    db,
    sql`select min(received_at) as first, max(received_at) as last, count(received_at) as n
        from insights_dossiers where province_code = ${provinceCode}`,
  );
  if (span?.first && span.last) {
    const first = new Date(span.first);
    const last = new Date(span.last).getTime();
    for (let from = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1); from <= last; ) {
      const start = new Date(from);
      const to = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
      await db.execute(withParams(CHUNK, [provinceCode, start.toISOString(), new Date(to).toISOString()]));
      options.progress?.(start.toISOString().slice(0, 7));
      from = to;
    }
  }
  await db.execute(
    sql`delete from insights_daily where province_code = ${provinceCode} and ${sql.raw(
      COLUMNS.map((c) => `${c} = 0`).join(' and '),
    )}`,
  );
  await db.execute(sql`insert into insights_monthly (province_code, month, agency_id, procedure_id, channel, ${sql.raw(
    COLUMNS.join(', '),
  )})
    select province_code, date_trunc('month', day)::date, agency_id, procedure_id, channel,
      ${sql.raw(COLUMNS.map((c) => `sum(${c})::int`).join(', '))}
    from insights_daily where province_code = ${provinceCode}
    group by province_code, date_trunc('month', day)::date, agency_id, procedure_id, channel`);
  return Number(span?.n ?? 0);
}

/** A statement written with $1, $2 … placeholders, the values bound as parameters. */
const withParams = (text: string, params: readonly string[]) =>
  sql.join(
    text.split(/\$(\d)/).map((part, i) => (i % 2 === 1 ? sql`${params[Number(part) - 1]}` : sql.raw(part))),
    sql.raw(''),
  );
