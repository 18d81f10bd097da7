// @embedded-only: the commands run on the embedded database (DATABASE_URL ''), whatever the phase,
// so the PostgreSQL phase skips this file (scripts/test.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { agencies } from '../modules/directory/schema.ts';
import { signingKeys } from '../modules/dossiers/schema.ts';
import { openDatabase } from '../platform/db/index.ts';
import { createDemoCertificate } from '../platform/pdf/index.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'mocua-signing-cli-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const SECRET = Buffer.alloc(32, 7).toString('base64');

const mocua = (args: string[], input = '') =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'false', DATABASE_URL: '', SIGNING_KEY_SECRET: SECRET },
    input,
    encoding: 'utf8',
  });

test('`signing import` reads the .p12 password from stdin and stores the key sealed, with no password', async () => {
  const seeded = mocua(['seed']);
  assert.equal(seeded.status, 0, seeded.stderr);
  const first = await openDatabase({ dir: path.join(dataDir, 'db') });
  const [agency] = await first.db.select().from(agencies).where(eq(agencies.kind, 'justice')).limit(1);
  assert.equal((await first.db.select().from(signingKeys)).length, 0, 'no key minted outside the demo');
  await first.close();
  assert.ok(agency);

  const cert = await createDemoCertificate({
    commonName: agency.name,
    organization: 'UBND tỉnh',
    password: 'mật-khẩu-p12',
  });
  const file = path.join(dataDir, 'so-tu-phap.p12');
  writeFileSync(file, cert.pkcs12);

  const onArgv = mocua(['signing', 'import', '--agency', agency.code, '--file', file, '--password', 'x']);
  assert.equal(onArgv.status, 2);
  const wrong = mocua(['signing', 'import', '--agency', agency.code, '--file', file], 'sai\n');
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /PKCS12_WRONG_PASSWORD/u);
  const ok = mocua(['signing', 'import', '--agency', agency.code, '--file', file], 'mật-khẩu-p12\n');
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /SHA-256 [0-9A-F]{64}/u);

  const db = await openDatabase({ dir: path.join(dataDir, 'db') });
  try {
    const rows = await db.db.select().from(signingKeys);
    assert.equal(rows.length, 1);
    const text = JSON.stringify(rows);
    assert.doesNotMatch(text, /mật-khẩu-p12/u);
    assert.equal(rows[0]?.provider, 'pkcs12');
    const sealed = Buffer.from(rows[0]?.sealedKey ?? '', 'base64');
    assert.equal(sealed.includes(Buffer.from(cert.privateKeyPkcs8.subarray(-32))), false, 'the key is not in clear');
  } finally {
    await db.close();
  }
});
