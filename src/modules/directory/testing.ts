/** Test helpers: a migrated database with the seeded demo province, and its callers by login. */
import { eq } from 'drizzle-orm';
import { findAccountByLogin } from '../../platform/auth/accounts.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { createSeededTestDb, type TestDb } from '../../platform/db/testing.ts';
import { agencies, staff } from './schema.ts';
import { seedDirectory } from './seed.ts';
import { resolveStaffCaller } from './staff.ts';

export interface SeededDirectory {
  t: TestDb;
  /** The Caller of a demo login, e.g. `admin.tuphap`. */
  callerFor(login: string): Promise<Caller>;
  /** Agency id by electronic code, e.g. `000.00.03.H60`. */
  agencyId(code: string): Promise<string>;
  /** Staff id by demo login. */
  staffId(login: string): Promise<string>;
}

async function callerForLogin(db: Executor, login: string): Promise<Caller> {
  const account = await findAccountByLogin(db, login);
  const caller = account ? await resolveStaffCaller(db, account.id) : null;
  if (!caller) throw new Error(`no active staff for login ${login}`);
  return caller;
}

export async function seededDirectory(): Promise<SeededDirectory> {
  const t = await createSeededTestDb('directory-08', (db) => seedDirectory(db.db, { provinceCode: '08' }));
  return {
    t,
    callerFor: (login) => callerForLogin(t.db, login),
    agencyId: async (code) => {
      const [row] = await t.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code));
      if (!row) throw new Error(`no agency ${code}`);
      return row.id;
    },
    staffId: async (login) => {
      const account = await findAccountByLogin(t.db, login);
      const [row] = account
        ? await t.db.select({ id: staff.id }).from(staff).where(eq(staff.accountId, account.id))
        : [];
      if (!row) throw new Error(`no staff ${login}`);
      return row.id;
    },
  };
}

/** Demo agency codes (data/directory/tuyen-quang.json). */
export const CODES = {
  ubnd: '000.00.00.H60',
  ttpvhcc: '000.00.02.H60',
  tuphap: '000.00.03.H60',
  nnmt: '000.00.06.H60',
  vpdkdd: '000.01.06.H60',
  yte: '000.00.08.H60',
  khcn: '000.00.11.H60',
  ubndDongvan: '000.00.46.H60',
  ttpvDongvan: '000.01.46.H60',
} as const;
