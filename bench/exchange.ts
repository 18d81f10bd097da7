/**
 * `npm run bench:exchange`: the data-sharing gateway's own cost per call. The same SOAP look-up
 * is sent to the population stand-in (test/standins/population) directly — the gateway's own
 * transport with a bearer token fetched once — and through `Gateway.call`, which adds the
 * allow-list, the circuit, the province's signature (ECDSA P-256) over the log record, its
 * insert into the message log and the /metrics figures. Calls alternate one by one so the
 * machine's load falls on both alike; the overhead is the median of the paired differences.
 * Database: TEST_DB=pglite (default, in memory) or TEST_DB=postgres. BENCH_CALLS (default 2000).
 * Writes bench/results/<date>-exchange-<db>.json.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { populationRequest } from '../src/modules/exchange/population-format.ts';
import { sampleCitizen, startRegisters, testGateway } from '../src/modules/exchange/testing.ts';
import { createAgents, send } from '../src/modules/exchange/transport.ts';
import { provinceTestSigner } from '../src/platform/audit/testing.ts';
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

for (let i = 0; i < WARMUP; i++) {
  await direct();
  await viaGateway();
}
const d: number[] = [];
const g: number[] = [];
const diff: number[] = [];
const loadBefore = loadavg()[0] ?? 0;
for (let i = 0; i < CALLS; i++) {
  // Alternate which goes first, so neither always gets the warmer connection.
  let a: number;
  let b: number;
  if (i % 2) {
    a = await direct();
    b = await viaGateway();
  } else {
    b = await viaGateway();
    a = await direct();
  }
  d.push(a);
  g.push(b);
  diff.push(b - a);
}
const loadAfter = loadavg()[0] ?? 0;
const result = {
  date: new Date().toISOString(),
  db: dbKind,
  calls: CALLS,
  loadAverage: [Number(loadBefore.toFixed(1)), Number(loadAfter.toFixed(1))],
  directMs: { p50: median(d), p90: quantile(d, 0.9) },
  gatewayMs: { p50: median(g), p90: quantile(g, 0.9) },
  overheadMs: { medianOfPairedDifferences: median(diff), differenceOfMedians: median(g) - median(d) },
};
const round = (x: number) => x.toFixed(3);
console.log(`exchange gateway on ${dbKind}, ${CALLS} alternated calls, load average ${result.loadAverage.join(' → ')}`);
console.log(`  direct   p50 ${round(result.directMs.p50)} ms  p90 ${round(result.directMs.p90)} ms`);
console.log(`  gateway  p50 ${round(result.gatewayMs.p50)} ms  p90 ${round(result.gatewayMs.p90)} ms`);
console.log(
  `  overhead per call, median of paired differences: ${round(result.overheadMs.medianOfPairedDifferences)} ms (goal ≤ 2 ms)`,
);
const file = path.join('bench', 'results', `${result.date.slice(0, 10)}-exchange-${dbKind}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(`written ${file}`);
gateway.close();
agents.http.destroy();
await registers.close();
await db.close();
