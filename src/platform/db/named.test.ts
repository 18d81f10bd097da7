import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { named, namedRows, rows } from './index.ts';
import { nameByText, statementName } from './named.ts';
import { createTestDb, type TestDb } from './testing.ts';

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(() => t.close());

test('a statement name is its family and a digest of its text, within PostgreSQL 63 bytes', () => {
  const a = statementName('dossier_insert', 'insert into dossiers values ($1)');
  assert.equal(a, statementName('dossier_insert', 'insert into dossiers values ($1)'));
  assert.match(a, /^dossier_insert_[A-Za-z0-9_-]{16}$/);
  assert.notEqual(a, statementName('dossier_insert', 'insert into dossiers values ($1, default)'));
  assert.ok(statementName('x'.repeat(200), 'select 1').length <= 63);
});

test('named statements answer as unnamed ones do, whatever the text under one family', async () => {
  await t.db.transaction(async (tx) => {
    const one = await named('named_test', tx.select({ n: sql<number>`${1}::int + 1` }).from(sql`(select 1) as x`));
    const two = await named(
      'named_test',
      tx.select({ s: sql<string>`${'a'}::text || 'b'` }).from(sql`(select 1) as x`),
    );
    const again = await named('named_test', tx.select({ n: sql<number>`${41}::int + 1` }).from(sql`(select 1) as x`));
    assert.deepEqual([one, two, again], [[{ n: 2 }], [{ s: 'ab' }], [{ n: 42 }]]);
    assert.deepEqual(await namedRows(tx, 'named_rows_test', sql`select ${7}::int as n`), [{ n: 7 }]);
    if (t.kind !== 'postgres') return; // PGlite has no named statements: the names are ignored
    // One prepared statement per text, each kept by the connection and reused.
    const prepared = await rows<{ name: string }>(
      tx,
      sql`select name from pg_prepared_statements where name like 'named_test_%' order by name`,
    );
    assert.equal(prepared.length, 2);
  });
});

test('a connection keeps at most `limit` named statements; past it new texts run unnamed', async (c) => {
  if (!t.url) return c.skip('PostgreSQL only: PGlite has no named statements');
  const pool = new pg.Pool({ connectionString: t.url, max: 1 });
  nameByText(pool, 3);
  try {
    const db = drizzle(pool);
    for (let i = 0; i < 5; i++) {
      const [row] = await named(
        'capped',
        db.select({ n: sql<number>`${i}::int + ${sql.raw(String(i))}` }).from(sql`(select 1) as x`),
      );
      assert.equal(row?.n, 2 * i);
    }
    const { rows: prepared } = await pool.query(
      "select count(*)::int as n from pg_prepared_statements where name like 'capped_%'",
    );
    assert.equal(prepared[0]?.n, 3);
  } finally {
    await pool.end();
  }
});
