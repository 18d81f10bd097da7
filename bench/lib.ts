/** Shared pieces of the benchmarks: child servers on loopback and bounded autocannon runs. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

export interface RequestShape {
  headers?: Record<string, string>;
  body?: string;
  [key: string]: unknown;
}

export interface LoadResult {
  name: string;
  requestsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

/** Runs autocannon against a loopback URL for a bounded time. */
export async function load(
  name: string,
  url: string,
  opts: {
    seconds?: number;
    connections?: number;
    method?: 'GET' | 'POST';
    body?: string;
    headers?: Record<string, string>;
    /** Per-request set-up, e.g. a fresh Idempotency-Key for every submission. */
    setupRequest?: (request: RequestShape) => RequestShape;
  } = {},
): Promise<LoadResult> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url)) throw new Error(`loopback only: ${url}`);
  const result = await autocannon({
    url,
    duration: opts.seconds ?? 10,
    connections: opts.connections ?? 50,
    method: opts.method ?? 'GET',
    ...(opts.body ? { body: opts.body } : {}),
    headers: opts.headers ?? {},
    // biome-ignore lint/suspicious/noExplicitAny: autocannon's request typing is looser than ours.
    ...(opts.setupRequest ? { requests: [{ setupRequest: opts.setupRequest as any }] } : {}),
  });
  return {
    name,
    requestsPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

/**
 * The settings of a `mocua start` under load: its port and folder, no rate limit, quiet logs, the
 * counter open at any hour (the real clock; issue 23's rule has its own tests), and on PostgreSQL
 * a pool of 20 and the demo accounts the scenarios sign in with.
 */
export function benchServerEnv(port: number, dataDir: string, databaseUrl?: string): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
    COUNTER_OUTSIDE_HOURS: 'allow',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: '20', SEED_DEMO: 'true' } : {}),
  };
}

/** Starts a child process and resolves once `url` answers 200 (or rejects after timeoutMs). */
export async function startServer(
  command: string,
  args: string[],
  env: Record<string, string>,
  url: string,
  timeoutMs = 120_000,
  /** The code tree to start from (before/after probes); default this one. */
  cwd?: string,
): Promise<{ child: ChildProcess; startedMs: number }> {
  const t0 = performance.now();
  // Own process group, so that stopping `npm start` also stops the node it started.
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...(cwd ? { cwd } : {}),
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const deadline = t0 + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const res = await fetch(url);
      if (res.status === 200) return { child, startedMs: Math.round(performance.now() - t0) };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  throw new Error(`server did not answer 200 on ${url} within ${timeoutMs} ms:\n${output}`);
}

/** SIGTERM to the child's group, SIGKILL after `graceMs` (a --cpu-prof run needs longer to write its profile). */
export async function stop(child: ChildProcess, graceMs = 5000) {
  if (child.exitCode !== null || child.pid === undefined) return;
  const group = -child.pid;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(group, s);
    } catch {
      // the group is already gone
    }
  };
  const exited = once(child, 'exit');
  signal('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs))]);
  signal('SIGKILL');
}

export function printTable(rows: LoadResult[], anchor: LoadResult) {
  console.log('\n| route | req/s | p50 ms | p99 ms | errors | non-2xx | vs bare |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const ratio = `${Math.round((100 * r.requestsPerSec) / Math.max(1, anchor.requestsPerSec))}%`;
    console.log(`| ${r.name} | ${r.requestsPerSec} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${ratio} |`);
  }
}

export const freePort = () => 20_000 + Math.floor(Math.random() * 20_000);

/** An empty database on the PostgreSQL of BENCH_DATABASE_URL (default the local `test` one's server), and how to drop it. */
export async function freshPostgres(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `${prefix}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** The pgbench binary: on PATH, or in Debian's /usr/lib/postgresql/<version>/bin; undefined when absent. */
function findPgbench(): string | undefined {
  const onPath = (process.env.PATH ?? '').split(':').map((d) => path.join(d, 'pgbench'));
  let versions: string[] = [];
  try {
    versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  } catch {
    // no Debian layout
  }
  const debian = versions.map((v) => `/usr/lib/postgresql/${v}/bin/pgbench`);
  return [...onPath, ...debian].find((p) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export interface PgbenchResult {
  name: string;
  tps: number;
  clients: number;
  seconds: number;
  transactions: number;
  /** Latency average in ms, as pgbench reports it. */
  latencyMs: number;
  /** CPU (user + system) of PostgreSQL's backends per transaction, from /proc (compare with a filing's). */
  backendCpuMsPerTransaction: number;
}

/** CPU seconds (user + system) of a process from /proc, undefined when it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * The database's own ceiling for a durable filing, measured in the same run as the app: pgbench
 * at `clients` connections, each transaction four INSERTs (a row shaped like a dossier, then a
 * step, an action and an audit entry referring to it), committed synchronously (the server's
 * default, as a filing's answer waits for its flush). In a scratch database beside
 * BENCH_DATABASE_URL, dropped afterwards. Returns the reason instead when pgbench is absent.
 */
export async function pgbenchInserts(seconds: number, clients = 50): Promise<PgbenchResult | { skipped: string }> {
  const binary = findPgbench();
  if (!binary) return { skipped: 'pgbench not found (PATH, /usr/lib/postgresql/*/bin): install postgresql-contrib' };
  const scratch = await freshPostgres('bench_pgbench');
  const dir = mkdtempSync(path.join(tmpdir(), 'mocua-pgbench-'));
  try {
    const c = new pg.Client({ connectionString: scratch.url });
    await c.connect();
    await c.query(`
      create table dossiers (id bigserial primary key, agency int not null, code text not null,
        tracking_key text not null, applicant jsonb not null, form_data jsonb not null, machine jsonb not null,
        state text not null, submitted_at timestamptz not null default now(), created_at timestamptz not null default now());
      create index on dossiers (agency, submitted_at);
      create table steps (dossier_id bigint not null references dossiers, idx int not null, name text not null,
        budget_hours int not null, status text not null, primary key (dossier_id, idx));
      create table actions (id bigserial primary key, dossier_id bigint not null references dossiers, seq int not null,
        type text not null, payload jsonb not null, at timestamptz not null default now());
      create table audit (id bigserial primary key, stream text not null, action text not null, detail jsonb not null,
        hash text not null, at timestamptz not null default now());`);
    await c.end();
    const script = path.join(dir, 'filing.sql');
    writeFileSync(
      script,
      `\\set agency random(1, 50)
BEGIN;
INSERT INTO dossiers (agency, code, tracking_key, applicant, form_data, machine, state)
  VALUES (:agency, 'H08.01-261206-' || :client_id, md5(random()::text),
  '{"type":"citizen","fullName":"Vàng Thị Dí","phone":"0961234567"}',
  '{"ho_ten_tre":"Vàng Thị Dí","ngay_sinh":"2026-11-01","noi_sinh":"Vàng Thị Dí"}',
  '{"value":"received","context":{}}', 'received') RETURNING id \\gset
INSERT INTO steps VALUES (:id, 1, 'Tiếp nhận', 8, 'running');
INSERT INTO actions (dossier_id, seq, type, payload) VALUES (:id, 1, 'submit', '{"channel":"counter"}');
INSERT INTO audit (stream, action, detail, hash) VALUES ('dossier:' || :id, 'dossier.submit', '{"channel":"counter"}', md5(:id::text));
END;
`,
    );
    // The CPU of the scratch database's backends, sampled while pgbench runs (a backend's last
    // sample before it exits counts: at most one interval of it is missed).
    const name = new URL(scratch.url).pathname.slice(1);
    const watch = new pg.Client({ connectionString: scratch.url });
    await watch.connect();
    const first = new Map<number, number>();
    const last = new Map<number, number>();
    let running = true;
    const done = new Promise<string>((resolve, reject) => {
      execFile(
        binary,
        ['-n', '-M', 'prepared', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', script, scratch.url],
        { maxBuffer: 1 << 20 },
        (err, stdout, stderr) => (err ? reject(new Error(`pgbench: ${stderr || err.message}`)) : resolve(stdout)),
      );
    }).finally(() => {
      running = false;
    });
    while (running) {
      const { rows } = await watch.query<{ pid: number }>(
        `select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend' and pid <> pg_backend_pid()`,
        [name],
      );
      for (const { pid } of rows) {
        const cpu = cpuSeconds(pid);
        if (cpu === undefined) continue;
        if (!first.has(pid)) first.set(pid, cpu);
        last.set(pid, cpu);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    await watch.end();
    const out = await done;
    const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? Number.NaN);
    const transactions = num(/number of transactions actually processed: (\d+)/);
    return {
      name: `pgbench: 4 INSERTs per transaction, synchronous commit, ${clients} clients`,
      tps: Math.round(num(/tps = ([\d.]+) \(without initial connection time\)/)),
      clients,
      seconds,
      transactions,
      latencyMs: num(/latency average = ([\d.]+) ms/),
      backendCpuMsPerTransaction: Number(
        ((1000 * [...last].reduce((sum, [pid, cpu]) => sum + cpu - (first.get(pid) ?? cpu), 0)) / transactions).toFixed(
          3,
        ),
      ),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await scratch.drop();
  }
}
