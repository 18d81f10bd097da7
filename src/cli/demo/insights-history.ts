/**
 * `mocua demo generate --dossiers N --insights-only`: a province's plausible history written
 * straight into the insights read models (insights_dossiers, insights_ratings,
 * insights_feedback), set-based with generate_series in chunks of `chunk` dossiers, then the
 * rollups rebuilt from them (the insights module's own rebuild, the same code the feed uses).
 *
 * Why the read models only: the full generator (generate.ts) writes every operational table
 * and costs ~14.5 GB per million dossiers, so 10 M would need ~145 GB; the dashboard, form 06
 * and the 766 index read only the insights module's tables, so this is what their bench needs.
 *
 * The history (5 years back from `now`): procedures drawn with Zipf-like weights (rank^-0.9)
 * over the province's procedures and their implementing agencies (catalog links); volume
 * growing ~8 % a year, a dip in the month of Tết (February, ×0.6), peaks before it (January
 * ×1.15) and in the enrolment season (July–August ×1.2); the online share rising from 15 % to
 * 60 % (more for full-online procedures), post 3 %; a late share per agency between 2 % and
 * 12 %, falling by a fifth over the years; 4 % with one supplement request (waiting 1–5 days),
 * 0.5 % with two (late by rule); digitised papers rising from 30 % to 85 %, reuse from 0 to
 * 25 %; 2 % of the finished dossiers rated (70 % very satisfied, 25 % satisfied, 5 % not), and
 * one feedback item per thousand dossiers.
 */
import { sql } from 'drizzle-orm';
import { type Executor, rows } from '../../platform/db/index.ts';

export interface InsightsHistoryOptions {
  provinceCode: string;
  dossiers: number;
  now?: Date;
  chunk?: number;
  progress?: (phase: string, seconds: number) => void;
}

const YEARS = 5;

/** Fills the read models with `dossiers` generated dossiers (and their ratings and feedback). */
export async function generateInsightsHistory(db: Executor, options: InsightsHistoryOptions): Promise<number> {
  const now = options.now ?? new Date();
  const chunk = options.chunk ?? 500_000;
  const province = options.provinceCode;
  let mark = performance.now();
  const done = (phase: string) => {
    const t = performance.now();
    options.progress?.(phase, (t - mark) / 1000);
    mark = t;
  };
  // The draw table: 10,000 slots, each a (procedure, agency) pair in proportion to its weight.
  await db.execute(sql`drop table if exists demo_slots`);
  await db.execute(sql`create unlogged table demo_slots as
    with p as (
      select p.id, p.online_level, p.result_kind,
        (row_number() over (order by md5(p.id::text)))::float8 as rank,
        3 + (('x' || substr(md5(p.id::text), 1, 4))::bit(16)::int % 18) as days
      from procedures p where p.province_code = ${province} and p.active),
    pa as (
      select p.*, l.agency_id, count(*) over (partition by p.id) as n,
        0.02 + (('x' || substr(md5(l.agency_id::text), 1, 4))::bit(16)::int % 1000) / 10000.0 as late_share
      from p join procedure_agencies l on l.procedure_id = p.id),
    w as (select pa.*, power(rank, -0.9) / n as weight from pa),
    c as (select w.*, sum(weight) over (order by rank, agency_id) / sum(weight) over () as hi,
                 (sum(weight) over (order by rank, agency_id) - weight) / sum(weight) over () as lo from w)
    select s.slot, c.id as procedure_id, c.agency_id, c.online_level, c.result_kind, c.days, c.late_share
    from generate_series(0, 9999) as s(slot)
    join c on s.slot / 10000.0 >= c.lo and s.slot / 10000.0 < c.hi`);
  const [slots] = await rows<{ n: number }>(db, sql`select count(*)::int as n from demo_slots`);
  if (!slots || slots.n === 0) throw new Error('no procedures with implementing agencies to draw from');
  done('draw table');
  let made = 0;
  let round = 0;
  while (made < options.dossiers) {
    const want = Math.min(chunk, options.dossiers - made);
    // Draw 1.4× candidates, keep each by its day's weight (season, growth), take `want`.
    const inserted = await rows<{ n: number }>(
      db,
      sql`with g as (
        select i, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5,
               random() as r6, random() as r7, random() as r8
        from generate_series(1, ${Math.ceil(want * 1.4)}) as i),
      d as (
        select g.*, ${now}::timestamptz - (g.r1 * ${YEARS * 365}) * interval '1 day' as t from g),
      k as (
        select d.*, extract(month from d.t + interval '7 hours')::int as mo, 1 - d.r1 as age from d
        where d.r2 < (case extract(month from d.t + interval '7 hours')::int
                        when 2 then 0.6 when 1 then 1.15 when 7 then 1.2 when 8 then 1.2 else 1 end)
                     * (0.7 + 0.3 * (1 - d.r1)) / 1.2
        limit ${want}),
      x as (
        select k.*, s.procedure_id, s.agency_id, s.online_level, s.result_kind, s.days, s.late_share,
          -- Office hours on a weekday: the drawn instant moved back to Friday at a weekend.
          date_trunc('day', k.t + interval '7 hours') - interval '7 hours'
            - (case extract(isodow from k.t + interval '7 hours') when 6 then 1 when 7 then 2 else 0 end) * interval '1 day'
            + interval '1 hour' + k.r3 * interval '8 hours' as received_at
        from k join demo_slots s on s.slot = floor(k.r4 * 10000)::int),
      y as (
        select x.*,
          case when x.r5 < 0.03 then 'post'
               when x.r5 < 0.03 + (case when x.online_level = 'full' then 0.25 else 0.12 end) + 0.40 * x.age then 'online'
               else 'counter' end as channel,
          x.received_at + x.days * interval '1.4 days' as due_at,
          case when x.r6 < 0.005 then 2 when x.r6 < 0.045 then 1 else 0 end as supplements,
          x.r6 < x.late_share * (1 - 0.2 * x.age) as is_late
        from x),
      z as (
        select y.*,
          -- Processing time: a share of the budget, beyond it when late; the waits added on top.
          (y.due_at - y.received_at) * (case when y.is_late then 1.05 + y.r7 * 0.8 else 0.15 + y.r7 * 0.83 end)
            + y.supplements * (1 + y.r8 * 4) * interval '1 day' as took
        from y),
      f as (
        select z.*, z.received_at + z.took as done_at from z),
      ins as (insert into insights_dossiers (dossier_id, province_code, code, procedure_id, channel, receiving_agency_id,
        competent_agency_id, holding_agency_id, state, submitted_at, received_at, due_at, finished_at, delivered_at,
        supplement_intervals, electronic_result, paper_files, reused_papers, source_version)
      select gen_random_uuid(), ${province},
        'G' || ${round} || '-' || to_char(f.received_at + interval '7 hours', 'YYMMDD') || '-' || f.i,
        f.procedure_id, f.channel, f.agency_id, f.agency_id, f.agency_id,
        case when f.done_at > ${now}::timestamptz then (case when f.supplements > 0 and f.r3 < 0.3 then 'awaiting_supplement' else 'in_progress' end)
             when f.r8 < 0.03 then 'intake_refused'
             when f.done_at > ${now}::timestamptz - interval '3 days' then 'result_ready' else 'delivered' end,
        f.received_at - (case when f.channel = 'online' then f.r3 * interval '20 hours' else interval '0' end),
        f.received_at, f.due_at,
        case when f.done_at > ${now}::timestamptz then null else f.done_at end,
        case when f.done_at <= ${now}::timestamptz - interval '3 days' then f.done_at + interval '1 day' end,
        case f.supplements
          when 0 then '[]'::jsonb
          when 1 then jsonb_build_array(jsonb_build_object(
            'from', to_char((f.received_at + f.took * 0.3) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'to', case when f.received_at + f.took * 0.3 + (1 + f.r8 * 4) * interval '1 day' > ${now}::timestamptz then null
                  else to_char((f.received_at + f.took * 0.3 + (1 + f.r8 * 4) * interval '1 day') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end))
          else jsonb_build_array(
            jsonb_build_object(
              'from', to_char((f.received_at + f.took * 0.2) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'to', to_char((f.received_at + f.took * 0.2 + interval '1 day') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
            jsonb_build_object(
              'from', to_char((f.received_at + f.took * 0.6) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'to', case when f.received_at + f.took * 0.6 + interval '1 day' > ${now}::timestamptz then null
                    else to_char((f.received_at + f.took * 0.6 + interval '1 day') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end))
        end,
        f.result_kind <> 'paper' or f.r7 < 0.2 + 0.6 * f.age,
        case when f.r5 < 0.3 + 0.55 * f.age then 1 + floor(f.r6 * 4)::int else 0 end,
        case when f.r4 * 10000 - floor(f.r4 * 10000) < 0.25 * f.age then 1 else 0 end,
        1
      from f where f.received_at < ${now}::timestamptz
      returning 1)
      select count(*)::int as n from ins`,
    );
    made += inserted[0]?.n ?? 0;
    round++;
    done(`dossiers ${made}`);
  }
  await db.execute(sql`drop table if exists demo_slots`);
  // Ratings: 2 % of the finished dossiers with a result, the day after.
  await db.execute(sql`insert into insights_ratings (dossier_id, province_code, agency_id, level, channel, rated_at, source_version,
      dossier_agency_id, dossier_procedure_id, dossier_channel)
    select d.dossier_id, d.province_code, d.competent_agency_id,
      case when r < 0.70 then 'very_satisfied' when r < 0.95 then 'satisfied' else 'unsatisfied' end,
      d.channel, d.finished_at + interval '1 day', 1, d.competent_agency_id, d.procedure_id, d.channel
    from (select d.*, random() as r, random() as pick from insights_dossiers d
          where d.province_code = ${province} and d.state in ('delivered', 'result_ready')
            and d.finished_at < ${now}::timestamptz - interval '1 day') d
    where d.pick < 0.02
    on conflict do nothing`);
  done('ratings');
  // Feedback: one item per thousand dossiers, about a dossier half of the time.
  await db.execute(sql`insert into insights_feedback (feedback_id, province_code, code, agency_id, channel, dossier_code,
      classification, state, submitted_at, closed_at, timing, answer_due_at, likes, dislikes, reopen_count, source_version)
    select gen_random_uuid(), d.province_code, 'PA-' || substr(md5(d.dossier_id::text), 1, 10), d.competent_agency_id,
      'portal', case when r < 0.5 then d.code end,
      case when r < 0.8 then 'rules' else 'conduct' end,
      case when d.received_at + interval '20 days' < ${now}::timestamptz then 'published' else 'in_progress' end,
      d.received_at + interval '2 days',
      case when d.received_at + interval '20 days' < ${now}::timestamptz then d.received_at + interval '2 days' + (r * 20) * interval '1 day' end,
      case when d.received_at + interval '20 days' < ${now}::timestamptz then (case when r < 0.9 then 'onTime' else 'late' end) end,
      d.received_at + interval '17 days', floor(r * 5)::int, floor(r * 2)::int, 0, 1
    from (select d.*, random() as r, random() as pick from insights_dossiers d where d.province_code = ${province}) d
    where d.pick < 0.001`);
  done('feedback');
  return made;
}
