/**
 * Fresh, migrated databases for tests: PGlite in memory (TEST_DB=pglite, the default) or a
 * new database on the real PostgreSQL (TEST_DB=postgres, TEST_DATABASE_URL), dropped after.
 *
 * Each test file gets its own database, but migrating one per file cost seconds each (issue 12,
 * finding 9): `npm test` migrates once per run (`buildTestTemplate`, called by scripts/test.mjs)
 * and every createTestDb clones that template — PGlite loads the dumped data directory,
 * PostgreSQL runs CREATE DATABASE … TEMPLATE. A template carries the hash of migrations/ in its
 * name, so one built from other migrations is ignored; without a template (a test run outside
 * `npm test`) createTestDb migrates as before.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { testEnv } from '../config.ts';
import { type DbHandle, migrationsFolder, openDatabase } from './index.ts';

export interface TestDb extends DbHandle {
  /** postgres://… of this test database, or undefined on PGlite. */
  url: string | undefined;
}

let hash: string | undefined;
/** Hash of the migration files and drizzle's journal (what decides the migrated schema). */
export function migrationsHash(): string {
  if (hash) return hash;
  const digest = createHash('sha256');
  const files = readdirSync(migrationsFolder, { recursive: true, encoding: 'utf8' });
  for (const file of files.filter((f) => f.endsWith('.sql') || f.endsWith('_journal.json')).sort()) {
    digest
      .update(`${file}\0`)
      .update(readFileSync(path.join(migrationsFolder, file)))
      .update('\0');
  }
  hash = digest.digest('hex').slice(0, 12);
  return hash;
}

async function withAdmin<T>(url: string, run: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}

const databaseUrl = (serverUrl: string, name: string): string => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

export async function createTestDb(): Promise<TestDb> {
  const env = testEnv();
  const current = (template: string | undefined) => (template?.includes(migrationsHash()) ? template : undefined);
  if (env.testDb === 'pglite') {
    const template = current(env.pgliteTemplate);
    const loadDataDir = template ? new Blob([readFileSync(template)]) : undefined;
    const handle = await openDatabase({ dir: 'memory', ...(loadDataDir && { loadDataDir }) });
    if (!template) await handle.migrate();
    return { ...handle, url: undefined };
  }
  const template = current(env.pgTemplate);
  const name = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(env.testDatabaseUrl, (admin) =>
    admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`),
  );
  const url = databaseUrl(env.testDatabaseUrl, name);
  const handle = await openDatabase({ url, poolSize: 20 });
  if (!template) await handle.migrate();
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      await withAdmin(env.testDatabaseUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/**
 * Migrates the template a test run clones (scripts/test.mjs runs this once per run): on PGlite
 * a data-dir tarball written in `dir`, returning its path; on PostgreSQL a template database
 * on TEST_DATABASE_URL's server, returning its name (the runner drops it after the run).
 */
export async function buildTestTemplate(kind: 'pglite' | 'postgres', dir: string): Promise<string> {
  if (kind === 'pglite') {
    const handle = await openDatabase({ dir: 'memory' });
    await handle.migrate();
    // drizzle keeps the driver's client as $client; only the PGlite one can dump its data dir.
    const client = (handle.db as unknown as { $client?: unknown }).$client;
    if (!(client instanceof PGlite)) throw new Error('a PGlite database has no PGlite client');
    const file = path.join(dir, `pglite-${migrationsHash()}.tar`);
    writeFileSync(file, new Uint8Array(await (await client.dumpDataDir('none')).arrayBuffer()));
    await handle.close();
    return file;
  }
  const serverUrl = testEnv().testDatabaseUrl;
  const name = `mocua_tmpl_${migrationsHash()}_${process.pid}`;
  await withAdmin(serverUrl, (admin) => admin.query(`create database ${name}`));
  const handle = await openDatabase({ url: databaseUrl(serverUrl, name), poolSize: 2 });
  await handle.migrate();
  await handle.close();
  // A template nobody connects to: CREATE DATABASE … TEMPLATE refuses a template in use.
  await withAdmin(serverUrl, (admin) => admin.query(`alter database ${name} is_template true allow_connections false`));
  return name;
}
