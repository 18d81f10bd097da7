import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../db/testing.ts';
import { auditTrail, recordAudit, verifyAudit, writeCheckpoint } from './index.ts';

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(() => t.close());

const entry = (stream: string, action: string, data: Record<string, unknown> = {}) => ({
  provinceCode: '08',
  stream,
  action,
  actorId: 'staff-1',
  actorRole: 'receiver',
  data,
});

test('each record keeps its own chain, and an untouched log verifies', async () => {
  await t.db.transaction(async (tx) => {
    await recordAudit(tx, entry('dossier:A', 'receive', { note: 'Hồ sơ đầy đủ' }));
    await recordAudit(tx, entry('dossier:B', 'receive'));
    await recordAudit(tx, entry('dossier:A', 'complete_step', { step: 1 }));
  });
  const trail = await auditTrail(t.db, 'dossier:A');
  assert.deepEqual(
    trail.map((e) => [e.seq, e.action]),
    [
      [1, 'receive'],
      [2, 'complete_step'],
    ],
  );
  assert.equal(trail[1]?.prevHash, trail[0]?.hash);
  const report = await verifyAudit(t.db);
  assert.equal(report.firstBreak, null);
  assert.equal(report.events >= 3, true);
});

test('the database refuses to update, delete or truncate audit entries', async () => {
  const refused = (err: unknown) => err instanceof Error && /append-only/.test(String(err.cause ?? err.message));
  await assert.rejects(t.db.execute(sql`update audit_events set action = 'forged'`), refused);
  await assert.rejects(t.db.execute(sql`delete from audit_events`), refused);
  await assert.rejects(t.db.execute(sql`truncate audit_events`), refused);
});

test('a tampered entry is named as the first break', async () => {
  await recordAudit(t.db, entry('dossier:C', 'receive', { fee: 0 }));
  await recordAudit(t.db, entry('dossier:C', 'deliver'));
  // An attacker with superuser rights disables the guard and rewrites history.
  await t.db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
    await tx.execute(sql`update audit_events set data = '{"fee": 50000}' where stream = 'dossier:C' and seq = 1`);
    await tx.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
  });
  const report = await verifyAudit(t.db);
  assert.deepEqual(report.firstBreak && [report.firstBreak.stream, report.firstBreak.seq, report.firstBreak.problem], [
    'dossier:C',
    1,
    'hash_mismatch',
  ]);
});

test('a checkpoint seals every chain head', async () => {
  const fresh = await createTestDb();
  try {
    await recordAudit(fresh.db, { ...entry('feedback:1', 'submit'), at: new Date('2026-01-01T00:00:00Z') });
    await writeCheckpoint(fresh.db, new Date('2026-01-02T00:00:00Z'));
    assert.deepEqual((await verifyAudit(fresh.db)).checkpoint?.ok, true);
  } finally {
    await fresh.close();
  }
});
