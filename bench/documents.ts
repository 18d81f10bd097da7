/**
 * The documents module under load on a generated province (issue 15): `mocua demo generate
 * documents` makes 27,000 users and `BENCH_DOCUMENTS_PG` (default 1,000,000) documents once into
 * a kept PostgreSQL database (`BENCH_DOCUMENTS_DB`, default `mocua_bench_documents_<N>`, beside
 * `BENCH_DATABASE_URL`); then, against `mocua start` on it, each at 50 connections:
 *   - the bare Fastify route (bench/bare-server.ts), the anchor;
 *   - registering incoming documents (the clerk's form, durable: the 303 comes after the commit),
 *     at one agency (one register row, numbers gap-free: serialised by design) and spread over
 *     five agencies' clerks; the documents written are counted in the database;
 *   - a specialist's inbox, the "Cần xử lý" page (`/workspace/van-ban`), brotli as a browser asks;
 *   - the agency's search page for two common words, and for a number with its notation.
 * Before the load it prints the inbox statement's plan (EXPLAIN ANALYZE). Writes
 * bench/results/<date>-postgres-documents-<N>.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { csrfFor } from '../test/abuse/client.ts';
import { signIn } from './history.ts';
import { freePort, type LoadResult, load, printTable, type RequestShape, startServer, stop } from './lib.ts';

const CLERKS = ['vanthu.tuphap', 'vanthu.vpubnd', 'chuyenvien.minhxuan', 'chuyenvien.dongvan', 'admin.meovac'];
const SPECIALIST = 'chuyenvien.tuphap';

function ensureDatabase(n: number): { url: string; dataDir: string; generatedSeconds: number | null } {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = process.env.BENCH_DOCUMENTS_DB ?? `mocua_bench_documents_${n}`;
  const dataDir = path.join(tmpdir(), `${name}_postgres`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const marker = path.join(dataDir, 'generated');
  if (existsSync(marker)) return { url: url.toString(), dataDir, generatedSeconds: null };
  mkdirSync(dataDir, { recursive: true });
  execFileSync('psql', [adminUrl, '-qc', `drop database if exists ${name}`, '-c', `create database ${name}`]);
  const t0 = performance.now();
  execFileSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'demo', 'generate', 'documents', '--documents', String(n)],
    {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: url.toString(), SEED_DEMO: 'true', LOG_LEVEL: 'warn' },
      stdio: 'inherit',
    },
  );
  const generatedSeconds = Math.round((performance.now() - t0) / 1000);
  writeFileSync(marker, `${generatedSeconds}\n`);
  return { url: url.toString(), dataDir, generatedSeconds };
}

/** The specialist's "to handle" statement (inboxes.ts listInbox) with its plan, and the inbox's size. */
async function explainInbox(
  client: pg.Client,
  accountId: string,
): Promise<{ plan: string; open: number; all: number }> {
  const today = new Date().toLocaleDateString('sv', { timeZone: 'Asia/Ho_Chi_Minh' });
  const statement = `select d.id, d.direction, d.state, d.code_number, d.code_notation, d.type_name, d.subject,
      d.issuer_name, d.issued_date::text, d.register_number, d.urgency, d.secrecy, d.updated_at::text,
      a.due_date::text, a.kind, (a.due_date is not null and a.due_date < $2::date) as overdue
    from document_assignments a join documents d on d.id = a.document_id
    where a.assignee_id = $1 and a.state in ('pending', 'in_progress') and d.state = 'in_progress'
    order by a.due_date asc nulls last, a.assigned_at desc limit 50`;
  await client.query(`explain analyze ${statement}`, [accountId, today]); // warm
  const plan = await client.query(`explain (analyze, buffers) ${statement}`, [accountId, today]);
  const counts = await client.query(
    `select count(*) filter (where state in ('pending', 'in_progress'))::int as open, count(*)::int as all
     from document_assignments where assignee_id = $1`,
    [accountId],
  );
  return {
    plan: plan.rows.map((r) => r['QUERY PLAN']).join('\n'),
    open: counts.rows[0].open,
    all: counts.rows[0].all,
  };
}

const incomingForm = (n: number, run: number) =>
  new URLSearchParams({
    type: 'CV',
    codeNumber: String(1000 + (n % 9000)),
    codeNotation: 'UBND-VP',
    issuedDate: '2026-12-01',
    subject: `V/v báo cáo tình hình thực hiện nhiệm vụ (bench ${run}-${n})`,
    issuerName: 'Ủy ban nhân dân tỉnh Tuyên Quang',
    urgency: 'normal',
    secrecy: 'none',
    txn: `bench-doc-${run}-${n}`,
  }).toString();

let seq = 0;

async function registration(
  base: string,
  name: string,
  clerks: string[],
  seconds: number,
  client: pg.Client,
): Promise<LoadResult & { written: number }> {
  const sessions = await Promise.all(
    clerks.map(async (login) => {
      const c = await csrfFor(base, await signIn(base, login));
      return { cookie: c.cookie, 'x-csrf-token': c.token };
    }),
  );
  const first = sessions[0];
  if (!first) throw new Error('no clerk');
  const run = Date.now();
  const before = await client.query(`select count(*)::int as n from documents where subject like '%(bench ${run}-%'`);
  const result = await load(name, `${base}/workspace/van-ban/vao-so`, {
    seconds,
    method: 'POST',
    body: incomingForm(0, run),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...first },
    setupRequest: (req: RequestShape) => {
      const n = ++seq;
      return {
        ...req,
        body: incomingForm(n, run),
        headers: { ...req.headers, ...(sessions[n % sessions.length] ?? first) },
      };
    },
  });
  const after = await client.query(`select count(*)::int as n from documents where subject like '%(bench ${run}-%'`);
  return { ...result, written: after.rows[0].n - before.rows[0].n };
}

export async function benchDocuments(n: number, seconds: number): Promise<void> {
  const { url, dataDir, generatedSeconds } = ensureDatabase(n);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const port = freePort();
  const barePort = port + 1;
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'start'],
    {
      DATA_DIR: dataDir,
      DATABASE_URL: url,
      SEED_DEMO: 'true',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      DATABASE_POOL_SIZE: '20',
    },
    `${base}/readyz`,
    600_000,
  );
  const bare = await startServer(
    process.execPath,
    ['--import', 'tsx', 'bench/bare-server.ts'],
    { PORT: String(barePort) },
    `http://127.0.0.1:${barePort}/bare`,
  );
  try {
    const specialist = { cookie: await signIn(base, SPECIALIST), 'accept-encoding': 'br' };
    const account = await client.query('select id::text from accounts where login = $1', [SPECIALIST]);
    const inbox = await explainInbox(client, account.rows[0].id);
    const [size] = (await client.query('select pg_database_size(current_database()) as b')).rows;
    const rows: LoadResult[] = [];
    const anchor = await load('bare Fastify route', `http://127.0.0.1:${barePort}/bare`, { seconds });
    rows.push(anchor);
    const one = await registration(
      base,
      'register incoming (durable, one agency)',
      CLERKS.slice(0, 1),
      seconds,
      client,
    );
    const spread = await registration(base, 'register incoming (durable, 5 agencies)', CLERKS, seconds, client);
    rows.push(one, spread);
    rows.push(
      await load(`specialist inbox page (${SPECIALIST})`, `${base}/workspace/van-ban`, {
        seconds,
        headers: specialist,
      }),
    );
    for (const [label, q] of [
      ['search page, two common words', 'báo cáo'],
      ['search page, a number and notation', '1987/KH'],
    ] as const) {
      const path = `/workspace/van-ban?hop=search&q=${encodeURIComponent(q)}`;
      rows.push(await load(`${label} ("${q}")`, `${base}${path}`, { seconds, headers: specialist }));
    }
    console.log(`\npostgres, ${n.toLocaleString('en')} generated documents (${seconds} s per route, 50 connections):`);
    printTable(rows, anchor);
    console.log(
      `registration answers 303 (counted as non-2xx); documents written: ${one.written} of ${one.total}, ${spread.written} of ${spread.total}`,
    );
    console.log(
      `database ${(Number(size.b) / 1_073_741_824).toFixed(2)} GB; ${generatedSeconds === null ? 'generated by an earlier run' : `generated in ${generatedSeconds} s`}; ` +
        `${SPECIALIST}: ${inbox.open} open assignments of ${inbox.all}\n\nthe inbox statement:\n${inbox.plan}`,
    );
    const file = path.join('bench', 'results', `${new Date().toISOString().slice(0, 10)}-postgres-documents-${n}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ date: new Date().toISOString(), documents: n, databaseBytes: Number(size.b), generatedSeconds, seconds, inbox, results: rows }, null, 2)}\n`,
    );
    console.log(`written ${file}`);
  } finally {
    await stop(server.child);
    await stop(bare.child);
    await client.end();
  }
}
