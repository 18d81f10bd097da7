#!/usr/bin/env node
// The test command (`npm test`): every test on the embedded PGlite, then the src/ tests again
// on the real PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
// Fails when a test fails, when a phase finds no test file, or when no test ran at all.
//   npm test                 all phases
//   npm test -- unit         src/ only, PGlite only
//   npm test -- pglite|postgres|browser|abuse|crash|soak   one phase (soak: SOAK_SECONDS, default 300)
//   npm test -- <file…>      those files, on PGlite
import { spawnSync } from 'node:child_process';
import { globSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const phases = {
  pglite: { db: 'pglite', globs: ['src/**/*.test.ts', 'src/**/*.test.tsx'] },
  postgres: { db: 'postgres', globs: ['src/**/*.test.ts', 'src/**/*.test.tsx'] },
  browser: { db: 'pglite', globs: ['test/browser/**/*.test.ts'], concurrency: 1 },
  crash: { db: 'postgres', globs: ['test/crash/**/*.test.ts'], concurrency: 1 },
  abuse: { db: 'pglite', globs: ['test/abuse/**/*.test.ts'], concurrency: 1 },
  soak: { db: 'pglite', globs: ['test/soak/**/*.test.ts'], concurrency: 1 },
};
let selected;
if (args.length === 0) selected = ['pglite', 'postgres', 'browser', 'abuse', 'crash', 'soak'];
else if (args[0] === 'unit') selected = ['pglite'];
else if (args.every((a) => a in phases)) selected = args;
else {
  phases.files = { db: process.env.TEST_DB ?? 'pglite', files: args };
  selected = ['files'];
}

const reporterDir = mkdtempSync(path.join(tmpdir(), 'mocua-test-'));
const totals = { pass: 0, fail: 0, skipped: 0 };
let failed = false;
for (const name of selected) {
  const phase = phases[name];
  const files = phase.files ?? [...new Set(phase.globs.flatMap((g) => globSync(g)))].sort();
  if (files.length === 0) {
    // A phase with no test file yet (e.g. browser before the portal exists) is reported, not hidden.
    console.log(`\n== ${name}: no test files match ${phase.globs.join(', ')}`);
    if (phase.files || name === 'pglite') failed = true;
    continue;
  }
  console.log(`\n== ${name} (${phase.db}): ${files.length} files`);
  const counts = path.join(reporterDir, `${name}.json`);
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      `--test-concurrency=${phase.concurrency ?? 3}`,
      '--test-timeout=300000',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=./scripts/count-reporter.mjs',
      `--test-reporter-destination=${counts}`,
      ...files,
    ],
    { stdio: 'inherit', env: { ...process.env, TEST_DB: phase.db, NODE_ENV: 'test' } },
  );
  let c = { pass: 0, fail: 0, skipped: 0 };
  try {
    c = JSON.parse(readFileSync(counts, 'utf8'));
  } catch {
    failed = true;
  }
  totals.pass += c.pass;
  totals.fail += c.fail;
  totals.skipped += c.skipped;
  if (result.status !== 0) failed = true;
}
console.log(`\n${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped`);
if (totals.pass === 0) {
  console.error('No test ran: that is a failure.');
  failed = true;
}
process.exit(failed ? 1 : 0);
