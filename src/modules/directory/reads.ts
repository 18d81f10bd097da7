/**
 * The directory's published reads: what other modules, the composition root and the jobs may
 * know of agencies, staff, counters and administrative units. No caller check: these are the
 * facts other use cases build on (each checks its own caller); none is personal data beyond a
 * staff member's name and title, which the slips and the kiosk print.
 * The tables stay this module's own; no other module imports schema.ts.
 */
import { and, asc, eq, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import { type Executor, named } from '../../platform/db/index.ts';
import {
  type AgencyKind,
  type AgencyLevel,
  type AgencyRow,
  adminUnits,
  agencies,
  type CounterRow,
  counters,
  type OfficeHours,
  staff,
} from './schema.ts';

export interface AgencyFilter {
  provinceCode?: string;
  ids?: readonly string[];
  kinds?: readonly AgencyKind[];
  level?: AgencyLevel;
  active?: boolean;
  /** True: only agencies without a parent (the province's people's committee). */
  root?: boolean;
  adminUnitCode?: string;
}

/** Agencies matching every given condition, ordered by code. */
export async function findAgencies(db: Executor, filter: AgencyFilter = {}): Promise<AgencyRow[]> {
  if (filter.ids && filter.ids.length === 0) return [];
  if (filter.ids && Object.keys(filter).length === 1) return agenciesById(db, filter.ids);
  const where: SQL[] = [];
  if (filter.provinceCode !== undefined) where.push(eq(agencies.provinceCode, filter.provinceCode));
  if (filter.ids) where.push(inArray(agencies.id, [...filter.ids]));
  if (filter.kinds) where.push(inArray(agencies.kind, [...filter.kinds]));
  if (filter.level !== undefined) where.push(eq(agencies.level, filter.level));
  if (filter.active !== undefined) where.push(eq(agencies.active, filter.active));
  if (filter.root) where.push(isNull(agencies.parentId));
  if (filter.adminUnitCode !== undefined) where.push(eq(agencies.adminUnitCode, filter.adminUnitCode));
  return db
    .select()
    .from(agencies)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(agencies.code));
}

/**
 * Agencies by id, in code order: one named statement whatever the number of ids (an array
 * parameter, not a list), read by every filing for its procedure's implementing agencies.
 */
function agenciesById(db: Executor, ids: readonly string[]): Promise<AgencyRow[]> {
  return named(
    'directory_agencies_by_id',
    db
      .select()
      .from(agencies)
      .where(sql`${agencies.id} = any(${sql.param([...ids])}::uuid[])`)
      .orderBy(asc(agencies.code)),
  );
}

/** One agency by id, or undefined. */
export async function agencyById(db: Executor, id: string): Promise<AgencyRow | undefined> {
  const [row] = await named('directory_agency', db.select().from(agencies).where(eq(agencies.id, id)));
  return row;
}

/** One agency by its electronic code (`000.00.00.H56`), or undefined. */
export async function agencyByCode(db: Executor, code: string): Promise<AgencyRow | undefined> {
  const [row] = await db.select().from(agencies).where(eq(agencies.code, code));
  return row;
}

/** Agency names by id (of the given ids; of every agency without them). */
export async function agencyNames(db: Executor, ids?: readonly string[]): Promise<Map<string, string>> {
  if (ids && ids.length === 0) return new Map();
  const rows = await db
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(ids ? inArray(agencies.id, [...ids]) : undefined);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The office hours of an agency (null: the province default; undefined: no such agency). */
export async function officeHoursOf(
  db: Executor,
  ref: { id: string } | { code: string },
): Promise<OfficeHours | null | undefined> {
  const [row] = await db
    .select({ hours: agencies.officeHours })
    .from(agencies)
    .where('id' in ref ? eq(agencies.id, ref.id) : eq(agencies.code, ref.code));
  return row ? row.hours : undefined;
}

/** The province's people's committee (the root agency), or undefined. */
export async function provinceCommitteeOf(
  db: Executor,
  provinceCode: string,
  options: { active?: boolean } = {},
): Promise<AgencyRow | undefined> {
  const [root] = await findAgencies(db, {
    provinceCode,
    kinds: ['people_committee'],
    level: 'province',
    root: true,
    ...(options.active === undefined ? {} : { active: options.active }),
  });
  return root;
}

/** The distinct (province, office hours) pairs: agencies sharing one share a working calendar. */
export function officeHoursGroups(db: Executor): Promise<Array<{ provinceCode: string; hours: OfficeHours | null }>> {
  return db.selectDistinct({ provinceCode: agencies.provinceCode, hours: agencies.officeHours }).from(agencies);
}

/** A subquery of the ids of the agencies of a province with these office hours (for `inArray`). */
export function agenciesWithHours(db: Executor, provinceCode: string, hours: OfficeHours | null) {
  return db
    .select({ id: agencies.id })
    .from(agencies)
    .where(
      and(
        eq(agencies.provinceCode, provinceCode),
        sql`${agencies.officeHours} is not distinct from ${hours === null ? null : JSON.stringify(hours)}::jsonb`,
      ),
    );
}

/** "Tỉnh Tuyên Quang": the name of an administrative unit, or undefined. */
export async function adminUnitName(db: Executor, code: string): Promise<string | undefined> {
  const [unit] = await db.select({ name: adminUnits.name }).from(adminUnits).where(eq(adminUnits.code, code));
  return unit?.name;
}

/** Whether a commune or ward code belongs to the province. */
export async function isAdminUnitOf(db: Executor, code: string, provinceCode: string): Promise<boolean> {
  const [unit] = await db
    .select({ code: adminUnits.code })
    .from(adminUnits)
    .where(and(eq(adminUnits.code, code), eq(adminUnits.provinceCode, provinceCode)));
  return unit !== undefined;
}

export interface StaffFacts {
  id: string;
  accountId: string | null;
  agencyId: string;
  fullName: string;
  title: string | null;
  roles: string[];
  active: boolean;
  /** Where notices to this person go by e-mail (documents waiting for them). */
  email: string | null;
}

const staffFacts = {
  id: staff.id,
  accountId: staff.accountId,
  agencyId: staff.agencyId,
  fullName: staff.fullName,
  title: staff.title,
  roles: staff.roles,
  active: staff.active,
  email: staff.email,
};

/** The staff member signing in with this account, or undefined. */
export async function staffByAccount(db: Executor, accountId: string): Promise<StaffFacts | undefined> {
  const [row] = await db.select(staffFacts).from(staff).where(eq(staff.accountId, accountId));
  return row;
}

/** The staff members with these accounts (the names on slips, kiosks and summaries). */
export async function staffByAccounts(db: Executor, accountIds: readonly string[]): Promise<StaffFacts[]> {
  if (accountIds.length === 0) return [];
  return db
    .select(staffFacts)
    .from(staff)
    .where(inArray(staff.accountId, [...accountIds]));
}

/** The staff of an agency, in the table's order. */
export function staffOfAgency(db: Executor, agencyId: string): Promise<StaffFacts[]> {
  return db.select(staffFacts).from(staff).where(eq(staff.agencyId, agencyId));
}

/**
 * Where notices for an agency's administrators go (a signing certificate about to expire): the
 * e-mail of each active administrator of the agency and the agency's own address; when it has
 * neither, the province's administrators.
 */
export async function adminEmailsOf(db: Executor, agencyId: string): Promise<string[]> {
  const agency = await agencyById(db, agencyId);
  if (!agency) return [];
  const admins = (scope: SQL) =>
    db
      .select({ email: staff.email })
      .from(staff)
      .where(and(scope, eq(staff.active, true), sql`'admin' = any(${staff.roles})`, isNotNull(staff.email)));
  const own = [...(await admins(eq(staff.agencyId, agencyId))).map((r) => r.email), agency.email];
  const found = own.filter((e): e is string => Boolean(e));
  if (found.length > 0) return [...new Set(found)];
  const province = await admins(eq(staff.provinceCode, agency.provinceCode));
  return [...new Set(province.map((r) => r.email).filter((e): e is string => Boolean(e)))];
}

/** One counter by id, or undefined. */
export async function counterById(db: Executor, id: string): Promise<CounterRow | undefined> {
  const [row] = await db.select().from(counters).where(eq(counters.id, id));
  return row;
}

/** Counters by id. */
export async function countersByIds(db: Executor, ids: readonly string[]): Promise<CounterRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(counters)
    .where(inArray(counters.id, [...ids]));
}
