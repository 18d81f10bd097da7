/**
 * `TEST_DB=postgres npm exec -- tsx bench/filing-probe.ts`: the statements one counter filing
 * sends (count, and the slowest), then sequential and concurrent filings timed in process.
 * A diagnostic beside `npm run bench`, not part of it.
 */
import pg from 'pg';
import { fileDossier } from '../src/modules/dossiers/submit.ts';
import { applicant, birthForm, dossierFixture, txId } from '../src/modules/dossiers/testing.ts';

const log: Array<{ text: string; ms: number }> = [];
let logging = false;
const original = pg.Client.prototype.query;
// biome-ignore lint/suspicious/noExplicitAny: a diagnostic wrapper over pg's overloaded query.
(pg.Client.prototype as any).query = function (this: pg.Client, ...args: any[]) {
  const t0 = performance.now();
  // biome-ignore lint/suspicious/noExplicitAny: same.
  const result = (original as any).apply(this, args);
  const text = typeof args[0] === 'string' ? args[0] : (args[0]?.text ?? '?');
  if (logging && result && typeof result.then === 'function') {
    result.then(
      () => log.push({ text, ms: performance.now() - t0 }),
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
console.log(`${log.length} statements in one counter filing (sequential, no load):`);
for (const q of log) console.log(`${q.ms.toFixed(2).padStart(7)} ms  ${q.text.replace(/\s+/g, ' ').slice(0, 150)}`);
let t0 = performance.now();
for (let i = 0; i < 50; i++) await fileOne();
console.log(`sequential: ${(50_000 / (performance.now() - t0)).toFixed(0)} filings/s`);
log.length = 0;
logging = true;
t0 = performance.now();
await Promise.all(Array.from({ length: 200 }, () => fileOne()));
const wall = performance.now() - t0;
logging = false;
console.log(`200 concurrent: ${(200_000 / wall).toFixed(0)} filings/s; mean time per statement kind:`);
const kinds = new Map<string, { n: number; ms: number }>();
for (const q of log) {
  const k = q.text.replace(/\s+/g, ' ').slice(0, 60);
  const e = kinds.get(k) ?? { n: 0, ms: 0 };
  kinds.set(k, { n: e.n + 1, ms: e.ms + q.ms });
}
for (const [k, e] of [...kinds].sort((a, b) => b[1].ms - a[1].ms)) {
  console.log(`${(e.ms / e.n).toFixed(1).padStart(7)} ms × ${String(e.n).padStart(4)}  ${k}`);
}
await f.t.close();
