/**
 * migrations/concurrent/: index builds and backfills on big tables, applied after drizzle's
 * migrations and outside any transaction (drizzle's migrator runs every pending file in one
 * transaction, where CONCURRENTLY is refused and where a backfill of every row would hold every
 * row, and every lock taken before it, until the last file commits). Each statement is
 * `CREATE INDEX CONCURRENTLY IF NOT EXISTS name ON …`, `DROP INDEX CONCURRENTLY IF EXISTS …` or a
 * batch `UPDATE … LIMIT n` (./migration-rules.ts checks it), so running them at every start is
 * harmless: an index that exists is skipped after one catalog read; a batch runs again, each run
 * its own short transaction, until it changes no row (it must find its rows through an index that
 * holds only the rows still to do, so that a finished backfill costs one empty index read). A build that failed halfway (a
 * deadlock, a cancelled start) leaves an INVALID index behind, which IF NOT EXISTS would skip
 * for ever: it is dropped and built again. The index is declared in the module's schema.ts as
 * usual, so drizzle-kit's snapshot knows it (docs/architecture.md, "Migrations").
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BATCH, statementsOf } from './migration-rules.ts';

type Run = (
  text: string,
  values?: unknown[],
) => Promise<{ rows: unknown[]; rowCount?: number | null; affectedRows?: number }>;

/** The files in order, each with its statements. */
export function concurrentMigrations(folder: string): { file: string; statements: string[] }[] {
  let files: string[];
  try {
    files = readdirSync(folder).filter((f) => f.endsWith('.sql'));
  } catch {
    return [];
  }
  return files
    .sort()
    .map((file) => ({ file, statements: statementsOf(readFileSync(path.join(folder, file), 'utf8')) }));
}

const CREATE = /^CREATE (?:UNIQUE )?INDEX CONCURRENTLY IF NOT EXISTS "?([A-Za-z_][A-Za-z0-9_]*)"?/i;

/**
 * Applies the folder's statements. `embedded`: PGlite, one connection and no concurrent writer,
 * where the plain statement does the same.
 */
export async function applyConcurrentMigrations(run: Run, folder: string, embedded: boolean): Promise<void> {
  for (const { statements } of concurrentMigrations(folder)) {
    for (const statement of statements) {
      if (BATCH.test(statement)) {
        for (;;) {
          const result = await run(statement);
          if (!(result.rowCount ?? result.affectedRows)) break;
        }
        continue;
      }
      if (embedded) {
        await run(statement.replace(/\bCONCURRENTLY /i, ''));
        continue;
      }
      const index = CREATE.exec(statement)?.[1];
      if (index) {
        const { rows } = await run(
          `select i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid
            where c.relname = $1 and c.relnamespace = current_schema()::regnamespace`,
          [index],
        );
        const found = rows[0] as { valid: boolean } | undefined;
        // Built already: not even the statement (it would take the table's SHARE UPDATE EXCLUSIVE lock to find out).
        if (found?.valid) continue;
        if (found) await run(`drop index concurrently if exists "${index}"`);
      }
      await run(statement);
    }
  }
}
