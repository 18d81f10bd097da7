import { sql } from 'drizzle-orm';
import { openDatabase, rows } from '/work/wt/scale/src/platform/db/index.ts';
import { listDossiers } from '/work/wt/scale/src/modules/dossiers/inbox.ts';
import { runningPage, inboxCounts, searchPage } from '/work/wt/scale/src/modules/dossiers/inbox-staff.ts';
const db = process.env.DATABASE_URL ? await openDatabase({ url: process.env.DATABASE_URL }) : await openDatabase({ dir: process.env.DIR! });
const [st] = await rows<{ id: string; agency_id: string }>(db.db, sql`select s.id, s.agency_id from staff s join accounts a on a.id::text = s.account_id where a.login = ${process.env.LOGIN ?? 'tiepnhan.minhxuan'}`).catch(async () => rows<{ id: string; agency_id: string }>(db.db, sql`select id, agency_id from staff where full_name is not null and 'receiver' = any(roles) limit 1`));
console.log(st);
const caller = { kind: 'staff' as const, id: st!.id, provinceCode: '08', agencyId: st!.agency_id, roles: ['receiver' as const] };
const now = new Date();
const input = { agencyId: st!.agency_id, now, todayEnd: new Date(now.getTime() + 3600e3), soonEnd: new Date(now.getTime() + 86400e3), limit: 20 };
for (let i = 0; i < 3; i++) {
  let t = performance.now(); await runningPage(db.db, input); console.log('running', (performance.now() - t).toFixed(1));
  t = performance.now(); await inboxCounts(db.db, input); console.log('counts', (performance.now() - t).toFixed(1));
  t = performance.now(); await searchPage(db.db, { ...input, q: 'Hà Văn Linh' }); console.log('search', (performance.now() - t).toFixed(1));
  t = performance.now(); await listDossiers(db.db, caller, { limit: 20 }); console.log('list', (performance.now() - t).toFixed(1));
}
const explain = async (q: ReturnType<typeof sql>) => console.log(((await rows<{ 'QUERY PLAN': string }>(db.db, sql`explain (analyze, buffers) ${q}`)).map((r) => r['QUERY PLAN']).join('\n')));
await explain(sql`select count(*) from dossiers where holding_agency_id = ${st!.agency_id} and finished_at is null and code is not null and due_at is not null and clock_paused_at is null`);
await explain(sql`select count(*) from dossier_holders h join dossiers d on d.id = h.dossier_id where h.agency_id = ${st!.agency_id} and h.finished_at is null and not h.current and d.finished_at is null`);
await db.close();
