/**
 * `mocua demo generate documents [--documents N] [--users N]`: a province's official-document
 * history for load tests (issue 15): the demo province's agencies plus a People's Committee for
 * every other commune of the province, `users` staff accounts spread over them (Tiền Giang runs
 * 27,000 users), and `documents` incoming and outgoing documents over the last three years with
 * plausible states, registers numbered gap-free from 01 per agency, year and series, the
 * assignments (lead / co-handle / for information) with deadlines, the readers of the secret
 * ones and each document's action log. Set-based SQL (generate_series, INSERT … SELECT) in one
 * transaction, then `VACUUM ANALYZE`. PostgreSQL or PGlite.
 *
 * What it does not write: files (no PDF behind a generated document), audit entries, links
 * between an answer and its incoming document, deliveries. Deadlines are calendar days shifted
 * past weekends, not the province's working-day calendar with its holidays.
 */
import { sql } from 'drizzle-orm';
import { foldVietnamese } from '../../platform/codes/index.ts';
import { type Executor, rows } from '../../platform/db/index.ts';
import { families, givens, middles } from './clone.ts';
import { documentTexts } from './document-texts.ts';

export interface DocumentsOptions {
  provinceCode: string;
  documents: number;
  users: number;
  now?: Date;
  progress?: (phase: string, seconds: number) => void;
}

export interface DocumentsReport {
  agencies: number;
  users: number;
  documents: number;
}

const list = (xs: readonly string[]) =>
  sql.raw(`(array[${xs.map((x) => `'${x.replaceAll("'", "''")}'`).join(', ')}]::text[])`);
/** `xs[1 + floor(r · n)]` for a random r in [0, 1). */
const pick = (xs: readonly string[], r = 'random()') => sql.raw(`(1 + floor(${r} * ${xs.length}))::int`);
/** Another number in [0, 1) drawn from the random column `r` (its fractional part times k), for independent choices. */
const fracText = (r: string, k: number) => `((${r}) * ${k} - floor((${r}) * ${k}))`;
const f = (r: string, k: number) => sql.raw(fracText(r, k));

/** Splits `n` over weights by the largest remainder: the parts add up to exactly `n`. */
function allocate(n: number, weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (total > 0 ? (n * w) / total : 0));
  const parts = exact.map(Math.floor);
  let left = n - parts.reduce((s, x) => s + x, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

/** Initials of an agency's name as its notation ("Sở Tư pháp tỉnh Tuyên Quang" → "STP"). */
function abbreviationOf(name: string, level: string): string {
  if (level === 'commune') return 'UBND';
  const words = name.split(' ').filter(Boolean);
  const cut = words.findIndex((w) => w === 'tỉnh' || w === 'xã' || w === 'phường');
  const kept = cut > 0 ? words.slice(0, cut) : words;
  const initials = kept.map((w) => (w[0] ?? '').toUpperCase()).join('');
  return initials.replace('Ủ', 'U').replace('Đ', 'Đ') || 'CQ';
}

export async function generateDocuments(db: Executor, options: DocumentsOptions): Promise<DocumentsReport> {
  const now = options.now ?? new Date();
  let phaseStart = performance.now();
  const phase = (name: string) => {
    options.progress?.(name, (performance.now() - phaseStart) / 1000);
    phaseStart = performance.now();
  };
  const P = options.provinceCode;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select setseed(0.15)`);
    await addCommuneCommittees(tx, P);
    const agencyRows = await rows<{ id: string; name: string; level: string; kind: string }>(
      tx,
      sql`select id, name, level, kind from agencies where province_code = ${P} and active order by code`,
    );
    // Weight of an agency in people and documents: a department 10, a commune's committee 2, a service centre 1.
    const weightOf = (a: { level: string; kind: string }) =>
      a.kind === 'service_centre' ? 1 : a.level === 'commune' ? 2 : 10;
    const [existing] = await rows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from staff where province_code = ${P}`,
    );
    const newUsers = Math.max(0, options.users - (existing?.n ?? 0));
    const weights = agencyRows.map(weightOf);
    const users = allocate(newUsers, weights);
    const docs = allocate(options.documents, weights);
    await tx.execute(sql`create temp table gen_agency on commit drop as
      select * from (values ${sql.join(
        agencyRows.map(
          (a, i) =>
            sql`(${a.id}::uuid, ${a.name}::text, ${foldVietnamese(a.name)}::text, ${abbreviationOf(a.name, a.level)}::text, ${a.kind}::text, ${users[i] ?? 0}::int, ${docs[i] ?? 0}::int)`,
        ),
        sql`, `,
      )}) v(id, name, name_fold, abbr, kind, users, docs)`);
    await addStaff(tx, P);
    phase('agencies, users');
    await tx.execute(sql`create temp table gen_people on commit drop as
      select a.id as agency_id,
        -- The demo specialists (chuyenvien.*) are their agency's busiest: 25 shares each.
        coalesce(array_agg(p.account_id) filter (where 'specialist' = any(p.roles)), '{}') as specialists,
        coalesce(array_agg(p.account_id) filter (where 'leader' = any(p.roles)), '{}') as leaders,
        coalesce(array_agg(p.account_id) filter (where 'clerk' = any(p.roles)), '{}') as clerks
      from gen_agency a
      join (select s.agency_id, s.account_id, s.roles from staff s where s.active and s.account_id is not null
            union all
            select s.agency_id, s.account_id, s.roles from staff s
              join accounts acc on acc.id::text = s.account_id and acc.login like 'chuyenvien.%'
              cross join generate_series(1, 24)) p on p.agency_id = a.id
      group by a.id`);
    // Every agency needs a clerk, a leader and a specialist to act; fall back to anyone there.
    await tx.execute(sql`update gen_people set
        specialists = case when cardinality(specialists) = 0 then leaders || clerks else specialists end,
        leaders = case when cardinality(leaders) = 0 then specialists || clerks else leaders end,
        clerks = case when cardinality(clerks) = 0 then specialists || leaders else clerks end`);
    await makeDocuments(tx, now);
    phase('documents');
    await numberRegisters(tx, P);
    phase('registers');
    await planSteps(tx, now);
    await insertDocuments(tx, P);
    phase('documents insert');
    await insertAssignments(tx, now);
    phase('assignments');
    await insertActions(tx, P, now);
    phase('action log');
    const [people] = await rows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from staff where province_code = ${P}`,
    );
    return { agencies: agencyRows.length, users: people?.n ?? 0, documents: options.documents };
  });
}

/** A People's Committee for each commune-level unit of the province that has no agency yet. */
async function addCommuneCommittees(tx: Executor, P: string): Promise<void> {
  await tx.execute(sql`insert into agencies (province_code, code, name, short_name, level, kind, parent_id, admin_unit_code, address)
    select ${P}, '000.' || lpad((90 + (n / 100))::text, 2, '0') || '.' || lpad((n % 100)::text, 2, '0') || '.'
        || (select split_part(code, '.', 4) from agencies where province_code = ${P} and level = 'province' and parent_id is null order by code limit 1),
      'Ủy ban nhân dân ' || lower(substr(name, 1, 1)) || substr(name, 2),
      'UBND ' || lower(substr(name, 1, 1)) || substr(name, 2),
      'commune', 'commune', (select id from agencies where province_code = ${P} and level = 'province' and parent_id is null order by code limit 1),
      code, name
    from (select u.code, u.name, (row_number() over (order by u.code))::int - 1 as n
          from admin_units u
          where u.province_code = ${P} and u.kind <> 'province'
            and not exists (select 1 from agencies a where a.admin_unit_code = u.code)) c
    on conflict do nothing`);
}

/** `n` staff accounts without a password (they cannot sign in), spread over the agencies by weight. */
async function addStaff(tx: Executor, P: string): Promise<void> {
  const fullName = sql`${list(families)}[${pick(families)}] || ' ' || ${list(middles)}[${pick(middles)}] || ' ' || ${list(givens)}[${pick(givens)}]`;
  await tx.execute(sql`create temp table gen_staff on commit drop as
    select row_number() over () + (select count(*) from accounts where login like 'canbo%.gen') as i,
      gen_random_uuid() as account_id, a.id as agency_id, ${fullName} as full_name
    from gen_agency a cross join lateral generate_series(1, a.users) g(k)`);
  await tx.execute(sql`insert into accounts (id, province_code, kind, login, display_name)
    select account_id, ${P}, 'staff', 'canbo' || lpad(i::text, 5, '0') || '.gen', full_name from gen_staff`);
  await tx.execute(sql`insert into staff (province_code, account_id, agency_id, full_name, title, roles)
    select ${P}, s.account_id::text, s.agency_id, s.full_name,
      case r.role when 'leader' then 'Phó Trưởng phòng' when 'clerk' then 'Văn thư' else 'Chuyên viên' end,
      array[r.role]
    from (select gs.*, row_number() over (partition by agency_id order by i) as rn from gen_staff gs) s
    join gen_agency a on a.id = s.agency_id
    cross join lateral (select case when s.rn % 30 = 1 then 'clerk' when s.rn % 12 = 2 then 'leader'
                                    when a.kind = 'service_centre' then 'receiver' else 'specialist' end as role) r`);
}

/** The documents, in a temp table first: their register numbers are counted before they are written. */
async function makeDocuments(tx: Executor, now: Date): Promise<void> {
  const t = documentTexts;
  await tx.execute(sql`create temp table gen_doc on commit drop as
    with g as (select a.id as agency_id, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5,
                 random() as r6, random() as r7
               from gen_agency a cross join lateral generate_series(1, a.docs) k),
         placed as (
           select g.*,
             -- Office hours on a weekday, Vietnam time, up to three years back.
             (date_trunc('day', (${now}::timestamptz - g.r1 * interval '1095 days') at time zone 'Asia/Ho_Chi_Minh')
               + interval '7 hours 30 minutes' + g.r2 * interval '9 hours') as local_at
           from g),
         dated as (
           select p.*, (p.local_at - case extract(isodow from p.local_at) when 6 then interval '1 day' when 7 then interval '2 days' else interval '0' end)
             at time zone 'Asia/Ho_Chi_Minh' as created_at
           from placed p)
    select gen_random_uuid() as id, d.agency_id, d.created_at,
      case when d.r3 < 0.6 then 'incoming' else 'outgoing' end as direction,
      extract(epoch from (${now}::timestamptz - d.created_at)) / 86400 as age,
      d.r4, d.r5, d.r6, d.r7,
      ${list(t.types)}[${pick(t.types, 'd.r6')}] as type_idx_name,
      ${list(t.typeCodes)}[${pick(t.types, 'd.r6')}] as type_code,
      ${list(t.subjects)}[${pick(t.subjects, 'd.r7')}] as subject_head,
      ${list(t.types.map(foldVietnamese))}[${pick(t.types, 'd.r6')}] as type_fold,
      ${list(t.subjects.map(foldVietnamese))}[${pick(t.subjects, 'd.r7')}] as subject_fold,
      case when d.r5 < 0.001 then 'top_secret' when d.r5 < 0.006 then 'secret' when d.r5 < 0.026 then 'confidential' else 'none' end as secrecy,
      case when d.r4 < 0.01 then 'flash' when d.r4 < 0.05 then 'very_urgent' when d.r4 < 0.15 then 'urgent' else 'normal' end as urgency
    from dated d`);
  // States by age: what is older than two months is finished (a few stuck), recent ones are spread over the flow.
  await tx.execute(sql`alter table gen_doc add column state text, add column issuer text, add column issuer_abbr text, add column issuer_fold text,
      add column source text, add column clerk text, add column leader text, add column specialist text`);
  await tx.execute(sql`update gen_doc d set
      state = case when d.direction = 'incoming' then
          case when d.age > 60 then (case when ${f('d.r4', 7)} < 0.01 then 'in_progress' when ${f('d.r4', 7)} < 0.02 then 'returned' else 'done' end)
               else (array['received','registered','presented','in_progress','in_progress','in_progress','done','done','done','in_progress'])[1 + floor(${f('d.r4', 13)} * 10)::int] end
        else
          case when d.age > 30 then (case when ${f('d.r4', 7)} < 0.02 then 'draft' else 'issued' end)
               else (array['draft','draft','awaiting_approval','awaiting_approval','awaiting_format_check','awaiting_signature','signed','issued','issued','issued'])[1 + floor(${f('d.r4', 13)} * 10)::int] end
        end,
      issuer = ${list(t.issuers)}[${pick(t.issuers, fracText('d.r7', 11))}],
      issuer_abbr = ${list(t.issuerAbbrs)}[${pick(t.issuers, fracText('d.r7', 11))}],
      issuer_fold = ${list(t.issuers.map(foldVietnamese))}[${pick(t.issuers, fracText('d.r7', 11))}],
      source = case when d.direction = 'outgoing' then 'drafted'
        else (array['hub','hub','hub','hub','hub','hub','hub','email','scan','manual'])[1 + floor(${f('d.r5', 17)} * 10)::int] end,
      clerk = p.clerks[1 + floor(${f('d.r6', 19)} * cardinality(p.clerks))::int],
      leader = p.leaders[1 + floor(${f('d.r6', 23)} * cardinality(p.leaders))::int],
      specialist = p.specialists[1 + floor(${f('d.r7', 29)} * cardinality(p.specialists))::int]
    from gen_people p where p.agency_id = d.agency_id`);
}

/** Register numbers: per agency, year, direction and series, in order of registration or issue, from 01. */
async function numberRegisters(tx: Executor, P: string): Promise<void> {
  await tx.execute(sql`alter table gen_doc add column registered_at timestamptz, add column series text,
      add column reg_year int, add column reg_number int, add column register_id uuid`);
  await tx.execute(sql`update gen_doc set
      registered_at = case when direction = 'incoming' and state not in ('received', 'returned') then created_at + interval '2 hours'
                           when direction = 'outgoing' and state = 'issued' then created_at + interval '3 days 2 hours' end,
      series = case when secrecy = 'none' then 'general' else 'secret' end`);
  await tx.execute(sql`update gen_doc set reg_year = extract(year from registered_at at time zone 'Asia/Ho_Chi_Minh')::int
      where registered_at is not null`);
  await tx.execute(sql`update gen_doc d set reg_number = n.rn from (
      select id, row_number() over (partition by agency_id, reg_year, direction, series order by registered_at, id) as rn
      from gen_doc where registered_at is not null) n where n.id = d.id`);
  await tx.execute(sql`insert into document_registers (province_code, agency_id, year, direction, series, last_number)
      select ${P}, agency_id, reg_year, direction, series, max(reg_number) from gen_doc
      where registered_at is not null group by agency_id, reg_year, direction, series
      on conflict (agency_id, year, direction, series) do update set last_number = document_registers.last_number + excluded.last_number`);
  await tx.execute(sql`update gen_doc d set register_id = r.id from document_registers r
      where r.agency_id = d.agency_id and r.year = d.reg_year and r.direction = d.direction and r.series = d.series`);
}

async function insertDocuments(tx: Executor, P: string): Promise<void> {
  await tx.execute(sql`insert into documents (id, province_code, agency_id, direction, state, register_id, register_number,
      registered_at, code_number, code_notation, type_code, type_name, subject, issued_date, place, issuer_name,
      signer, urgency, secrecy, page_amount, to_places, due_date, source, received_at, drafting_unit, created_by,
      approver_id, draft_version, issued_at, closed_at, search_text, last_seq, created_at, updated_at)
    select d.id, ${P}, d.agency_id, d.direction, d.state, d.register_id, d.reg_number, d.registered_at,
      x.code_number, x.notation, d.type_code, d.type_idx_name, x.subject,
      case when d.direction = 'incoming' then (d.created_at at time zone 'Asia/Ho_Chi_Minh')::date - (d.r4 * 5)::int
           when d.state = 'issued' then (d.registered_at at time zone 'Asia/Ho_Chi_Minh')::date end,
      (select replace(name, 'Tỉnh ', '') from admin_units where code = ${P}), x.issuer_name,
      jsonb_build_object('fullName', 'Lãnh đạo', 'position', 'Giám đốc'),
      d.urgency, d.secrecy, 1 + (${f('d.r5', 37)} * 6)::int,
      case when d.direction = 'outgoing' then jsonb_build_array('Như trên;', 'Lưu: VT, ' || a.abbr || '.') else '[]'::jsonb end,
      case when d.direction = 'incoming' and ${f('d.r6', 31)} < 0.3 then (d.created_at at time zone 'Asia/Ho_Chi_Minh')::date + 10 + (d.r7 * 20)::int end,
      d.source, case when d.direction = 'incoming' then d.created_at end,
      case when d.direction = 'outgoing' then 'VP' end,
      case when d.direction = 'incoming' then d.clerk else d.specialist end,
      case when d.direction = 'outgoing' then d.leader end,
      case when d.direction = 'outgoing' then 1 else 0 end,
      case when d.direction = 'outgoing' and d.state = 'issued' then d.registered_at end,
      case when d.state in ('done', 'returned') then l.last_at end,
      -- foldVietnamese of the same parts, folded in JS: vn_fold costs ~0.6 ms a call.
      d.type_fold || ' ' || coalesce(x.code_number || '/', '') || lower(translate(x.notation, 'Đ', 'D')) || ' '
        || d.subject_fold || ' nam ' || x.year || ' ' || case when d.direction = 'incoming' then d.issuer_fold else a.name_fold end,
      l.last_seq, d.created_at, l.last_at
    from gen_doc d join gen_agency a on a.id = d.agency_id join gen_last l on l.id = d.id
    cross join lateral (select
        case when d.direction = 'incoming' then (1 + (d.r6 * 3000)::int)::text
             when d.reg_number is not null then lpad(d.reg_number::text, 2, '0') end as code_number,
        case when d.direction = 'incoming' then
               case when d.type_code = '' then d.issuer_abbr || '-VP' else d.type_code || '-' || d.issuer_abbr end
             else case when d.type_code = '' then a.abbr || '-VP' else d.type_code || '-' || a.abbr end end as notation,
        d.subject_head || ' năm ' || extract(year from d.created_at at time zone 'Asia/Ho_Chi_Minh')::int as subject,
        extract(year from d.created_at at time zone 'Asia/Ho_Chi_Minh')::int as year,
        case when d.direction = 'incoming' then d.issuer else a.name end as issuer_name) x`);
}

/**
 * Incoming documents being handled or done: the lead (a specialist), a co-handler for a quarter
 * of them, a leader for information for a sixth, the deadline 5–15 working days out.
 */
async function insertAssignments(tx: Executor, now: Date): Promise<void> {
  await tx.execute(sql`create temp table gen_assign on commit drop as
    select d.id as document_id, d.agency_id, d.state as doc_state, d.specialist as lead, d.leader as assigned_by,
      d.r4, d.r5, d.r6, d.r7, d.created_at + interval '1 day' as assigned_at,
      p.specialists[1 + floor(${f('d.r5', 41)} * cardinality(p.specialists))::int] as co,
      p.leaders[1 + floor(${f('d.r4', 43)} * cardinality(p.leaders))::int] as info,
      ((d.created_at + interval '1 day') at time zone 'Asia/Ho_Chi_Minh')::date + (7 + (${f('d.r7', 47)} * 14)::int) as due
    from gen_doc d join gen_people p on p.agency_id = d.agency_id
    where d.direction = 'incoming' and d.state in ('in_progress', 'done')`);
  await tx.execute(sql`insert into document_assignments (document_id, agency_id, assignee_id, kind, state, instruction,
      due_date, assigned_by, assigned_at, completed_at, result)
    select document_id, agency_id, lead, 'lead',
      case when doc_state = 'done' then 'done' when ${f('r6', 53)} < 0.35 then 'pending' else 'in_progress' end,
      'Đề nghị chủ trì tham mưu xử lý', due, assigned_by, least(assigned_at, ${now}::timestamptz),
      case when doc_state = 'done' then assigned_at + interval '1 day' * (r7 * 4.5) end,
      case when doc_state = 'done' then 'Đã tham mưu xử lý' end
    from gen_assign
    union all
    select document_id, agency_id, co, 'co_handle',
      case when doc_state = 'done' then 'done' when ${f('r5', 59)} < 0.5 then 'pending' else 'in_progress' end,
      'Phối hợp xử lý', due, assigned_by, least(assigned_at, ${now}::timestamptz),
      case when doc_state = 'done' then assigned_at + interval '1 day' * (r7 * 4) end, null
    from gen_assign where ${f('r5', 61)} < 0.25 and co <> lead
    union all
    select document_id, agency_id, info, 'for_information',
      case when doc_state = 'done' or ${f('r4', 67)} < 0.5 then 'read' else 'pending' end,
      null, null, assigned_by, least(assigned_at, ${now}::timestamptz), null, null
    from gen_assign where ${f('r4', 71)} < 0.16 and info <> lead and info <> co
    on conflict do nothing`);
  // The people named on a secret document: its clerk, creator, approver and assignees.
  await tx.execute(sql`insert into document_readers (document_id, account_id, reason)
    select id, clerk, 'clerk' from gen_doc where secrecy <> 'none' and direction = 'incoming'
    union all select id, specialist, 'creator' from gen_doc where secrecy <> 'none' and direction = 'outgoing'
    union all select id, leader, 'approver' from gen_doc where secrecy <> 'none' and direction = 'outgoing'
    union all select a.document_id, a.assignee_id, 'assignee' from document_assignments a
      join gen_doc d on d.id = a.document_id where d.secrecy <> 'none'
    on conflict do nothing`);
}

const stepAt = (now: Date) =>
  sql`least(d.created_at + interval '1 day' * s.after_days, ${now}::timestamptz - interval '1 minute' * (7 - s.seq))`;

/** The steps of each flow, and how far each document went: its last step's number and time. */
async function planSteps(tx: Executor, now: Date): Promise<void> {
  await tx.execute(sql`create temp table gen_steps on commit drop as
    select * from (values
      ('incoming', 1, 'receive', 'received', 'clerk', 0.0), ('incoming', 2, 'register', 'registered', 'clerk', 0.08),
      ('incoming', 3, 'present', 'presented', 'clerk', 0.2), ('incoming', 4, 'assign', 'in_progress', 'leader', 1.0),
      ('incoming', 5, 'close', 'done', 'specialist', 6.0),
      ('outgoing', 1, 'create_draft', 'draft', 'specialist', 0.0), ('outgoing', 2, 'submit', 'awaiting_approval', 'specialist', 1.0),
      ('outgoing', 3, 'approve', 'awaiting_format_check', 'leader', 2.0),
      ('outgoing', 4, 'check_format', 'awaiting_signature', 'clerk', 2.1), ('outgoing', 5, 'sign', 'signed', 'leader', 3.0),
      ('outgoing', 6, 'issue', 'issued', 'clerk', 3.08)) s(direction, seq, type, to_state, actor, after_days)`);
  // A returned document went received → returned: two steps, the second at the first's "register" time.
  await tx.execute(sql`create temp table gen_last on commit drop as
    select d.id, s.seq + (d.state = 'returned')::int as last_seq,
      ${stepAt(now)} + case when d.state = 'returned' then interval '2 hours' else interval '0' end as last_at
    from gen_doc d join gen_steps s on s.direction = d.direction
      and s.to_state = (case when d.state = 'returned' then 'received' else d.state end)`);
  await tx.execute(sql`create unique index on gen_last (id)`);
}

/** Each document's action log, one row per step of its flow up to its state. */
async function insertActions(tx: Executor, P: string, now: Date): Promise<void> {
  await tx.execute(sql`insert into document_actions (province_code, document_id, seq, type, payload, actor_id, actor_kind,
      actor_role, actor_agency_id, from_state, to_state, at, transaction_id, transaction_scope)
    select ${P}, d.id, s.seq,
      case when d.state = 'returned' and s.seq = 2 then 'return' else s.type end,
      '{"generated":true}'::jsonb,
      case when s.seq = 1 and d.source = 'hub' then null
           when s.actor = 'clerk' then d.clerk when s.actor = 'leader' then d.leader else d.specialist end,
      case when s.seq = 1 and d.source = 'hub' then 'system' else 'staff' end,
      case when s.seq = 1 and d.source = 'hub' then null else s.actor end,
      case when s.seq = 1 and d.source = 'hub' then null else d.agency_id end,
      prev.to_state,
      case when d.state = 'returned' and s.seq = 2 then 'returned' else s.to_state end,
      case when d.state = 'returned' and s.seq = 2 then l.last_at else ${stepAt(now)} end,
      'generated:' || d.id || ':' || s.seq, 'documents:generated'
    from gen_doc d join gen_last l on l.id = d.id
    join gen_steps s on s.direction = d.direction and s.seq <= l.last_seq
    left join gen_steps prev on prev.direction = d.direction and prev.seq = s.seq - 1`);
}
