/**
 * The inbox, counts, finished tab and staff search statements on a generated history, each
 * with EXPLAIN (ANALYZE, FORMAT JSON): execution and planning time in the database and the indexes walked.
 * What the officers' screens cost the database, apart from the HTTP load (history.ts).
 *   DATABASE_URL=postgres://…/mocua_bench_history_1000000 npm exec -- tsx bench/inbox-plans.ts
 *   DIR=/tmp/…_pglite/db npm exec -- tsx bench/inbox-plans.ts   (PGlite)
 * LOGIN (default tiepnhan.minhxuan) chooses whose agency.
 */
import { type SQL, sql } from 'drizzle-orm';
import {
  finishedPage,
  inboxCounts,
  runningPage,
  type StaffListInput,
  searchPage,
} from '../src/modules/dossiers/inbox-staff.ts';
import { type Executor, openDatabase, rows } from '../src/platform/db/index.ts';

const db = process.env.DATABASE_URL
  ? await openDatabase({ url: process.env.DATABASE_URL })
  : await openDatabase({ dir: process.env.DIR ?? 'memory' });
const [who] = await rows<{ agency: string }>(
  db.db,
  sql`select s.agency_id as agency from staff s join accounts a on a.id::text = s.account_id
      where a.login = ${process.env.LOGIN ?? 'tiepnhan.minhxuan'}`,
);
if (!who) throw new Error('no such staff login');
const now = new Date();
const input: StaffListInput = {
  agencyId: who.agency,
  now,
  todayEnd: new Date(now.getTime() + 6 * 3_600_000),
  soonEnd: new Date(now.getTime() + 24 * 3_600_000),
  limit: 20,
};
const [sample] = await rows<{ name: string; code: string }>(
  db.db,
  sql`select applicant->>'fullName' as name, code from dossiers where holding_agency_id = ${who.agency} limit 1`,
);

type Node = Record<string, unknown> & { Plans?: Node[] };
const walk = (n: Node): Node[] => [n, ...(n.Plans ?? []).flatMap(walk)];
async function measure(label: string, fn: (x: Executor) => Promise<unknown>) {
  const found: string[] = [];
  const explaining = {
    execute: async (query: SQL) => {
      const [row] = await rows<{ 'QUERY PLAN': unknown }>(db.db, sql`explain (analyze, format json) ${query}`);
      const json = row?.['QUERY PLAN'];
      const [plan] = (typeof json === 'string' ? JSON.parse(json) : json) as Array<{
        Plan: Node;
        'Execution Time': number;
        'Planning Time': number;
      }>;
      if (plan) {
        const indexes = [
          ...new Set(
            walk(plan.Plan)
              .map((n) => n['Index Name'])
              .filter(Boolean),
          ),
        ].join(', ');
        found.push(
          `${plan['Execution Time'].toFixed(2)} ms, planning ${plan['Planning Time'].toFixed(2)} ms [${indexes}]`,
        );
      }
      return { rows: [] };
    },
  } as unknown as Executor;
  await fn(explaining); // warm
  found.length = 0;
  await fn(explaining);
  console.log(`| ${label} | ${found.join('<br>')} |`);
}

console.log('| statement set | execution time per statement [indexes] |\n|---|---|');
await measure('running inbox, first page (4 walks)', (x) => runningPage(x, input));
await measure('running inbox, overdue', (x) => runningPage(x, { ...input, overdue: true }));
await measure('counts', (x) => inboxCounts(x, input));
await measure('finished tab', (x) => finishedPage(x, input));
await measure(`search, name "${sample?.name}"`, (x) => searchPage(x, { ...input, q: sample?.name ?? 'Nguyễn' }));
await measure('search, common name "Nguyễn Văn An"', (x) => searchPage(x, { ...input, q: 'Nguyễn Văn An' }));
await measure('search, id number part "0912"', (x) => searchPage(x, { ...input, q: '0912' }));
await measure('search, code', (x) => searchPage(x, { ...input, q: sample?.code ?? '' }));
await db.close();
