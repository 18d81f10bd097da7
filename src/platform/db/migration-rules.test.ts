import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { applyConcurrentMigrations, concurrentMigrations } from './concurrent.ts';
import { concurrentFolder, migrateUnderLock, migrationsFolder } from './index.ts';
import { ALLOWED, checkConcurrentMigration, checkMigration } from './migration-rules.ts';
import { createTestDb, type TestDb } from './testing.ts';

const files = readdirSync(migrationsFolder)
  .filter((f) => f.endsWith('.sql'))
  .sort();

test('no migration holds a big table’s lock for long, except the allowed ones written before any data existed', () => {
  const proven = new Set<string>();
  const flagged = new Set<string>();
  const unexpected: string[] = [];
  for (const file of files) {
    for (const finding of checkMigration(file, readFileSync(path.join(migrationsFolder, file), 'utf8'), proven)) {
      flagged.add(file);
      if (!ALLOWED[file]) unexpected.push(`${file} (${finding.table}): ${finding.rule}\n  ${finding.statement}`);
    }
  }
  assert.deepEqual(unexpected, [], `migrations that lock a big table for long:\n${unexpected.join('\n')}`);
  // The allow-list names only files that need it, each with its reason.
  for (const [file, reason] of Object.entries(ALLOWED)) {
    assert.ok(flagged.has(file), `${file} is allowed but has nothing to allow: remove it from ALLOWED`);
    assert.ok(reason.length > 20, file);
  }
});

test('migrations/concurrent/ holds only index builds and drops that lock nothing for long', () => {
  const found = concurrentMigrations(concurrentFolder);
  assert.ok(found.length > 0);
  for (const { file } of found) {
    const text = readFileSync(path.join(concurrentFolder, file), 'utf8');
    assert.deepEqual(checkConcurrentMigration(file, text), []);
  }
  assert.equal(checkConcurrentMigration('x.sql', 'CREATE INDEX "a" ON "outbox" ("id");').length, 1);
  assert.equal(checkConcurrentMigration('x.sql', 'ALTER TABLE "outbox" ADD COLUMN "x" int;').length, 1);
  assert.equal(checkConcurrentMigration('x.sql', 'UPDATE "outbox" SET "x" = 1;').length, 1, 'a whole-table update');
  assert.deepEqual(
    checkConcurrentMigration(
      'x.sql',
      'UPDATE outbox SET x = 1 WHERE id IN (SELECT id FROM outbox WHERE x IS NULL LIMIT 500);',
    ),
    [],
    'a batch',
  );
});

const rulesOf = (sql: string) => checkMigration('new.sql', sql).map((f) => f.rule.split(' ').slice(0, 3).join(' '));

test('each dangerous statement on a big table is named', () => {
  assert.deepEqual(rulesOf('CREATE INDEX "d_x" ON "dossiers" USING btree ("code");'), ['CREATE INDEX without']);
  assert.deepEqual(rulesOf('CREATE UNIQUE INDEX d_x ON public.audit_events (stream, seq);'), ['CREATE INDEX without']);
  assert.deepEqual(rulesOf('ALTER TABLE "dossiers" ADD COLUMN "seen_at" timestamp with time zone DEFAULT now();'), [
    'ADD COLUMN with',
  ]);
  assert.deepEqual(rulesOf('ALTER TABLE "documents" ADD COLUMN "n" bigserial;'), ['ADD COLUMN with']);
  assert.deepEqual(rulesOf('ALTER TABLE "dossier_actions" ALTER COLUMN "actor_kind" SET NOT NULL;'), ['SET NOT NULL']);
  assert.deepEqual(rulesOf('ALTER TABLE "dossiers" ALTER COLUMN "code" SET DATA TYPE varchar(40);'), [
    'ALTER COLUMN TYPE',
  ]);
  assert.deepEqual(
    rulesOf(
      'ALTER TABLE "dossiers" ADD CONSTRAINT "d_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id");',
    ),
    ['ADD FOREIGN KEY'],
  );
  assert.deepEqual(rulesOf('ALTER TABLE "outbox" ADD CONSTRAINT "o_u" UNIQUE ("dedupe_key");'), ['ADD PRIMARY KEY']);
  assert.deepEqual(rulesOf('VACUUM FULL "audit_events";'), ['VACUUM FULL, CLUSTER']);
  // Bare and schema-qualified names too (hand-written SQL), not only drizzle-kit's quoted ones.
  assert.deepEqual(rulesOf('ALTER TABLE public.dossiers ALTER COLUMN code SET DATA TYPE text;'), ['ALTER COLUMN TYPE']);
  assert.deepEqual(rulesOf('VACUUM FULL audit_events;'), ['VACUUM FULL, CLUSTER']);
  assert.deepEqual(rulesOf('UPDATE dossier_holders h SET search = d.code FROM dossiers d WHERE d.id = h.dossier_id;'), [
    'UPDATE or DELETE',
  ]);
  assert.deepEqual(rulesOf('DELETE FROM "sessions" WHERE "expires_at" < now();'), ['UPDATE or DELETE']);
  assert.deepEqual(rulesOf('UPDATE "platform_meta" SET "value" = \'x\';'), [], 'a small table');
});

test('the safe forms of the same changes pass', () => {
  assert.deepEqual(rulesOf('CREATE INDEX CONCURRENTLY IF NOT EXISTS "d_x" ON "dossiers" ("code");'), []);
  assert.deepEqual(rulesOf('ALTER TABLE "dossiers" ADD COLUMN "flag" boolean DEFAULT false NOT NULL;'), []);
  assert.deepEqual(rulesOf('ALTER TABLE "dossiers" ADD COLUMN "note" text;'), []);
  assert.deepEqual(
    rulesOf(
      'ALTER TABLE "dossiers" ADD CONSTRAINT "d_fk" FOREIGN KEY ("procedure_id") REFERENCES "procedures"("id") NOT VALID;',
    ),
    [],
  );
  assert.deepEqual(rulesOf('ALTER TABLE "dossiers" VALIDATE CONSTRAINT "d_fk";'), []);
  // SET NOT NULL after a validated CHECK, in earlier migrations: PostgreSQL 12+ skips the scan.
  const proven = new Set<string>();
  checkMigration('1.sql', 'ALTER TABLE "dossiers" ADD CONSTRAINT "c" CHECK ("note" IS NOT NULL) NOT VALID;', proven);
  checkMigration('2.sql', 'ALTER TABLE "dossiers" VALIDATE CONSTRAINT "c";', proven);
  assert.deepEqual(checkMigration('3.sql', 'ALTER TABLE "dossiers" ALTER COLUMN "note" SET NOT NULL;', proven), []);
  // Small tables, and big ones created by the same migration (empty), are not flagged.
  assert.deepEqual(rulesOf('CREATE INDEX "a_x" ON "agencies" ("code");'), []);
  assert.deepEqual(
    rulesOf('CREATE TABLE "outbox" ("id" bigserial PRIMARY KEY, "c" text);\nCREATE INDEX "o_c" ON "outbox" ("c");'),
    [],
  );
  // A semicolon inside a function body does not end the statement.
  assert.deepEqual(
    rulesOf(
      'CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN CREATE INDEX x ON dossiers (code); RETURN NULL; END $$ LANGUAGE plpgsql;',
    ),
    [],
  );
});

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(() => t.close());

test('the concurrent step built the dead-letter index, valid', async () => {
  const { rows } = await t.executeSql(
    `select i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = 'outbox_dead'`,
  );
  assert.deepEqual(rows, [{ valid: true }]);
});

test('a backfill batch of migrations/concurrent/ runs until it changes no row, each run its own statement', async () => {
  await t.executeSql("create table backfill_probe (id int primary key, v text not null default '')");
  await t.executeSql("create index backfill_probe_todo on backfill_probe (id) where v = ''");
  await t.executeSql('insert into backfill_probe (id) select g from generate_series(1, 1234) g');
  const dir = mkdtempSync(path.join(tmpdir(), 'mocua-concurrent-'));
  try {
    writeFileSync(
      path.join(dir, '0001_probe.sql'),
      "UPDATE backfill_probe SET v = 'x' || id WHERE id IN (SELECT id FROM backfill_probe WHERE v = '' ORDER BY id LIMIT 100);\n",
    );
    const seen: string[] = [];
    await applyConcurrentMigrations(
      async (text, values) => {
        seen.push(text);
        return t.executeSql(text, values);
      },
      dir,
      !t.url,
    );
    assert.equal(seen.length, 14, '13 batches of up to 100, then one that changed nothing');
    const { rows } = await t.executeSql("select count(*)::int as n from backfill_probe where v = 'x' || id");
    assert.deepEqual(rows, [{ n: 1234 }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a migration that waits for a table’s lock fails at once with lock_not_available instead of queueing requests', async (ctx) => {
  if (!t.url) return ctx.skip('PostgreSQL only: PGlite has one connection, nothing else holds a lock');
  const holder = new pg.Client({ connectionString: t.url });
  const migrator = new pg.Client({ connectionString: t.url });
  await holder.connect();
  await migrator.connect();
  try {
    await holder.query('begin');
    await holder.query('lock table outbox in access share mode');
    const failure = await migrateUnderLock(migrator, { lockMs: 200, statementMs: 60_000 }, async () => {
      await migrator.query('alter table outbox add column probe int');
    }).then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.equal((failure as { code?: string } | undefined)?.code, '55P03');
    // The session is left as it was found: no timeout leaks into the next use of the connection.
    const { rows } = await migrator.query<{ lock_timeout: string }>('show lock_timeout');
    assert.equal(rows[0]?.lock_timeout, '0');
  } finally {
    await holder.query('rollback');
    await holder.end();
    await migrator.end();
  }
});
