/**
 * Issue 19.5: a migration never locks a big table for long. Two modes, each with a writer that
 * keeps updating the rows a backfill's batches are about to take — the worst case for a record
 * written during the upgrade — and records how long each of its writes waited:
 * - `MIGRATION_CHECK_MODE=replay-0037` (default): replays migration 0037's backfill
 *   (migrations/concurrent/0037_search21.sql: a partial index of the rows to fill, the batch
 *   `UPDATE … LIMIT 5000` run until it changes nothing, then the GIN index built concurrently) on
 *   a generated history (`mocua demo generate --dossiers N`). The reset before the replay
 *   (`search` dropped and added again, with its two indexes) is catalog-only; the replay leaves
 *   the database as the migration left it.
 * - `MIGRATION_CHECK_MODE=migrate`: runs the real `mocua migrate` (the pending migrations, then
 *   migrations/concurrent/) on a generated operations-centre history (`mocua demo generate
 *   --dossiers N --insights-only`), writing the insights ratings whose key 0038 backfills.
 *   MIGRATION_CHECK_URL=postgres://…/mocua_bench_history_1000000 npm exec -- tsx bench/migration-check.ts
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { applyConcurrentMigrations } from '../src/platform/db/concurrent.ts';
import { BATCH } from '../src/platform/db/migration-rules.ts';

const url = process.env.MIGRATION_CHECK_URL;
if (!url) throw new Error('MIGRATION_CHECK_URL names a generated history database');
const probeEveryMs = Number(process.env.MIGRATION_CHECK_PROBE_MS ?? 100);
const mode = process.env.MIGRATION_CHECK_MODE ?? 'replay-0037';
if (mode !== 'replay-0037' && mode !== 'migrate') throw new Error(`MIGRATION_CHECK_MODE: ${mode}`);
// What the writer touches: a row the next batch takes (its key found untimed), then written by key, timed.
const probes = {
  'replay-0037': {
    next: `select dossier_id, agency_id from dossier_holders
            where search = '' order by dossier_id, agency_id offset 1000 limit 1`,
    any: 'select dossier_id, agency_id from dossier_holders limit 1',
    write: 'update dossier_holders set due_at = due_at where dossier_id = $1 and agency_id = $2',
    key: (row: Record<string, unknown>) => [row.dossier_id, row.agency_id],
  },
  migrate: {
    next: `select dossier_id from insights_ratings
            where dossier_agency_id is null order by dossier_id offset 1000 limit 1`,
    any: 'select dossier_id from insights_ratings limit 1',
    write: 'update insights_ratings set rated_at = rated_at where dossier_id = $1',
    key: (row: Record<string, unknown>) => [row.dossier_id],
  },
}[mode];

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? Number.NaN;
  return { n: s.length, p50: q(0.5), p99: q(0.99), max: s.at(-1) ?? Number.NaN };
};
const round = (x: number) => Math.round(x * 10) / 10;

const admin = new pg.Client({ connectionString: url });
const probe = new pg.Client({ connectionString: url });
await admin.connect();
await probe.connect();

const count = async (sql: string) => Number((await admin.query(sql)).rows[0].n);
const dossiers = await count(
  mode === 'migrate' ? 'select count(*) as n from insights_dossiers' : 'select count(*) as n from dossiers',
);
const holders = mode === 'migrate' ? null : await count('select count(*) as n from dossier_holders');
const ratings = await count('select count(*) as n from insights_ratings');

// The writer: a holder row a batch is about to take, as a step action's trigger would write it.
const waits: number[] = [];
let probing = true;
const writer = (async () => {
  while (probing) {
    // Found untimed (before the partial index exists this is a scan), then written by key, timed.
    // (Before `mocua migrate` has added the column the backfill fills, any row will do.)
    const next = await probe.query(probes.next).catch(() => ({ rows: [] }));
    const target = next.rows[0] ?? (await probe.query(probes.any)).rows[0];
    const t0 = performance.now();
    if (target) await probe.query(probes.write, probes.key(target));
    waits.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, probeEveryMs));
  }
})();

const baselineUntil = performance.now() + 10_000;
while (performance.now() < baselineUntil) await new Promise((r) => setTimeout(r, 200));
const baseline = stats(waits.splice(0));

const batches: number[] = [];
const statements: { statement: string; ms: number; rows: number }[] = [];
let migrateLog = '';
const t0 = performance.now();
if (mode === 'replay-0037') {
  // Back to the state before 0037's concurrent file: the column empty, its two indexes gone.
  // One implicit transaction (two statements in one simple query): the writer never sees the column missing.
  await admin.query(
    `alter table dossier_holders drop column if exists search;
     alter table dossier_holders add column search text default '' not null`,
  );
  await applyConcurrentMigrations(
    async (text, values) => {
      const s = performance.now();
      const result = await admin.query(text, values);
      const ms = performance.now() - s;
      if (BATCH.test(text)) batches.push(ms);
      else if (!/^select/i.test(text))
        statements.push({ statement: text.split('\n')[0] ?? '', ms, rows: result.rowCount ?? 0 });
      return result;
    },
    path.resolve('migrations/concurrent'),
    false,
  );
} else {
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'migrate'],
    { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'info' }, maxBuffer: 64 * 1024 * 1024 },
  );
  migrateLog = `${stdout}${stderr}`.slice(-4000);
}
const totalSeconds = (performance.now() - t0) / 1000;
probing = false;
await writer;
const during = stats(waits);

const result = {
  date: new Date().toISOString(),
  mode,
  dossiers,
  holders,
  ratings,
  totalSeconds: round(totalSeconds),
  batches: { ...stats(batches), sumSeconds: round(batches.reduce((a, b) => a + b, 0) / 1000) },
  statements: statements.map((s) => ({ ...s, ms: round(s.ms) })),
  writerBaselineMs: baseline,
  writerDuringMs: during,
  ...(migrateLog ? { migrateLog } : {}),
};
console.log(JSON.stringify(result, null, 2));
const file = path.join(
  'bench/results',
  `${result.date.slice(0, 10)}-postgres-migration-${mode === 'migrate' ? 'pending' : '0037'}-${dossiers}.json`,
);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(`written ${file}`);
await admin.end();
await probe.end();
