/**
 * Database outage (issue 11, "lower"): when the database stops answering, every route that
 * needs it answers 503 with Retry-After, never 500. On PostgreSQL the test database is really
 * made unreachable (its connections terminated and the database renamed away under the
 * running pool); on PGlite the embedded database is closed under the app.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../app.ts';
import { loadConfig, testEnv } from '../config.ts';
import { createTestDb, type TestDb } from '../db/testing.ts';

let t: TestDb;
let app: FastifyInstance;
let restore: () => Promise<void> = async () => {};

async function cutTheDatabase(): Promise<void> {
  if (!t.url) {
    await t.close();
    return;
  }
  const name = new URL(t.url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: testEnv().testDatabaseUrl });
  await admin.connect();
  await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
  await admin.query(`alter database "${name}" rename to "${name}_gone"`);
  restore = async () => {
    await admin.query(`alter database "${name}_gone" rename to "${name}"`);
    await admin.end();
  };
}

before(async () => {
  t = await createTestDb();
  app = await buildApp({ config: loadConfig({ RATE_LIMIT_PER_MINUTE: '1000000' }), database: t, logger: false });
  await app.ready();
  assert.equal((await app.inject({ url: '/api/v1/agencies' })).statusCode, 200, 'the database answers before the cut');
  await cutTheDatabase();
});
after(async () => {
  await app.close();
  await restore();
  if (t.url) await t.close();
});

test('during a database outage every route answers 503 with Retry-After, not 500', async () => {
  const answers: string[] = [];
  const wrong: string[] = [];
  for (const route of app.routeList()) {
    if (route.method !== 'GET') continue;
    const url = route.url.replace(/:\w+(\([^)]*\))?/g, 'x').replace(/\*$/, 'x');
    const sessions: Array<Record<string, string>> = [{}, { mocua_session: 'a-session-the-database-would-know' }];
    for (const cookies of sessions) {
      const res = await app.inject({ url, cookies });
      answers.push(`${url} ${res.statusCode}`);
      if (res.statusCode >= 500 && (res.statusCode !== 503 || res.headers['retry-after'] === undefined)) {
        wrong.push(`${url}: ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
  for (const url of ['/readyz', '/api/v1/agencies', '/api/v1/procedures', '/co-quan']) {
    const res = await app.inject({ url });
    assert.equal(res.statusCode, 503, `${url}: ${res.body.slice(0, 200)}`);
    assert.equal(res.headers['retry-after'], '30');
  }
  const api = await app.inject({ url: '/api/v1/agencies' });
  assert.equal(api.json().error.code, 'SERVICE_UNAVAILABLE');
  assert.ok(answers.length > 40);
});
