/**
 * Fresh, migrated databases for tests: PGlite in memory (TEST_DB=pglite, the default) or a
 * new database on the real PostgreSQL (TEST_DB=postgres, TEST_DATABASE_URL), dropped after.
 *
 * Each test file gets its own database, but migrating one per file cost seconds each (issue 12,
 * finding 9). Under `npm test` the first database of a run is migrated and saved as the run's
 * template; every later one is a clone of it: PGlite loads the dumped data directory,
 * PostgreSQL runs CREATE DATABASE … TEMPLATE. The template's name carries the hash of
 * migrations/, so other migrations never get an old template. No lock: files starting together
 * may each migrate and one template wins. Outside `npm test` every database is migrated.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { testEnv } from '../config.ts';
import { pgliteClientOf } from './backup.ts';
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

/** Where this run's templates are, or undefined outside `npm test` (scripts/test.mjs). */
export function testTemplate(): { pgliteFile: string | undefined; pgName: string | undefined } {
  const env = testEnv();
  return {
    pgliteFile: env.pgliteTemplateDir && path.join(env.pgliteTemplateDir, `pglite-${migrationsHash()}.tar`),
    pgName: env.pgTemplatePrefix && `${env.pgTemplatePrefix}_${migrationsHash()}`,
  };
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

const sqlState = (error: unknown): unknown => (error instanceof Error && 'code' in error ? error.code : undefined);

async function pgliteTestDb(file: string | undefined): Promise<TestDb> {
  if (file && existsSync(file)) {
    const handle = await openDatabase({ dir: 'memory', loadDataDir: new Blob([readFileSync(file)]) });
    return { ...handle, url: undefined };
  }
  const handle = await openDatabase({ dir: 'memory' });
  await handle.migrate();
  if (file) {
    const dump = await dumpOf(handle);
    // Written aside then renamed: a file starting meanwhile sees no template or a whole one.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, dump);
    renameSync(partial, file);
  }
  return { ...handle, url: undefined };
}

/** A new database cloned from `template` (migrated first when there is none); `keep`: close leaves it. */
async function postgresTestDb(
  serverUrl: string,
  template: string | undefined,
  { name = `t_${process.pid}_${randomBytes(4).toString('hex')}`, keep = false } = {},
): Promise<TestDb> {
  const url = databaseUrl(serverUrl, name);
  let cloned = false;
  await withAdmin(serverUrl, async (admin) => {
    if (template) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        cloned = true;
        return;
      } catch (error) {
        if (sqlState(error) !== '3D000') throw error; // 3D000: no template yet, so make it
      }
    }
    await admin.query(`create database ${name}`);
  });
  if (!cloned) {
    const migrating = await openDatabase({ url, poolSize: 2 });
    await migrating.migrate();
    await migrating.close();
    if (template) {
      // Copied while nobody is connected to this database (CREATE DATABASE … TEMPLATE needs that).
      await withAdmin(serverUrl, (admin) => admin.query(`create database ${template} template ${name}`)).catch(
        (error: unknown) => {
          // Another file made it first: 42P04, or 23505 when both commit at the same moment.
          if (sqlState(error) !== '42P04' && sqlState(error) !== '23505') throw error;
        },
      );
    }
  }
  const handle = await openDatabase({ url, poolSize: 20 });
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      if (!keep) await withAdmin(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** The first database of each seeded kind in this process, kept to be cloned (createSeededTestDb). */
const seededTemplates = new Map<string, Promise<{ pglite: Uint8Array<ArrayBuffer> } | { pgName: string }>>();

/**
 * A test database with `seed` already run, for the many files that start from the same data (the
 * demo province, a directory): seeding cost 5–20 s a file. The first call of a kind in a process
 * seeds a fresh database and keeps it as that kind's template (PGlite: its dumped data directory
 * in memory; PostgreSQL: a template database of the run, dropped by scripts/test.mjs); later calls
 * clone it. Per process, not per run: seeds seal demo keys with the process's development secret
 * (platform/pdf/signing.ts), which another process could not open. Each clone is a database of
 * its own, so a file's writes never reach another file.
 */
export async function createSeededTestDb(kind: string, seed: (db: TestDb) => Promise<unknown>): Promise<TestDb> {
  const env = testEnv();
  const pgPrefix = testTemplate().pgName;
  if (env.testDb === 'postgres' && !pgPrefix) {
    const db = await createTestDb();
    await seed(db);
    return db;
  }
  let template = seededTemplates.get(kind);
  if (!template) {
    template = (async () => {
      if (env.testDb === 'pglite') {
        const db = await createTestDb();
        try {
          await seed(db);
          return { pglite: await dumpOf(db) };
        } finally {
          await db.close();
        }
      }
      // Seeded under its template name and kept: scripts/test.mjs drops the run's templates.
      const pgName = `${pgPrefix}_${kind.replace(/\W/gu, '_')}_${process.pid}`;
      const db = await postgresTestDb(env.testDatabaseUrl, pgPrefix, { name: pgName, keep: true });
      try {
        await seed(db);
      } finally {
        await db.close();
      }
      return { pgName };
    })();
    seededTemplates.set(kind, template);
    template.catch(() => seededTemplates.delete(kind));
  }
  const made = await template;
  if ('pglite' in made) {
    const handle = await openDatabase({ dir: 'memory', loadDataDir: new Blob([made.pglite]) });
    return { ...handle, url: undefined };
  }
  return postgresTestDb(env.testDatabaseUrl, made.pgName);
}

async function dumpOf(handle: DbHandle): Promise<Uint8Array<ArrayBuffer>> {
  const client = pgliteClientOf(handle);
  if (!client) throw new Error('a PGlite database has no PGlite client');
  return new Uint8Array(await (await client.dumpDataDir('none')).arrayBuffer());
}

export async function createTestDb(): Promise<TestDb> {
  const env = testEnv();
  const template = testTemplate();
  return env.testDb === 'pglite'
    ? pgliteTestDb(template.pgliteFile)
    : postgresTestDb(env.testDatabaseUrl, template.pgName);
}

/**
 * An empty database on the test PostgreSQL (no migration, no template): for a test that starts a
 * real server process and lets it migrate, as a first deployment does (test/release).
 */
export async function createEmptyPostgresDb(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = testEnv().testDatabaseUrl;
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`create database ${name}`));
  return {
    url: databaseUrl(serverUrl, name),
    drop: () =>
      withAdmin(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}
