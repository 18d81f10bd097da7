/**
 * `mocua demo generate --dossiers N`: a province's plausible history for load
 * tests and demos (issue 21). Seeds the demo province if needed, makes real template filings
 * through the dossier service (templates.ts), clones them set-based (clone.ts), then
 * `VACUUM ANALYZE` so the planner and the index-only counts see the new rows. Prints the time
 * taken and the database size.
 */
import { sql } from 'drizzle-orm';
import type { DossierContext } from '../../modules/dossiers/index.ts';
import type { Config } from '../../platform/config.ts';
import { type DbHandle, rows } from '../../platform/db/index.ts';
import type { Services } from '../../platform/services.ts';
import { cloneTemplates } from './clone.ts';
import { generateDocuments } from './documents.ts';
import { makeTemplates } from './templates.ts';

export interface GenerateReport {
  dossiers: number;
  templates: number;
  seconds: number;
  databaseBytes: number;
  tables: Array<{ table: string; bytes: number }>;
}

async function databaseSize(db: DbHandle): Promise<{ total: number; tables: Array<{ table: string; bytes: number }> }> {
  const [total] = await rows<{ bytes: string | number }>(
    db.db,
    sql`select pg_database_size(current_database()) as bytes`,
  );
  const tables = await rows<{ table: string; bytes: string | number }>(
    db.db,
    sql`select c.relname as table, pg_total_relation_size(c.oid) as bytes from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' order by 2 desc limit 8`,
  );
  return { total: Number(total?.bytes ?? 0), tables: tables.map((t) => ({ table: t.table, bytes: Number(t.bytes) })) };
}

export async function generateDemo(
  db: DbHandle,
  config: Pick<Config, 'provinceCode' | 'uploadMaxBytes'>,
  services: Pick<Services, 'blobs' | 'publicUrl'>,
  options: {
    dossiers: number;
    now?: Date;
    procedures?: number;
    progress?: (phase: string, seconds: number) => void;
  },
): Promise<GenerateReport> {
  const started = performance.now();
  const ctx: DossierContext = {
    provinceCode: config.provinceCode,
    publicUrl: services.publicUrl,
    blobs: services.blobs,
    uploadMaxBytes: config.uploadMaxBytes,
  };
  const templates = await makeTemplates(db.db, ctx, options.procedures ? { procedures: options.procedures } : {});
  options.progress?.('templates', (performance.now() - started) / 1000);
  await cloneTemplates(db.db, templates, {
    ...(options.progress ? { progress: options.progress } : {}),
    dossiers: options.dossiers,
    ...(options.now ? { now: options.now } : {}),
  });
  const marks = performance.now();
  await markPastDeadlines(db, options.now ?? new Date());
  options.progress?.('deadline marks', (performance.now() - marks) / 1000);
  const vacuum = performance.now();
  await db.executeSql('vacuum analyze');
  options.progress?.('vacuum analyze', (performance.now() - vacuum) / 1000);
  const seconds = (performance.now() - started) / 1000;
  const size = await databaseSize(db);
  return {
    dossiers: options.dossiers,
    templates: templates.length,
    seconds,
    databaseBytes: size.total,
    tables: size.tables,
  };
}

/** `mocua demo generate documents [--documents N] [--users N]` (documents.ts), on a seeded database. */
export async function generateDocumentsCommand(
  db: DbHandle,
  config: Pick<Config, 'provinceCode'>,
  option: (key: string) => string | undefined,
): Promise<number> {
  const documents = Number(option('documents') ?? '1000000');
  const users = Number(option('users') ?? '27000');
  if (![documents, users].every((x) => Number.isInteger(x) && x >= 0)) {
    console.error('--documents, --users phải là số nguyên không âm / must be non-negative integers');
    return 2;
  }
  const started = performance.now();
  const progress = (phase: string, s: number) => console.log(`  ${phase.padEnd(18)} ${s.toFixed(1)} s`);
  const report = await generateDocuments(db.db, { provinceCode: config.provinceCode, documents, users, progress });
  const vacuum = performance.now();
  await db.executeSql('vacuum analyze');
  progress('vacuum analyze', (performance.now() - vacuum) / 1000);
  const size = await databaseSize(db);
  const mb = (b: number) => `${(b / 1_048_576).toFixed(0)} MB`;
  console.log(
    `Đã tạo ${report.documents} văn bản, ${report.users} người dùng ở ${report.agencies} cơ quan trong ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s; cơ sở dữ liệu ${mb(size.total)} / generated documents`,
  );
  for (const t of size.tables) console.log(`  ${t.table.padEnd(24)} ${mb(t.bytes)}`);
  return 0;
}

/**
 * What the deadline sweep (dossiers/sweep.ts, every five minutes) would have written by now: a
 * running dossier or active step whose due time has passed was marked overdue (a step late) at
 * that time, and marked "due soon" a day before. Without the marks the first sweep of a
 * generated history rewrites every such row at once, and the benchmarks that follow measure
 * that catch-up and the heap it leaves unvacuumed instead of the screens (no outbox events:
 * they were sent long ago).
 */
async function markPastDeadlines(db: DbHandle, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.executeSql(`
    update dossiers set
      due_soon_notified_at = coalesce(due_soon_notified_at, due_at - interval '1 day'),
      overdue_notified_at = case when due_at <= '${at}' then coalesce(overdue_notified_at, due_at) end
    where finished_at is null and clock_paused_at is null and due_at <= timestamptz '${at}' + interval '1 day'
      and (due_soon_notified_at is null or (overdue_notified_at is null and due_at <= '${at}'));
    update dossier_steps s set
      due_soon_notified_at = coalesce(s.due_soon_notified_at, s.due_at - interval '1 day'),
      overdue_notified_at = case when s.due_at <= '${at}' then coalesce(s.overdue_notified_at, s.due_at) end,
      timing = case when s.due_at <= '${at}' then 'late' else s.timing end
    from dossiers d
    where d.id = s.dossier_id and d.finished_at is null and d.clock_paused_at is null
      and s.status = 'active' and s.due_at <= timestamptz '${at}' + interval '1 day'
      and (s.due_soon_notified_at is null or (s.overdue_notified_at is null and s.due_at <= '${at}'));
  `);
}
