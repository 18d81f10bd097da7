import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDb, type TestDb } from '../../platform/db/testing.ts';
import { nextDossierCode } from './codes.ts';

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(() => t.close());

const at = new Date('2026-11-23T02:00:00Z'); // 09:00 in Tuyên Quang

test('200 concurrent receptions at one agency get 200 distinct codes without gaps', async () => {
  const codes = await Promise.all(
    Array.from({ length: 200 }, () => t.db.transaction((tx) => nextDossierCode(tx, '000.00.04.H08', at))),
  );
  assert.equal(new Set(codes).size, 200);
  const seqs = codes.map((c) => Number(c.slice(-4))).sort((a, b) => a - b);
  assert.deepEqual(
    seqs,
    Array.from({ length: 200 }, (_, i) => i + 1),
  );
  assert.ok(codes.every((c) => c.startsWith('000.00.04.H08-261123-')));
});

test('a rolled-back reception gives its number back', async () => {
  await assert.rejects(
    t.db.transaction(async (tx) => {
      await nextDossierCode(tx, '000.00.05.H08', at);
      throw new Error('reception failed');
    }),
  );
  const code = await t.db.transaction((tx) => nextDossierCode(tx, '000.00.05.H08', at));
  assert.equal(code, '000.00.05.H08-261123-0001');
});

test('the sequence starts again each day, in Vietnam time', async () => {
  const lateEvening = new Date('2026-11-23T16:59:00Z'); // 23:59 on 23/11 in Vietnam
  const nextMorning = new Date('2026-11-23T17:01:00Z'); // 00:01 on 24/11
  assert.match(await t.db.transaction((tx) => nextDossierCode(tx, '000.00.06.H08', lateEvening)), /-261123-0001$/);
  assert.match(await t.db.transaction((tx) => nextDossierCode(tx, '000.00.06.H08', nextMorning)), /-261124-0001$/);
});
