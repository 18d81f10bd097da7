/**
 * Fresh, migrated databases for tests: PGlite in memory (TEST_DB=pglite, the default) or a
 * new database on the real PostgreSQL (TEST_DB=postgres, TEST_DATABASE_URL), dropped after.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testEnv } from '../config.ts';
import { type DbHandle, openDatabase } from './index.ts';

export interface TestDb extends DbHandle {
  /** postgres://… of this test database, or undefined on PGlite. */
  url: string | undefined;
}

export async function createTestDb(): Promise<TestDb> {
  const env = testEnv();
  if (env.testDb === 'pglite') {
    const handle = await openDatabase({ dir: 'memory' });
    await handle.migrate();
    return { ...handle, url: undefined };
  }
  const name = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: env.testDatabaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(env.testDatabaseUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), poolSize: 20 });
  await handle.migrate();
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      const admin = new pg.Client({ connectionString: env.testDatabaseUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
