/**
 * `npm run bench`: one table of req/s, p50, p99, errors and the ratio to a bare Fastify route
 * measured in the same run, for each scenario on PostgreSQL and on PGlite; writes
 * bench/results/<date>-<db>.json. Loopback only, bounded in time.
 *   BENCH_SECONDS (default 10), BENCH_DB=postgres|pglite|both (default both),
 *   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test, a fresh database is made beside it)
 * Then the officers' screens on a generated history (history.ts): BENCH_HISTORY_PG (default
 * 1000000 dossiers), BENCH_HISTORY_PGLITE (default 100000); 0 skips; BENCH_ONLY_HISTORY=1 runs only those.
 * Then the documents module on a generated province (documents.ts, PostgreSQL): BENCH_DOCUMENTS_PG
 * (default 1000000 documents; 0 skips); BENCH_ONLY_DOCUMENTS=1 runs only that.
 * Then the operations centre (insights.ts): BENCH_INSIGHTS_PG (default 10000000; 0 skips).
 * On PostgreSQL, pgbench's rate for a 4-INSERT transaction (lib.ts `pgbenchInserts`) in the same
 * run, printed beside the submission scenarios; skipped with the reason when pgbench is absent.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchDocuments } from './documents.ts';
import { benchHistory } from './history.ts';
import { benchInsights } from './insights.ts';
import {
  benchServerEnv,
  freePort,
  freshPostgres,
  type LoadResult,
  load,
  type PgbenchResult,
  pgbenchInserts,
  printTable,
  startServer,
  stop,
} from './lib.ts';
import { scenarios } from './scenarios.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const which = process.env.BENCH_DB ?? 'both';

async function benchOne(db: 'postgres' | 'pglite'): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `mocua-bench-${db}-`));
  const pgDb = db === 'postgres' ? await freshPostgres('bench') : undefined;
  const port = freePort();
  const barePort = port + 1;
  const base = `http://127.0.0.1:${port}`;
  const env = benchServerEnv(port, dataDir, pgDb?.url);
  const server = await startServer(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'start'],
    env,
    `${base}/readyz`,
    180_000,
  );
  const bare = await startServer(
    process.execPath,
    ['--import', 'tsx', 'bench/bare-server.ts'],
    { PORT: String(barePort) },
    `http://127.0.0.1:${barePort}/bare`,
  );
  const rows: LoadResult[] = [];
  try {
    const anchor = await load('bare Fastify route', `http://127.0.0.1:${barePort}/bare`, { seconds });
    rows.push(anchor);
    // The database's own rate for a filing-shaped transaction, in the same run (issue 19 item 6).
    const pgbench = db === 'postgres' ? await pgbenchInserts(seconds) : undefined;
    for (const scenario of scenarios) {
      const prepared = await scenario.prepare(base);
      rows.push(await load(scenario.name, `${base}${prepared.path}`, { seconds, ...prepared.options }));
    }
    console.log(`\n${db} (${seconds} s per route, 50 connections):`);
    printTable(rows, anchor);
    if (pgbench) printPgbench(pgbench, rows);
    const file = path.join('bench', 'results', `${new Date().toISOString().slice(0, 10)}-${db}.json`);
    const loadavg = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    writeFileSync(
      file,
      `${JSON.stringify({ date: new Date().toISOString(), db, seconds, loadavg, pgbench, results: rows }, null, 2)}\n`,
    );
    console.log(`written ${file}`);
  } finally {
    await stop(server.child);
    await stop(bare.child);
    await pgDb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** pgbench's 4-insert rate, and each submission scenario's share of it (the goal: ≥ 35 % spread over agencies). */
function printPgbench(result: PgbenchResult | { skipped: string }, rows: LoadResult[]): void {
  if ('skipped' in result) {
    console.log(`pgbench skipped: ${result.skipped}`);
    return;
  }
  console.log(
    `\n${result.name}: ${result.tps} tps (latency average ${result.latencyMs} ms; ` +
      `PostgreSQL backends' CPU ${result.backendCpuMsPerTransaction} ms a transaction)`,
  );
  for (const r of rows.filter((row) => row.name.includes('submission'))) {
    console.log(
      `  ${r.name}: ${r.requestsPerSec}/s = ${Math.round((100 * r.requestsPerSec) / Math.max(1, result.tps))}% of pgbench`,
    );
  }
}

const onlyDocuments = process.env.BENCH_ONLY_DOCUMENTS === '1';
const onlyHistory = process.env.BENCH_ONLY_HISTORY === '1' || onlyDocuments;
const historyPg = onlyDocuments ? 0 : Number(process.env.BENCH_HISTORY_PG ?? 1_000_000);
const historyPglite = onlyDocuments ? 0 : Number(process.env.BENCH_HISTORY_PGLITE ?? 100_000);
const documentsPg = process.env.BENCH_ONLY_HISTORY === '1' ? 0 : Number(process.env.BENCH_DOCUMENTS_PG ?? 1_000_000);
if (which === 'both' || which === 'postgres') {
  if (!onlyHistory) await benchOne('postgres');
  if (historyPg > 0) await benchHistory('postgres', historyPg, seconds);
  if (documentsPg > 0) await benchDocuments(documentsPg, seconds);
  // The operations centre over BENCH_INSIGHTS_PG (default 10,000,000) generated dossiers (insights.ts).
  const insightsPg = onlyHistory ? 0 : Number(process.env.BENCH_INSIGHTS_PG ?? 10_000_000);
  if (insightsPg > 0) await benchInsights(insightsPg, Number(process.env.BENCH_INSIGHTS_REPEAT ?? 30));
}
if (which === 'both' || which === 'pglite') {
  if (!onlyHistory) await benchOne('pglite');
  if (historyPglite > 0) await benchHistory('pglite', historyPglite, seconds);
}
