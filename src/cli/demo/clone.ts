/**
 * Clones the template filings into a province's history, set-based (generate_series and
 * INSERT … SELECT in one transaction): `n` dossiers over the last three years, ~90 % delivered,
 * ~6 % in progress (filed in the last fortnight, some now overdue), the rest stopped. Each
 * clone copies its template's rows with every instant shifted to its own submission time
 * (office hours, weekdays), a code in the real format (`AgencyCode-YYMMDD-NNNN`, gap-free per
 * receiving agency and day, the day counters moved on), another applicant, its steps, holders,
 * actions and result files, and an audit chain re-hashed in SQL exactly as `entryHash` does
 * (so `mocua verify-audit` passes). No outbox messages: nothing is sent for the past.
 */
import canonicalize from 'canonicalize';
import { sql } from 'drizzle-orm';
import { GENESIS } from '../../platform/audit/index.ts';
import { type Executor, rows } from '../../platform/db/index.ts';
import type { Template } from './templates.ts';

export interface CloneOptions {
  dossiers: number;
  now?: Date;
  /** Told each phase's duration (seconds). */
  progress?: (phase: string, seconds: number) => void;
}

export const families = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Vũ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Ngô',
  'Dương',
  'Lý',
  'Ma',
  'Hà',
  'Nông',
  'Triệu',
  'Vàng',
  'Lò',
];
export const middles = [
  'Văn',
  'Thị',
  'Đức',
  'Minh',
  'Ngọc',
  'Thu',
  'Quang',
  'Hữu',
  'Thanh',
  'Xuân',
  'Thị Thu',
  'Văn Quốc',
];
export const givens = [
  'An',
  'Bình',
  'Chi',
  'Dũng',
  'Giang',
  'Hà',
  'Hải',
  'Hoa',
  'Hùng',
  'Lan',
  'Linh',
  'Mai',
  'Nam',
  'Phương',
  'Quân',
  'Sơn',
  'Tâm',
  'Thảo',
  'Trang',
  'Tuấn',
  'Vân',
  'Yến',
  'Dí',
  'Páo',
];
const arr = (xs: string[]) =>
  sql`(array[${sql.join(
    xs.map((x) => sql`${x}::text`),
    sql`, `,
  )}])`;
const pick = (xs: string[], r: string) => sql.raw(`(${r} * ${xs.length})::int % ${xs.length} + 1`);

const AT = '@@AT@@';

export async function cloneTemplates(db: Executor, templates: Template[], options: CloneOptions): Promise<void> {
  if (templates.length === 0) throw new Error('no template filings to clone');
  const now = options.now ?? new Date();
  const n = Math.max(0, Math.trunc(options.dossiers));
  // The audit entries of the templates, canonical text with a placeholder for the instant.
  const tplAudit = await rows<TemplateAuditRow>(
    db,
    sql`select stream, seq, at, province_code, actor_id, actor_role, action, data from audit_events
        where stream in (${sql.join(
          templates.map((t) => sql`${`dossier:${t.code}`}`),
          sql`, `,
        )}) order by stream, seq`,
  );
  await db.transaction(async (tx) => {
    let mark = performance.now();
    const done = (phase: string) => {
      const t = performance.now();
      options.progress?.(phase, (t - mark) / 1000);
      mark = t;
    };
    await tx.execute(sql`set local timezone = 'UTC'`);
    await tx.execute(sql`create temp table demo_tpl on commit drop as
      select (row_number() over (partition by v.outcome order by d.id) - 1)::int as k, v.outcome, d.id, d.code,
        regexp_replace(d.code, '-[0-9]{6}-[0-9]+$', '') as agency_code, d.submitted_at as t0
      from dossiers d join (values ${sql.join(
        templates.map((t) => sql`(${t.id}::uuid, ${t.outcome}::text)`),
        sql`, `,
      )}) as v(id, outcome) on v.id = d.id`);
    // Who, when and which template: running ones filed in the last 15 days, the others before.
    await tx.execute(sql`create temp table demo_pick on commit drop as
      with g as (select i, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5,
                        random() as r6, random() as r7 from generate_series(1, ${n}) as i),
      o as (select *, case when r1 < 0.90 then 'delivered' when r1 < 0.96 then 'running' else 'ended' end as outcome from g),
      c as (select outcome, count(*)::int as m from demo_tpl group by outcome),
      t as (select o.*, coalesce(c.m, 0) as m from o left join c using (outcome)),
      d as (select t.*, date_trunc('day', ${now}::timestamptz
              - (case when t.outcome = 'running' then t.r3 * 15 else 15 + t.r3 * (3 * 365 - 15) end) * interval '1 day') as day
            from t where t.m > 0)
      select d.i, gen_random_uuid() as id, tp.id as tpl, tp.code as tpl_code, tp.agency_code, tp.t0, d.r5, d.r6, d.r7,
        least(${now}::timestamptz - interval '1 minute', date_trunc('milliseconds',
          d.day - (case extract(isodow from d.day) when 6 then 1 when 7 then 2 else 0 end) * interval '1 day'
          + interval '30 minutes' + d.r4 * interval '9 hours')) as submitted_at
      from d join demo_tpl tp on tp.outcome = d.outcome and tp.k = floor(d.r2 * d.m)::int`);
    done('pick');
    // Codes: the day's sequence per receiving agency, after what the day counter already gave.
    await tx.execute(sql`create temp table demo_gen on commit drop as
      with p as (select *, to_char(submitted_at + interval '7 hours', 'YYMMDD') as yymmdd,
                        (submitted_at + interval '7 hours')::date as vn_day from demo_pick),
      s as (select p.*, row_number() over (partition by agency_code, vn_day order by submitted_at, i)
                        + coalesce((select last_seq from dossier_code_counters c
                                    where c.agency_code = p.agency_code and c.day = p.vn_day), 0) as seq from p)
      select s.*, s.agency_code || '-' || s.yymmdd || '-' || lpad(s.seq::text, 4, '0') as code,
        s.submitted_at - s.t0 as shift,
        ${arr(families)}[${pick(families, 's.r5')}] || ' ' || ${arr(middles)}[${pick(middles, 's.r6')}] || ' ' ||
          ${arr(givens)}[${pick(givens, 's.r7')}] as full_name,
        '0' || lpad((floor(s.r6 * 99999999999))::bigint::text, 11, '0') as personal_id
      from s`);
    done('codes');
    await tx.execute(sql`insert into dossier_code_counters (agency_code, day, last_seq)
      select agency_code, vn_day, max(seq) from demo_gen group by agency_code, vn_day
      on conflict (agency_code, day) do update set last_seq = greatest(dossier_code_counters.last_seq, excluded.last_seq)`);
    await tx.execute(sql`insert into dossiers (id, province_code, code, tracking_key, procedure_id, procedure_version,
        procedure_snapshot, channel, receiving_agency_id, competent_agency_id, holding_agency_id, applicant_account_id,
        applicant, applicant_search, form_data, state, machine, submitted_at, received_at, due_at, clock_paused_at,
        finished_at, delivered_at, timing, due_soon_notified_at, overdue_notified_at, electronic_result, version,
        created_at, updated_at)
      select g.id, d.province_code, g.code, d.tracking_key, d.procedure_id, d.procedure_version, d.procedure_snapshot,
        d.channel, d.receiving_agency_id, d.competent_agency_id, d.holding_agency_id, d.applicant_account_id,
        d.applicant || jsonb_build_object('fullName', g.full_name, 'personalId', g.personal_id),
        vn_fold(g.full_name || ' ' || g.personal_id), d.form_data, d.state, d.machine, g.submitted_at,
        d.received_at + g.shift, d.due_at + g.shift, d.clock_paused_at + g.shift, d.finished_at + g.shift,
        d.delivered_at + g.shift, d.timing, d.due_soon_notified_at + g.shift, d.overdue_notified_at + g.shift,
        d.electronic_result, d.version, d.created_at + g.shift, d.updated_at + g.shift
      from demo_gen g join dossiers d on d.id = g.tpl`);
    done('dossiers');
    await tx.execute(sql`insert into dossier_steps (dossier_id, idx, province_code, name, role, unit, agency_id,
        budget_hours, assignee_id, status, started_at, due_at, completed_at, timing, due_soon_notified_at, overdue_notified_at)
      select g.id, s.idx, s.province_code, s.name, s.role, s.unit, s.agency_id, s.budget_hours, s.assignee_id, s.status,
        s.started_at + g.shift, s.due_at + g.shift, s.completed_at + g.shift, s.timing,
        s.due_soon_notified_at + g.shift, s.overdue_notified_at + g.shift
      from demo_gen g join dossier_steps s on s.dossier_id = g.tpl`);
    done('steps');
    await tx.execute(sql`insert into dossier_holders (dossier_id, agency_id, since)
      select g.id, h.agency_id, h.since + g.shift from demo_gen g join dossier_holders h on h.dossier_id = g.tpl`);
    done('holders');
    await tx.execute(sql`insert into dossier_actions (province_code, dossier_id, seq, type, payload, actor_id, actor_kind,
        actor_role, actor_agency_id, from_state, to_state, at, transaction_id, transaction_scope)
      select a.province_code, g.id, a.seq, a.type, a.payload, a.actor_id, a.actor_kind, a.actor_role, a.actor_agency_id,
        a.from_state, a.to_state, a.at + g.shift, a.transaction_id || ':' || g.i, a.transaction_scope
      from demo_gen g join dossier_actions a on a.dossier_id = g.tpl`);
    done('actions');
    await tx.execute(sql`insert into dossier_attachments (province_code, dossier_id, kind, paper_name, file_name, mime,
        size, blob_key, signed, uploaded_by, uploaded_at)
      select f.province_code, g.id, f.kind, f.paper_name, f.file_name, f.mime, f.size, f.blob_key, f.signed,
        f.uploaded_by, f.uploaded_at + g.shift
      from demo_gen g join dossier_attachments f on f.dossier_id = g.tpl`);
    done('files');
    await cloneAudit(tx, templates, tplAudit);
    done('audit');
  });
}

/** Each clone's chain: one INSERT … SELECT per position, each hashing over the one before. */
/** A template's audit entry, as read back to be cloned. */
interface TemplateAuditRow {
  stream: string;
  seq: number;
  at: string | Date;
  province_code: string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  data: unknown;
}

async function cloneAudit(tx: Executor, templates: Template[], entries: TemplateAuditRow[]): Promise<void> {
  if (entries.length === 0) return;
  const byCode = new Map(templates.map((t) => [`dossier:${t.code}`, t.id]));
  const values = entries.map((e) => {
    const data = typeof e.data === 'string' ? (JSON.parse(e.data) as unknown) : e.data;
    const canonical =
      canonicalize({
        provinceCode: e.province_code,
        stream: e.stream,
        seq: e.seq,
        at: AT,
        actorId: e.actor_id,
        actorRole: e.actor_role,
        action: e.action,
        data,
      }) ?? '';
    return sql`(${byCode.get(e.stream) ?? ''}::uuid, ${e.seq}::int, ${new Date(e.at).toISOString()}::timestamptz,
      ${e.province_code}::text, ${e.actor_id}::text, ${e.actor_role}::text, ${e.action}::text,
      ${JSON.stringify(data)}::text, ${canonical}::text)`;
  });
  await tx.execute(sql`create temp table demo_audit on commit drop as
    select * from (values ${sql.join(values, sql`, `)}) as v(tpl, seq, at, province_code, actor_id, actor_role, action, data, canonical)`);
  await tx.execute(sql`create temp table demo_prev (i int primary key, hash text not null) on commit drop`);
  const top = Math.max(...entries.map((e) => e.seq));
  for (let level = 1; level <= top; level++) {
    await tx.execute(sql`create temp table demo_level on commit drop as
      select g.i, g.code, a.province_code, a.actor_id, a.actor_role, a.action, a.at + g.shift as at,
        replace(replace(a.data, g.tpl_code, g.code), g.tpl::text, g.id::text) as data,
        coalesce(p.hash, ${GENESIS}) as prev,
        encode(sha256(convert_to(coalesce(p.hash, ${GENESIS}) || chr(10) || replace(replace(replace(a.canonical, ${AT},
          to_char(a.at + g.shift, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')), g.tpl_code, g.code), g.tpl::text, g.id::text),
          'UTF8')), 'hex') as hash
      from demo_gen g join demo_audit a on a.tpl = g.tpl and a.seq = ${level} left join demo_prev p on p.i = g.i`);
    await tx.execute(sql`insert into audit_events (province_code, stream, seq, at, actor_id, actor_role, action, data, prev_hash, hash)
      select province_code, 'dossier:' || code, ${level}, at, actor_id, actor_role, action, data::jsonb, prev, hash
      from demo_level`);
    await tx.execute(sql`truncate demo_prev`);
    await tx.execute(sql`insert into demo_prev select i, hash from demo_level`);
    await tx.execute(sql`drop table demo_level`);
  }
}
