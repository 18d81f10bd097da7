/**
 * Cold `npm start` to the first 200 on `/` (fresh DATA_DIR: migrations + demo seed), then
 * `/healthz` req/s beside a bare Fastify route measured in the same run.
 * Run: npm run bench:startup
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, load, printTable, startServer, stop } from './lib.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const dataDir = mkdtempSync(path.join(tmpdir(), 'mocua-bench-'));
const appPort = freePort();
const barePort = appPort + 1;

const app = await startServer(
  'npm',
  ['start', '--silent'],
  { PORT: String(appPort), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
  `http://127.0.0.1:${appPort}/`,
);
console.log(`cold npm start → first 200 on /: ${app.startedMs} ms (PGlite, fresh DATA_DIR, migrations + demo seed)`);
const bare = await startServer(
  process.execPath,
  ['--import', 'tsx', 'bench/bare-server.ts'],
  { PORT: String(barePort) },
  `http://127.0.0.1:${barePort}/bare`,
);
try {
  const anchor = await load('bare Fastify route', `http://127.0.0.1:${barePort}/bare`, { seconds });
  const health = await load('/healthz', `http://127.0.0.1:${appPort}/healthz`, { seconds });
  printTable([anchor, health], anchor);
  const file = path.join('bench', 'results', `${new Date().toISOString().slice(0, 10)}-startup.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), coldStartMs: app.startedMs, db: 'pglite', seconds, results: [anchor, health] }, null, 2)}\n`,
  );
  console.log(`\nwritten ${file}`);
} finally {
  await stop(app.child);
  await stop(bare.child);
  rmSync(dataDir, { recursive: true, force: true });
}
