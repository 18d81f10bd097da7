/**
 * Before/after on a generated history, on a shared machine: the same routes against servers
 * started from several code trees, interleaved round by round, so that the machine's load
 * falls on each tree alike. Also counts the statements one request of each route sends.
 *   PROBE_DB_URL=postgres://…/mocua_bench_history_100000 (or PROBE_DATA_DIR=<pglite dir>)
 *   PROBE_TREES=/path/a,/path/b (default: this tree)   PROBE_ROUTES=inbox,workspace,search,…
 *   PROBE_SECONDS (default 5)   PROBE_ROUNDS (default 2)   PROBE_CPU_PROF=<dir> (node --cpu-prof)
 *   npm exec -- tsx bench/history-probe.ts
 * Reads the demo officers' passwords as `bench/history.ts` leaves them (changed at the first
 * sign-in on PostgreSQL).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { signIn } from './history.ts';
import { freePort, type LoadResult, load, startServer, stop } from './lib.ts';

const url = process.env.PROBE_DB_URL;
const dataDir = process.env.PROBE_DATA_DIR;
const trees = (process.env.PROBE_TREES ?? process.cwd()).split(',');
const seconds = Number(process.env.PROBE_SECONDS ?? 5);
const rounds = Number(process.env.PROBE_ROUNDS ?? 2);
const prof = process.env.PROBE_CPU_PROF;

const routes: Record<string, { path: string; who: 'receiver' | 'specialist'; br?: boolean }> = {
  inbox: { path: '/api/v1/dossiers?limit=20', who: 'receiver' },
  specialist: { path: '/api/v1/dossiers?limit=20', who: 'specialist' },
  finished: { path: '/api/v1/dossiers?finished=true&limit=20', who: 'receiver' },
  counts: { path: '/api/v1/dossiers?limit=1', who: 'receiver' },
  workspace: { path: '/workspace', who: 'receiver', br: true },
  search: { path: `/api/v1/dossiers?limit=20&q=${encodeURIComponent('Nguyễn Văn An')}`, who: 'receiver' },
  searchpage: { path: `/workspace/tim-kiem?q=${encodeURIComponent('0912')}`, who: 'receiver', br: true },
  healthz: { path: '/healthz', who: 'receiver' },
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

const results = new Map<string, LoadResult[]>();
for (let round = 0; round < rounds; round++) {
  for (const tree of trees) {
    const port = freePort();
    const base = `http://127.0.0.1:${port}`;
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
      const cookies = {
        receiver: await signIn(base, 'tiepnhan.minhxuan'),
        specialist: await signIn(base, 'chuyenvien.minhxuan'),
      };
      for (const name of wanted) {
        const r = routes[name];
        if (!r) throw new Error(`unknown route ${name}`);
        const headers = { cookie: cookies[r.who], ...(r.br ? { 'accept-encoding': 'br' } : {}) };
        const check = await fetch(`${base}${r.path}`, { headers, redirect: 'manual' });
        if (check.status !== 200) throw new Error(`${name}: ${check.status} ${await check.text()}`);
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
    }
  }
}
console.log('\n| route @ tree | req/s per round | p50 ms | p99 ms |\n|---|---|---|---|');
for (const [name, rs] of results) {
  console.log(
    `| ${name} | ${rs.map((r) => r.requestsPerSec).join(', ')} | ${rs.map((r) => r.p50).join(', ')} | ${rs.map((r) => r.p99).join(', ')} |`,
  );
}
