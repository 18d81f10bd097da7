import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../db/testing.ts';
import { safeError } from './log.ts';

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(() => t.close());

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  assert.fail('the query should have failed');
}

test('finding 7: a failed query is logged without its parameter values, detail or quoted input', async () => {
  const secret = 'CCCD-001099012345-tracking-key';
  const errors = [
    // Drizzle puts the values in its message ("params: …"); pg quotes the bad input.
    await failure(() => t.db.execute(sql`select ${secret}::uuid`)),
    await failure(() => t.db.execute(sql`select ${`${secret}\u0000`}::text`)),
    // pg's detail names the duplicate value: "Key (login)=(…) already exists."
    await failure(async () => {
      await t.db.execute(sql`create temporary table logins (login text primary key)`);
      await t.db.execute(sql`insert into logins values (${secret}), (${secret})`);
    }),
  ];
  for (const err of errors) {
    const logged = JSON.stringify(safeError(err));
    assert.doesNotMatch(logged, /CCCD-001099012345/, logged);
    assert.match(logged, /"type":/);
  }
  // What is kept is enough to act on: the code and the constraint's name.
  const duplicate = JSON.stringify(safeError(errors[2]));
  assert.match(duplicate, /23505/);
});

test('an error that is not an Error is logged as a placeholder, not as its contents', () => {
  assert.doesNotMatch(JSON.stringify(safeError({ password: 'hunter2' })), /hunter2/);
});
