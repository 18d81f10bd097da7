/**
 * `npm run bench:exchange`: the data-sharing gateway's own cost per call. The same SOAP look-up
 * is sent to the population stand-in (test/standins/population) directly — the gateway's own
 * transport with a bearer token fetched once — and through `Gateway.call`, which adds the
 * allow-list, the circuit, the province's signature (ECDSA P-256) over the log record, its
 * insert into the message log and the /metrics figures. Calls alternate one by one so the
 * machine's load falls on both alike; the overhead is the median of the paired differences.
 * Three ways the record is committed (src/modules/exchange/log-writer.ts):
 * - `own`: a call outside any transaction, one at a time: the record's own commit is waited for;
 * - `inTransaction`: the caller's work (an insert of its own) in a transaction, with the direct
 *   call beside it and with `Gateway.transaction` + `call`: the commit is the caller's either way,
 *   the record rides on it;
 * - `concurrent8`: eight callers at once outside any transaction (group commit), direct and
 *   gateway in alternate rounds; the overhead is the difference of the medians.
 * Database: TEST_DB=pglite (default, in memory) or TEST_DB=postgres. BENCH_CALLS (default 2000).
 * Writes bench/results/<date>-exchange-<db>.json.
 */

import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { populationRequest } from '../src/modules/exchange/population-format.ts';
import { exchangeConsents } from '../src/modules/exchange/schema.ts';
import { sampleCitizen, startRegisters, testGateway } from '../src/modules/exchange/testing.ts';
import { createAgents, send } from '../src/modules/exchange/transport.ts';
import { provinceTestSigner } from '../src/platform/audit/testing.ts';
import type { Executor } from '../src/platform/db/index.ts';
import { createTestDb } from '../src/platform/db/testing.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const WARMUP = 200;
const dbKind = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))] ?? 0;

const [db, signer, registers] = await Promise.all([createTestDb(), provinceTestSigner(), startRegisters()]);
const { gateway } = testGateway(registers, signer);
const agents = createAgents();
const caller = { actorId: 'bench', roles: ['receiver'], module: 'dossiers' };
const body = populationRequest({ personalId: sampleCitizen.personalId, requestId: 'bench', unitCode: 'bench' });
const endpoint = `${registers.population.url}/dancu/CongDanService`;
const headers = { 'content-type': 'text/xml; charset=utf-8', soapaction: '"TraCuuThongTinCongDan"' };

// One token for the direct calls (the gateway caches its own).
const token = JSON.parse(
  (
    await send(agents, {
      method: 'POST',
      url: registers.population.tokenUrl,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('mocua-08:bí-mật-của-tỉnh-08').toString('base64')}`,
      },
      body: new TextEncoder().encode('grant_type=client_credentials'),
      timeoutMs: 2000,
    })
  ).body.toString('utf8'),
).access_token as string;

async function direct(): Promise<number> {
  const t0 = performance.now();
  const r = await send(agents, {
    method: 'POST',
    url: endpoint,
    headers: { ...headers, authorization: `Bearer ${token}` },
    body,
    timeoutMs: 2000,
  });
  if (r.status !== 200) throw new Error(`direct ${r.status}`);
  return performance.now() - t0;
}
async function viaGateway(): Promise<number> {
  const t0 = performance.now();
  const r = await gateway.call(
    db.db,
    caller,
    'population.citizen',
    { method: 'POST', headers, body, idempotent: true },
    { purpose: 'bench' },
  );
  if (r.status !== 200) throw new Error(`gateway ${r.status}`);
  return performance.now() - t0;
}

/** The caller's own write in the transaction (as the look-up keeps its consent or prefill). */
const callersWrite = (tx: Executor) =>
  tx.insert(exchangeConsents).values({
    id: randomUUID(),
    provinceCode: '08',
    personalId: sampleCitizen.personalId,
    method: 'counter_statement',
    purpose: 'bench',
    recordedBy: 'bench',
    at: new Date(),
  });
async function directInTransaction(): Promise<number> {
  const t0 = performance.now();
  await db.db.transaction(async (tx) => {
    await direct();
    await callersWrite(tx);
  });
  return performance.now() - t0;
}
async function gatewayInTransaction(): Promise<number> {
  const t0 = performance.now();
  await gateway.transaction(db.db, async (tx) => {
    const r = await gateway.call(
      tx,
      caller,
      'population.citizen',
      { method: 'POST', headers, body, idempotent: true },
      {
        purpose: 'bench',
      },
    );
    if (r.status !== 200) throw new Error(`gateway ${r.status}`);
    await callersWrite(tx);
  });
  return performance.now() - t0;
}

/** Paired, alternated calls of two ways; figures in ms. */
async function paired(a: () => Promise<number>, b: () => Promise<number>, calls: number) {
  for (let i = 0; i < WARMUP; i++) {
    await a();
    await b();
  }
  const as: number[] = [];
  const bs: number[] = [];
  const diff: number[] = [];
  for (let i = 0; i < calls; i++) {
    // Alternate which goes first, so neither always gets the warmer connection.
    let x: number;
    let y: number;
    if (i % 2) {
      x = await a();
      y = await b();
    } else {
      y = await b();
      x = await a();
    }
    as.push(x);
    bs.push(y);
    diff.push(y - x);
  }
  return {
    directMs: { p50: median(as), p90: quantile(as, 0.9) },
    gatewayMs: { p50: median(bs), p90: quantile(bs, 0.9) },
    overheadMs: { medianOfPairedDifferences: median(diff), differenceOfMedians: median(bs) - median(as) },
  };
}

/** `width` callers at once, rounds of direct and gateway alternating; per-call figures in ms. */
async function concurrent(width: number, calls: number) {
  const d: number[] = [];
  const g: number[] = [];
  const round = async (fn: () => Promise<number>, into: number[]) => {
    into.push(...(await Promise.all(Array.from({ length: width }, fn))));
  };
  for (let i = 0; i < WARMUP / width; i++) {
    await round(direct, []);
    await round(viaGateway, []);
  }
  for (let i = 0; i < calls / width; i++) {
    if (i % 2) {
      await round(direct, d);
      await round(viaGateway, g);
    } else {
      await round(viaGateway, g);
      await round(direct, d);
    }
  }
  return {
    directMs: { p50: median(d), p90: quantile(d, 0.9) },
    gatewayMs: { p50: median(g), p90: quantile(g, 0.9) },
    overheadMs: { differenceOfMedians: median(g) - median(d) },
  };
}

const loadBefore = loadavg()[0] ?? 0;
const own = await paired(direct, viaGateway, CALLS);
const inTransaction = await paired(directInTransaction, gatewayInTransaction, CALLS);
const concurrent8 = await concurrent(8, CALLS);
const loadAfter = loadavg()[0] ?? 0;
const result = {
  date: new Date().toISOString(),
  db: dbKind,
  calls: CALLS,
  loadAverage: [Number(loadBefore.toFixed(1)), Number(loadAfter.toFixed(1))],
  own,
  inTransaction,
  concurrent8,
};
const round = (x: number) => x.toFixed(3);
console.log(`exchange gateway on ${dbKind}, ${CALLS} calls each way, load average ${result.loadAverage.join(' → ')}`);
for (const [name, r] of Object.entries({ own, inTransaction, concurrent8 })) {
  const o = r.overheadMs as { medianOfPairedDifferences?: number; differenceOfMedians: number };
  console.log(
    `  ${name.padEnd(13)} direct p50 ${round(r.directMs.p50)} ms  gateway p50 ${round(r.gatewayMs.p50)} ms (p90 ${round(r.gatewayMs.p90)})  overhead ${
      o.medianOfPairedDifferences !== undefined
        ? `${round(o.medianOfPairedDifferences)} ms (median of paired differences)`
        : `${round(o.differenceOfMedians)} ms (difference of medians)`
    }  goal ≤ 2 ms`,
  );
}
const file = path.join('bench', 'results', `${result.date.slice(0, 10)}-exchange-${dbKind}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(`written ${file}`);
gateway.close();
agents.http.destroy();
await registers.close();
await db.close();
