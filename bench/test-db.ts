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
import { createTestDb, testTemplate } from '../src/platform/db/testing.ts';

const env = testEnv();
const dir = mkdtempSync(path.join(tmpdir(), 'mocua-bench-'));
process.env.TEST_PGLITE_TEMPLATE_DIR = dir;
process.env.TEST_PG_TEMPLATE_PREFIX = `mocua_tmpl_bench_${process.pid}`;
const { pgName } = testTemplate();
const times = { migrate: [] as number[], clone: [] as number[] };
try {
  await (await createTestDb()).close(); // the first one migrates and leaves the template
  for (let i = 0; i < 5; i++) {
    for (const mode of ['migrate', 'clone'] as const) {
      if (mode === 'clone') process.env.TEST_PGLITE_TEMPLATE_DIR = dir;
      else delete process.env.TEST_PGLITE_TEMPLATE_DIR;
      if (mode === 'clone') process.env.TEST_PG_TEMPLATE_PREFIX = `mocua_tmpl_bench_${process.pid}`;
      else delete process.env.TEST_PG_TEMPLATE_PREFIX;
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
    await admin.query(`drop database if exists ${pgName} with (force)`);
    await admin.end();
  }
}
const median = (a: number[]) => Math.round([...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] ?? 0);
console.log(
  `${env.testDb}: createTestDb median ${median(times.migrate)} ms migrating, ${median(times.clone)} ms cloning`,
);
