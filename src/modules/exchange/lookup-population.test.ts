import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/schema.ts';
import { createTestDb, type TestDb } from '../../platform/db/testing.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Gateway } from './gateway.ts';
import { lookupPopulation } from './lookup-population.ts';
import { exchangeConsents, exchangeMessages } from './schema.ts';
import { type Registers, receiverCaller, sampleCitizen, startRegisters, testGateway } from './testing.ts';
import { dossiersUsingPopulationData, getPopulationPrefill, markDossierUsesPopulationData } from './use-prefill.ts';

let t: TestDb;
let registers: Registers;
let gateway: Gateway;
before(async () => {
  [t, registers] = await Promise.all([createTestDb(), startRegisters()]);
  gateway = testGateway(registers, undefined).gateway;
});
after(async () => {
  gateway.close();
  await Promise.all([t.close(), registers.close()]);
});

const ctx = () => ({ provinceCode: '08', gateway });
const code = (err: unknown) => (err instanceof DomainError ? err.code : String(err));

test('without the citizen’s consent nothing is asked of the population register', async () => {
  const refused = await lookupPopulation(
    t.db,
    receiverCaller(),
    { personalId: sampleCitizen.personalId, consent: false },
    ctx(),
  ).catch((e) => e);
  assert.equal(code(refused), 'EXCHANGE_CONSENT_REQUIRED');
  assert.equal(registers.population.asked.length, 0);
  assert.equal((await t.db.select().from(exchangeConsents)).length, 0);
  assert.equal((await t.db.select().from(exchangeMessages)).length, 0);
  // Only receivers look people up at the counter.
  const specialist = { ...receiverCaller('s-2'), roles: ['specialist'] as const };
  assert.equal(
    code(
      await lookupPopulation(t.db, specialist, { personalId: sampleCitizen.personalId, consent: true }, ctx()).catch(
        (e) => e,
      ),
    ),
    'FORBIDDEN',
  );
  assert.equal(
    code(await lookupPopulation(t.db, receiverCaller(), { personalId: '12345', consent: true }, ctx()).catch((e) => e)),
    'EXCHANGE_PERSONAL_ID_INVALID',
  );
});

test('with consent the answer prefills the applicant and family fields, the consent and the read are kept, and the dossier is marked', async () => {
  const caller = receiverCaller();
  const { prefillId, data } = await lookupPopulation(
    t.db,
    caller,
    { personalId: sampleCitizen.personalId, consent: true, procedureCode: '1.001193' },
    ctx(),
  );
  assert.deepEqual(registers.population.asked, [sampleCitizen.personalId]);
  assert.equal(data.fullName, 'Nguyễn Thị Hoa');
  assert.equal(data.birthDate, '1985-03-12');
  assert.equal(data.permanentAddress, 'Tổ 5, phường Minh Xuân, tỉnh Tuyên Quang');
  assert.deepEqual(data.father, { fullName: 'Nguyễn Văn Bình', personalId: '008055000111' });
  assert.equal(data.householdHead?.relation, 'Con');

  const [consent] = await t.db.select().from(exchangeConsents);
  assert.equal(consent?.recordedBy, caller.kind === 'staff' ? caller.id : '');
  assert.equal(consent?.method, 'counter_statement');
  const audit = await t.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.stream, `exchange-consent:${consent?.id}`));
  assert.equal(audit[0]?.action, 'exchange.population_read');

  // Only the officer who looked it up gets the data back, once.
  assert.equal((await getPopulationPrefill(t.db, caller, prefillId)).fullName, 'Nguyễn Thị Hoa');
  assert.equal(
    code(await getPopulationPrefill(t.db, receiverCaller('other'), prefillId).catch((e) => e)),
    'EXCHANGE_PREFILL_NOT_FOUND',
  );
  const dossier = { id: 'd-1', code: '000.00.04.H08-261205-0001', procedureCode: '1.001193' };
  assert.equal(await markDossierUsesPopulationData(t.db, caller, prefillId, dossier), true);
  assert.equal(
    await markDossierUsesPopulationData(t.db, caller, prefillId, dossier),
    false,
    'a replay changes nothing',
  );
  assert.equal(code(await getPopulationPrefill(t.db, caller, prefillId).catch((e) => e)), 'EXCHANGE_PREFILL_NOT_FOUND');
  assert.deepEqual(await dossiersUsingPopulationData(t.db, '08'), [{ dossierId: 'd-1', procedureCode: '1.001193' }]);

  // An id the register does not know: said so, and audited as a read that found nobody.
  const unknown = await lookupPopulation(t.db, caller, { personalId: '008085009999', consent: true }, ctx()).catch(
    (e) => e,
  );
  assert.equal(code(unknown), 'EXCHANGE_PERSON_NOT_FOUND');
});
