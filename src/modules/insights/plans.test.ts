/**
 * Plans that must not drift (issue 17), asserted on EXPLAIN (FORMAT JSON), never on timings: the
 * dashboard's overdue list reads the running dossiers in due order from the partial index
 * `insights_dossiers_running_due` — the first rows of it, not every running dossier sorted — and
 * those finished after the period's end from `insights_dossiers_finished_late` and
 * `insights_dossiers_two_supplements`, never every dossier finished since; on a read model of
 * 20,000 dossiers of which 1,000 are running.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { asc, sql } from 'drizzle-orm';
import { rows } from '../../platform/db/index.ts';
import { createTestDb, type TestDb } from '../../platform/db/testing.ts';
import { overdueWhere } from './drill.ts';
import { parsePeriod } from './periods.ts';
import { insightsDossiers as d } from './schema.ts';
import { ids, lookups, PROVINCE } from './testing.ts';

let t: TestDb;
before(async () => {
  t = await createTestDb();
  // 20,000 dossiers received over 2026, one in twenty still running, the others finished.
  await t.db.execute(sql`
    insert into insights_dossiers (dossier_id, province_code, code, procedure_id, channel, receiving_agency_id,
      competent_agency_id, holding_agency_id, state, received_at, due_at, finished_at, source_version)
    select gen_random_uuid(), ${PROVINCE}, 'G-' || i, ${ids.p1}::uuid, 'online', ${ids.C1}::uuid, ${ids.C1}::uuid,
      ${ids.C1}::uuid, case when i % 20 = 0 then 'in_progress' else 'delivered' end,
      timestamptz '2026-01-01' + (i * interval '25 minutes'),
      timestamptz '2026-01-01' + (i * interval '25 minutes') + interval '5 days',
      case when i % 20 = 0 then null else timestamptz '2026-01-01' + (i * interval '25 minutes') + interval '4 days' end,
      1
    from generate_series(1, 20000) as i`);
  await t.db.execute(sql`analyze insights_dossiers`);
});
after(() => t?.close());

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

test('the overdue list walks the running dossiers in due order from the partial index, a page at a time', async () => {
  for (const key of ['2026-12', '2026', '2026-06']) {
    const input = { provinceCode: PROVINCE, period: parsePeriod(key), filters: {}, lookups };
    const query = t.db
      .select()
      .from(d)
      .where(overdueWhere(input, 'running', null))
      .orderBy(asc(d.dueAt), asc(d.dossierId))
      .limit(100);
    const [row] = await rows<{ 'QUERY PLAN': unknown }>(t.db, sql`explain (format json) ${query}`);
    const json = row?.['QUERY PLAN'];
    const plan = ((typeof json === 'string' ? JSON.parse(json) : json) as Array<{ Plan: PlanNode }>)[0]?.Plan;
    assert.ok(plan);
    const all = nodes(plan);
    const indexes = new Set(all.map((n) => n['Index Name']));
    assert.ok(indexes.has('insights_dossiers_running_due'), `${key}: ${[...indexes].join(', ')}`);
    assert.ok(!all.some((n) => n['Node Type'] === 'Seq Scan'), `${key}: a sequential scan`);
    // Ordered by the index: no full sort of the running dossiers (an incremental sort of ties at most).
    assert.ok(!all.some((n) => n['Node Type'] === 'Sort'), `${key}: a sort`);
  }
});

test('the overdue list’s other branches read the two partial indexes: finished late after the end, asked twice', async () => {
  // Late ones too: one in forty finished a day past its due date, one in a hundred asked twice for a supplement.
  await t.db.execute(sql`update insights_dossiers set finished_at = due_at + interval '1 day'
    where finished_at is not null and (substr(code, 3)::int % 40) = 1`);
  await t.db.execute(sql`update insights_dossiers
    set supplement_intervals = '[{"from":"2026-01-01T00:00:00Z","to":"2026-01-02T00:00:00Z"},{"from":"2026-01-03T00:00:00Z","to":"2026-01-04T00:00:00Z"}]'
    where (substr(code, 3)::int % 100) = 3`);
  await t.db.execute(sql`analyze insights_dossiers`);
  const expected = {
    finishedLate: 'insights_dossiers_finished_late',
    twice: 'insights_dossiers_two_supplements',
  };
  for (const key of ['2026-03', '2026-06', '2026-Q2']) {
    for (const [branch, index] of Object.entries(expected) as Array<['finishedLate' | 'twice', string]>) {
      const input = { provinceCode: PROVINCE, period: parsePeriod(key), filters: {}, lookups };
      const query = t.db
        .select()
        .from(d)
        .where(overdueWhere(input, branch, null))
        .orderBy(asc(d.dueAt), asc(d.dossierId))
        .limit(100);
      const [row] = await rows<{ 'QUERY PLAN': unknown }>(t.db, sql`explain (format json) ${query}`);
      const json = row?.['QUERY PLAN'];
      const plan = ((typeof json === 'string' ? JSON.parse(json) : json) as Array<{ Plan: PlanNode }>)[0]?.Plan;
      assert.ok(plan);
      const all = nodes(plan);
      const indexes = new Set(all.map((n) => n['Index Name']));
      assert.ok(indexes.has(index), `${key} ${branch}: ${[...indexes].join(', ')}`);
      assert.ok(!all.some((n) => n['Node Type'] === 'Seq Scan'), `${key} ${branch}: a sequential scan`);
    }
  }
});
