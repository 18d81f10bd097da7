/**
 * Migrations that never hold a big table's lock for long (issue 19.5). drizzle-kit writes plain
 * DDL, and drizzle's migrator applies every pending file in **one transaction**, so each lock a
 * statement takes is held until the last pending migration commits. On a table of millions of
 * rows some statements hold an ACCESS EXCLUSIVE (or SHARE) lock for as long as they scan or
 * rewrite it, and every request that touches the table queues behind them. This check reads
 * migrations/*.sql and names those statements; the rule for a new migration is in
 * docs/architecture.md ("Migrations") and docs/operators.md ("Upgrading").
 *
 * - `CREATE INDEX` on a big table without CONCURRENTLY blocks every write while it builds:
 *   declare the index in schema.ts, generate, then move the statement to
 *   migrations/concurrent/ as `CREATE INDEX CONCURRENTLY IF NOT EXISTS` (applied outside the
 *   transaction after the others: ./concurrent.ts).
 * - `ADD COLUMN … DEFAULT now()` (any volatile default, or a serial type) rewrites the table;
 *   a constant default does not (PostgreSQL 11+).
 * - `SET NOT NULL` scans the table under ACCESS EXCLUSIVE, unless a validated
 *   `CHECK (col IS NOT NULL)` proves it (add it `NOT VALID`, `VALIDATE CONSTRAINT` in a later
 *   migration, then SET NOT NULL).
 * - `ALTER COLUMN … TYPE` rewrites the table (and its indexes) in most cases.
 * - `ADD CONSTRAINT … FOREIGN KEY` or `CHECK` without `NOT VALID` scans the table under lock;
 *   `ADD PRIMARY KEY` / `UNIQUE` without `USING INDEX` builds an index under lock.
 * - `VACUUM FULL`, `CLUSTER`, `LOCK TABLE`, `REINDEX` without CONCURRENTLY.
 * - `UPDATE` or `DELETE` of a big table: every row it touches stays locked, and so does every lock
 *   an earlier statement took (a trigger's on `dossiers`), until the migration commits — minutes
 *   at a million rows. Backfill from migrations/concurrent/ as a batch (`UPDATE … LIMIT n` that
 *   finds its rows through a partial index of the rows still to do), run until it changes none.
 */

/** Tables that grow with the province's activity (millions of rows at a national peak). */
const BIG_TABLES: ReadonlySet<string> = new Set([
  'dossiers',
  'dossier_actions',
  'dossier_steps',
  'dossier_attachments',
  'dossier_holders',
  'audit_events',
  'outbox',
  'idempotent_requests',
  'feedback_items',
  'feedback_actions',
  'documents',
  'document_actions',
  'document_files',
  'document_deliveries',
  'national_dossier_sync',
  'national_timeline',
  'insights_dossiers',
  'insights_feedback',
  'insights_ratings',
  'ratings',
  'sessions',
  'exchange_calls',
]);

/**
 * Migrations written before Mở Cửa's first release (0.1.0 is unreleased: no province held data
 * when they ran), whose findings are therefore harmless where they ran, with the reason and what
 * they would lock on a full database. Never add a new migration here: write it the safe way.
 */
export const ALLOWED: Readonly<Record<string, string>> = {
  '0007_dossiers.sql':
    'before the first release; builds the staged-attachment, active-step and applicant-search indexes under a SHARE lock',
  '0016_inbox_indexes.sql':
    'before the first release (issue 21, the inbox at scale); builds six inbox indexes on dossiers and dossier_holders under a SHARE lock',
  '0013_result_issued.sql':
    'before the first release; marks the issued result attachments of finished dossiers in one UPDATE of dossier_attachments',
  '0029_docbench15.sql': 'before the first release; builds three indexes on documents under a SHARE lock',
  '0033_ins17.sql':
    'before the first release; insights_dossiers is a read model rebuilt from events, its code index built under a SHARE lock',
  '0034_nat16.sql': 'before the first release; builds the OIDC sign-out index on sessions under a SHARE lock',
};

/** A backfill batch of migrations/concurrent/ (./concurrent.ts runs it until it changes no row). */
export const BATCH = /^UPDATE\b.*\bLIMIT \d+\b/is;

export interface Finding {
  file: string;
  table: string;
  rule: string;
  statement: string;
}

/** The SQL statements of one file, comments removed (drizzle-kit separates them with `--> statement-breakpoint`). */
export function statementsOf(text: string): string[] {
  const withoutComments = text.replace(/--[^\n]*/g, '');
  const out: string[] = [];
  // Split on semicolons outside quotes and dollar-quoted bodies (functions, DO blocks).
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < withoutComments.length; i++) {
    const ch = withoutComments[i] ?? '';
    if (quote) {
      if (withoutComments.startsWith(quote, i)) {
        current += quote;
        i += quote.length - 1;
        quote = null;
      } else current += ch;
      continue;
    }
    const dollar = /^\$[A-Za-z_]*\$/.exec(withoutComments.slice(i, i + 40));
    if (dollar) {
      quote = dollar[0];
      current += quote;
      i += quote.length - 1;
      continue;
    }
    if (ch === "'") quote = "'";
    if (ch === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out.map((s) => s.replace(/\s+/g, ' '));
}

const name = String.raw`(?:"([^"]+)"|([A-Za-z_][A-Za-z0-9_]*))`;
const qualified = String.raw`(?:${name}\.)?${name}`;
/** The table of a `qualified` match whose groups start after group `from` (schema "…" or bare, then table "…" or bare). */
const unquote = (m: RegExpExecArray, from: number): string => (m[from + 3] ?? m[from + 4] ?? '').toLowerCase();
const VOLATILE =
  /\b(now|clock_timestamp|statement_timestamp|timeofday|random|gen_random_uuid|uuid_generate_v[14]|nextval)\s*\(|\bcurrent_(timestamp|date|time)\b/i;

/**
 * The findings of one migration file. A table created by the same file is empty: nothing on it is
 * flagged. `provenNotNull` carries the validated `CHECK (col IS NOT NULL)` of earlier files.
 */
export function checkMigration(file: string, text: string, provenNotNull = new Set<string>()): Finding[] {
  const findings: Finding[] = [];
  const created = new Set<string>();
  const flag = (table: string, rule: string, statement: string) => {
    if (BIG_TABLES.has(table) && !created.has(table))
      findings.push({ file, table, rule, statement: statement.slice(0, 160) });
  };
  for (const statement of statementsOf(text)) {
    const s = statement;
    const createTable = new RegExp(String.raw`^CREATE TABLE (?:IF NOT EXISTS )?${qualified}`, 'i').exec(s);
    if (createTable) created.add(unquote(createTable, 0));
    const index = new RegExp(
      String.raw`^CREATE (?:UNIQUE )?INDEX (CONCURRENTLY )?(?:IF NOT EXISTS )?(?:${name} )?ON (?:ONLY )?${qualified}`,
      'i',
    ).exec(s);
    if (index) {
      const table = (index[6] ?? index[7] ?? '').toLowerCase();
      if (!index[1]) flag(table, 'CREATE INDEX without CONCURRENTLY (move it to migrations/concurrent/)', s);
      continue;
    }
    if (/^(VACUUM FULL|CLUSTER|LOCK TABLE)\b/i.test(s)) {
      const m = new RegExp(String.raw`^(?:VACUUM FULL|CLUSTER|LOCK TABLE) ${qualified}`, 'i').exec(s);
      if (m) flag(unquote(m, 0), 'VACUUM FULL, CLUSTER or LOCK TABLE holds the table for its whole run', s);
      continue;
    }
    const reindex = new RegExp(String.raw`^REINDEX (?:TABLE|INDEX) (CONCURRENTLY )?${qualified}`, 'i').exec(s);
    if (reindex && !reindex[1]) {
      flag(unquote(reindex, 1), 'REINDEX without CONCURRENTLY', s);
      continue;
    }
    const write = new RegExp(String.raw`^(?:UPDATE (?:ONLY )?|DELETE FROM (?:ONLY )?)${qualified}`, 'i').exec(s);
    if (write) {
      flag(
        unquote(write, 0),
        'UPDATE or DELETE of a big table holds its rows and every earlier lock until commit (batch it in migrations/concurrent/)',
        s,
      );
      continue;
    }
    const alter = new RegExp(String.raw`^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?${qualified} (.*)$`, 'i').exec(s);
    if (!alter) continue;
    const table = unquote(alter, 0);
    const rest = alter[5] ?? '';
    for (const action of rest.split(/,(?![^(]*\))/)) {
      const a = action.trim();
      if (/^ADD (COLUMN )?/i.test(a) && !/^ADD CONSTRAINT|^ADD (PRIMARY KEY|UNIQUE|FOREIGN KEY|CHECK)/i.test(a)) {
        if (/\b(big|small)?serial\b/i.test(a) || (/\bDEFAULT\b/i.test(a) && VOLATILE.test(a)))
          flag(table, 'ADD COLUMN with a volatile default (or serial) rewrites the table', s);
        continue;
      }
      const check = /CHECK \(\s*"?([A-Za-z_][A-Za-z0-9_]*)"? IS NOT NULL\s*\)/i.exec(a);
      if (/^VALIDATE CONSTRAINT/i.test(a)) continue;
      if (/\b(FOREIGN KEY|CHECK)\b/i.test(a) && !/\bNOT VALID\b/i.test(a)) {
        flag(table, 'ADD FOREIGN KEY or CHECK without NOT VALID scans the table under lock', s);
        continue;
      }
      if (check) provenNotNull.add(`${table}.${(check[1] ?? '').toLowerCase()}`);
      if (/\b(PRIMARY KEY|UNIQUE)\b/i.test(a) && /^ADD/i.test(a) && !/\bUSING INDEX\b/i.test(a)) {
        flag(
          table,
          'ADD PRIMARY KEY or UNIQUE builds its index under lock (build it CONCURRENTLY, then USING INDEX)',
          s,
        );
        continue;
      }
      const col = new RegExp(String.raw`^ALTER (?:COLUMN )?${name} (.*)$`, 'i').exec(a);
      if (!col) continue;
      const column = (col[1] ?? col[2] ?? '').toLowerCase();
      const change = col[3] ?? '';
      if (/^SET NOT NULL/i.test(change) && !provenNotNull.has(`${table}.${column}`))
        flag(table, 'SET NOT NULL without a validated CHECK (col IS NOT NULL) scans the table under lock', s);
      if (/^(SET DATA )?TYPE\b/i.test(change)) flag(table, 'ALTER COLUMN TYPE rewrites the table', s);
    }
  }
  return findings;
}

/**
 * What a file of migrations/concurrent/ may hold: index builds and drops, and backfill batches
 * (`UPDATE … LIMIT n`), that lock nothing for long.
 */
export function checkConcurrentMigration(file: string, text: string): Finding[] {
  return statementsOf(text)
    .filter(
      (s) =>
        !/^CREATE (UNIQUE )?INDEX CONCURRENTLY IF NOT EXISTS "?[A-Za-z_][A-Za-z0-9_]*"? ON /i.test(s) &&
        !/^DROP INDEX CONCURRENTLY IF EXISTS /i.test(s) &&
        !BATCH.test(s),
    )
    .map((statement) => ({
      file,
      table: '',
      rule: 'migrations/concurrent/ takes only CREATE INDEX CONCURRENTLY IF NOT EXISTS name ON …, DROP INDEX CONCURRENTLY IF EXISTS and UPDATE … LIMIT n batches',
      statement: statement.slice(0, 160),
    }));
}
