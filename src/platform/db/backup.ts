/**
 * Consistent copies of the database for `mocua backup` and their restore (docs/operators.md,
 * "Backups"). PostgreSQL: `pg_dump --format=custom` inside a snapshot exported by a
 * repeatable-read transaction, so the row counts written beside the dump are the dump's own.
 * PGlite: its data directory as a gzipped tar, taken while a transaction holds PGlite's
 * transaction lock: no other statement runs between the counts and the copy, and the copy is
 * checkpointed first, so the copy holds every commit (see `dumpPglite`).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { DbHandle } from './index.ts';
import { migrationsFolder } from './index.ts';

/** The tables whose row counts a backup records and a restore compares (those that exist). */
const COUNTED_TABLES = [
  'accounts',
  'agencies',
  'procedures',
  'dossiers',
  'dossier_actions',
  'dossier_attachments',
  'feedback_items',
  'feedback_actions',
  'documents',
  'document_files',
  'outbox',
  'audit_events',
  'audit_checkpoints',
] as const;

export interface DatabaseSnapshot {
  /** The newest applied migration (its tag in migrations/meta/_journal.json) and how many are applied. */
  migration: { tag: string | null; applied: number };
  counts: Record<string, number>;
}

type Query = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;

/** A failure the operator can act on: printed as it is, without a stack. */
export class BackupError extends Error {}

/** The migration head and the row counts, through `query` (inside the dump's snapshot). */
export async function takeSnapshot(query: Query): Promise<DatabaseSnapshot> {
  const existing = (await query(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname = any($1)`,
    [[...COUNTED_TABLES]],
  )) as { rows: Array<{ name: string }> };
  const counts: Record<string, number> = {};
  for (const { name } of existing.rows.sort((a, b) => a.name.localeCompare(b.name))) {
    const { rows } = (await query(`select count(*)::int as n from public."${name}"`)) as { rows: Array<{ n: number }> };
    counts[name] = rows[0]?.n ?? 0;
  }
  return { migration: await migrationHead(query), counts };
}

async function migrationHead(query: Query): Promise<DatabaseSnapshot['migration']> {
  const { rows } = (await query(
    `select count(*)::int as applied, max(created_at)::text as newest from drizzle.__drizzle_migrations`,
  ).catch(() => ({ rows: [] }))) as { rows: Array<{ applied: number; newest: string | null }> };
  const row = rows[0];
  if (!row || row.applied === 0) return { tag: null, applied: 0 };
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ when: number; tag: string }>;
  };
  const tag = journal.entries.find((e) => String(e.when) === row.newest)?.tag ?? `when=${row.newest}`;
  return { tag, applied: row.applied };
}

/** The PGlite client under a handle, or undefined on PostgreSQL. */
export function pgliteClientOf(handle: DbHandle): PGlite | undefined {
  // drizzle keeps the driver's client as $client.
  const client = (handle.db as unknown as { $client?: unknown }).$client;
  return client instanceof PGlite ? client : undefined;
}

export interface PgliteDump {
  /** The data directory as a gzipped tar (PGlite's `dumpDataDir`). */
  bytes: Uint8Array;
  snapshot: DatabaseSnapshot;
}

/**
 * The running PGlite's data directory and its counts at one instant. Every other statement
 * waits meanwhile (PGlite has one connection): seconds for a commune's database.
 */
export async function dumpPglite(client: PGlite): Promise<PgliteDump> {
  return client.transaction(async (tx) => {
    // A filing commits without waiting for its WAL flush (dossiers/pending-code.ts) and PGlite
    // has no WAL writer: its commit record may still be in memory. The checkpoint writes it
    // (and every dirty page: nothing to replay when the copy is loaded). Found by the restore
    // test, which counted one dossier fewer in the copy.
    await tx.query('checkpoint');
    const snapshot = await takeSnapshot((text, values) => tx.query(text, values));
    const blob = await client.dumpDataDir('gzip');
    return { bytes: new Uint8Array(await blob.arrayBuffer()), snapshot };
  });
}

/**
 * libpq's connection settings without the password on the command line (where `ps` shows it):
 * the URL without it, and the password in PGPASSWORD of the child only.
 */
function libpqArgs(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

/** Runs a PostgreSQL client tool; its stderr goes into the error when it fails. */
function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'ENOENT'
          ? new BackupError(
              `Không tìm thấy ${tool} trên PATH / ${tool} not found on PATH: install the PostgreSQL client ` +
                `of the server's major version or newer (Debian: postgresql-client-15).`,
            )
          : err,
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new BackupError(`${tool} exited with ${code}: ${stderr.trim()}`));
    });
  });
}

/** `pg_dump --format=custom` of `url` into `file`; the counts are taken in the dump's snapshot. */
export async function dumpPostgres(url: string, file: string): Promise<DatabaseSnapshot> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const { rows } = await client.query<{ id: string }>('select pg_export_snapshot() as id');
    const snapshot = await takeSnapshot((text, values) => client.query(text, values));
    const { dbname, env } = libpqArgs(url);
    // The snapshot stays valid while this transaction is open: pg_dump sees exactly what was counted.
    await runTool(
      'pg_dump',
      ['--format=custom', `--snapshot=${rows[0]?.id}`, `--file=${file}`, '--no-password', `--dbname=${dbname}`],
      env,
    );
    await client.query('commit');
    return snapshot;
  } finally {
    await client.end();
  }
}

/**
 * `pg_restore` of a custom-format dump into `url`, all or nothing. Owners and grants are left
 * out (the restoring role owns what it creates; `mocua migrate` with DATABASE_OWNER_URL grants
 * the application role again). `clean`: drop the dump's objects first (restore --force).
 */
export async function restorePostgres(url: string, file: string, { clean = false } = {}): Promise<void> {
  const { dbname, env } = libpqArgs(url);
  await runTool(
    'pg_restore',
    [
      '--no-owner',
      '--no-acl',
      '--exit-on-error',
      '--single-transaction',
      ...(clean ? ['--clean', '--if-exists'] : []),
      '--no-password',
      `--dbname=${dbname}`,
      file,
    ],
    env,
  );
}

/** True when the PostgreSQL database at `url` holds no table outside the system schemas. */
export async function postgresIsEmpty(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
          and n.nspname not like 'pg\\_toast%'`,
    );
    return rows[0]?.n === 0;
  } finally {
    await client.end();
  }
}
