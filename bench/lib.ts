/** Shared pieces of the benchmarks: child servers on loopback and bounded autocannon runs. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
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
