/**
 * `npm exec -- tsx bench/two-nodes.ts`: durable dossier submissions on one node against two
 * nodes on the same PostgreSQL (issue 19 item 6: two nodes ≥ 1.6× one). Two `mocua start`
 * processes on one fresh database (the first migrates and seeds, the second finds it done); the submission scenarios of
 * `npm run bench` (scenarios.ts) at 50 connections on node A alone, then 25 + 25 on A and B at
 * once (one autocannon each, the same time window), alternated `BENCH_ROUNDS` (2) times;
 * `BENCH_SECONDS` (10) per load. Prints req/s, the ratio and the load average; writes
 * bench/results/<date>-postgres-two-nodes.json. Loopback only.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchServerEnv, freePort, freshPostgres, type LoadResult, load, startServer, stop } from './lib.ts';
import { scenarios } from './scenarios.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const pgDb = await freshPostgres('bench_two');
const dirs: string[] = [];
const started: Array<Awaited<ReturnType<typeof startServer>>> = [];
async function node(): Promise<string> {
  const port = freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mocua-bench-two-'));
  dirs.push(dataDir);
  const base = `http://127.0.0.1:${port}`;
  started.push(
    await startServer(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'start'],
      // SEED_DEMO on both: a node started without it disables the demo accounts the bench signs in with.
      benchServerEnv(port, dataDir, pgDb.url),
      `${base}/readyz`,
      180_000,
    ),
  );
  return base;
}

const out: Array<{ scenario: string; round: number; one: LoadResult; two: LoadResult[]; loadavg: string }> = [];
try {
  const a = await node();
  const b = await node();
  for (const scenario of scenarios.filter((s) => s.name.includes('dossier submission'))) {
    // Prepared through node A: the sessions live in the database, so node B accepts them too.
    const prepared = await scenario.prepare(a);
    for (let round = 1; round <= rounds; round++) {
      const one = await load(`${scenario.name}, node A`, `${a}${prepared.path}`, { seconds, ...prepared.options });
      const two = await Promise.all(
        [a, b].map((base, i) =>
          load(`${scenario.name}, node ${'AB'[i]}`, `${base}${prepared.path}`, {
            seconds,
            ...prepared.options,
            connections: 25,
          }),
        ),
      );
      const sum = two.reduce((s, r) => s + r.requestsPerSec, 0);
      const errors = [one, ...two].reduce((s, r) => s + r.errors + r.non2xx, 0);
      out.push({ scenario: scenario.name, round, one, two, loadavg: loadavg() });
      console.log(
        `${scenario.name}, round ${round}: one node ${one.requestsPerSec}/s, two nodes ${two.map((r) => r.requestsPerSec).join(' + ')} = ${sum}/s ` +
          `(×${(sum / Math.max(1, one.requestsPerSec)).toFixed(2)}); errors + non-2xx ${errors}; load average ${loadavg()}`,
      );
    }
  }
  const file = path.join('bench', 'results', `${new Date().toISOString().slice(0, 10)}-postgres-two-nodes.json`);
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), seconds, results: out }, null, 2)}\n`);
  console.log(`written ${file}`);
} finally {
  for (const s of started) await stop(s.child);
  await pgDb.drop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
