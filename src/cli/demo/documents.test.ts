/**
 * `mocua demo generate documents` at a small scale: exactly the users and documents asked, the
 * registers numbered 1…n without gap or duplicate with `last_number` at the top (so the next
 * real registration continues the series), the search text as the module folds it, a lead for
 * every document being handled, the people named on every secret document, an action log that
 * ends in each document's state, and the specialist's inbox answering from it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { listInbox } from '../../modules/documents/inboxes.ts';
import { type Executor, rows } from '../../platform/db/index.ts';
import { createTestDb, type TestDb } from '../../platform/db/testing.ts';
import { runSeeds } from '../commands.ts';
import { generateDocuments } from './documents.ts';

let db: TestDb;
const one = async <T>(q: ReturnType<typeof sql>, x: Executor = db.db): Promise<T> => {
  const [row] = await rows<T>(x, q);
  if (!row) throw new Error('no row');
  return row;
};

before(async () => {
  db = await createTestDb();
  await runSeeds(db, '08');
  await generateDocuments(db.db, { provinceCode: '08', documents: 3000, users: 600 });
});
after(() => db?.close());

test('the users and documents asked for, spread over the agencies', async () => {
  assert.equal((await one<{ n: number }>(sql`select count(*)::int as n from staff where province_code = '08'`)).n, 600);
  assert.equal((await one<{ n: number }>(sql`select count(*)::int as n from documents`)).n, 3000);
  const spread = await one<{ agencies: number; secret: number; incoming: number }>(
    sql`select count(distinct agency_id)::int as agencies, count(*) filter (where secrecy <> 'none')::int as secret,
          count(*) filter (where direction = 'incoming')::int as incoming from documents`,
  );
  assert.ok(spread.agencies > 20, `documents in ${spread.agencies} agencies`);
  assert.ok(spread.secret > 0 && spread.secret < 300);
  assert.ok(spread.incoming > 1500 && spread.incoming < 2100);
});

test('registers: numbers 1…n per register, no gap, no duplicate, last_number at the top', async () => {
  const bad = await rows<{ id: string }>(
    db.db,
    sql`select r.id from document_registers r
        join documents d on d.register_id = r.id
        group by r.id, r.last_number
        having count(*) <> r.last_number or min(d.register_number) <> 1 or max(d.register_number) <> r.last_number
          or count(distinct d.register_number) <> count(*)`,
  );
  assert.deepEqual(bad, []);
  const unregistered = await one<{ n: number }>(
    sql`select count(*)::int as n from documents where register_id is null
        and not (direction = 'incoming' and state in ('received', 'returned')) and not (direction = 'outgoing' and state <> 'issued')`,
  );
  assert.equal(unregistered.n, 0);
});

test('search text as the module folds it; handling, readers and the action log agree with the state', async () => {
  const folded = await one<{ differ: number }>(
    sql`select count(*)::int as differ from documents where search_text <>
          vn_fold(type_name || ' ' || coalesce(code_number || '/', '') || code_notation || ' ' || subject || ' ' || issuer_name)`,
  );
  assert.equal(folded.differ, 0);
  const leaderless = await one<{ n: number }>(
    sql`select count(*)::int as n from documents d where d.direction = 'incoming' and d.state in ('in_progress', 'done')
        and not exists (select 1 from document_assignments a where a.document_id = d.id and a.kind = 'lead')`,
  );
  assert.equal(leaderless.n, 0);
  const unnamed = await one<{ n: number }>(
    sql`select count(*)::int as n from documents d where d.secrecy <> 'none'
        and not exists (select 1 from document_readers r where r.document_id = d.id)`,
  );
  assert.equal(unnamed.n, 0);
  const log = await one<{ n: number }>(
    sql`select count(*)::int as n from documents d
        left join document_actions a on a.document_id = d.id and a.seq = d.last_seq
        where a.to_state is distinct from d.state or a.at is distinct from d.updated_at`,
  );
  assert.equal(log.n, 0);
});

test('a demo specialist’s inbox lists the generated work', async () => {
  const who = await one<{ id: string; agency: string }>(
    sql`select a.id::text as id, s.agency_id::text as agency from accounts a join staff s on s.account_id = a.id::text
        where a.login = 'chuyenvien.tuphap'`,
  );
  const open = await one<{ n: number }>(
    sql`select count(*)::int as n from document_assignments a join documents d on d.id = a.document_id
        where a.assignee_id = ${who.id} and a.state in ('pending', 'in_progress') and d.state = 'in_progress'`,
  );
  const items = await listInbox(
    db.db,
    { kind: 'staff', id: who.id, provinceCode: '08', agencyId: who.agency, roles: ['specialist'] },
    'to_handle',
    { limit: 200 },
  );
  assert.equal(items.length, open.n);
});
