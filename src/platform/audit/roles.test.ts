/**
 * Issue 11, High 4, on PostgreSQL with two roles: the owner migrates, the application runs as
 * a role with only the grants it needs. Each attack of the finding either fails for the
 * application's role or, played with the owner's rights, is detected by the exported checkpoints.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { startTsaStandIn, type TsaStandIn } from '../../../test/standins/tsa/server.ts';
import { testEnv } from '../config.ts';
import { type DbHandle, openDatabase } from '../db/index.ts';
import { grantApplicationRole, RoleSetupError } from '../db/roles.ts';
import { startJobs } from '../jobs/index.ts';
import type { Signer } from '../pdf/index.ts';
import { recordAudit, stampPendingCheckpoints, verifyAudit, writeCheckpoint } from './index.ts';
import { deleteNewestEntry, provinceTestSigner, rewriteChain, truncateCheckpoints } from './testing.ts';

const env = testEnv();
// Roles are cluster-wide: unique names per run, dropped after.
const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
const ownerRole = `mocua_owner_${suffix}`;
const appRole = `mocua_app_${suffix}`;
const dbName = `t_roles_${suffix}`;

function urlAs(user: string): string {
  const url = new URL(env.testDatabaseUrl);
  url.username = user;
  url.password = '';
  url.pathname = `/${dbName}`;
  return url.toString();
}

async function asAdmin(statements: string[]) {
  const admin = new pg.Client({ connectionString: env.testDatabaseUrl });
  await admin.connect();
  try {
    for (const s of statements) await admin.query(s);
  } finally {
    await admin.end();
  }
}

/** The PostgreSQL error message behind drizzle's wrapper. */
const refusedWith = (pattern: RegExp) => (err: unknown) =>
  err instanceof Error && pattern.test(String((err.cause as Error | undefined)?.message ?? err.message));

function mocua(args: string[], databaseUrl: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, DATABASE_OWNER_URL: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
}

const entry = (stream: string, action: string, at: string) => ({
  provinceCode: '08',
  stream,
  action,
  actorId: 'staff-1',
  actorRole: 'receiver',
  at: new Date(at),
});

describe('separate owner and application roles', { skip: env.testDb !== 'postgres' && 'PostgreSQL only' }, () => {
  let app: DbHandle;
  let owner: DbHandle;
  let tsa: TsaStandIn;
  let signer: Signer;

  before(async () => {
    await asAdmin([
      `create role ${ownerRole} login`,
      `create role ${appRole} login`,
      `create database ${dbName} owner ${ownerRole}`,
    ]);
    [tsa, signer] = await Promise.all([startTsaStandIn(), provinceTestSigner()]);
    app = await openDatabase({ url: urlAs(appRole), ownerUrl: urlAs(ownerRole), poolSize: 4 });
    await app.migrate();
    owner = await openDatabase({ url: urlAs(ownerRole), poolSize: 2 });
  });
  after(async () => {
    await app?.close();
    await owner?.close();
    await tsa?.close();
    await asAdmin([`drop database if exists ${dbName} with (force)`, `drop role if exists ${appRole}`]);
    await asAdmin([`drop role if exists ${ownerRole}`]);
  });

  test('the application role starts on a database the owner migrated, jobs included, without DDL rights', async () => {
    const restarted = await openDatabase({ url: urlAs(appRole), poolSize: 2 });
    try {
      await restarted.migrate();
      const jobs = await startJobs(restarted);
      await jobs.stop();
      await assert.rejects(restarted.db.execute(sql`create table intruder (x int)`), refusedWith(/permission denied/));
    } finally {
      await restarted.close();
    }
  });

  test('the application role cannot disable the audit triggers, truncate the checkpoints or change audit rows', async () => {
    await recordAudit(app.db, entry('dossier:R1', 'receive', '2026-04-01T00:00:00Z'));
    await writeCheckpoint(app.db, { at: new Date('2026-04-01T01:00:00Z'), signer });
    assert.equal((await stampPendingCheckpoints(app.db, tsa.url)).stamped, 1, 'it may append what it must');

    const attempts = [
      'alter table audit_events disable trigger audit_events_no_update',
      'alter table audit_checkpoints disable trigger user',
      'drop table audit_events',
    ];
    for (const q of attempts) await assert.rejects(app.db.execute(sql.raw(q)), refusedWith(/must be owner/), q);
    const denied = [
      'truncate audit_checkpoints',
      'truncate audit_events',
      "update audit_events set action = 'forged'",
      'delete from audit_events',
      'delete from audit_checkpoints',
      "update audit_checkpoints set heads_hash = 'x'",
      'delete from audit_checkpoint_stamps',
    ];
    for (const q of denied) await assert.rejects(app.db.execute(sql.raw(q)), refusedWith(/permission denied/), q);
    assert.equal((await verifyAudit(app.db)).checkpoints.problems.length, 0);
  });

  test('the application role alone does not migrate: it says to run migrate as the owner', async () => {
    const pending = `${dbName}_pending`;
    await asAdmin([`create database ${pending} owner ${ownerRole}`]);
    const url = new URL(urlAs(appRole));
    url.pathname = `/${pending}`;
    const alone = await openDatabase({ url: url.toString(), poolSize: 1 });
    try {
      await assert.rejects(alone.migrate(), /run `mocua migrate` with DATABASE_OWNER_URL/);
    } finally {
      await alone.close();
      await asAdmin([`drop database if exists ${pending} with (force)`]);
    }
  });

  test('an application role that is the owner is refused when granting', async () => {
    const client = new pg.Client({ connectionString: urlAs(ownerRole) });
    await client.connect();
    try {
      await assert.rejects(grantApplicationRole(client, ownerRole), RoleSetupError);
      await assert.rejects(grantApplicationRole(client, `${appRole}_missing`), /does not exist/);
    } finally {
      await client.end();
    }
  });

  test('with the owner role, deleting the newest entries, recomputing a chain and truncating the checkpoints are detected by `verify-audit --checkpoints`', async () => {
    await recordAudit(app.db, entry('dossier:R2', 'receive', '2026-04-02T00:00:00Z'));
    await recordAudit(app.db, entry('dossier:R2', 'approve', '2026-04-02T00:10:00Z'));
    await recordAudit(app.db, entry('dossier:R3', 'receive', '2026-04-02T00:00:00Z'));
    await recordAudit(app.db, entry('dossier:R3', 'approve', '2026-04-02T00:10:00Z'));
    await writeCheckpoint(app.db, { at: new Date('2026-04-02T01:00:00Z'), signer });
    await stampPendingCheckpoints(app.db, tsa.url);

    const dir = mkdtempSync(path.join(tmpdir(), 'mocua-export-'));
    const file = path.join(dir, 'checkpoints.json');
    try {
      const exported = mocua(['audit', 'export-checkpoints', file], urlAs(appRole));
      assert.equal(exported.status, 0, exported.stderr);
      const clean = mocua(['verify-audit', '--checkpoints', file], urlAs(appRole));
      assert.equal(clean.status, 0, clean.stdout + clean.stderr);
      assert.match(clean.stdout, /OK: 2 checkpoints .* verified, 2 time-stamped/);

      await deleteNewestEntry(owner.db, 'dossier:R2');
      await rewriteChain(owner.db, 'dossier:R3', { fee: 0 });
      await truncateCheckpoints(owner.db);
      // The attacker seals the forged state, as the hourly job would.
      await writeCheckpoint(owner.db, { at: new Date('2026-04-02T02:00:00Z'), signer });
      assert.equal((await verifyAudit(app.db)).firstBreak, null, 'the forged chains are consistent by themselves');

      const caught = mocua(['verify-audit', '--checkpoints', file], urlAs(appRole));
      assert.equal(caught.status, 1, caught.stdout + caught.stderr);
      assert.match(caught.stderr, /BROKEN: checkpoint #\d+: head_missing \(dossier:R2 #2\)/);
      assert.match(caught.stderr, /BROKEN: checkpoint #\d+: head_rewritten \(dossier:R3 #2\)/);
      assert.match(caught.stderr, /BROKEN: checkpoint #\d+: missing_in_database/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
