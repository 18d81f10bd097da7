/**
 * `npm exec -- tsx bench/profile.ts [scenario-name-fragment …]`: starts `mocua start` under
 * `node --cpu-prof` on a fresh PostgreSQL database, loads the named scenarios (default
 * /healthz and public tracking), stops the server and prints the functions with the most
 * self time, grouped by file. PROFILE_SECONDS (default 8), PROFILE_DIR (default a temp dir).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchServerEnv, freePort, freshPostgres, load, startServer, stop } from './lib.ts';
import { scenarios } from './scenarios.ts';

const seconds = Number(process.env.PROFILE_SECONDS ?? 8);
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['/healthz', 'public tracking'];
const profDir = process.env.PROFILE_DIR ?? mkdtempSync(path.join(tmpdir(), 'mocua-prof-'));

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function summarise(file: string) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const url = node.callFrame.url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '');
    const key = `${node.callFrame.functionName || '(anon)'} ${url}:${node.callFrame.lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    const group = m
      ? m[1]
      : url.startsWith('src/')
        ? url.split('/').slice(0, 3).join('/')
        : url || node.callFrame.functionName;
    pkg.set(group ?? '?', (pkg.get(group ?? '?') ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  console.log(`\n${file}: ${(total / 1e6).toFixed(1)} s sampled\n-- by package/folder --\n${top(pkg, 25)}`);
  console.log(`-- by function --\n${top(fn, 40)}`);
}

const database = await freshPostgres('bench_prof');
const dataDir = mkdtempSync(path.join(tmpdir(), 'mocua-prof-data-'));
const port = freePort();
const base = `http://127.0.0.1:${port}`;
const server = await startServer(
  process.execPath,
  ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--import', 'tsx', 'src/cli/main.ts', 'start'],
  benchServerEnv(port, dataDir, database.url),
  `${base}/readyz`,
  180_000,
);
try {
  for (const scenario of scenarios.filter((s) => wanted.some((w) => s.name.includes(w)))) {
    const prepared = await scenario.prepare(base);
    const r = await load(scenario.name, `${base}${prepared.path}`, { seconds, ...prepared.options });
    console.log(`${r.name}: ${r.requestsPerSec} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}`);
  }
} finally {
  await stop(server.child);
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
for (const f of readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'))) summarise(path.join(profDir, f));
console.log(`profiles in ${profDir}`);
