/**
 * Fresh, migrated databases for tests: PGlite in memory (TEST_DB=pglite, the default) or a
 * new database on the real PostgreSQL (TEST_DB=postgres, TEST_DATABASE_URL), dropped after.
 *
 * Each test file gets its own database, but migrating one per file cost seconds each (issue 12,
 * finding 9). Under `npm test` the first database of a run is migrated and saved as the run's
 * template; every later one is a clone of it: PGlite loads the dumped data directory,
 * PostgreSQL runs CREATE DATABASE … TEMPLATE. The template's name carries the hash of
 * migrations/, so other migrations never get an old template. PGlite's template and the seeded
 * ones are built by one process of the run while the others wait (onceInRun); PostgreSQL's
 * migrated template is cheap, and files starting together may each make it (one wins). Outside
 * `npm test` every database is migrated.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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

/** The `code` of an error: PostgreSQL's SQLSTATE, or Node's errno name. */
const codeOf = (error: unknown): unknown => (error instanceof Error && 'code' in error ? error.code : undefined);

/** An in-memory PGlite with every migration applied. */
async function migratedPglite(): Promise<TestDb> {
  const handle = await openDatabase({ dir: 'memory' });
  await handle.migrate();
  return { ...handle, url: undefined };
}

async function pgliteFrom(dump: Uint8Array): Promise<TestDb> {
  return { ...(await openDatabase({ dir: 'memory', loadDataDir: dump })), url: undefined };
}

/** The run's dumped templates, read once per process (a file is written once and never changed). */
const dumps = new Map<string, Uint8Array>();
function dumpIn(file: string): Uint8Array | undefined {
  let dump = dumps.get(file);
  if (!dump && existsSync(file)) {
    dump = readFileSync(file);
    dumps.set(file, dump);
  }
  return dump;
}

/** Written aside then renamed: a process looking meanwhile sees no file or a whole one. */
function publish(file: string, dump: Uint8Array): void {
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, dump);
  renameSync(partial, file);
  dumps.set(file, dump);
}

async function pgliteTestDb(file: string | undefined): Promise<TestDb> {
  if (!file) return migratedPglite();
  let mine: TestDb | undefined;
  const dump = await onceInRun(
    `${file}.lock`,
    () => dumpIn(file),
    async () => {
      mine = await migratedPglite();
      await slimForCloning(mine);
      const made = await dumpOf(mine);
      publish(file, made);
      return made;
    },
  );
  return mine ?? pgliteFrom(dump);
}

/**
 * Runs `make` in one process of the run at a time, the others waiting until `made()` finds what
 * it made: three workers starting together used to build the same template three times, and a
 * seeded one (10–20 s of CPU) was built again in every worker. The lock is a file in the run's
 * folder (beside the template file) holding its holder's pid; a lock whose process is gone is
 * taken over. Without a lock path (outside `npm test`) `make` just runs.
 */
async function onceInRun<T>(
  lock: string | undefined,
  made: () => Promise<T | undefined> | T | undefined,
  make: () => Promise<T>,
): Promise<T> {
  if (!lock) return make();
  for (;;) {
    const ready = await made();
    if (ready !== undefined) return ready;
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
    } catch {
      if (lockHolderGone(lock)) rmSync(lock, { force: true });
      else await sleep(200);
      continue;
    }
    try {
      return (await made()) ?? (await make());
    } finally {
      rmSync(lock, { force: true });
    }
  }
}

function lockHolderGone(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, 'utf8'));
  } catch {
    return true; // released meanwhile
  }
  if (!pid) return false; // being written
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return codeOf(error) === 'ESRCH';
  }
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
        if (codeOf(error) !== '3D000') throw error; // 3D000: no template yet, so make it
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
          if (codeOf(error) !== '42P04' && codeOf(error) !== '23505') throw error;
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

/** Each seeded kind's template as this process knows it (createSeededTestDb). */
const seededTemplates = new Map<string, Promise<{ pglite: Uint8Array } | { pgName: string }>>();

/**
 * A test database with `seed` already run, for the many files that start from the same data (the
 * demo province, a directory): seeding cost 5–20 s a file. Under `npm test` the first process of
 * the run to ask for a kind seeds a fresh database and keeps it as that kind's template (PGlite: a
 * dumped data directory in the run's folder; PostgreSQL: a template database of the run, dropped
 * by scripts/test.mjs); every other call, in any process, clones it. The run's processes share one
 * development sealing secret (platform/pdf/signing.ts), so the demo keys the seeds sealed open
 * everywhere. Outside `npm test` a process keeps its own template in memory. Each clone is a
 * database of its own, so a file's writes never reach another file.
 */
export async function createSeededTestDb(kind: string, seed: (db: TestDb) => Promise<unknown>): Promise<TestDb> {
  const env = testEnv();
  const template = testTemplate();
  const key = kind.replace(/\W/gu, '_');
  if (env.testDb === 'postgres' && !template.pgName) {
    const db = await createTestDb();
    await seed(db);
    return db;
  }
  let made = seededTemplates.get(kind);
  if (!made) {
    made = (async () => {
      if (env.testDb === 'pglite') {
        const seedDump = async () => {
          const db = await createTestDb();
          try {
            await seed(db);
            return await dumpOf(db);
          } finally {
            await db.close();
          }
        };
        const file = template.pgliteFile?.replace(/\.tar$/u, `-${key}.tar`);
        if (!file) return { pglite: await seedDump() };
        const dump = await onceInRun(
          `${file}.lock`,
          () => dumpIn(file),
          async () => {
            const seeded = await seedDump();
            publish(file, seeded);
            return seeded;
          },
        );
        return { pglite: dump };
      }
      // Seeded under a name of this process's, then copied to the run's name once whole.
      const migrated = template.pgName;
      if (!migrated) throw new Error('a seeded PostgreSQL template needs TEST_PG_TEMPLATE_PREFIX');
      const pgName = `${migrated}_${key}`;
      const exists = async () => {
        const found = await withAdmin(env.testDatabaseUrl, (admin) =>
          admin.query('select 1 from pg_database where datname = $1', [pgName]),
        );
        return found.rowCount ? { pgName } : undefined;
      };
      return onceInRun(env.runDir && path.join(env.runDir, `${pgName}.lock`), exists, async () => {
        const building = `${pgName}_${process.pid}`;
        const db = await postgresTestDb(env.testDatabaseUrl, migrated, { name: building, keep: true });
        try {
          await seed(db);
        } finally {
          await db.close();
        }
        await withAdmin(env.testDatabaseUrl, async (admin) => {
          await admin.query(`create database ${pgName} template ${building}`);
          await admin.query(`drop database ${building}`);
        });
        return { pgName };
      });
    })();
    seededTemplates.set(kind, made);
    made.catch(() => seededTemplates.delete(kind));
  }
  const ready = await made;
  if ('pglite' in ready) return pgliteFrom(ready.pglite);
  return postgresTestDb(env.testDatabaseUrl, ready.pgName);
}

/**
 * Drops PGlite's template0 and template1 from the run's template: nothing in a test creates a
 * database on PGlite, and their catalogs were 15 of the dump's 45 MB, which every test database
 * copied in and started over (a third of the CPU a clone cost, bench/README.md).
 */
async function slimForCloning(handle: DbHandle): Promise<void> {
  for (const name of ['template0', 'template1']) {
    await handle.executeSql(`alter database ${name} with is_template false allow_connections true`);
    await handle.executeSql(`drop database ${name}`);
  }
  await handle.executeSql('checkpoint');
}

async function dumpOf(handle: DbHandle): Promise<Uint8Array> {
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
