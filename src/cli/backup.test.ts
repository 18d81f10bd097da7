/**
 * The restore drill, as docs/operators.md tells an operator to run it: the demo province with
 * dossiers filed online (attachments in the local blob store) is backed up with `mocua backup`,
 * restored with `mocua restore` into an empty database and an empty blob folder, and checked:
 * verify-audit passes, every blob is byte-identical, the main tables hold the same rows. A
 * corrupted blob in the backup and a rewritten audit entry in the restored database fail.
 * On PGlite the backup is taken from a running database through the server's socket, and again
 * from a stopped data directory; on PostgreSQL with pg_dump.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { pdfBytes } from '../../test/fixtures/files.ts';
import { getProcedure } from '../modules/catalog/index.ts';
import { fileDossier, stageAttachment } from '../modules/dossiers/index.ts';
import { createAccount } from '../platform/auth/index.ts';
import { type Config, loadConfig, testEnv } from '../platform/config.ts';
import { dumpPglite, pgliteClientOf, takeSnapshot } from '../platform/db/backup.ts';
import { openDatabase } from '../platform/db/index.ts';
import { createSeededTestDb, type TestDb } from '../platform/db/testing.ts';
import { localBlobStore } from '../platform/storage/index.ts';
import { BACKUP_FILE, type BackupInfo } from './backup.ts';
import { backupSocketPath, serveBackupSocket } from './backup-socket.ts';
import { commands, runSeeds } from './commands.ts';

const env = testEnv();
const onPostgres = env.testDb === 'postgres';
let source: TestDb;
let work: string;
const emptyDatabases: string[] = [];

/** A new, empty PostgreSQL database (not a clone of the migrated template). */
async function emptyDatabase(): Promise<string> {
  const name = `restore_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: env.testDatabaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  emptyDatabases.push(name);
  const url = new URL(env.testDatabaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The configuration of an installation whose DATA_DIR is `dataDir` (and database `url` on PostgreSQL). */
const configAt = (dataDir: string, url?: string): Config =>
  loadConfig({ DATA_DIR: dataDir, PROVINCE_CODE: '08', ...(url ? { DATABASE_URL: url } : {}) });

const run = (name: string, config: Config, options: Record<string, string | boolean>) =>
  // biome-ignore lint/style/noNonNullAssertion: the commands exist (a typo fails the test).
  commands[name]!({
    config,
    positionals: [],
    option: (key) => (typeof options[key] === 'string' ? (options[key] as string) : undefined),
    flag: (key) => options[key] === true,
  });

/** Files a birth registration online with its papers, as a citizen does. */
async function fileOnline(blobDir: string, n: number): Promise<void> {
  const blobs = localBlobStore(blobDir);
  const { id } = await createAccount(source.db, {
    provinceCode: '08',
    kind: 'citizen',
    login: `cong-dan-sao-luu-${n}@example.vn`,
    password: 'mat-khau-dai',
    displayName: 'Đinh Thu Hà',
  });
  const procedure = await getProcedure(source.db, '1.001193', { provinceCode: '08' });
  const agencyId = procedure.agencies.find((a) => a.name.includes('Minh Xuân'))?.id;
  assert.ok(agencyId, 'a commune of the demo province implements the procedure');
  const papers = [];
  for (const paper of procedure.papers.filter((p) => p.required && p.form !== 'presented')) {
    const staged = await stageAttachment(
      source.db,
      blobs,
      { kind: 'citizen', id },
      { kind: 'paper', paperName: paper.name, fileName: 'giay-to.pdf', bytes: await pdfBytes(`${paper.name} ${n}`) },
      { maxBytes: 1e6, provinceCode: '08' },
    );
    papers.push({ attachmentId: staged.id, paperName: paper.name });
  }
  assert.ok(papers.length > 0, 'the procedure asks for papers');
  await fileDossier(
    source.db,
    { kind: 'citizen', id },
    {
      procedure: '1.001193',
      agencyId,
      applicant: { type: 'citizen', fullName: 'Đinh Thu Hà', personalId: `00819000${1000 + n}`, phone: '0912345678' },
      formData: {
        childFullName: ['Đinh Gia Bảo', 'Đinh Minh Anh', 'Đinh Khánh Linh'][n % 3] ?? 'Đinh Gia Bảo',
        childBirthDate: '2026-11-02',
        sex: 'Nam',
        birthPlace: 'Tổ 1, Phường Minh Xuân, tỉnh Tuyên Quang',
        ethnicity: 'Kinh',
        relation: 'Mẹ',
        nationality: 'Việt Nam',
        nativePlace: 'Xã Hàm Yên, tỉnh Tuyên Quang',
      },
      papers,
    },
    { transactionId: `sao-luu-${n}-${randomUUID()}` },
    { provinceCode: '08' },
  );
}

const sourceDir = () => path.join(work, 'source');

// Seeding the demo province took 100–300 s on the shared 2-core machine (load 20–30).
before(
  async () => {
    work = await mkdtemp(path.join(tmpdir(), 'mocua-backup-'));
    source = await createSeededTestDb('demo-08', (db) => runSeeds(db, '08'));
    for (let n = 1; n <= 3; n++) await fileOnline(configAt(sourceDir()).blobDir, n);
  },
  { timeout: 600_000 },
);

after(async () => {
  await source?.close();
  if (emptyDatabases.length > 0) {
    const admin = new pg.Client({ connectionString: env.testDatabaseUrl });
    await admin.connect();
    for (const name of emptyDatabases) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  await rm(work, { recursive: true, force: true });
});

/** Backs the source up with `mocua backup` (PGlite: the running database, through its socket). */
async function backUpSource(to: string): Promise<number> {
  if (onPostgres) return run('backup', configAt(sourceDir(), source.url), { to });
  const client = pgliteClientOf(source);
  assert.ok(client);
  const socket = await serveBackupSocket(backupSocketPath(configAt(sourceDir()).dataDir), () => dumpPglite(client));
  try {
    return await run('backup', configAt(sourceDir()), { to });
  } finally {
    await socket.close();
  }
}

/** A fresh installation to restore into: an empty DATA_DIR (and an empty database on PostgreSQL). */
async function emptyInstallation(name: string): Promise<Config> {
  return configAt(path.join(work, name), onPostgres ? await emptyDatabase() : undefined);
}

async function countsOf(config: Config) {
  const db = await openDatabase({ url: config.databaseUrl, dir: config.dbDir });
  try {
    return (await takeSnapshot((text, values) => db.executeSql(text, values))).counts;
  } finally {
    await db.close();
  }
}

let restored: Config;
const backupDir = () => path.join(work, 'backup');

test('a backup restores into an empty database: audit verified, every blob identical, the same rows', async () => {
  assert.equal(await backUpSource(backupDir()), 0);
  const info = JSON.parse(await readFile(path.join(backupDir(), BACKUP_FILE), 'utf8')) as BackupInfo;
  assert.equal(info.database.kind, onPostgres ? 'postgres' : 'pglite');
  assert.equal(info.database.online, true);
  assert.ok(info.database.migration.tag, 'the migration head is recorded');
  assert.equal(info.counts.dossiers, 3);
  const sourceCounts = (await takeSnapshot((text, values) => source.executeSql(text, values))).counts;
  assert.deepEqual(info.counts, sourceCounts);
  const sourceBlobs = localBlobStore(configAt(sourceDir()).blobDir);
  const keys: string[] = [];
  for await (const key of sourceBlobs.list()) keys.push(key);
  assert.ok(keys.length >= 3, 'the dossiers stored their papers');
  assert.equal(info.blobs.count, keys.length);

  restored = await emptyInstallation('restored');
  assert.equal(await run('restore', restored, { from: backupDir() }), 0);
  assert.deepEqual(await countsOf(restored), sourceCounts);
  const restoredBlobs = localBlobStore(restored.blobDir);
  for (const key of keys) {
    assert.deepEqual(await restoredBlobs.get(key), await sourceBlobs.get(key), `blob ${key}`);
  }
  assert.equal(await run('verify-audit', restored, {}), 0);
});

test('a restore refuses a database that is not empty unless --force', async () => {
  assert.equal(await run('restore', restored, { from: backupDir() }), 1);
  const again = await emptyInstallation('forced');
  assert.equal(await run('restore', again, { from: backupDir() }), 0);
  assert.equal(await run('restore', again, { from: backupDir(), force: true }), 0);
  assert.deepEqual(await countsOf(again), await countsOf(restored));
});

test('a blob corrupted in the backup fails the restore', async () => {
  const copy = path.join(work, 'backup-corrupted');
  await cp(backupDir(), copy, { recursive: true });
  const [key] = (await readFile(path.join(copy, 'blobs.manifest'), 'utf8')).split(' ');
  assert.ok(key);
  const file = path.join(copy, 'blobs', key.slice(0, 2), key.slice(2, 4), key);
  const bytes = await readFile(file);
  bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
  await writeFile(file, bytes);
  assert.equal(await run('restore', await emptyInstallation('from-corrupted'), { from: copy }), 1);
});

test('an audit entry rewritten in the restored database fails verify-audit', async () => {
  const db = await openDatabase({ url: restored.databaseUrl, dir: restored.dbDir });
  try {
    await db.db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
      await tx.execute(
        sql`update audit_events set data = '{"rewritten": true}' where id = (select max(id) from audit_events)`,
      );
      await tx.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
    });
  } finally {
    await db.close();
  }
  assert.equal(await run('verify-audit', restored, {}), 1);
});

test('a stopped embedded database is backed up from its data directory', { skip: onPostgres }, async () => {
  // `restored` is an installation whose server is not running: no socket answers.
  const offline = path.join(work, 'backup-offline');
  const fresh = await emptyInstallation('restored-offline');
  const forced = await emptyInstallation('forced');
  assert.equal(await run('backup', forced, { to: offline }), 0);
  const info = JSON.parse(await readFile(path.join(offline, BACKUP_FILE), 'utf8')) as BackupInfo;
  assert.equal(info.database.online, false);
  assert.equal(await run('restore', fresh, { from: offline }), 0);
  assert.deepEqual(await countsOf(fresh), await countsOf(forced));
});
