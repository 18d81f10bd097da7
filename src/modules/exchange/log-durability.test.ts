/**
 * The message log's record commits no later than the answer's use (log-writer.ts): inside
 * Gateway.transaction with the caller's own writes, and on its own when that transaction rolls
 * back; concurrent calls outside a transaction share commits and every one is logged. The crash
 * case (kill -9 between answer and log) is test/crash/exchange-log.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq, inArray, sql } from 'drizzle-orm';
import { provinceTestSigner } from '../../platform/audit/testing.ts';
import { createTestDb, type TestDb } from '../../platform/db/testing.ts';
import type { Signer } from '../../platform/pdf/index.ts';
import { exportExchangeArchive } from './export-log.ts';
import type { ServiceRequest } from './gateway.ts';
import { signRecord } from './log-message.ts';
import { LogWriter } from './log-writer.ts';
import { populationRequest } from './population-format.ts';
import { exchangeConsents, exchangeMessages } from './schema.ts';
import { sealBatch } from './seal-batches.ts';
import { type Registers, sampleCitizen, startRegisters, testGateway } from './testing.ts';
import { ARCHIVE_WARNINGS, verifyExchangeArchive } from './verify-archive.ts';

let t: TestDb;
let signer: Signer;
let registers: Registers;
before(async () => {
  [t, signer, registers] = await Promise.all([createTestDb(), provinceTestSigner(), startRegisters()]);
});
after(async () => {
  await Promise.all([t.close(), registers.close()]);
});

const caller = { actorId: 'staff-receiver-1', roles: ['receiver'], module: 'dossiers' };
const lookUp: ServiceRequest = {
  method: 'POST',
  headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"TraCuuThongTinCongDan"' },
  body: populationRequest({ personalId: sampleCitizen.personalId, requestId: 'r', unitCode: 'u' }),
  idempotent: true,
};
const recordOf = async (id: string) =>
  (await t.db.select().from(exchangeMessages).where(eq(exchangeMessages.id, id)))[0];
const consentRow = (id: string) => ({
  id,
  provinceCode: '08',
  personalId: sampleCitizen.personalId,
  method: 'counter_statement' as const,
  purpose: 'kiểm thử',
  recordedBy: 'staff-receiver-1',
  at: new Date(),
});

test('in the caller’s transaction the record commits with the caller’s writes; after a rollback it is written on its own', async () => {
  const { gateway } = testGateway(registers, signer);
  // Committed: the caller's write and the record land together.
  const committed = await gateway.transaction(t.db, async (tx) => {
    const answer = await gateway.call(tx, caller, 'population.citizen', lookUp, { purpose: 'kiểm thử' });
    await tx.insert(exchangeConsents).values(consentRow('00000000-0000-4000-8000-000000000001'));
    return answer.messageId;
  });
  assert.equal((await recordOf(committed))?.result, 'ok');

  // Rolled back after the answer: the caller's write is gone, the record of the answer is not.
  let seen: string | undefined;
  const failed = await gateway
    .transaction(t.db, async (tx) => {
      seen = (await gateway.call(tx, caller, 'population.citizen', lookUp, { purpose: 'kiểm thử' })).messageId;
      await tx.insert(exchangeConsents).values(consentRow('00000000-0000-4000-8000-000000000002'));
      throw new Error('the caller failed after the answer');
    })
    .catch((e: Error) => e.message);
  assert.equal(failed, 'the caller failed after the answer');
  assert.ok(seen);
  const kept = await recordOf(seen);
  assert.equal(kept?.result, 'ok');
  assert.ok(kept?.signature, 'the re-written record keeps its signature');
  const consents = await t.db
    .select({ id: exchangeConsents.id })
    .from(exchangeConsents)
    .where(
      inArray(exchangeConsents.id, ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002']),
    );
  assert.deepEqual(
    consents.map((c) => c.id),
    ['00000000-0000-4000-8000-000000000001'],
  );

  // A transaction the gateway does not follow is refused before anything is sent.
  const calls = registers.population.counts.calls;
  const foreign = await t.db
    .transaction((tx) => gateway.call(tx, caller, 'population.citizen', lookUp, { purpose: 'x' }))
    .catch((e: Error) => e.message);
  assert.match(String(foreign), /not opened by Gateway\.transaction/);
  assert.equal(registers.population.counts.calls, calls);
  gateway.close();
});

test('concurrent calls outside a transaction are each logged before they return, and the log verifies', async () => {
  const { gateway } = testGateway(registers, signer);
  const [{ n: beforeCount = 0 } = {}] = await t.db.select({ n: sql<number>`count(*)::int` }).from(exchangeMessages);
  const answers = await Promise.all(
    Array.from({ length: 24 }, () =>
      gateway.call(t.db, caller, 'population.citizen', lookUp, { purpose: 'song song' }),
    ),
  );
  assert.equal(new Set(answers.map((a) => a.messageId)).size, 24);
  const rows = await t.db
    .select({ id: exchangeMessages.id })
    .from(exchangeMessages)
    .where(
      inArray(
        exchangeMessages.id,
        answers.map((a) => a.messageId),
      ),
    );
  assert.equal(rows.length, 24);
  const [{ n: afterCount = 0 } = {}] = await t.db.select({ n: sql<number>`count(*)::int` }).from(exchangeMessages);
  assert.equal(afterCount - beforeCount, 24);
  // Records written by groups, in callers' transactions and re-written after a rollback all verify.
  await sealBatch(t.db, { provinceCode: '08', signer, settleMs: 0 });
  const report = verifyExchangeArchive(await exportExchangeArchive(t.db, { provinceCode: '08', signer }));
  const faults = report.problems.filter((p) => !ARCHIVE_WARNINGS.has(p.kind));
  assert.deepEqual(faults, []);
  assert.ok(report.records >= 26);
  gateway.close();
});

test('records waiting while a commit is in flight go together in the next commit (group commit)', async () => {
  const writer = new LogWriter();
  const facts = (n: number) => ({
    provinceCode: '08',
    at: new Date(),
    actorId: 'staff-receiver-1',
    actorRole: 'receiver',
    callerModule: 'dossiers',
    serviceId: 'population.citizen',
    purpose: `nhóm ${n}`,
    requestBytes: 1,
    responseBytes: 1,
    requestDigest: '00',
    result: 'ok' as const,
    latencyMs: 1,
    attempts: 1,
  });
  const records = await Promise.all([1, 2, 3, 4].map((n) => signRecord(facts(n), signer)));
  // The first starts a commit at once; the three others arrive while it is in flight.
  await Promise.all(records.map((r) => writer.write(t.db, [r])));
  const rows = await t.db
    .select({ id: exchangeMessages.id, xmin: sql<string>`xmin::text` })
    .from(exchangeMessages)
    .where(
      inArray(
        exchangeMessages.id,
        records.map((r) => r.row.id),
      ),
    );
  assert.equal(rows.length, 4);
  const txOf = (r: (typeof records)[number]) => rows.find((x) => x.id === r.row.id)?.xmin;
  assert.notEqual(txOf(records[0] as (typeof records)[number]), txOf(records[1] as (typeof records)[number]));
  assert.equal(new Set(records.slice(1).map(txOf)).size, 1, 'the three waiting records share one transaction');
});
