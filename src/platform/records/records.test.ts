import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../db/testing.ts';
import { DomainError } from '../errors.ts';
import { idempotentRequests, isUniqueViolation, once, requestHash, sweepIdempotentRequests } from './index.ts';

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(async () => {
  await t.close();
});

test('a unique violation is found on the error or on a cause, and a self-referencing cause does not loop', () => {
  assert.equal(isUniqueViolation(Object.assign(new Error('dup'), { code: '23505' })), true);
  assert.equal(isUniqueViolation(new Error('wrapped', { cause: { code: '23505' } })), true);
  const looped = new Error('looped');
  Object.assign(looped, { cause: looped });
  assert.equal(isUniqueViolation(looped), false);
  const a = new Error('a');
  const b = new Error('b', { cause: a });
  Object.assign(a, { cause: b });
  assert.equal(isUniqueViolation(a), false);
  assert.equal(isUniqueViolation(Object.assign(new Error('other'), { code: '23503' })), false);
  assert.equal(isUniqueViolation(null), false);
});

test('the fingerprint ignores key order and undefined fields, and tells bodies apart', () => {
  assert.equal(requestHash({ a: 1, b: { c: 2, d: undefined } }), requestHash({ b: { c: 2 }, a: 1 }));
  assert.notEqual(requestHash({ a: 1 }), requestHash({ a: 2 }));
});

test('the same key twice runs the change once and replays its answer; another request with it is refused with 422', async () => {
  let runs = 0;
  const change = async () => {
    runs += 1;
    return { n: runs, at: new Date('2026-12-01T00:00:00Z') };
  };
  const first = await once(t.db, 'test:a', 'key-0001', { op: 'x', body: 1 }, change);
  const again = await once(t.db, 'test:a', 'key-0001', { body: 1, op: 'x' }, change);
  assert.equal(runs, 1);
  // The replay is the stored JSON: what the first answer serialises to.
  assert.deepEqual(again, JSON.parse(JSON.stringify(first)));
  await assert.rejects(
    once(t.db, 'test:a', 'key-0001', { op: 'x', body: 2 }, change),
    (e) => e instanceof DomainError && e.code === 'IDEMPOTENCY_KEY_REUSED' && e.status === 422,
  );
  // Keys are per scope: another caller's same key is another request.
  await once(t.db, 'test:b', 'key-0001', { op: 'x', body: 2 }, change);
  assert.equal(runs, 2);
});

test('a change that fails stores nothing: the retry runs again', async () => {
  let runs = 0;
  const failing = async () => {
    runs += 1;
    if (runs === 1) throw new DomainError('CONFLICT');
    return { ok: true };
  };
  await assert.rejects(once(t.db, 'test:c', 'key-0002', {}, failing));
  assert.deepEqual(await once(t.db, 'test:c', 'key-0002', {}, failing), { ok: true });
  assert.equal(runs, 2);
});

test('the answer is written in the change’s transaction: a change rolled back after it leaves no answer', async () => {
  await assert.rejects(
    t.db.transaction(async (tx) => {
      await once(tx, 'test:d', 'key-0003', {}, async () => ({ ok: true }));
      throw new Error('the surrounding transaction fails');
    }),
  );
  const rows = await t.db.select().from(idempotentRequests).where(sql`${idempotentRequests.scope} = 'test:d'`);
  assert.equal(rows.length, 0);
});

test('the sweep removes answers older than the replay window and keeps the recent ones', async () => {
  const now = new Date();
  await t.db.insert(idempotentRequests).values([
    {
      scope: 'test:e',
      key: 'old',
      requestHash: 'h',
      response: {},
      createdAt: new Date(now.getTime() - 73 * 3_600_000),
    },
    {
      scope: 'test:e',
      key: 'recent',
      requestHash: 'h',
      response: {},
      createdAt: new Date(now.getTime() - 71 * 3_600_000),
    },
  ]);
  assert.equal(await sweepIdempotentRequests(t.db, { now, windowHours: 72 }), 1);
  const left = await t.db.select().from(idempotentRequests).where(sql`${idempotentRequests.scope} = 'test:e'`);
  assert.deepEqual(
    left.map((r) => r.key),
    ['recent'],
  );
});

test('a key used before the replay window, refused again by the module’s own unique index, is a 422, not a 500', async () => {
  const refusedByTheLog = async () => {
    throw new Error('insert into dossier_actions', {
      cause: Object.assign(new Error('duplicate key'), { code: '23505' }),
    });
  };
  await assert.rejects(
    once(t.db, 'test:f', 'key-0004', {}, refusedByTheLog),
    (e) => e instanceof DomainError && e.code === 'IDEMPOTENCY_KEY_REUSED' && e.status === 422,
  );
});
