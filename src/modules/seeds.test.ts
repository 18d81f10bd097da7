import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { inArray } from 'drizzle-orm';
import { runSeeds } from '../cli/commands.ts';
import { accounts, demoMode, signIn } from '../platform/auth/index.ts';
import { loadConfig } from '../platform/config.ts';
import { createTestDb, type TestDb } from '../platform/db/testing.ts';
import { DEMO_PASSWORD } from './directory/index.ts';
import { signingKeys } from './dossiers/schema.ts';
import { gateDemoAccounts } from './seeds.ts';

test('finding 3: demo accounts seed by default only on the embedded database at a plain-http address', () => {
  const mode = (env: Record<string, string>) => demoMode(loadConfig(env));
  assert.equal(mode({}), 'embedded');
  assert.equal(mode({ PUBLIC_URL: 'http://192.168.1.20:3000' }), 'embedded');
  assert.equal(mode({ DATABASE_URL: 'postgres://app@db/mocua' }), 'none');
  assert.equal(mode({ PUBLIC_URL: 'https://dichvucong.example.gov.vn' }), 'none');
  assert.equal(mode({ DATABASE_URL: 'postgres://app@db/mocua', SEED_DEMO: 'true' }), 'explicit');
  assert.equal(mode({ PUBLIC_URL: 'https://dichvucong.example.gov.vn', SEED_DEMO: 'true' }), 'explicit');
  assert.equal(mode({ SEED_DEMO: 'false' }), 'none');
});

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(() => t.close());

const demoLogin = 'tiepnhan.minhxuan';
const opts = { ttlHours: 12 };

test('finding 3: without SEED_DEMO outside the embedded demo, the province seeds but no demo account has a password and no certificate is minted', async () => {
  const { accounts: listed } = await runSeeds(t, '08', 'none');
  assert.deepEqual(listed, []);
  const rows = await t.db
    .select()
    .from(accounts)
    .where(inArray(accounts.login, [demoLogin]));
  assert.equal(rows[0]?.passwordHash, null);
  await assert.rejects(signIn(t.db, { login: demoLogin, password: DEMO_PASSWORD }, opts), { code: 'SIGN_IN_FAILED' });
  assert.equal((await t.db.select().from(signingKeys)).length, 0);
});

test('finding 3: with SEED_DEMO=true outside the embedded demo, demo accounts must change the published password at first sign-in', async () => {
  const db = await createTestDb();
  try {
    const { accounts: listed } = await runSeeds(db, '08', 'explicit');
    assert.ok(listed.some((a) => a.login === demoLogin));
    const signedIn = await signIn(db.db, { login: demoLogin, password: DEMO_PASSWORD }, opts);
    assert.equal(signedIn.account.mustChangePassword, true);
    // A database seeded earlier as the embedded demo, then reached over PostgreSQL or https,
    // loses the published password at the next start.
    assert.ok((await gateDemoAccounts(db.db, 'none')).includes(demoLogin));
    await assert.rejects(signIn(db.db, { login: demoLogin, password: DEMO_PASSWORD }, opts), {
      code: 'SIGN_IN_FAILED',
    });
  } finally {
    await db.close();
  }
});
