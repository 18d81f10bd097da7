/**
 * The process test/crash/exchange-log.test.ts kills: calls to the population stand-in through the
 * gateway, eight at a time, half on their own (group commit) and half inside Gateway.transaction
 * with a write of the caller's, for ever. Prints `answered <messageId>` the moment a caller holds
 * an answer it may use (after `call` returns; for the transaction, after it committed).
 * Database: EXCHANGE_CRASH_DB (postgres://…, migrated).
 */

import { populationRequest } from '../../src/modules/exchange/population-format.ts';
import { exchangeConsents } from '../../src/modules/exchange/schema.ts';
import { sampleCitizen, startRegisters, testGateway } from '../../src/modules/exchange/testing.ts';
import { provinceTestSigner } from '../../src/platform/audit/testing.ts';
import { openDatabase } from '../../src/platform/db/index.ts';

const url = process.env.EXCHANGE_CRASH_DB;
if (!url) throw new Error('EXCHANGE_CRASH_DB is not set');
const database = await openDatabase({ url, poolSize: 10 });
const [signer, registers] = await Promise.all([provinceTestSigner(), startRegisters()]);
const { gateway } = testGateway(registers, signer);
const caller = { actorId: 'staff-receiver-1', roles: ['receiver'], module: 'dossiers' };
const request = {
  method: 'POST' as const,
  headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"TraCuuThongTinCongDan"' },
  body: populationRequest({ personalId: sampleCitizen.personalId, requestId: 'crash', unitCode: 'crash' }),
  idempotent: true,
};
const say = (line: string) => process.stdout.write(`${line}\n`); // a pipe: written synchronously on Linux

async function worker(n: number): Promise<never> {
  for (let i = 0; ; i++) {
    if ((n + i) % 2) {
      const answer = await gateway.call(database.db, caller, 'population.citizen', request, { purpose: 'crash' });
      say(`answered ${answer.messageId}`);
    } else {
      const id = await gateway.transaction(database.db, async (tx) => {
        const answer = await gateway.call(tx, caller, 'population.citizen', request, { purpose: 'crash' });
        await tx.insert(exchangeConsents).values({
          id: crypto.randomUUID(),
          provinceCode: '08',
          personalId: sampleCitizen.personalId,
          method: 'counter_statement',
          purpose: 'crash',
          recordedBy: 'staff-receiver-1',
          at: new Date(),
        });
        return answer.messageId;
      });
      say(`answered ${id}`);
    }
  }
}
say('ready');
await Promise.all(Array.from({ length: 8 }, (_, n) => worker(n)));
