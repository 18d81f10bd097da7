import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, gt } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../db/testing.ts';
import { backoffMs, dispatchOutbox, drainOutbox, enqueue, outbox, retryDead } from './index.ts';

// Dispatch instants after the real clock: rows are due from their insertion time (now()).
const T0 = Date.now() + 60_000;
const later = (minutes: number) => new Date(T0 + minutes * 60_000);

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(() => t.close());

const message = (dedupeKey: string) => ({
  provinceCode: '08',
  channel: 'sms',
  topic: 'dossier.received',
  recipient: '+84912345678',
  payload: { text: 'Hồ sơ của ông/bà đã được tiếp nhận.' },
  dedupeKey,
});

test('a message written in a rolled-back transaction is never sent', async () => {
  await assert.rejects(
    t.db.transaction(async (tx) => {
      await enqueue(tx, message('rollback-1'));
      throw new Error('the state change failed');
    }),
  );
  const rows = await t.db.select().from(outbox).where(eq(outbox.dedupeKey, 'rollback-1'));
  assert.equal(rows.length, 0);
});

test('the same dedupe key twice gives one message', async () => {
  await enqueue(t.db, message('dup-1'));
  await enqueue(t.db, message('dup-1'));
  const rows = await t.db.select().from(outbox).where(eq(outbox.dedupeKey, 'dup-1'));
  assert.equal(rows.length, 1);
});

test('a failing channel is retried with backoff, then dead-lettered, and can be retried by hand', async () => {
  await enqueue(t.db, { ...message('fail-1'), channel: 'zalo' });
  let calls = 0;
  const flaky = async () => {
    calls++;
    throw new Error('gateway timeout');
  };
  let now = later(60);
  for (let i = 0; i < 3; i++) {
    await dispatchOutbox(t.db, { zalo: flaky }, { now, maxAttempts: 3 });
    const [row] = await t.db.select().from(outbox).where(eq(outbox.dedupeKey, 'fail-1'));
    assert.equal(row?.attempts, i + 1);
    if (i < 2) {
      assert.equal(row?.status, 'pending');
      assert.equal(row?.nextAttemptAt.getTime(), now.getTime() + backoffMs(i + 1));
      // Not due yet: a dispatch before the backoff does not call the channel again.
      await dispatchOutbox(t.db, { zalo: flaky }, { now, maxAttempts: 3 });
      assert.equal(calls, i + 1);
      now = row?.nextAttemptAt ?? now;
    } else {
      assert.equal(row?.status, 'dead');
      assert.match(row?.lastError ?? '', /gateway timeout/);
    }
  }
  const [dead] = await t.db.select().from(outbox).where(eq(outbox.dedupeKey, 'fail-1'));
  assert.ok(dead && (await retryDead(t.db, dead.id, now)));
  const result = await dispatchOutbox(t.db, { zalo: async () => {} }, { now });
  assert.ok(result.sent >= 1);
  const [sent] = await t.db.select().from(outbox).where(eq(outbox.dedupeKey, 'fail-1'));
  assert.equal(sent?.status, 'sent');
});

test('a batch channel takes a claimed batch in one call; a failing batch falls back to one message at a time', async () => {
  const topics = ['batch.a', 'batch.b', 'batch.c'];
  for (const topic of topics) await enqueue(t.db, { ...message(topic), channel: 'event', topic });
  const batches: string[][] = [];
  const singles: string[] = [];
  const event = Object.assign(
    async (m: { topic: string }) => {
      singles.push(m.topic);
      if (m.topic === 'batch.b') throw new Error('b is broken');
    },
    {
      batch: async (ms: { topic: string }[]) => {
        batches.push(ms.map((m) => m.topic));
        if (ms.some((m) => m.topic === 'batch.b')) throw new Error('b is broken');
      },
    },
  );
  const now = later(120);
  // The batch fails (b): each message is delivered alone; a and c are sent, b is retried alone.
  assert.deepEqual(await dispatchOutbox(t.db, { event }, { now }), { sent: 2, retried: 1, dead: 0 });
  assert.deepEqual(batches, [topics]);
  assert.deepEqual(singles, topics);
  const status = async () =>
    Object.fromEntries(
      (await t.db.select().from(outbox).where(eq(outbox.channel, 'event'))).map((r) => [r.topic, r.status]),
    );
  assert.deepEqual(await status(), { 'batch.a': 'sent', 'batch.b': 'pending', 'batch.c': 'sent' });
  // A batch that succeeds: one call, every message marked sent with one statement.
  for (const topic of ['batch.d', 'batch.e']) await enqueue(t.db, { ...message(topic), channel: 'event', topic });
  batches.length = 0;
  singles.length = 0;
  assert.deepEqual(await dispatchOutbox(t.db, { event }, { now: later(120) }), { sent: 2, retried: 0, dead: 0 });
  assert.deepEqual(batches, [['batch.d', 'batch.e']]);
  assert.deepEqual(singles, []);
  assert.equal((await status())['batch.e'], 'sent');
});

test('the event channel is claimed in batches of its own size; gateway messages keep the default claim', async () => {
  // Earlier tests' messages are out of the way: only this test's are due.
  await t.db.update(outbox).set({ status: 'sent' }).where(eq(outbox.status, 'pending'));
  for (let i = 0; i < 7; i++)
    await enqueue(t.db, { ...message(`claim-event-${i}`), channel: 'event', topic: `c.${i}` });
  for (let i = 0; i < 5; i++) await enqueue(t.db, message(`claim-sms-${i}`));
  const eventBatches: number[] = [];
  const event = Object.assign(async () => {}, {
    batch: async (ms: unknown[]) => {
      eventBatches.push(ms.length);
    },
  });
  // While an SMS is sent, the SMS messages leased and not yet sent: the claim it came in, less those sent.
  const leasedAtEachSms: number[] = [];
  const sms = async () => {
    const leased = await t.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.channel, 'sms'), eq(outbox.status, 'pending'), gt(outbox.nextAttemptAt, new Date())));
    leasedAtEachSms.push(leased.length);
  };
  const counts = await drainOutbox(t.db, { event, sms }, { batchSize: 2, claimSizes: { event: 4 } });
  assert.deepEqual(counts, { sent: 12, retried: 0, dead: 0 });
  // Events: 4 then 3 (its own size); SMS: claims of 2, 2 and 1, taken in turn with the events.
  assert.deepEqual(eventBatches, [4, 3]);
  assert.deepEqual(leasedAtEachSms, [2, 1, 2, 1, 1]);
  assert.deepEqual(await t.db.select().from(outbox).where(eq(outbox.status, 'pending')), []);
  // Without a size of its own the event channel shares the default claim.
  for (let i = 0; i < 3; i++)
    await enqueue(t.db, { ...message(`claim-shared-${i}`), channel: 'event', topic: `s.${i}` });
  eventBatches.length = 0;
  assert.deepEqual(await drainOutbox(t.db, { event, sms }, { batchSize: 2 }), { sent: 3, retried: 0, dead: 0 });
  assert.deepEqual(eventBatches, [2]);
});
