/**
 * Demo data of every module, in dependency order (directory before catalog before dossiers).
 * Each seed is idempotent and reports the demo accounts it made. Demo accounts share one
 * published password, so where they may exist is decided by `demoMode` (platform/auth/demo.ts,
 * issue 11, finding 3): usable as seeded only in the embedded demo; elsewhere they must change
 * their password at first sign-in (SEED_DEMO=true) or get no password at all.
 */
import { inArray } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import { accounts, type DemoMode, verifyPassword } from '../platform/auth/index.ts';
import { seedSchedules } from '../platform/calendar/store.ts';
import type { Executor } from '../platform/db/index.ts';
import { seedCatalog } from './catalog/index.ts';
import { DEMO_PASSWORD, readDemoProvince, seedDirectory } from './directory/index.ts';
import { seedDossiers } from './dossiers/index.ts';

export interface DemoAccount {
  login: string;
  role: string;
  agency: string;
}

export interface SeedResult {
  created: boolean;
  accounts?: DemoAccount[];
}

export type Seed = (db: Executor, options: { provinceCode: string }) => Promise<SeedResult>;

export const seeds: Array<{ name: string; run: Seed; demoOnly?: boolean }> = [
  { name: 'directory', run: seedDirectory },
  { name: 'catalog', run: seedCatalog },
  // Self-signed agency certificates are demo material: none is minted outside the embedded demo
  // or an explicit SEED_DEMO=true (issue 11, "Signing keys").
  { name: 'signing-keys', run: seedDossiers, demoOnly: true },
  {
    name: 'calendar',
    run: async (db) => {
      await seedSchedules(db);
      return { created: true };
    },
  },
];

/**
 * Outside the embedded demo, a demo account that still has the published password must change
 * it at first sign-in ('explicit') or loses it ('none': an administrator resets it, and the
 * reset must be changed too). Returns the logins it changed. Checks each demo login's hash, so
 * it also catches accounts seeded before this rule or under another setting.
 */
export async function gateDemoAccounts(db: Executor, mode: Exclude<DemoMode, 'embedded'>): Promise<string[]> {
  const logins = readDemoProvince().staff.map((s) => s.login);
  const rows = await db
    .select({
      id: accounts.id,
      provinceCode: accounts.provinceCode,
      login: accounts.login,
      hash: accounts.passwordHash,
      must: accounts.mustChangePassword,
    })
    .from(accounts)
    .where(inArray(accounts.login, logins));
  const published: typeof rows = [];
  for (const row of rows) {
    if (row.hash && (mode === 'none' || !row.must) && (await verifyPassword(row.hash, DEMO_PASSWORD)))
      published.push(row);
  }
  if (published.length === 0) return [];
  const change = mode === 'none' ? { passwordHash: null, mustChangePassword: true } : { mustChangePassword: true };
  await db.transaction(async (tx) => {
    await tx
      .update(accounts)
      .set(change)
      .where(
        inArray(
          accounts.id,
          published.map((r) => r.id),
        ),
      );
    for (const row of published)
      await recordAudit(tx, {
        provinceCode: row.provinceCode,
        stream: `account:${row.id}`,
        action: mode === 'none' ? 'account.demo_password_removed' : 'account.demo_password_must_change',
        actorId: 'seed',
        actorRole: 'system',
      });
  });
  return published.map((r) => r.login);
}
