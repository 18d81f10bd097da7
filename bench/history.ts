/**
 * The officers' screens on a province's history (issue 21): a database filled by
 * `mocua demo generate --dossiers N` (made once and kept: PostgreSQL database
 * `mocua_bench_history_<N>` beside BENCH_DATABASE_URL, PGlite under the temp folder), then the
 * inbox API (receiver and specialist), the counts, the `/workspace` page, staff search (API and
 * page) and tracking under 50 connections. Records the generation time and the database size.
 *   BENCH_HISTORY_PG (default 1000000), BENCH_HISTORY_PGLITE (default 100000); 0 skips.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { csrfFor, signInOfficer } from '../test/abuse/client.ts';
import { freePort, type LoadResult, load, startServer, stop } from './lib.ts';

interface Prepared {
  name: string;
  path: string;
  headers: Record<string, string>;
}

/**
 * Signs a demo officer in on a kept history database: with the password an earlier run changed
 * it to (`signInOfficer` changes the published one at the first sign-in), else the published one.
 */
export async function signIn(base: string, login: string): Promise<string> {
  const anonymous = await csrfFor(base);
  const res = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: anonymous.cookie, 'x-csrf-token': anonymous.token },
    body: JSON.stringify({ login, password: `MoCua@2026-${login}` }),
  });
  if (res.status !== 200) return signInOfficer(base, login);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter((c) => !c.startsWith('mocua_csrf='))
    .join('; ');
}

/** The database to load: made by the CLI when missing (timed), reused otherwise. */
function ensureDatabase(
  db: 'postgres' | 'pglite',
  n: number,
): { env: Record<string, string>; generatedSeconds: number | null } {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `mocua_bench_history_${n}`;
  const dataDir = path.join(tmpdir(), `${name}_${db}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    // The demo officers sign in (their published password is changed at the first sign-in).
    ...(db === 'postgres' ? { DATABASE_URL: url.toString(), SEED_DEMO: 'true' } : {}),
  };
  const marker = path.join(dataDir, 'generated');
  if (existsSync(marker)) return { env, generatedSeconds: null };
  mkdirSync(dataDir, { recursive: true });
  if (db === 'postgres') {
    execFileSync('psql', [adminUrl, '-qc', `drop database if exists ${name}`, '-c', `create database ${name}`]);
  }
  const t0 = performance.now();
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo', 'generate', '--dossiers', String(n)], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: 'inherit',
  });
  const generatedSeconds = Math.round((performance.now() - t0) / 1000);
  writeFileSync(marker, `${generatedSeconds}\n`);
  return { env, generatedSeconds };
}

async function sizeOf(db: 'postgres' | 'pglite', env: Record<string, string>): Promise<number> {
  if (db === 'pglite') {
    const out = execFileSync('du', ['-sb', path.join(env.DATA_DIR ?? '', 'db')]).toString();
    return Number(out.split('\t')[0]);
  }
  const c = new pg.Client({ connectionString: env.DATABASE_URL });
  await c.connect();
  const r = await c.query('select pg_database_size(current_database()) as b');
  await c.end();
  return Number(r.rows[0].b);
}

export async function benchHistory(db: 'postgres' | 'pglite', n: number, seconds: number): Promise<void> {
  const { env, generatedSeconds } = ensureDatabase(db, n);
  const bytes = await sizeOf(db, env);
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'start'],
    {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      // The real clock: the counter stays open at any hour (issue 23's rule has its own tests).
      COUNTER_OUTSIDE_HOURS: 'allow',
      ...(db === 'postgres' ? { DATABASE_POOL_SIZE: '20' } : {}),
    },
    `${base}/readyz`,
    600_000,
  );
  const rows: LoadResult[] = [];
  try {
    const receiver = { cookie: await signIn(base, 'tiepnhan.minhxuan') };
    const specialist = { cookie: await signIn(base, 'chuyenvien.minhxuan') };
    const inbox = (await (await fetch(`${base}/api/v1/dossiers?limit=20`, { headers: receiver })).json()) as {
      items: Array<{ code: string; applicantName: string }>;
      total: number;
    };
    const someone = inbox.items[0]?.applicantName ?? 'Nguyễn Văn An';
    const scenarios: Prepared[] = [
      { name: 'inbox API (receiver, 20 most urgent + counts)', path: '/api/v1/dossiers?limit=20', headers: receiver },
      { name: 'inbox API (specialist)', path: '/api/v1/dossiers?limit=20', headers: specialist },
      { name: 'finished tab API (receiver)', path: '/api/v1/dossiers?finished=true&limit=20', headers: receiver },
      { name: 'counts (inbox API, limit=1)', path: '/api/v1/dossiers?limit=1', headers: receiver },
      { name: '/workspace page (receiver)', path: '/workspace', headers: { ...receiver, 'accept-encoding': 'br' } },
      {
        name: `staff search API (name "${someone}")`,
        path: `/api/v1/dossiers?limit=20&q=${encodeURIComponent(someone)}`,
        headers: receiver,
      },
      {
        name: 'staff search page (id number part)',
        path: `/workspace/tim-kiem?q=${encodeURIComponent('0912')}`,
        headers: { ...receiver, 'accept-encoding': 'br' },
      },
    ];
    for (const s of scenarios) rows.push(await load(s.name, `${base}${s.path}`, { seconds, headers: s.headers }));
    console.log(`\n${db}, ${n.toLocaleString('en')} generated dossiers (${seconds} s per route, 50 connections):`);
    console.log('\n| route | req/s | p50 ms | p99 ms | errors | non-2xx |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const r of rows)
      console.log(`| ${r.name} | ${r.requestsPerSec} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`);
    console.log(
      `database ${(bytes / 1_073_741_824).toFixed(2)} GB; ${generatedSeconds === null ? 'generated by an earlier run' : `generated in ${generatedSeconds} s`}; running dossiers at the receiver's agency: ${inbox.total}`,
    );
    const file = path.join('bench', 'results', `${new Date().toISOString().slice(0, 10)}-${db}-history-${n}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ date: new Date().toISOString(), db, dossiers: n, databaseBytes: bytes, generatedSeconds, seconds, results: rows }, null, 2)}\n`,
    );
    console.log(`written ${file}`);
  } finally {
    await stop(server.child);
  }
}
