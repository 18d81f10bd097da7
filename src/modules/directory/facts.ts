/**
 * What reports need to know of the province's agencies and officers: names, level, place in
 * the tree (a commune's centre sits under its People's Committee) and the officer's name for
 * the overdue list. Published through index.ts.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { type AgencyKind, type AgencyLevel, agencies, staff } from './schema.ts';

export interface AgencyFact {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  level: AgencyLevel;
  kind: AgencyKind;
  parentId: string | null;
  adminUnitCode: string | null;
  active: boolean;
}

export async function agencyFacts(db: Executor, provinceCode: string): Promise<AgencyFact[]> {
  return db
    .select({
      id: agencies.id,
      code: agencies.code,
      name: agencies.name,
      shortName: agencies.shortName,
      level: agencies.level,
      kind: agencies.kind,
      parentId: agencies.parentId,
      adminUnitCode: agencies.adminUnitCode,
      active: agencies.active,
    })
    .from(agencies)
    .where(eq(agencies.provinceCode, provinceCode))
    .orderBy(asc(agencies.code));
}

/** Officers' names by sign-in account id (an officer's name in their official capacity). */
export async function officerNames(db: Executor, accountIds: readonly string[]): Promise<Map<string, string>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db
    .select({ accountId: staff.accountId, fullName: staff.fullName })
    .from(staff)
    .where(inArray(staff.accountId, [...accountIds]));
  return new Map(rows.flatMap((r) => (r.accountId ? [[r.accountId, r.fullName] as const] : [])));
}
