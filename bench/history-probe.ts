/**
 * Before/after on a generated history, on a shared machine: the same routes against servers
 * started from several code trees, interleaved round by round, so that the machine's load
 * falls on each tree alike. Also counts the statements one request of each route sends.
 *   PROBE_DB_URL=postgres://…/mocua_bench_history_100000 (or PROBE_DATA_DIR=<pglite dir>)
 *   PROBE_TREES=/path/a,/path/b (default: this tree)   PROBE_ROUTES=inbox,workspace,search,…
 *   PROBE_SECONDS (default 5)   PROBE_ROUNDS (default 2)   PROBE_CPU_PROF=<dir> (node --cpu-prof)
 *   PROBE_COUNT=1: no load; one request of each route with the database's statement log on
 *   (PostgreSQL, `log_statement` set on the database while the server runs; reads the server
 *   log PROBE_PG_LOG, default Debian's), printing the statements it sent.
 * `tracking` is the public tracking API for the first filed dossier (no sign-in).
 * `docinbox` and `docsearch` are the documents module's pages, for a `mocua demo generate
 * documents` database (the specialist `chuyenvien.tuphap`).
 *   npm exec -- tsx bench/history-probe.ts
 * Reads the demo officers' passwords as `bench/history.ts` leaves them (changed at the first
 * sign-in on PostgreSQL).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { signIn } from './history.ts';
import { freePort, type LoadResult, load, startServer, stop } from './lib.ts';

const url = process.env.PROBE_DB_URL;
const dataDir = process.env.PROBE_DATA_DIR;
const trees = (process.env.PROBE_TREES ?? process.cwd()).split(',');
const seconds = Number(process.env.PROBE_SECONDS ?? 5);
const rounds = Number(process.env.PROBE_ROUNDS ?? 2);
const prof = process.env.PROBE_CPU_PROF;

const officers = {
  receiver: 'tiepnhan.minhxuan',
  specialist: 'chuyenvien.minhxuan',
  documents: 'chuyenvien.tuphap',
} as const;
/** The first filed dossier's code and tracking key, for the public tracking route (PostgreSQL). */
function trackingPath(): string {
  if (!url) return '/api/v1/track/none?key=none';
  const out = execFileSync('psql', [
    url,
    '-Atc',
    'select code, tracking_key from dossiers where code is not null limit 1',
  ]);
  const [code, key] = out.toString().trim().split('|');
  return `/api/v1/track/${encodeURIComponent(code ?? '')}?key=${encodeURIComponent(key ?? '')}`;
}
// `who: null`: a public route, no sign-in.
const routes: Record<string, { path: string; who: keyof typeof officers | null; br?: boolean }> = {
  inbox: { path: '/api/v1/dossiers?limit=20', who: 'receiver' },
  specialist: { path: '/api/v1/dossiers?limit=20', who: 'specialist' },
  finished: { path: '/api/v1/dossiers?finished=true&limit=20', who: 'receiver' },
  counts: { path: '/api/v1/dossiers?limit=1', who: 'receiver' },
  workspace: { path: '/workspace', who: 'receiver', br: true },
  search: { path: `/api/v1/dossiers?limit=20&q=${encodeURIComponent('Nguyễn Văn An')}`, who: 'receiver' },
  searchpage: { path: `/workspace/tim-kiem?q=${encodeURIComponent('0912')}`, who: 'receiver', br: true },
  healthz: { path: '/healthz', who: 'receiver' },
  docinbox: { path: '/workspace/van-ban', who: 'documents', br: true },
  docsearch: { path: `/workspace/van-ban?hop=search&q=${encodeURIComponent('báo cáo')}`, who: 'documents', br: true },
  tracking: { path: '', who: null },
};
const wanted = (process.env.PROBE_ROUTES ?? 'inbox,workspace,search').split(',');

/** CPU seconds (user + system) of each process, by pid. */
function cpuByPid(): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = readFileSync(`/proc/${d}/stat`, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      out.set(Number(d), (Number(rest[11]) + Number(rest[12])) / 100);
    } catch {
      // gone
    }
  }
  return out;
}
/** The backends serving the probed database (PostgreSQL only). */
function backends(): number[] {
  if (!url) return [];
  const name = new URL(url).pathname.slice(1);
  const out = execFileSync('psql', [
    url,
    '-Atc',
    `select pid from pg_stat_activity where datname = '${name}' and backend_type = 'client backend'`,
  ]);
  return out.toString().trim().split('\n').filter(Boolean).map(Number);
}

const count = process.env.PROBE_COUNT === '1';
const pgLog = process.env.PROBE_PG_LOG ?? '/var/log/postgresql/postgresql-15-main.log';

/** The statements the probed database logged while `run` ran (log_statement on for it meanwhile). */
async function countStatements(run: () => Promise<unknown>): Promise<string[]> {
  if (!url) return [];
  const name = new URL(url).pathname.slice(1);
  await run();
  await new Promise((r) => setTimeout(r, 300));
  const start = statSync(pgLog).size;
  await run();
  await new Promise((r) => setTimeout(r, 300));
  const text = readFileSync(pgLog, 'utf8').slice(start);
  return text
    .split('\n')
    .filter((l) => l.includes(`@${name} `) && /LOG: {2}(statement|execute)/.test(l))
    .map((l) => l.replace(/^.*LOG: {2}/, '').slice(0, 140));
}

function logStatements(on: boolean): void {
  if (!url) return;
  const name = new URL(url).pathname.slice(1);
  const statement = on
    ? `alter database ${name} set log_statement = 'all'`
    : `alter database ${name} reset log_statement`;
  execFileSync('psql', [url, '-qAtc', statement]);
}

const results = new Map<string, LoadResult[]>();
for (let round = 0; round < rounds; round++) {
  for (const tree of trees) {
    const port = freePort();
    const base = `http://127.0.0.1:${port}`;
    // A database setting reaches only connections opened after it: set before the server starts.
    if (count && url) logStatements(true);
    const server = await startServer(
      path.join(tree, 'node_modules/.bin/node'),
      [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), '--import', 'tsx', 'src/cli/main.ts', 'start'],
      {
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '1000000',
        COUNTER_OUTSIDE_HOURS: 'allow',
        ...(url
          ? { DATABASE_URL: url, SEED_DEMO: 'true', DATABASE_POOL_SIZE: '20', DATA_DIR: '/tmp/mocua-probe-data' }
          : { DATA_DIR: dataDir ?? '' }),
      },
      `${base}/readyz`,
      600_000,
      tree,
    );
    try {
      const cookies = new Map<string, string>();
      for (const name of wanted) {
        const found = routes[name];
        if (!found) throw new Error(`unknown route ${name}`);
        const r = name === 'tracking' ? { ...found, path: trackingPath() } : found;
        const who = r.who;
        if (who && !cookies.has(who)) cookies.set(who, await signIn(base, officers[who]));
        const headers: Record<string, string> = {};
        if (who) headers.cookie = cookies.get(who) ?? '';
        if (r.br) headers['accept-encoding'] = 'br';
        const check = await fetch(`${base}${r.path}`, { headers, redirect: 'manual' });
        if (check.status !== 200) throw new Error(`${name}: ${check.status} ${await check.text()}`);
        if (count) {
          const statements = await countStatements(() => fetch(`${base}${r.path}`, { headers }).then((x) => x.text()));
          console.log(
            `${name} @ ${path.basename(tree)}: ${statements.length} statements\n  ${statements.join('\n  ')}`,
          );
          continue;
        }
        const before = cpuByPid();
        const load1 = await load(`${name} @ ${path.basename(tree)}`, `${base}${r.path}`, { seconds, headers });
        const after = cpuByPid();
        const delta = (pid: number) => (after.get(pid) ?? 0) - (before.get(pid) ?? 0);
        const nodeMs = (1000 * delta(server.child.pid ?? 0)) / Math.max(1, load1.total);
        const dbMs = (1000 * backends().reduce((a, pid) => a + delta(pid), 0)) / Math.max(1, load1.total);
        const uptime = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
        console.log(
          `round ${round + 1} ${load1.name}: ${load1.requestsPerSec} req/s, p50 ${load1.p50}, p99 ${load1.p99}, non-2xx ${load1.non2xx}, errors ${load1.errors}; CPU per request: node ${nodeMs.toFixed(2)} ms, database ${dbMs.toFixed(2)} ms (load ${uptime})`,
        );
        results.set(load1.name, [...(results.get(load1.name) ?? []), load1]);
      }
    } finally {
      await stop(server.child, prof ? 60_000 : 5000);
      if (count && url) logStatements(false);
    }
  }
}
console.log('\n| route @ tree | req/s per round | p50 ms | p99 ms |\n|---|---|---|---|');
for (const [name, rs] of results) {
  console.log(
    `| ${name} | ${rs.map((r) => r.requestsPerSec).join(', ')} | ${rs.map((r) => r.p50).join(', ')} | ${rs.map((r) => r.p99).join(', ')} |`,
  );
}
