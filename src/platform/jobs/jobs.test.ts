import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDb, type TestDb } from '../db/testing.ts';
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
