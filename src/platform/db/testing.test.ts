import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { testEnv } from '../config.ts';
import { migrationsFolder } from './index.ts';
import { createTestDb, migrationsHash, type TestDb, testTemplate } from './testing.ts';

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

async function templateExists(): Promise<boolean> {
  const { pgliteFile, pgName } = testTemplate();
  if (testEnv().testDb === 'pglite') return pgliteFile !== undefined && existsSync(pgliteFile);
  const admin = new pg.Client({ connectionString: testEnv().testDatabaseUrl });
  await admin.connect();
  try {
    return (await admin.query('select 1 from pg_database where datname = $1', [pgName])).rowCount === 1;
  } finally {
    await admin.end();
  }
}

/** Runs fn with a template location of its own, then drops that template. */
async function withOwnTemplate(fn: () => Promise<void>): Promise<void> {
  const kept = { dir: process.env.TEST_PGLITE_TEMPLATE_DIR, prefix: process.env.TEST_PG_TEMPLATE_PREFIX };
  const dir = mkdtempSync(path.join(tmpdir(), 'mocua-template-'));
  process.env.TEST_PGLITE_TEMPLATE_DIR = dir;
  process.env.TEST_PG_TEMPLATE_PREFIX = `mocua_tmpl_own_${process.pid}`;
  const { pgName } = testTemplate();
  try {
    await fn();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (testEnv().testDb === 'postgres') {
      const admin = new pg.Client({ connectionString: testEnv().testDatabaseUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${pgName} with (force)`);
      await admin.end();
    }
    for (const [name, value] of [
      ['TEST_PGLITE_TEMPLATE_DIR', kept.dir],
      ['TEST_PG_TEMPLATE_PREFIX', kept.prefix],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
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

test("a run's first test database leaves the template, named by the migrations' hash; the next is a clone as migrated", async () => {
  await withOwnTemplate(async () => {
    const { pgliteFile, pgName } = testTemplate();
    assert.ok(pgliteFile?.includes(migrationsHash()) && pgName?.endsWith(`_${migrationsHash()}`));
    assert.equal(await templateExists(), false);
    const first = await createTestDb();
    try {
      assert.equal(await templateExists(), true);
      await first.executeSql('create table only_in_first (x int)');
      const clone = await createTestDb();
      try {
        assert.equal(await appliedMigrations(clone), journal.entries.length);
        assert.equal(await tableExists(clone, 'only_in_first'), false);
      } finally {
        await clone.close();
      }
    } finally {
      await first.close();
    }
  });
});
