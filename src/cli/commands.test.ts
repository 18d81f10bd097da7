// @embedded-only: the commands run on the embedded database (DATABASE_URL ''), whatever the phase,
// so the PostgreSQL phase skips this file (scripts/test.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createAccount, findAccountByLogin, verifyPassword } from '../platform/auth/index.ts';
import { openDatabase } from '../platform/db/index.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'mocua-cli-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const mocua = (args: string[], input = '') =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'false', DATABASE_URL: '' },
    input,
    encoding: 'utf8',
  });

test('finding 3: `users reset-password` refuses a password on the command line and reads it from stdin', async () => {
  const first = await openDatabase({ dir: path.join(dataDir, 'db') });
  await first.migrate();
  await createAccount(first.db, {
    provinceCode: '08',
    kind: 'staff',
    login: 'canbo.cli',
    password: 'mat-khau-cu-1',
    displayName: 'Cán bộ',
  });
  await first.close();

  const onArgv = mocua(['users', 'reset-password', '--login', 'canbo.cli', '--password', 'lo-tren-dong-lenh']);
  assert.equal(onArgv.status, 2);
  assert.match(onArgv.stderr, /stdin/);
  const fromStdin = mocua(['users', 'reset-password', '--login', 'canbo.cli'], 'tu-stdin-123\n');
  assert.equal(fromStdin.status, 0, fromStdin.stderr);

  const db = await openDatabase({ dir: path.join(dataDir, 'db') });
  try {
    const account = await findAccountByLogin(db.db, 'canbo.cli');
    assert.equal(account?.mustChangePassword, true);
    assert.equal(await verifyPassword(account?.passwordHash ?? '', 'tu-stdin-123'), true);
  } finally {
    await db.close();
  }
});
