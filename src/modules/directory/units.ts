/** Administrative units of 2025 and the old → new mapping (DOMAIN.md §4.3). Public reads. */
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { compareVietnamese } from '../../platform/codes/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import './errors.ts';
import { type AdminUnitKind, adminUnitMappings, adminUnits } from './schema.ts';

export interface AdminUnitView {
  code: string;
  provinceCode: string;
  name: string;
  kind: AdminUnitKind;
  parentCode: string | null;
  effectiveFrom: string;
}

export interface UnitMappingView {
  oldCode: string | null;
  oldName: string | null;
  oldDistrict: string | null;
  oldProvince: string | null;
  newCode: string;
  newName: string | null;
  newKind: AdminUnitKind | null;
  provinceCode: string;
}

export interface ListAdminUnitsInput {
  provinceCode?: string;
  kind?: AdminUnitKind;
  /** Folded search (case, diacritics, đ → d) on the name. */
  q?: string;
  limit?: number;
  offset?: number;
}

const unitColumns = {
  code: adminUnits.code,
  provinceCode: adminUnits.provinceCode,
  name: adminUnits.name,
  kind: adminUnits.kind,
  parentCode: adminUnits.parentCode,
  effectiveFrom: adminUnits.effectiveFrom,
};

/** A LIKE pattern matching `text` anywhere, with the wildcards in `text` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listAdminUnits(
  db: Executor,
  _caller: Caller,
  input: ListAdminUnitsInput,
): Promise<{ items: AdminUnitView[]; total: number }> {
  const conditions = [];
  if (input.provinceCode !== undefined) conditions.push(eq(adminUnits.provinceCode, input.provinceCode));
  if (input.kind !== undefined) conditions.push(eq(adminUnits.kind, input.kind));
  const q = input.q?.normalize('NFC').trim();
  if (q) conditions.push(sql`vn_fold(${adminUnits.name}) like vn_fold(${containsPattern(q)})`);
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(adminUnits).where(where);
  const items = await db
    .select(unitColumns)
    .from(adminUnits)
    .where(where)
    // Provinces first, then communes by code: the NSO order.
    .orderBy(sql`length(${adminUnits.code})`, asc(adminUnits.code))
    .limit(input.limit ?? 100)
    .offset(input.offset ?? 0);
  return { items, total: count?.n ?? 0 };
}

export interface CommuneChoice {
  code: string;
  name: string;
}

/** "Xã Đồng Văn" is looked for under Đ: the kind of unit is not part of the order. */
const properName = (name: string) => name.replace(/^(xã|phường|thị trấn|đặc khu)\s+/iu, '');

/**
 * The province's communes, wards and special zones for a citizen or officer to choose from, in
 * Vietnamese alphabetical order of their proper names.
 */
export async function listCommunes(db: Executor, provinceCode: string): Promise<CommuneChoice[]> {
  const rows = await db
    .select({ code: adminUnits.code, name: adminUnits.name })
    .from(adminUnits)
    .where(and(eq(adminUnits.provinceCode, provinceCode), ne(adminUnits.kind, 'province')));
  return rows.sort(
    (a, b) => compareVietnamese(properName(a.name), properName(b.name)) || compareVietnamese(a.name, b.name),
  );
}

/** The 34 provinces and cities of 2025 in Vietnamese alphabetical order ("Thành phố Hà Nội" under H). */
export async function listProvinces(db: Executor): Promise<CommuneChoice[]> {
  const rows = await db
    .select({ code: adminUnits.code, name: adminUnits.name })
    .from(adminUnits)
    .where(eq(adminUnits.kind, 'province'));
  const proper = (name: string) => name.replace(/^(tỉnh|thành phố)\s+/iu, '');
  return rows.sort((a, b) => compareVietnamese(proper(a.name), proper(b.name)));
}

export async function getAdminUnit(db: Executor, _caller: Caller, code: string): Promise<AdminUnitView> {
  const [row] = await db.select(unitColumns).from(adminUnits).where(eq(adminUnits.code, code));
  if (!row) throw new DomainError('ADMIN_UNIT_NOT_FOUND', { code });
  return row;
}

/** The 2025 unit(s) an old (pre-01/07/2025) commune became part of; several when it was split. */
export async function mapOldUnit(
  db: Executor,
  _caller: Caller,
  input: { oldCode: string },
): Promise<UnitMappingView[]> {
  const found = await db
    .select({
      oldCode: adminUnitMappings.oldCode,
      oldName: adminUnitMappings.oldName,
      oldDistrict: adminUnitMappings.oldDistrict,
      oldProvince: adminUnitMappings.oldProvince,
      newCode: adminUnitMappings.newCode,
      newName: adminUnits.name,
      newKind: adminUnits.kind,
      provinceCode: adminUnitMappings.provinceCode,
    })
    .from(adminUnitMappings)
    .leftJoin(adminUnits, eq(adminUnits.code, adminUnitMappings.newCode))
    .where(eq(adminUnitMappings.oldCode, input.oldCode))
    .orderBy(asc(adminUnitMappings.newCode));
  if (found.length === 0) throw new DomainError('ADMIN_UNIT_NOT_FOUND', { oldCode: input.oldCode });
  return found;
}
