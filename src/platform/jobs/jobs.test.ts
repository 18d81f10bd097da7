import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { createTestDb, type TestDb } from '../db/testing.ts';
import { loggerOptions } from '../http/log.ts';
import { registerCounters } from '../metrics/index.ts';
import { type Jobs, startJobs } from './index.ts';

let t: TestDb;
let jobs: Jobs;
before(async () => {
  t = await createTestDb();
  jobs = await startJobs(t);
});
after(async () => {
  await jobs.stop();
  await t.close();
});

test('a job sent to a queue reaches its worker once, on this database', async () => {
  const seen: string[] = [];
  const done = new Promise<void>((resolve) => {
    void jobs.work<{ code: string }>(
      'test-deadline-sweep',
      async (data) => {
        seen.push(data.code);
        resolve();
      },
      { pollingIntervalSeconds: 0.5 },
    );
  });
  await jobs.send('test-deadline-sweep', { code: 'H08-261122-0001' });
  await done;
  assert.deepEqual(seen, ['H08-261122-0001']);
});

test('a job runs in its own context (its log lines carry the job and its id), and a job that throws is counted on /metrics', async () => {
  const lines: Record<string, unknown>[] = [];
  const stream = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
  // The app's logger options (platform/http/log.ts) on a logger of its own.
  const log = Fastify({ logger: loggerOptions({ level: 'info', stream }, 'info') }).log;
  const registry = new Registry();
  registerCounters(registry);
  let attempts = 0;
  const failed = new Promise<void>((resolve) => {
    void jobs.work<{ n: number }>(
      'test-failing-export',
      async () => {
        attempts++;
        log.warn('export refused by the register');
        resolve();
        throw new Error('register down');
      },
      { pollingIntervalSeconds: 0.5 },
    );
  });
  await jobs.send('test-failing-export', { n: 1 });
  await failed;
  const line = lines.find((l) => l.msg === 'export refused by the register');
  assert.equal(line?.job, 'test-failing-export');
  assert.match(String(line?.jobId), /^[0-9a-f-]{36}$/);
  // Counted once the handler has thrown: read until it shows (pg-boss may retry it meanwhile).
  const failures = async () =>
    Number(/mocua_job_failures_total\{job="test-failing-export"\} (\d+)/.exec(await registry.metrics())?.[1] ?? 0);
  for (let i = 0; i < 100 && (await failures()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok((await failures()) >= 1);
  assert.ok((await failures()) <= attempts);
});
