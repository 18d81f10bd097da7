/**
 * `mocua backup --to DIR` and `mocua restore --from DIR [--force]` (docs/operators.md, "Backups").
 *
 * A backup folder holds the database (PostgreSQL: `database.dump`, pg_dump's custom format;
 * PGlite: `pglite-data.tar.gz`, its data directory), `blobs.manifest` (every blob key and
 * size), `blobs/` (a copy of the blobs when the store is a local folder) and, written last so
 * that its presence means the rest is whole, `backup.json`: kind, time, migration head, row
 * counts and the hashes of the dump and the manifest.
 *
 * A restore goes into an empty database only (`--force` drops what is there: PostgreSQL through
 * `pg_restore --clean`, PGlite by moving the old folder aside), then proves the copy: the row
 * counts equal those recorded, the audit chains and checkpoints verify (`verify-audit`), and
 * every blob is read back and compared with the manifest. Any difference: exit 1.
 */
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { verifyAudit } from '../platform/audit/index.ts';
import type { Config } from '../platform/config.ts';
import {
  BackupError,
  type DatabaseSnapshot,
  dumpPglite,
  dumpPostgres,
  type PgliteDump,
  pgliteClientOf,
  postgresIsEmpty,
  restorePostgres,
  takeSnapshot,
} from '../platform/db/backup.ts';
import { openDatabase } from '../platform/db/index.ts';
import { platformServices } from '../platform/services.ts';
import type { BlobStore } from '../platform/storage/index.ts';
import { printAuditReport } from './audit-report.ts';
import { backupBlobs, readManifest, restoreBlobs, sha256Hex } from './backup-blobs.ts';
import { backupSocketPath, requestPgliteDump, serverAnswers } from './backup-socket.ts';
import type { Command } from './commands.ts';

export const BACKUP_FILE = 'backup.json';
const DUMP_FILE = { postgres: 'database.dump', pglite: 'pglite-data.tar.gz' } as const;

export interface BackupInfo {
  format: 'mocua-backup';
  version: 1;
  createdAt: string;
  database: {
    kind: 'postgres' | 'pglite';
    file: string;
    sha256: string;
    bytes: number;
    /** PGlite: taken from the running server (true) or from its stopped data directory. */
    online: boolean;
    migration: DatabaseSnapshot['migration'];
  };
  counts: Record<string, number>;
  blobs: {
    manifest: string;
    manifestSha256: string;
    count: number;
    bytes: number;
    /** True when `blobs/` holds a copy; false for an S3 store (the bucket is its own backup). */
    copied: boolean;
  };
}

type BackupSource =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; online: boolean; dump: () => Promise<PgliteDump> };

type RestoreTarget = { kind: 'postgres'; url: string; ownerUrl?: string | undefined } | { kind: 'pglite'; dir: string };

async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch {
    return true;
  }
}

/** Writes a whole backup into `dir` (absent or empty). `problems`: blobs that could not be saved. */
async function backupTo(
  dir: string,
  source: BackupSource,
  blobs: BlobStore,
  { copyBlobs }: { copyBlobs: boolean },
): Promise<{ info: BackupInfo; problems: string[] }> {
  if (!(await isEmptyDir(dir))) throw new BackupError(`${dir} is not empty: a backup goes into a new folder`);
  // 0700: the copy holds citizens' personal data, like the database it comes from.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const createdAt = new Date().toISOString();
  const file = DUMP_FILE[source.kind];
  let snapshot: DatabaseSnapshot;
  if (source.kind === 'postgres') {
    snapshot = await dumpPostgres(source.url, path.join(dir, file));
  } else {
    const dump = await source.dump();
    await writeFile(path.join(dir, file), dump.bytes);
    snapshot = dump.snapshot;
  }
  const dumped = await readFile(path.join(dir, file));
  // After the database: blobs are never deleted, so every key the dump refers to is copied.
  const saved = await backupBlobs(blobs, dir, { copy: copyBlobs });
  const info: BackupInfo = {
    format: 'mocua-backup',
    version: 1,
    createdAt,
    database: {
      kind: source.kind,
      file,
      sha256: sha256Hex(dumped),
      bytes: dumped.byteLength,
      online: source.kind === 'pglite' ? source.online : true,
      migration: snapshot.migration,
    },
    counts: snapshot.counts,
    blobs: {
      manifest: 'blobs.manifest',
      manifestSha256: saved.manifestSha256,
      count: saved.entries.length,
      bytes: saved.bytes,
      copied: copyBlobs,
    },
  };
  await writeFile(path.join(dir, BACKUP_FILE), `${JSON.stringify(info, null, 2)}\n`);
  return { info, problems: saved.problems };
}

async function readBackupInfo(dir: string): Promise<BackupInfo> {
  const info = JSON.parse(await readFile(path.join(dir, BACKUP_FILE), 'utf8')) as BackupInfo;
  if (info.format !== 'mocua-backup' || info.version !== 1) throw new BackupError(`${dir}: not a Mở Cửa backup`);
  return info;
}

interface RestoreReport {
  info: BackupInfo;
  counts: Record<string, number>;
  blobsRestored: number;
  /** Everything that differs from the backup: counts, audit breaks, blobs. Empty when the restore is whole. */
  problems: string[];
}

/** Restores `dir` into `target` and `blobs`, then checks the copy (see the file's comment). */
async function restoreFrom(
  dir: string,
  target: RestoreTarget,
  blobs: BlobStore,
  { force = false }: { force?: boolean } = {},
): Promise<RestoreReport> {
  const info = await readBackupInfo(dir);
  if (info.database.kind !== target.kind) {
    throw new BackupError(
      `the backup holds a ${info.database.kind} database and the configuration points at ${target.kind}`,
    );
  }
  const dumpPath = path.join(dir, info.database.file);
  const dumped = await readFile(dumpPath);
  if (sha256Hex(dumped) !== info.database.sha256) throw new BackupError(`${info.database.file} is corrupted (hash)`);
  const entries = await readManifest(dir, info.blobs.manifestSha256);

  if (target.kind === 'postgres') {
    const empty = await postgresIsEmpty(target.ownerUrl ?? target.url);
    if (!empty && !force) throw new BackupError('the database is not empty (restore --force replaces it)');
    await restorePostgres(target.ownerUrl ?? target.url, dumpPath, { clean: !empty });
  } else {
    if (!(await isEmptyDir(target.dir))) {
      if (!force) throw new BackupError(`${target.dir} is not empty (restore --force moves it aside)`);
      const aside = `${target.dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(target.dir, aside);
      console.log(`Thư mục cũ được giữ ở / the old folder is kept at ${aside}`);
    }
    const handle = await openDatabase({ dir: target.dir, loadDataDir: dumped });
    await handle.close();
  }

  const problems: string[] = [];
  const db = await openDatabase(
    target.kind === 'postgres' ? { url: target.url, ownerUrl: target.ownerUrl, poolSize: 2 } : { dir: target.dir },
  );
  let counts: Record<string, number>;
  try {
    counts = (await takeSnapshot((text, values) => db.executeSql(text, values))).counts;
    for (const table of new Set([...Object.keys(info.counts), ...Object.keys(counts)])) {
      if (counts[table] !== info.counts[table])
        problems.push(
          `table ${table}: ${counts[table] ?? 'absent'} rows restored, ${info.counts[table] ?? 'absent'} backed up`,
        );
    }
    // What `start` would do: bring an older backup to this version's schema, grant the app role.
    await db.migrate();
    if (printAuditReport(await verifyAudit(db.db))) problems.push('the audit log does not verify (verify-audit)');
  } finally {
    await db.close();
  }
  const blobsDone = await restoreBlobs(dir, entries, blobs, { copied: info.blobs.copied });
  problems.push(...blobsDone.problems);
  return { info, counts, blobsRestored: blobsDone.restored, problems };
}

/** The embedded database: from the running server through its socket, else from the stopped data directory. */
async function pgliteSource(config: Config): Promise<BackupSource> {
  const socket = backupSocketPath(config.dataDir);
  const dump = await requestPgliteDump(socket);
  if (dump) return { kind: 'pglite', online: true, dump: async () => dump };
  const exists = await stat(path.join(config.dbDir, 'PG_VERSION')).catch(() => undefined);
  if (!exists) throw new BackupError(`no embedded database in ${config.dbDir}`);
  return {
    kind: 'pglite',
    online: false,
    dump: async () => {
      const handle = await openDatabase({ dir: config.dbDir });
      try {
        const client = pgliteClientOf(handle);
        if (!client) throw new Error('the embedded database has no PGlite client');
        return await dumpPglite(client);
      } finally {
        await handle.close();
      }
    },
  };
}

/** The blob store of the configuration and whether a backup copies it (a local folder) or lists it (S3). */
function configuredBlobs(config: Config): { store: BlobStore; copy: boolean } {
  // The local folder is copied; an S3 bucket is listed only (its versioning and replication
  // are the blobs' backup: docs/operators.md, Backups).
  return { store: platformServices(config).blobs, copy: config.blobStore === 'local' };
}

const failed = (err: unknown): number => {
  if (!(err instanceof BackupError)) throw err;
  console.error(`LỖI / ERROR: ${err.message}`);
  return 1;
};

export const backupCommand: Command = async ({ config, option }) => {
  const to = option('to');
  if (!to) {
    console.error('Cách dùng: mocua backup --to DIR');
    return 2;
  }
  try {
    const source: BackupSource = config.databaseUrl
      ? { kind: 'postgres', url: config.databaseOwnerUrl ?? config.databaseUrl }
      : await pgliteSource(config);
    const blobs = configuredBlobs(config);
    const { info, problems } = await backupTo(path.resolve(to), source, blobs.store, { copyBlobs: blobs.copy });
    for (const p of problems) console.error(`HỎNG / BROKEN: ${p}`);
    const rows = Object.entries(info.counts)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ');
    console.log(
      `Đã sao lưu / backed up ${info.database.kind}${info.database.kind === 'pglite' ? (info.database.online ? ' (online)' : ' (offline)') : ''}` +
        ` at migration ${info.database.migration.tag ?? '—'} (${info.database.bytes} bytes), ` +
        `${info.blobs.count} blobs (${info.blobs.bytes} bytes${info.blobs.copied ? '' : ', manifest only'}) to ${to}.`,
    );
    console.log(`  ${rows}`);
    return problems.length > 0 ? 1 : 0;
  } catch (err) {
    return failed(err);
  }
};

export const restoreCommand: Command = async ({ config, option, flag }) => {
  const from = option('from');
  if (!from) {
    console.error('Cách dùng: mocua restore --from DIR [--force]');
    return 2;
  }
  try {
    if (!config.databaseUrl && (await serverAnswers(backupSocketPath(config.dataDir)))) {
      throw new BackupError(`a server is running on ${config.dataDir}: stop it before restoring`);
    }
    const target: RestoreTarget = config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl, ownerUrl: config.databaseOwnerUrl }
      : { kind: 'pglite', dir: config.dbDir };
    const report = await restoreFrom(path.resolve(from), target, configuredBlobs(config).store, {
      force: flag('force'),
    });
    for (const p of report.problems) console.error(`HỎNG / BROKEN: ${p}`);
    if (report.problems.length > 0) return 1;
    console.log(
      `OK: đã khôi phục và kiểm tra / restored and verified the backup of ${report.info.createdAt}: ` +
        `row counts equal, audit log verified, ${report.blobsRestored} blobs identical to the manifest.`,
    );
    return 0;
  } catch (err) {
    return failed(err);
  }
};
