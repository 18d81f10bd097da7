/**
 * What one test file pays for its database (issue 12, finding 9): createTestDb() migrating
 * from nothing (no template, as before) against cloning the run's template (as `npm test`
 * does), five of each, alternated so the machine's load hits both alike; prints the medians.
 * Run: npm exec -- tsx bench/test-db.ts   (TEST_DB=postgres for PostgreSQL at TEST_DATABASE_URL)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { testEnv } from '../src/platform/config.ts';
import { buildTestTemplate, createTestDb } from '../src/platform/db/testing.ts';

const env = testEnv();
const dir = mkdtempSync(path.join(tmpdir(), 'mocua-bench-'));
const template = await buildTestTemplate(env.testDb, dir);
const variable = env.testDb === 'postgres' ? 'TEST_PG_TEMPLATE' : 'TEST_PGLITE_TEMPLATE';
const times = { migrate: [] as number[], clone: [] as number[] };
try {
  for (let i = 0; i < 5; i++) {
    for (const mode of ['migrate', 'clone'] as const) {
      if (mode === 'clone') process.env[variable] = template;
      else delete process.env[variable];
      const started = performance.now();
      const t = await createTestDb();
      times[mode].push(performance.now() - started);
      await t.close();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  if (env.testDb === 'postgres') {
    const admin = new pg.Client({ connectionString: env.testDatabaseUrl });
    await admin.connect();
    await admin.query(`alter database ${template} is_template false`);
    await admin.query(`drop database ${template}`);
    await admin.end();
  }
}
const median = (a: number[]) => Math.round([...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] ?? 0);
console.log(
  `${env.testDb}: createTestDb median ${median(times.migrate)} ms migrating, ${median(times.clone)} ms cloning`,
);
