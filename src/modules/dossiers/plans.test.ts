/**
 * Plans that cannot drift (issue 21): on a generated province history, the inbox, the counts
 * and staff search answer from their indexes — asserted on EXPLAIN (FORMAT JSON), never on
 * timings — and keyset paging gives the same dossiers in the same order as one long page.
 * PostgreSQL: 50,000 dossiers (PLANS_DOSSIERS). PGlite: 10,000 — the same planner, but the
 * embedded database generates a history ~5× slower; the plans are the same from ~10,000 on
 * (100,000 and 20,000 until the whole run grew past 30 minutes, where this file was each
 * database phase's longest; the smaller histories pass the same assertions).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type SQL, sql } from 'drizzle-orm';
import { generateDemo } from '../../cli/demo/generate.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { foldVietnamese } from '../../platform/codes/index.ts';
import { type Executor, rows } from '../../platform/db/index.ts';
import type { TestDb } from '../../platform/db/testing.ts';
import { localBlobStore } from '../../platform/storage/index.ts';
import { demoProvinceDb } from '../../web/testing.ts';
import { listDossiers } from './inbox.ts';
import {
  finishedPage,
  inboxCounts,
  runningPage,
  type StaffListInput,
  searchKeys,
  searchPage,
  staffList,
} from './inbox-staff.ts';
import { sweepDeadlines } from './sweep.ts';

let db: TestDb;
let blobDir = '';
let busiest = '';
let transit = '';
const size = Number(process.env.PLANS_DOSSIERS ?? (process.env.TEST_DB === 'postgres' ? 50_000 : 10_000));

before(async () => {
  db = await demoProvinceDb();
  blobDir = mkdtempSync(path.join(tmpdir(), 'mocua-plans-'));
  await generateDemo(
    db,
    { provinceCode: '08', uploadMaxBytes: 10_000_000 },
    { blobs: localBlobStore(blobDir), publicUrl: 'http://localhost' },
    // Templates of three procedures: the plans do not depend on how many kinds of filing there are.
    { dossiers: size, procedures: 3 },
  );
  const [top] = await rows<{ agency: string }>(
    db.db,
    sql`select holding_agency_id as agency from dossiers group by 1 order by count(*) desc limit 1`,
  );
  busiest = top?.agency ?? '';
  // An agency that hands dossiers on: some of its running ones are held elsewhere now.
  const [moved] = await rows<{ agency: string }>(
    db.db,
    sql`select agency_id as agency from dossier_holders where finished_at is null and not current
        group by 1 order by count(*) desc limit 1`,
  );
  transit = moved?.agency ?? busiest;
});
after(async () => {
  await db?.close();
  rmSync(blobDir, { recursive: true, force: true });
});

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

/** Runs `fn` against an executor that explains each statement instead of running it. */
async function plansOf(fn: (x: Executor) => Promise<unknown>): Promise<PlanNode[]> {
  const plans: PlanNode[] = [];
  const explaining = {
    execute: async (query: SQL) => {
      const [row] = await rows<{ 'QUERY PLAN': unknown }>(db.db, sql`explain (format json) ${query}`);
      const json = row?.['QUERY PLAN'];
      const parsed = (typeof json === 'string' ? JSON.parse(json) : json) as Array<{ Plan: PlanNode }>;
      for (const p of parsed) plans.push(p.Plan);
      return { rows: [] };
    },
  } as unknown as Executor;
  await fn(explaining);
  return plans;
}

function input(agencyId: string, extra: Partial<StaffListInput> = {}): StaffListInput {
  const now = new Date();
  return {
    agencyId,
    now,
    todayEnd: new Date(now.getTime() + 12 * 3_600_000),
    soonEnd: new Date(now.getTime() + 24 * 3_600_000),
    limit: 20,
    ...extra,
  };
}

/** No sequential scan of the dossier tables, no sort of more than a page's worth of estimated rows. */
function assertIndexed(plans: PlanNode[], label: string): PlanNode[] {
  const all = plans.flatMap(nodes);
  const seq = all.filter((n) => n['Node Type'] === 'Seq Scan' && String(n['Relation Name']).startsWith('dossier'));
  assert.deepEqual(
    seq.map((n) => n['Relation Name']),
    [],
    `${label}: sequential scan of ${seq.map((n) => n['Relation Name'])}`,
  );
  for (const sort of all.filter((n) => n['Node Type'] === 'Sort' || n['Node Type'] === 'Incremental Sort')) {
    const input = (sort.Plans ?? []).reduce((s, p) => s + Number(p['Plan Rows'] ?? 0), 0);
    assert.ok(input <= size / 100, `${label}: a sort over ~${input} rows (the agency's history?)`);
  }
  return all;
}
const indexesOf = (all: PlanNode[]) => new Set(all.map((n) => n['Index Name']).filter((x) => typeof x === 'string'));

test('the running inbox walks the running-dossier indexes in urgency order, on every page and filter', async () => {
  for (const agency of [busiest, transit]) {
    for (const extra of [{}, { overdue: true }, { dueSoon: true }, { state: 'in_progress' as const }]) {
      const label = `running ${JSON.stringify(extra)}`;
      const used = indexesOf(assertIndexed(await plansOf((x) => runningPage(x, input(agency, extra))), label));
      // With a state, (holding agency, state, due) is as good a walk in due order.
      const own = 'state' in extra ? ['dossiers_inbox_clock', 'dossiers_holding_state'] : ['dossiers_inbox_clock'];
      assert.ok(
        own.some((i) => used.has(i)),
        `${label} walks ${own.join(' or ')}: ${[...used]}`,
      );
      // Besides: the no-clock index, the running-only due index, the holders and the primary keys;
      // PGlite's smaller history sometimes ANDs in (holding agency, state, due) on a due range.
      const intended = new Set([
        ...own,
        'dossiers_holding_state',
        'dossiers_inbox_idle',
        'dossiers_due',
        'dossier_holders_elsewhere_clock',
        'dossier_holders_elsewhere_idle',
        'dossier_holders_dossier_id_agency_id_pk',
        'dossiers_pkey',
      ]);
      assert.deepEqual(
        [...used].filter((i) => !intended.has(String(i))),
        [],
        `${label}: ${[...used]}`,
      );
    }
  }
  const first = await runningPage(db.db, input(busiest));
  assert.ok(first.nextCursor, 'the busiest agency has more than one page of running dossiers');
  const next = assertIndexed(
    await plansOf((x) => runningPage(x, input(busiest, { cursor: first.nextCursor ?? '' }))),
    'running, page 2',
  );
  assert.ok(indexesOf(next).has('dossiers_inbox_clock'));
});

test('the finished tab and the counts read the agency index and the running dossiers only', async () => {
  const finished = assertIndexed(await plansOf((x) => finishedPage(x, input(transit))), 'finished');
  assert.ok(indexesOf(finished).has('dossier_holders_finished'));
  const counts = assertIndexed(await plansOf((x) => inboxCounts(x, input(busiest))), 'counts');
  assert.ok(indexesOf(counts).has('dossiers_inbox_clock'));
  assert.ok(indexesOf(counts).has('dossiers_inbox_idle'));
  const handedOn = assertIndexed(await plansOf((x) => inboxCounts(x, input(transit))), 'counts, handed on');
  assert.ok(indexesOf(handedOn).has('dossier_holders_elsewhere_clock'));
});

test('staff search by name, id number or part of a code reads the agency’s own search keys, and finds what a scan finds', async () => {
  const [sample] = await rows<{ code: string; name: string; pid: string }>(
    db.db,
    sql`select code, applicant->>'fullName' as name, applicant->>'personalId' as pid from dossiers
        where holding_agency_id = ${busiest} and code is not null limit 1`,
  );
  assert.ok(sample);
  const likeEscape = (x: string) => x.replace(/[\\%_]/g, (ch) => `\\${ch}`);
  for (const q of [sample.name, 'nguyen thi thu', sample.pid.slice(2, 10), sample.code.slice(-11), '0912', 'Văn A']) {
    const all = assertIndexed(await plansOf((x) => searchPage(x, { ...input(busiest), q })), `search ${q}`);
    const used = indexesOf(all);
    // The agency's posting lists, not the province's trigram indexes.
    assert.ok(used.has('dossier_holders_search'), `search ${q}: ${[...used]}`);
    assert.ok(!used.has('dossiers_applicant_search') && !used.has('dossiers_code_trgm'), `search ${q}: ${[...used]}`);
    // The same dossiers, in the same order, as matching every dossier the agency holds or held.
    const found = await searchPage(db.db, { ...input(busiest), q, limit: 50 });
    const expected = await rows<{ code: string }>(
      db.db,
      sql`select d.code from dossiers d
          where (d.code ilike ${`%${likeEscape(q)}%`} or d.applicant_search like ${`%${likeEscape(foldVietnamese(q))}%`})
            and d.code is not null
            and exists (select 1 from dossier_holders h where h.dossier_id = d.id and h.agency_id = ${busiest})
          order by d.submitted_at desc, d.id desc limit 50`,
    );
    assert.deepEqual(
      found.rows.map((r) => r.code),
      expected.map((r) => r.code),
      `search ${q}`,
    );
    // Keyset pages give the same dossiers as the long page.
    const first = await searchPage(db.db, { ...input(busiest), q, limit: 3 });
    if (first.nextCursor) {
      const second = await searchPage(db.db, { ...input(busiest), q, limit: 3, cursor: first.nextCursor });
      assert.deepEqual(
        [...first.rows, ...second.rows].map((r) => r.code),
        expected.slice(0, 3 + second.rows.length).map((r) => r.code),
        `search ${q}, pages`,
      );
    }
  }
  // A query with no trigram every match must have (one or two letters) keeps the province-wide
  // trigram path (the agency's keys cannot narrow it), with the same answers.
  for (const q of ['an', 'Lê']) {
    const used = indexesOf(await plansOf((x) => searchPage(x, { ...input(busiest), q })).then((p) => p.flatMap(nodes)));
    assert.ok(!used.has('dossier_holders_search'), `search ${q}: ${[...used]}`);
  }
  // A query's keys are among the keys of every holder row it matches (searchKeys against
  // dossier_search_keys), for pieces of real rows cut anywhere.
  const samples = await rows<{ agency: string; search: string }>(
    db.db,
    sql`select agency_id as agency, search from dossier_holders order by dossier_id limit 40`,
  );
  for (const [i, r] of samples.entries()) {
    for (const [from, to] of [
      [0, r.search.length],
      [i % 7, (i % 7) + 5],
      [3 + (i % 11), 3 + (i % 11) + 9],
      [r.search.length - 6, r.search.length],
    ] as const) {
      const piece = r.search.slice(Math.max(0, from), to);
      const keys = searchKeys(r.agency, piece);
      if (!keys) continue;
      const [row] = await rows<{ ok: boolean }>(
        db.db,
        sql`select dossier_search_keys(${r.agency}::uuid, ${r.search}) @> ${keys}::text[] as ok`,
      );
      assert.equal(row?.ok, true, `"${piece}" of "${r.search}": ${keys}`);
    }
  }
  // A whole code: the unique index.
  const exact = indexesOf(
    assertIndexed(await plansOf((x) => searchPage(x, { ...input(busiest), q: sample.code })), 'search, code'),
  );
  assert.ok(exact.has('dossiers_code'), `search, whole code: ${[...exact]}`);
  const found = await searchPage(db.db, { ...input(busiest), q: sample.code.toLowerCase() });
  assert.deepEqual(
    found.rows.map((r) => r.code),
    [sample.code],
  );
});

test('the page and the counts in one statement keep each part’s indexes', async () => {
  for (const [list, own] of [
    [{ kind: 'running' }, ['dossiers_inbox_clock', 'dossiers_inbox_idle']],
    [{ kind: 'finished' }, ['dossier_holders_finished', 'dossiers_inbox_clock']],
    [{ kind: 'search', q: 'nguyen thi thu' }, ['dossier_holders_search', 'dossiers_inbox_clock']],
  ] as const) {
    for (const agency of [busiest, transit]) {
      const used = indexesOf(assertIndexed(await plansOf((x) => staffList(x, input(agency), list)), list.kind));
      for (const index of own) assert.ok(used.has(index), `${list.kind} with counts walks ${index}: ${[...used]}`);
    }
  }
  // The same dossiers and counts as the statements run apart.
  const alone = await runningPage(db.db, input(transit));
  const counts = await inboxCounts(db.db, input(transit));
  const together = await staffList(db.db, input(transit), { kind: 'running' });
  assert.deepEqual(together.page, alone);
  assert.deepEqual(together.counts, counts);
  const finishedAlone = await finishedPage(db.db, input(transit));
  const finishedTogether = await staffList(db.db, input(transit), { kind: 'finished' });
  assert.deepEqual(finishedTogether.page, finishedAlone);
  // An empty page still brings the counts.
  const none = await staffList(db.db, input(transit), { kind: 'search', q: 'khong co ai ten nay zzqx' });
  assert.deepEqual(none.page, { rows: [], nextCursor: null });
  assert.deepEqual(none.counts, counts);
});

test('every holder row carries its dossier’s finish, holder, due time, clock and search text, after real actions and clones', async () => {
  const [drift] = await rows<{ n: number }>(
    db.db,
    sql`select count(*)::int as n from dossier_holders h join dossiers d on d.id = h.dossier_id
        where h.finished_at is distinct from d.finished_at or h.current <> (h.agency_id = d.holding_agency_id)
          or (d.finished_at is null and (h.due_at is distinct from d.due_at
            or h.submitted_at is distinct from d.submitted_at
            or h.idle <> (d.due_at is null or d.clock_paused_at is not null)))
          or h.search <> lower(coalesce(d.code, '')) || ' ' || d.applicant_search
          or h.submitted_at is distinct from d.submitted_at`,
  );
  assert.equal(drift?.n, 0);
  const [handedOn] = await rows<{ n: number }>(
    db.db,
    sql`select count(*)::int as n from dossier_holders where finished_at is null and not current`,
  );
  assert.ok((handedOn?.n ?? 0) > 0, 'the history has running dossiers handed on to another agency');
});

test('keyset pages give the same dossiers in the same order as one long page, and the counts match the scope', async () => {
  const caller: Caller = { kind: 'staff', id: 'plans', provinceCode: '08', agencyId: transit, roles: ['receiver'] };
  const now = new Date();
  for (const finished of [false, true]) {
    const whole = await listDossiers(db.db, caller, { now, finished, limit: 120 });
    const paged: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 4; i++) {
      const page = await listDossiers(db.db, caller, { now, finished, limit: 30, ...(cursor ? { cursor } : {}) });
      paged.push(...page.items.map((d) => d.code));
      cursor = page.nextCursor ?? undefined;
      if (!cursor) break;
    }
    assert.deepEqual(paged, whole.items.map((d) => d.code).slice(0, paged.length));
    assert.equal(new Set(paged).size, paged.length);
    assert.ok(whole.items.every((d) => (d.urgency === 'finished') === finished));
  }
  const list = await listDossiers(db.db, caller, { now, limit: 1 });
  const [expected] = await rows<{ total: number; overdue: number }>(
    db.db,
    sql`select count(*)::int as total,
          (count(*) filter (where d.due_at < ${now} and d.clock_paused_at is null))::int as overdue
        from dossiers d where d.finished_at is null and d.code is not null
          and (d.holding_agency_id = ${transit}
            or exists (select 1 from dossier_holders h where h.dossier_id = d.id and h.agency_id = ${transit}))`,
  );
  assert.deepEqual({ total: list.total, overdue: list.overdue }, expected);
});

test('a generated history is as the deadline sweep leaves it: its first run marks nothing overdue', async () => {
  const marked = await sweepDeadlines(db.db);
  assert.equal(marked.overdue, 0, 'running dossiers past due carry their overdue mark');
  assert.equal(marked.stepsOverdue, 0, 'active steps past due carry theirs');
  const [running] = await rows<{ n: number }>(
    db.db,
    sql`select count(*)::int as n from dossiers where finished_at is null and clock_paused_at is null and due_at <= now()`,
  );
  assert.ok((running?.n ?? 0) > 0, 'the history holds running dossiers past due (the case under test)');
});
