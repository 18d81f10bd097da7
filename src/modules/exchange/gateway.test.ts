import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { desc } from 'drizzle-orm';
import { provinceTestSigner } from '../../platform/audit/testing.ts';
import { createTestDb, type TestDb } from '../../platform/db/testing.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Signer } from '../../platform/pdf/index.ts';
import { lookupEnterprise, lookupParcel } from './lookup-business.ts';
import { lookupPopulation } from './lookup-population.ts';
import { exchangeMessages } from './schema.ts';
import { type Registers, receiverCaller, sampleCitizen, startRegisters, testGateway } from './testing.ts';

let t: TestDb;
let signer: Signer;
let registers: Registers;
before(async () => {
  [t, signer, registers] = await Promise.all([createTestDb(), provinceTestSigner(), startRegisters()]);
});
after(async () => {
  await Promise.all([t.close(), registers.close()]);
});

const lastRecord = async () =>
  (await t.db.select().from(exchangeMessages).orderBy(desc(exchangeMessages.seq)).limit(1))[0];
const code = (err: unknown) => (err instanceof DomainError ? err.code : String(err));
const specialist = { ...receiverCaller('staff-specialist-1'), roles: ['specialist'] as const } as const;

test('a module or role missing from the service allow-list is refused with a clear error, and the refusal is logged', async () => {
  const { gateway } = testGateway(registers, signer);
  const before = registers.land.counts.calls;
  // Land parcels are open to specialists only: a receiver is refused before anything is sent.
  const refused = await lookupParcel(
    t.db,
    receiverCaller(),
    gateway,
    'dossiers',
    { communeCode: '02215', sheet: '12', parcel: '345' },
    { purpose: 'Thẩm định hồ sơ' },
  ).catch((e) => e);
  assert.equal(code(refused), 'EXCHANGE_ACCESS_DENIED');
  assert.equal(refused.status, 403);
  assert.match(refused.message, /không có trong danh sách được phép/);
  assert.equal(registers.land.counts.calls, before);
  const record = await lastRecord();
  assert.equal(record?.result, 'refused');
  assert.equal(record?.serviceId, 'land.parcel');
  // Another module with an allowed role is refused too: the list names module and role together.
  const otherModule = await lookupParcel(
    t.db,
    specialist,
    gateway,
    'feedback',
    { communeCode: '02215', sheet: '12', parcel: '345' },
    { purpose: 'x' },
  ).catch((e) => e);
  assert.equal(code(otherModule), 'EXCHANGE_ACCESS_DENIED');
  const parcel = await lookupParcel(
    t.db,
    specialist,
    gateway,
    'dossiers',
    { communeCode: '02215', sheet: '12', parcel: '345' },
    { purpose: 'Thẩm định hồ sơ', dossierRef: '000.00.04.H08-261205-0001' },
  );
  assert.equal(parcel?.areaM2, 180.5);
  assert.equal((await lastRecord())?.dossierRef, '000.00.04.H08-261205-0001');
  gateway.close();
});

test('OAuth client-credentials tokens are cached and renewed once the provider revokes them', async () => {
  const { gateway } = testGateway(registers, signer);
  const tokensBefore = registers.business.counts.tokens;
  const why = { purpose: 'Tiếp nhận hồ sơ đăng ký hộ kinh doanh' };
  const e1 = await lookupEnterprise(t.db, receiverCaller(), gateway, 'dossiers', '5000123456', why);
  await lookupEnterprise(t.db, receiverCaller(), gateway, 'dossiers', '5000123456', why);
  assert.equal(e1?.name, 'Công ty TNHH Chè Tân Trào');
  assert.equal(registers.business.counts.tokens - tokensBefore, 1);
  registers.business.revokeTokens();
  assert.equal(await lookupEnterprise(t.db, receiverCaller(), gateway, 'dossiers', '0100000000', why), undefined);
  assert.equal(registers.business.counts.tokens - tokensBefore, 2);
  gateway.close();
});

test('register outage: retries, then the circuit opens, the counter is told to enter by hand, and it closes on recovery', async () => {
  let now = Date.now();
  const { gateway, registry } = testGateway(registers, signer, { now: () => now, timeoutMs: 300, retries: 1 });
  const ask = () =>
    lookupPopulation(
      t.db,
      receiverCaller(),
      { personalId: sampleCitizen.personalId, consent: true },
      { provinceCode: '08', gateway },
    );
  assert.equal((await ask()).data.fullName, 'Nguyễn Thị Hoa');

  registers.population.down();
  const first = await ask().catch((e) => e);
  assert.equal(code(first), 'EXCHANGE_REGISTER_UNAVAILABLE');
  assert.match(first.message, /nhập tay/);
  assert.equal((await lastRecord())?.attempts, 2, 'an idempotent look-up is retried once');
  registers.population.hang();
  const second = await ask().catch((e) => e);
  assert.equal(code(second), 'EXCHANGE_REGISTER_UNAVAILABLE');
  assert.equal((await lastRecord())?.result, 'timeout');
  assert.equal(gateway.circuitOf('population.citizen'), 'open');

  // Open: refused at once, nothing sent, the counter goes on by hand.
  const asked = registers.population.asked.length;
  const started = performance.now();
  const third = await ask().catch((e) => e);
  assert.equal(code(third), 'EXCHANGE_REGISTER_UNAVAILABLE');
  assert.ok(performance.now() - started < 250, 'no waiting on a dead register');
  assert.equal(registers.population.asked.length, asked);
  assert.equal((await lastRecord())?.result, 'circuit_open');

  // After the open period one trial goes through; the register is back, the circuit closes.
  registers.population.up();
  now += 31_000;
  assert.equal(gateway.circuitOf('population.citizen'), 'half_open');
  assert.equal((await ask()).data.personalId, sampleCitizen.personalId);
  assert.equal(gateway.circuitOf('population.citizen'), 'closed');

  const metrics = await registry.metrics();
  assert.match(metrics, /exchange_calls_total\{service="population.citizen",result="ok"\} 2/);
  assert.match(metrics, /exchange_calls_total\{service="population.citizen",result="circuit_open"\} 1/);
  assert.match(metrics, /exchange_calls_total\{service="population.citizen",result="timeout"\} 1/);
  assert.match(metrics, /exchange_bytes_total\{service="population.citizen",direction="in"\} \d+/);
  assert.match(metrics, /exchange_call_duration_seconds_bucket/);
  assert.match(metrics, /exchange_circuit_state\{service="population.citizen"\} 0/);
  gateway.close();
});
