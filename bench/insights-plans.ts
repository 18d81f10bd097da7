/**
 * Every statement of one dashboard page view and of one 766 index page (every agency), on a
 * generated history: each statement's time as the service sends it, then EXPLAIN (ANALYZE,
 * BUFFERS) of the slowest ones. What the operations centre's pages cost the database, apart from
 * HTTP and rendering (bench/insights.ts times those).
 *   DATABASE_URL=postgres://…/mocua_bench_insights_1000000 npm exec -- tsx bench/insights-plans.ts [period …]
 * Periods default to this month, this quarter, this year and last year; PLANS (default 3) is how
 * many of the slowest statements of each page get their plan printed.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { dashboard, serviceIndexReport } from '../src/modules/insights/service.ts';
import { openDatabase, rows } from '../src/platform/db/index.ts';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const db = await openDatabase({ url });
const explainPool = new pg.Pool({
  connectionString: url,
  max: 1,
  options: '-c jit=off -c max_parallel_workers_per_gather=0',
});
const [root] = await rows<{ id: string; province: string }>(
  db.db,
  sql`select id, province_code as province from agencies where parent_id is null and level = 'province' limit 1`,
);
if (!root) throw new Error('no province agency: seed the database first');
const caller = {
  kind: 'staff' as const,
  id: '00000000-0000-0000-0000-000000000000',
  provinceCode: root.province,
  agencyId: root.id,
  roles: ['leader' as const],
};

let log: Array<{ text: string; values: unknown[]; ms: number }> | null = null;
const original = pg.Pool.prototype.query;
// biome-ignore lint/suspicious/noExplicitAny: a diagnostic wrapper over pg's overloaded query.
(pg.Pool.prototype as any).query = function (this: pg.Pool, ...args: any[]) {
  const t0 = performance.now();
  // biome-ignore lint/suspicious/noExplicitAny: same.
  const result = (original as any).apply(this, args);
  const text: string = typeof args[0] === 'string' ? args[0] : (args[0]?.text ?? '?');
  const values: unknown[] = (typeof args[0] === 'string' ? args[1] : (args[0]?.values ?? args[1])) ?? [];
  const into = log;
  if (into && result && typeof result.then === 'function') {
    result.then(
      () => into.push({ text, values, ms: performance.now() - t0 }),
      () => {},
    );
  }
  return result;
};

const local = new Date(Date.now() + 7 * 3_600_000);
const y = local.getUTCFullYear();
const periods =
  process.argv.length > 2
    ? process.argv.slice(2)
    : [
        `${y}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`,
        `${y}-Q${Math.floor(local.getUTCMonth() / 3) + 1}`,
        String(y),
        String(y - 1),
      ];
const shown = Number(process.env.PLANS ?? 3);
const load = () => `load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`;

for (const period of periods) {
  for (const page of ['dashboard', '766'] as const) {
    const run = () =>
      page === 'dashboard'
        ? dashboard(db.db, caller, { provinceCode: root.province, period, filters: {}, dimension: 'agency' })
        : serviceIndexReport(db.db, caller, { provinceCode: root.province, period, level: 'agency' });
    await run(); // warm
    log = [];
    const t0 = performance.now();
    await run();
    const total = performance.now() - t0;
    const statements = log;
    log = null;
    console.log(`\n== ${page} ${period}: ${total.toFixed(0)} ms in all, ${statements.length} statements (${load()})`);
    const slowest = [...statements].sort((a, b) => b.ms - a.ms);
    for (const s of slowest.slice(0, 8)) {
      console.log(`  ${s.ms.toFixed(1).padStart(8)} ms  ${s.text.replace(/\s+/g, ' ').slice(0, 150)}`);
    }
    for (const s of slowest.slice(0, shown)) {
      if (!/^\s*(select|with|\()/i.test(s.text)) continue;
      const plan = await explainPool.query(`explain (analyze, buffers) ${s.text}`, s.values);
      console.log(`\n  -- plan of the ${s.ms.toFixed(0)} ms statement`);
      for (const r of plan.rows) console.log(`  ${(r as Record<string, string>)['QUERY PLAN']}`);
    }
  }
}
await explainPool.end();
await db.close();
