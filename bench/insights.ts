/**
 * The operations centre on a province's history (issue 17): a PostgreSQL database filled by
 * `mocua demo generate --dossiers N --insights-only` (the insights read models and their
 * rollups; made once and kept as `mocua_bench_insights_<N>` beside BENCH_DATABASE_URL, or the
 * database named by BENCH_INSIGHTS_URL), then, signed in as a leader, one request at a time:
 * the dashboard page (every figure, the breakdown, the trend, the overdue list, the agencies'
 * 766 ranking), the 766 index page (every agency) and form 06 (Excel) for a month, a quarter and
 * a year, each BENCH_INSIGHTS_REPEAT times (default 30) after 2 warm-up requests: p50, p99, max,
 * and the CPU per request of the server process and of the database's backends (/proc, utime +
 * stime, read before and after each route's run; the server's background jobs count too).
 * Records the generation time and the database size.
 *   BENCH_INSIGHTS_PG (default 10000000; 0 skips), BENCH_INSIGHTS_PERIODS (default: this
 *   month, this quarter, this year and last year).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { signIn } from './history.ts';
import { cpuSeconds, freePort, startServer, stop } from './lib.ts';

/** CPU seconds of the server process and of the database's client backends, by pid. */
async function cpuNow(watch: pg.Client, serverPid: number): Promise<{ node: number; pg: Map<number, number> }> {
  const { rows } = await watch.query<{ pid: number }>(
    `select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'
       and pid <> pg_backend_pid()`,
  );
  const pgCpu = new Map<number, number>();
  for (const { pid } of rows) {
    const cpu = cpuSeconds(pid);
    if (cpu !== undefined) pgCpu.set(pid, cpu);
  }
  return { node: cpuSeconds(serverPid) ?? 0, pg: pgCpu };
}

interface Timing {
  route: string;
  period: string;
  n: number;
  p50: number;
  p99: number;
  max: number;
  bytes: number;
  /** CPU per request (user + system, /proc): the server's Node process, the database's backends. */
  nodeCpuMs: number;
  pgCpuMs: number;
}

function ensureDatabase(n: number): { url: string; generatedSeconds: number | null } {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  if (process.env.BENCH_INSIGHTS_URL) return { url: process.env.BENCH_INSIGHTS_URL, generatedSeconds: null };
  const name = `mocua_bench_insights_${n}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const exists = execFileSync('psql', [adminUrl, '-Atc', `select 1 from pg_database where datname = '${name}'`])
    .toString()
    .trim();
  if (exists === '1') return { url: url.toString(), generatedSeconds: null };
  execFileSync('psql', [adminUrl, '-qc', `create database ${name}`]);
  const t0 = performance.now();
  execFileSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'demo', 'generate', '--dossiers', String(n), '--insights-only'],
    { env: { ...process.env, DATABASE_URL: url.toString(), SEED_DEMO: 'true', LOG_LEVEL: 'warn' }, stdio: 'inherit' },
  );
  return { url: url.toString(), generatedSeconds: Math.round((performance.now() - t0) / 1000) };
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;

async function time(
  base: string,
  cookie: string,
  path: string,
  repeat: number,
  cpu: () => Promise<{ node: number; pg: Map<number, number> }>,
): Promise<Omit<Timing, 'route' | 'period'>> {
  const once = async () => {
    const t0 = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { cookie, 'accept-encoding': 'gzip' } });
    const body = await res.arrayBuffer();
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${Buffer.from(body).toString().slice(0, 300)}`);
    return { ms, bytes: body.byteLength };
  };
  await once();
  await once();
  const samples: number[] = [];
  let bytes = 0;
  const before = await cpu();
  for (let i = 0; i < repeat; i++) {
    const r = await once();
    samples.push(r.ms);
    bytes = r.bytes;
  }
  const after = await cpu();
  samples.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  // A backend opened during the run counts whole; one closed during it is missed (the pool keeps them).
  let pgSeconds = 0;
  for (const [pid, seconds] of after.pg) pgSeconds += seconds - (before.pg.get(pid) ?? 0);
  return {
    nodeCpuMs: round(((after.node - before.node) * 1000) / repeat),
    pgCpuMs: round((pgSeconds * 1000) / repeat),
    n: repeat,
    p50: round(quantile(samples, 0.5)),
    p99: round(quantile(samples, 0.99)),
    max: round(samples.at(-1) ?? 0),
    bytes,
  };
}

function defaultPeriods(now: Date): string[] {
  const local = new Date(now.getTime() + 7 * 3_600_000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + 1;
  return [`${y}-${String(m).padStart(2, '0')}`, `${y}-Q${Math.ceil(m / 3)}`, `${y}`, `${y - 1}`];
}

export async function benchInsights(n: number, repeat: number): Promise<void> {
  const { url, generatedSeconds } = ensureDatabase(n);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const size = Number((await c.query('select pg_database_size(current_database()) as b')).rows[0]?.b ?? 0);
  const counts = (
    await c.query(`select (select count(*) from insights_dossiers)::int as dossiers,
      (select count(*) from insights_daily)::int as daily, (select count(*) from insights_monthly)::int as monthly`)
  ).rows[0] as { dossiers: number; daily: number; monthly: number };
  await c.end();
  const port = freePort();
  const server = await startServer(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'start'],
    {
      DATABASE_URL: url,
      DATA_DIR: `/tmp/mocua_bench_insights_${n}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      SEED_DEMO: 'true',
    },
    `http://127.0.0.1:${port}/healthz`,
    300_000,
  );
  const base = `http://127.0.0.1:${port}`;
  const results: Timing[] = [];
  const watch = new pg.Client({ connectionString: url });
  await watch.connect();
  const serverPid = server.child.pid ?? 0;
  try {
    const cookie = await signIn(base, process.env.BENCH_INSIGHTS_LOGIN ?? 'lanhdao.tuphap');
    const periods = process.env.BENCH_INSIGHTS_PERIODS?.split(',') ?? defaultPeriods(new Date());
    for (const period of periods) {
      const routes: Array<[string, string]> = [
        ['dashboard page', `/dashboard?ky=${period}`],
        ['766 index, every agency', `/dashboard/chi-so-766?ky=${period}&cap=co-quan`],
        ['form 06 (xlsx), province', `/dashboard/bao-cao/tai-ve?ky=${period}&mau=06&dinh-dang=xlsx&cap=tinh`],
      ];
      for (const [route, path] of routes) {
        const t = await time(base, cookie, path, repeat, () => cpuNow(watch, serverPid));
        results.push({ route, period, ...t });
        console.log(
          `${route.padEnd(28)} ${period.padEnd(8)} p50 ${t.p50} ms  p99 ${t.p99} ms  max ${t.max} ms  CPU/request: Node ${t.nodeCpuMs} ms, PostgreSQL ${t.pgCpuMs} ms`,
        );
      }
    }
  } finally {
    await watch.end();
    await stop(server.child);
  }
  const [l1, l5, l15] = readFileSync('/proc/loadavg', 'utf8').split(' ');
  const load = `load average: ${l1}, ${l5}, ${l15}`;
  console.log(
    `\n${counts.dossiers} dossiers, ${counts.daily} daily and ${counts.monthly} monthly rollup rows; database ${(size / 1_073_741_824).toFixed(2)} GB; generated in ${generatedSeconds ?? '(kept)'} s; ${load}`,
  );
  // Named by what the database holds (BENCH_INSIGHTS_URL may name any database).
  const file = `bench/results/${new Date().toISOString().slice(0, 10)}-postgres-insights-${counts.dossiers}.json`;
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), dossiers: counts.dossiers, rollups: counts, databaseBytes: size, generatedSeconds, uptime: load, results }, null, 2)}\n`,
  );
  console.log(`written ${file}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchInsights(
    Number(process.env.BENCH_INSIGHTS_PG ?? 10_000_000),
    Number(process.env.BENCH_INSIGHTS_REPEAT ?? 30),
  );
}
