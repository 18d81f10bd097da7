import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isNull, sql } from 'drizzle-orm';
import { startTsaStandIn, type TsaStandIn } from '../../../test/standins/tsa/server.ts';
import { provinceTestSigner } from '../../platform/audit/testing.ts';
import { createTestDb, type TestDb } from '../../platform/db/testing.ts';
import type { Signer } from '../../platform/pdf/index.ts';
import { exportExchangeArchive } from './export-log.ts';
import type { Gateway } from './gateway.ts';
import { lookupPopulation } from './lookup-population.ts';
import { exchangeBatches } from './schema.ts';
import { sealBatch, stampPendingBatches } from './seal-batches.ts';
import { type Registers, receiverCaller, sampleCitizen, startRegisters, testGateway } from './testing.ts';
import { ARCHIVE_WARNINGS, verifyExchangeArchive } from './verify-archive.ts';

let t: TestDb;
let tsa: TsaStandIn;
let signer: Signer;
let registers: Registers;
let gateway: Gateway;
before(async () => {
  [t, tsa, signer, registers] = await Promise.all([
    createTestDb(),
    startTsaStandIn(),
    provinceTestSigner(),
    startRegisters(),
  ]);
  gateway = testGateway(registers, signer).gateway;
});
after(async () => {
  gateway.close();
  await Promise.all([t.close(), tsa.close(), registers.close()]);
});

const later = (seconds: number) => new Date(Date.now() + seconds * 1000);
const lookUp = () =>
  lookupPopulation(
    t.db,
    receiverCaller(),
    { personalId: sampleCitizen.personalId, consent: true, procedureCode: '1.001193' },
    { provinceCode: '08', gateway },
  );
const alterations = (text: string) => verifyExchangeArchive(text).problems.filter((p) => !ARCHIVE_WARNINGS.has(p.kind));

test('the signed, time-stamped log verifies offline; a TSA outage queues the stamps and they catch up', async () => {
  await lookUp();
  await lookUp();
  const first = await sealBatch(t.db, { provinceCode: '08', signer, now: later(5) });
  assert.equal(first?.records, 2);
  assert.deepEqual(await stampPendingBatches(t.db, tsa.url), { stamped: 1, pending: 0 });

  // The TSA goes down: the gateway carries on, the next batch is sealed and signed, its stamp queued.
  tsa.down();
  await lookUp();
  const second = await sealBatch(t.db, { provinceCode: '08', signer, now: later(10) });
  assert.equal(second?.records, 1);
  const outage = await stampPendingBatches(t.db, tsa.url);
  assert.equal(outage.stamped, 0);
  assert.equal(outage.pending, 1);
  const during = verifyExchangeArchive(await exportExchangeArchive(t.db, { provinceCode: '08', signer }));
  assert.deepEqual(
    during.problems.map((p) => p.kind),
    ['unstamped'],
  );

  // Back up: the queued batch is stamped, nothing is left unstamped.
  tsa.up();
  assert.deepEqual(await stampPendingBatches(t.db, tsa.url), { stamped: 1, pending: 0 });
  const unstamped = await t.db.select().from(exchangeBatches).where(isNull(exchangeBatches.timestampToken));
  assert.deepEqual(unstamped, []);

  const archive = await exportExchangeArchive(t.db, { provinceCode: '08', signer });
  const report = verifyExchangeArchive(archive);
  assert.deepEqual(report.problems, []);
  assert.equal(report.batches, 2);
  assert.equal(report.records, 3);
  assert.equal(report.stamped, 2);
  assert.match(report.tsas[0] ?? '', /CN=Test TSA/);
  // The log holds who, which service, why, sizes, time and result — not the citizen's data.
  assert.ok(!archive.includes(sampleCitizen.personalId));
  assert.ok(!archive.includes('Nguyễn Thị Hoa'));
  assert.match(archive, /"service":"population.citizen"|"serviceId":"population.citizen"/);
});

test('one changed byte, a removed record, a removed batch or a cut tail is detected offline', async () => {
  const archive = await exportExchangeArchive(t.db, { provinceCode: '08', signer });
  const lines = archive.trimEnd().split('\n');
  const recordAt = lines.findIndex((l) => l.startsWith('{"record"'));
  const batchAt = lines.findIndex((l, i) => i > 1 && l.startsWith('{"batch"'));

  const changed = lines.slice();
  changed[recordAt] = (changed[recordAt] ?? '').replace('"latencyMs":', '"latencyMs":1');
  assert.ok(alterations(changed.join('\n')).some((p) => p.kind === 'record_signature'));

  // One byte of the purpose text, then the closing line re-made without the key (an attacker has no key).
  const byte = lines.slice();
  byte[recordAt] = (byte[recordAt] ?? '').replace('Tiếp nhận', 'Tiếp nhậN');
  const kinds = alterations(`${byte.join('\n')}\n`).map((p) => p.kind);
  assert.ok(
    kinds.includes('record_signature') && kinds.includes('batch_digest') && kinds.includes('archive_signature'),
  );

  const removed = lines.filter((_, i) => i !== recordAt);
  const removedKinds = alterations(`${removed.join('\n')}\n`).map((p) => p.kind);
  assert.ok(removedKinds.includes('batch_records') && removedKinds.includes('batch_digest'));

  // A whole batch (and its records) taken out: the next batch no longer chains.
  const secondBatchRecords = lines.slice(batchAt).findIndex((l, i) => i > 0 && !l.startsWith('{"record"'));
  const withoutFirstBatch = [lines[0] ?? '', ...lines.slice(batchAt)];
  assert.ok(secondBatchRecords > 0);
  assert.ok(alterations(`${withoutFirstBatch.join('\n')}\n`).some((p) => p.kind === 'archive_signature'));
  const withoutBatchBody = lines.filter((_, i) => i === 0 || i >= batchAt);
  const chainCut = verifyExchangeArchive(`${withoutBatchBody.join('\n')}\n`).problems.map((p) => p.kind);
  assert.ok(chainCut.includes('archive_signature'));

  const cut = lines.slice(0, -1);
  assert.ok(alterations(`${cut.join('\n')}\n`).some((p) => p.kind === 'archive_signature'));
});

test('the database refuses to rewrite or delete a sealed record', async () => {
  await assert.rejects(t.db.execute(sql`update exchange_messages set purpose = 'khác'`), (e: Error) =>
    /sealed/.test(String(e.cause)),
  );
  await assert.rejects(t.db.execute(sql`delete from exchange_batches`), (e: Error) =>
    /append-only/.test(String(e.cause)),
  );
});
