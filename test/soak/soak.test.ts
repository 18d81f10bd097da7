/**
 * Soak: under sustained mixed load (SOAK_SECONDS, default 300), the server does not leak. The
 * JavaScript heap in use (nodejs_heap_size_used_bytes on /metrics, read from loopback) must not
 * grow by more than 20% from the first minute to the last, comparing the lowest sample of each
 * (the floor after a collection: a leak raises it, the collector's sawtooth does not; a leak of
 * 200 bytes a request over the run's ~200,000 requests would add ~25%); resident memory must not
 * grow by more than 35%. The
 * resident bound is loose on purpose: PGlite's WebAssembly heap grows in steps and never
 * shrinks (2026-12-05: one run flat at 1,238 MiB, the next +20.5% in steps 240 s into the run,
 * then flat), which says how PostgreSQL's memory fills, not that our code leaks; a leak in our
 * code shows in the JavaScript heap. The server is a real process on loopback.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import autocannon from 'autocannon';
import { freePort, startServer, stop } from '../../bench/lib.ts';

const seconds = Number(process.env.SOAK_SECONDS ?? 300);
// PGlite's WebAssembly heap grows in steps during the first 70–85 s of load and never shrinks
// (2026-12-05: 30 s warm-up, then +12 % within 25 s and flat for 275 s; 60 s warm-up, +9.5 %
// within 10 s, then flat): the baseline is taken
// after that, so the check measures growth under sustained load, i.e. leaks.
// At least a minute of it (the whole run's 90 s soak would otherwise warm up for 30 s only).
const warmup = Math.min(90, Math.max(Math.min(60, seconds), Math.round(seconds / 3)));

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!m) throw new Error('no VmRSS');
  return Number(m[1]);
}

const requests = [
  { method: 'GET' as const, path: '/healthz' },
  { method: 'GET' as const, path: '/api/v1/procedures?q=dang%20ky%20khai%20sinh&limit=10' },
  { method: 'GET' as const, path: '/api/v1/procedures?q=chung%20thuc&limit=10' },
  { method: 'GET' as const, path: '/api/v1/calendar/due?from=2026-02-13T16:45:00%2B07:00&amount=3&unit=working_days' },
  { method: 'GET' as const, path: '/' },
  { method: 'GET' as const, path: '/api/v1/agencies' },
];

async function heapUsed(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = /^nodejs_heap_size_used_bytes (\d+(?:\.\d+)?)/m.exec(text);
  if (!m) throw new Error('no nodejs_heap_size_used_bytes on /metrics');
  return Number(m[1]);
}

const floor = (xs: number[]) => Math.min(...xs);

/**
 * A sample every 2.5 s: the floor of a window is its lowest sample, taken after a collection, and
 * with the whole run's 90 s a window of 5 samples at 5 s sometimes held no collection's low (a
 * heap of 161 → 194 MiB at the ends, 156 MiB between them, read as 20.3 % growth).
 */
const SAMPLE_MS = 2500;

function run(url: string, duration: number) {
  return autocannon({ url, duration, connections: 20, requests });
}

test(`no leak under ${seconds} s of sustained load: the JavaScript heap's floor grows ≤ 20%, resident memory ≤ 35%`, {
  timeout: (seconds + 300) * 1000,
}, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mocua-soak-'));
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'start'],
    { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000' },
    `${base}/readyz`,
    180_000,
  );
  try {
    const pid = server.child.pid;
    assert.ok(pid);
    await run(base, warmup);
    const before = rssKb(pid);
    const samples: number[] = [];
    const heap: number[] = [];
    const sampler = setInterval(() => {
      samples.push(rssKb(pid));
      heapUsed(base).then(
        (bytes) => heap.push(bytes),
        () => {},
      );
    }, SAMPLE_MS);
    const result = await run(base, seconds);
    clearInterval(sampler);
    const after = rssKb(pid);
    const growth = (after - before) / before;
    // A minute of samples at each end (a third of the run when it is shorter).
    const edge = Math.max(2, Math.min(60_000 / SAMPLE_MS, Math.floor(heap.length / 3)));
    const heapFirst = floor(heap.slice(0, edge));
    const heapLast = floor(heap.slice(-edge));
    const heapGrowth = (heapLast - heapFirst) / heapFirst;
    console.log(
      `soak: ${Math.round(result.requests.average)} req/s for ${seconds} s, ${result.errors} errors, ${result.non2xx} non-2xx; RSS ${Math.round(before / 1024)} MiB → ${Math.round(after / 1024)} MiB (${(growth * 100).toFixed(1)}%), max ${Math.round(Math.max(...samples, after) / 1024)} MiB`,
    );
    console.log(`soak RSS samples (MiB): ${samples.map((k) => Math.round(k / 1024)).join(' ')}`);
    console.log(
      `soak JS heap used, lowest sample (MiB): first minute ${Math.round(heapFirst / 1048576)}, last minute ${Math.round(heapLast / 1048576)} (${(heapGrowth * 100).toFixed(1)}%); samples ${heap.map((b) => Math.round(b / 1048576)).join(' ')}`,
    );
    assert.equal(result.errors, 0);
    assert.equal(result.non2xx, 0);
    assert.ok(heap.length >= 4, 'too few heap samples');
    assert.ok(heapGrowth <= 0.2, `the JavaScript heap grew by ${(heapGrowth * 100).toFixed(1)}%`);
    assert.ok(growth <= 0.35, `RSS grew by ${(growth * 100).toFixed(1)}%`);
  } finally {
    await stop(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
