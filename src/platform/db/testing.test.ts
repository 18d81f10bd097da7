import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { migrationsFolder } from './index.ts';
import { createTestDb, type TestDb } from './testing.ts';

const journal: { entries: unknown[] } = JSON.parse(
  readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
);

async function appliedMigrations(t: TestDb): Promise<number> {
  const { rows } = await t.executeSql('select count(*)::int as n from drizzle.__drizzle_migrations');
  const [row] = rows as { n: number }[];
  return row?.n ?? 0;
}

async function tableExists(t: TestDb, name: string): Promise<boolean> {
  const { rows } = await t.executeSql('select to_regclass($1) is not null as found', [name]);
  const [row] = rows as { found: boolean }[];
  return row?.found ?? false;
}

test('every test database starts with all of migrations/ applied, and what one test writes the other never sees', async () => {
  const a = await createTestDb();
  const b = await createTestDb();
  try {
    assert.equal(await appliedMigrations(a), journal.entries.length);
    assert.equal(await appliedMigrations(b), journal.entries.length);
    await a.executeSql('create table only_in_a (x int); insert into only_in_a values (1)');
    assert.equal(await tableExists(a, 'only_in_a'), true);
    assert.equal(await tableExists(b, 'only_in_a'), false);
  } finally {
    await a.close();
    await b.close();
  }
});

test('a template built from other migrations is ignored: the database is migrated instead', async () => {
  const kept = { pglite: process.env.TEST_PGLITE_TEMPLATE, pg: process.env.TEST_PG_TEMPLATE };
  // Names as the runner builds them, but with a hash no migrations/ folder has.
  process.env.TEST_PGLITE_TEMPLATE = path.join(migrationsFolder, 'pglite-000000000000.tar');
  process.env.TEST_PG_TEMPLATE = 'mocua_tmpl_000000000000_1';
  try {
    const t = await createTestDb();
    try {
      assert.equal(await appliedMigrations(t), journal.entries.length);
    } finally {
      await t.close();
    }
  } finally {
    for (const [name, value] of [
      ['TEST_PGLITE_TEMPLATE', kept.pglite],
      ['TEST_PG_TEMPLATE', kept.pg],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});
