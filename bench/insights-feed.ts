/**
 * Do the insights rollups keep up with 200 filings a second (issue 17)? On a PostgreSQL database
 * with real dossiers (`mocua demo generate --dossiers N`, not --insights-only: the feed reads the
 * dossiers module's published facts), this writes `dossier.submitted` events into the outbox at
 * BENCH_FEED_RATE a second (default 200; one event per filing, as a filing enqueues it, for
 * dossiers picked in turn) for BENCH_FEED_SECONDS (default 60), while the worker's loop of
 * src/jobs.ts delivers them to the insights handler (every 3 s: `drainOutbox`, or with
 * BENCH_FEED_MODE=batch one `dispatchOutbox` batch per tick as before). Every 5 s it records the
 * rollup lag — the age of the oldest event not yet delivered — the backlog, the events handled
 * and the load average; then it waits up to 120 s for the backlog to empty.
 *   BENCH_FEED_URL (required): postgres://… of the database.
 *   BENCH_FEED_BATCH: messages the dispatcher claims at once (default 50, as src/jobs.ts); the
 *     insights subscriber handles a claimed batch in one transaction.
 *   BENCH_FEED_BACKLOG: events written before the worker starts (default 0); with
 *     BENCH_FEED_RATE=0 BENCH_FEED_SECONDS=0 the run measures the feed alone draining them.
 *   BENCH_FEED_LABEL: a suffix for the result file (e.g. `before`).
 * CPU per event: the bench process's (process.cpuUsage: producer, dispatcher, handlers) and the
 * database's — utime + stime from /proc/<pid>/stat of this database's backends (pg_stat_activity),
 * polled every 5 s, so it needs PostgreSQL on this machine; it includes the producer's inserts.
 * Writes bench/results/<date>-insights-feed-<mode>[-<label>].json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { subscribeInsights } from '../src/modules/insights/index.ts';
import { openDatabase, rows } from '../src/platform/db/index.ts';
import { dispatchOutbox, drainOutbox, outbox } from '../src/platform/notify/index.ts';
import { EventBus } from '../src/platform/notify/wiring.ts';

const url = process.env.BENCH_FEED_URL;
if (!url) throw new Error('BENCH_FEED_URL is required');
const rate = Number(process.env.BENCH_FEED_RATE ?? 200);
const seconds = Number(process.env.BENCH_FEED_SECONDS ?? 60);
const mode = process.env.BENCH_FEED_MODE === 'batch' ? 'batch' : 'drain';
const batchSize = Number(process.env.BENCH_FEED_BATCH ?? 50);
const backlog = Number(process.env.BENCH_FEED_BACKLOG ?? 0);
const label = process.env.BENCH_FEED_LABEL ? `-${process.env.BENCH_FEED_LABEL}` : '';

const handle = await openDatabase({ url });
const db = handle.db;
const ids = (
  await rows<{ id: string; province: string }>(
    db,
    sql`select dossier_id as id, province_code as province from insights_dossiers order by dossier_id limit 100000`,
  )
).map((r) => r);
if (ids.length === 0)
  throw new Error('no dossiers: run `mocua demo generate --dossiers N` and `mocua insights rebuild`');
// Start from an empty event queue: earlier events would count as lag.
await db.execute(sql`update outbox set status = 'sent' where channel = 'event' and status = 'pending'`);

let written = 0;
let next = 0;
const eventFor = () => {
  const d = ids[next++ % ids.length] as { id: string; province: string };
  return { provinceCode: d.province, channel: 'event', topic: 'dossier.submitted', payload: { dossierId: d.id } };
};
// A backlog written before the worker starts (BENCH_FEED_BACKLOG): the feed's cost alone, no producer running.
for (let left = backlog; left > 0; left -= 1000) {
  const batch = Array.from({ length: Math.min(1000, left) }, eventFor);
  written += batch.length;
  await db.insert(outbox).values(batch);
}

const bus = new EventBus();
subscribeInsights(bus, db);
const channels = { event: bus.channel };
let handled = 0;
let running = false;
const tick = setInterval(async () => {
  if (running) return;
  running = true;
  try {
    const counts =
      mode === 'drain'
        ? await drainOutbox(db, channels, { batchSize })
        : await dispatchOutbox(db, channels, { batchSize });
    handled += counts.sent;
    if (counts.retried + counts.dead > 0) console.error('handler failures', counts);
  } finally {
    running = false;
  }
}, 3000);

const started = performance.now();
const producer = setInterval(async () => {
  const due = Math.floor(((performance.now() - started) / 1000) * rate) - (written - backlog);
  if (due <= 0 || performance.now() - started > seconds * 1000) return;
  const batch = Array.from({ length: due }, eventFor);
  written += batch.length;
  await db.insert(outbox).values(batch);
}, 50);

/** CPU ticks (utime + stime) of this database's backends, by pid: the last reading of each. */
const backendTicks = new Map<number, { first: number; last: number }>();
const readBackends = async (initial: boolean) => {
  const pids = await rows<{ pid: number }>(
    db,
    sql`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`,
  );
  for (const { pid } of pids) {
    let ticks: number;
    try {
      // Fields after the command's closing parenthesis: state is the 3rd, utime the 14th, stime the 15th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks = Number(fields[11]) + Number(fields[12]);
    } catch {
      continue;
    }
    const known = backendTicks.get(pid);
    // A backend first seen after the start did all its work during the run.
    if (known) known.last = ticks;
    else backendTicks.set(pid, { first: initial ? ticks : 0, last: ticks });
  }
};
const TICKS_PER_SECOND = 100;
await readBackends(true);

const samples: Array<{
  t: number;
  written: number;
  handled: number;
  backlog: number;
  lagSeconds: number;
  load1: number;
}> = [];
const sample = async () => {
  const [q] = await rows<{ backlog: string | number; lag: string | number | null }>(
    db,
    sql`select count(*) as backlog, extract(epoch from now() - min(created_at)) as lag
        from outbox where channel = 'event' and status = 'pending'`,
  );
  const s = {
    t: Math.round((performance.now() - started) / 1000),
    written,
    handled,
    backlog: Number(q?.backlog ?? 0),
    lagSeconds: Number(Number(q?.lag ?? 0).toFixed(1)),
    load1: Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]),
  };
  samples.push(s);
  await readBackends(false);
  console.log(JSON.stringify(s));
  return s;
};
const cpu0 = process.cpuUsage();
for (;;) {
  await new Promise((r) => setTimeout(r, 5000));
  const s = await sample();
  const producing = performance.now() - started < seconds * 1000;
  if (!producing && s.backlog === 0) break;
  if (performance.now() - started > (seconds + 120) * 1000) break;
}
clearInterval(producer);
clearInterval(tick);
while (running) await new Promise((r) => setTimeout(r, 100));
const cpu = process.cpuUsage(cpu0);
const wall = (performance.now() - started) / 1000;
await readBackends(false);
const dbTicks = [...backendTicks.values()].reduce((n, b) => n + b.last - b.first, 0);
// The rate the feed sustained: events handled over the time until the backlog was empty (or the end).
const drained = samples.find((x) => x.t >= seconds && x.backlog === 0)?.t ?? wall;
const result = {
  date: new Date().toISOString(),
  mode,
  rate,
  seconds,
  written,
  handled,
  batchSize,
  backlog,
  achievedRate: seconds > 0 ? Number(((written - backlog) / seconds).toFixed(1)) : null,
  handledPerSecond: Number((handled / drained).toFixed(1)),
  maxLagSeconds: Math.max(...samples.map((s) => s.lagSeconds)),
  finalBacklog: samples.at(-1)?.backlog ?? null,
  // The bench process's CPU (producer, dispatcher and handlers, not PostgreSQL's) per event handled.
  cpuMsPerEvent: handled ? Number(((cpu.user + cpu.system) / 1000 / handled).toFixed(2)) : null,
  // The database backends' CPU (handlers' statements, outbox claims and marks, producer's inserts) per event.
  dbCpuMsPerEvent: handled ? Number((((dbTicks / TICKS_PER_SECOND) * 1000) / handled).toFixed(2)) : null,
  loadavg: readFileSync('/proc/loadavg', 'utf8').trim(),
  samples,
};
writeFileSync(
  `bench/results/${result.date.slice(0, 10)}-insights-feed-${mode}${label}.json`,
  `${JSON.stringify(result, null, 2)}\n`,
);
console.log(JSON.stringify({ ...result, samples: undefined }));
await handle.close();
