/**
 * `TEST_DB=postgres npm exec -- tsx bench/filing-probe.ts`: the statements one counter filing
 * sends (count, and the slowest), then sequential and concurrent filings timed in process: at one
 * agency (one counter row) against the same number spread over two centres, with the CPU each
 * filing cost this process and PostgreSQL's backends (/proc). PROBE_CONCURRENT (200), PROBE_ROUNDS (2).
 * A diagnostic beside `npm run bench`, not part of it.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { fileDossier } from '../src/modules/dossiers/submit.ts';
import { applicant, birthForm, dossierFixture, txId } from '../src/modules/dossiers/testing.ts';
import { cpuSeconds } from './lib.ts';

const log: Array<{ text: string; ms: number; named: boolean }> = [];
let logging = false;
const original = pg.Client.prototype.query;
// biome-ignore lint/suspicious/noExplicitAny: a diagnostic wrapper over pg's overloaded query.
(pg.Client.prototype as any).query = function (this: pg.Client, ...args: any[]) {
  const t0 = performance.now();
  const text = typeof args[0] === 'string' ? args[0] : (args[0]?.text ?? '?');
  // A named statement (platform/db/named.ts) is parsed and planned once per connection.
  const named = typeof args[0] === 'object' && Boolean(args[0]?.name);
  // The pool's own queries (outside a transaction) pass a callback and return nothing.
  const callback = args.at(-1);
  if (logging && typeof callback === 'function') {
    // biome-ignore lint/suspicious/noExplicitAny: same.
    args[args.length - 1] = (...results: any[]) => {
      log.push({ text, ms: performance.now() - t0, named });
      return callback(...results);
    };
  }
  // biome-ignore lint/suspicious/noExplicitAny: same.
  const result = (original as any).apply(this, args);
  if (logging && result && typeof result.then === 'function') {
    result.then(
      () => log.push({ text, ms: performance.now() - t0, named }),
      () => {},
    );
  }
  return result;
};

const f = await dossierFixture();
const khaiSinh = await f.procedure();
const receiver = await f.staffAt('minhxuanCentre', ['receiver']);
const fileOne = () =>
  fileDossier(
    f.db,
    receiver,
    { procedure: khaiSinh.id, agencyId: f.agency.minhxuan, applicant, formData: birthForm },
    { transactionId: txId('probe') },
    { provinceCode: '08' },
  );
await fileOne();
logging = true;
await fileOne();
logging = false;
console.log(
  `${log.length} statements in one counter filing (sequential, no load), ${log.filter((q) => q.named).length} named (N):`,
);
for (const q of log) {
  console.log(`${q.ms.toFixed(2).padStart(7)} ms ${q.named ? 'N' : ' '} ${q.text.replace(/\s+/g, ' ').slice(0, 150)}`);
}
const t0 = performance.now();
for (let i = 0; i < 50; i++) await fileOne();
console.log(`sequential: ${(50_000 / (performance.now() - t0)).toFixed(0)} filings/s`);

const cpuOf = (pid: number) => cpuSeconds(pid) ?? 0;
async function backendPids(): Promise<number[]> {
  const r = await f.db.execute(
    sql`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`,
  );
  return (r as unknown as { rows: Array<{ pid: number }> }).rows.map((x) => Number(x.pid));
}

/** `n` concurrent filings: filings/s, and the CPU each cost this process and the database's backends. */
async function concurrent(label: string, n: number, file: (i: number) => Promise<unknown>) {
  // The pool opens connections as the load needs them: a backend that was not there at the
  // start spent all its CPU in this run.
  const before = new Map((await backendPids()).map((p) => [p, cpuOf(p)]));
  const cpu0 = process.cpuUsage();
  log.length = 0;
  logging = true;
  const start = performance.now();
  await Promise.all(Array.from({ length: n }, (_, i) => file(i)));
  const wall = performance.now() - start;
  logging = false;
  const cpu = process.cpuUsage(cpu0);
  const after = await backendPids();
  const dbMs = (1000 * after.reduce((a, p) => a + cpuOf(p) - (before.get(p) ?? 0), 0)) / n;
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  console.log(
    `${n} concurrent, ${label}: ${((n * 1000) / wall).toFixed(0)} filings/s; CPU per filing: ` +
      `${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms this process + ${dbMs.toFixed(2)} ms PostgreSQL backends` +
      ` (${log.length / n} statements each; load average ${load}); mean time per statement kind:`,
  );
  const kinds = new Map<string, { n: number; ms: number }>();
  for (const q of log) {
    const k = q.text.replace(/\s+/g, ' ').slice(0, 60);
    const e = kinds.get(k) ?? { n: 0, ms: 0 };
    kinds.set(k, { n: e.n + 1, ms: e.ms + q.ms });
  }
  for (const [k, e] of [...kinds].sort((a, b) => b[1].ms - a[1].ms).slice(0, 6)) {
    console.log(`${(e.ms / e.n).toFixed(1).padStart(7)} ms × ${String(e.n).padStart(4)}  ${k}`);
  }
}

const dongvan = await f.staffAt('dongvanCentre', ['receiver']);
const fileAt = (who: typeof receiver, agencyId: string) =>
  fileDossier(
    f.db,
    who,
    { procedure: khaiSinh.id, agencyId, applicant, formData: birthForm },
    { transactionId: txId('probe') },
    { provinceCode: '08' },
  );
const concurrency = Number(process.env.PROBE_CONCURRENT ?? 200);
for (let round = 0; round < Number(process.env.PROBE_ROUNDS ?? 2); round++) {
  await concurrent('one agency (the counter row shared)', concurrency, () => fileOne());
  // The same filings over two receiving centres: two counter rows, as much other work.
  await concurrent('two centres', concurrency, (i) =>
    i % 2 ? fileAt(dongvan, f.agency.dongvan) : fileAt(receiver, f.agency.minhxuan),
  );
}
await f.t.close();
