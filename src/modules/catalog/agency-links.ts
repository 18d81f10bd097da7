/**
 * Which directory agencies implement a procedure, read from the directory's `agencies` table
 * (src/modules/directory/schema.ts; read only, the directory owns it).
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../platform/db/index.ts';
import { agencies } from '../directory/schema.ts';
import type { ImplementingKind, ProcedureLevel } from './model.ts';
import { procedureAgencies } from './schema.ts';

export interface AgencyRef {
  id: string;
  code: string;
  name: string;
}

const parent = alias(agencies, 'parent');

/**
 * Active agencies of a kind in a province (two-level government, from 01/07/2025):
 *   - `commune`: every commune People's Committee (UBND xã, phường, đặc khu);
 *   - any other kind: the provincial department of that kind (Sở …, Công an tỉnh), i.e. the
 *     agency right under the province's People's Committee, not its subordinate units
 *     (Văn phòng Đăng ký đất đai under Sở Nông nghiệp và Môi trường); when the directory has
 *     only subordinate units of that kind, those.
 */
export async function findAgenciesByKind(
  db: Executor,
  provinceCode: string,
  kind: ImplementingKind,
): Promise<AgencyRef[]> {
  const level: ProcedureLevel = kind === 'commune' ? 'commune' : 'province';
  const found = await db
    .select({ id: agencies.id, code: agencies.code, name: agencies.name, parentKind: parent.kind })
    .from(agencies)
    .leftJoin(parent, eq(parent.id, agencies.parentId))
    .where(
      and(
        eq(agencies.provinceCode, provinceCode),
        eq(agencies.kind, kind),
        eq(agencies.level, level),
        eq(agencies.active, true),
      ),
    )
    .orderBy(agencies.code);
  const departments =
    level === 'commune' ? found : found.filter((a) => a.parentKind === null || a.parentKind === 'people_committee');
  return (departments.length > 0 ? departments : found).map(({ id, code, name }) => ({ id, code, name }));
}

/** Electronic code of the province's People's Committee, the agency part of local procedure codes (§4.1). */
export async function provinceAgencyCode(db: Executor, provinceCode: string): Promise<string | null> {
  const [root] = await db
    .select({ code: agencies.code })
    .from(agencies)
    .where(
      and(
        eq(agencies.provinceCode, provinceCode),
        eq(agencies.level, 'province'),
        eq(agencies.kind, 'people_committee'),
        isNull(agencies.parentId),
        eq(agencies.active, true),
      ),
    )
    .orderBy(agencies.code)
    .limit(1);
  return root?.code ?? null;
}

/** The active agencies among `ids` that belong to the province (to check an administrator's list). */
export async function agenciesInProvince(
  db: Executor,
  provinceCode: string,
  ids: readonly string[],
): Promise<AgencyRef[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: agencies.id, code: agencies.code, name: agencies.name })
    .from(agencies)
    .where(and(inArray(agencies.id, [...ids]), eq(agencies.provinceCode, provinceCode), eq(agencies.active, true)));
}

/** Implementing agencies of procedures, by procedure id, in code order. */
export async function agenciesOfProcedures(
  db: Executor,
  procedureIds: readonly string[],
): Promise<Map<string, AgencyRef[]>> {
  const out = new Map<string, AgencyRef[]>();
  if (procedureIds.length === 0) return out;
  const linked = await db
    .select({ procedureId: procedureAgencies.procedureId, id: agencies.id, code: agencies.code, name: agencies.name })
    .from(procedureAgencies)
    .innerJoin(agencies, eq(agencies.id, procedureAgencies.agencyId))
    .where(inArray(procedureAgencies.procedureId, [...procedureIds]))
    .orderBy(agencies.code);
  for (const { procedureId, ...ref } of linked) out.set(procedureId, [...(out.get(procedureId) ?? []), ref]);
  return out;
}

/** Makes the procedure's links exactly `agencyIds`; true when something changed. */
export async function replaceProcedureAgencies(
  db: Executor,
  provinceCode: string,
  procedureId: string,
  agencyIds: readonly string[],
): Promise<boolean> {
  const current = await db
    .select({ agencyId: procedureAgencies.agencyId })
    .from(procedureAgencies)
    .where(eq(procedureAgencies.procedureId, procedureId));
  const have = new Set(current.map((r) => r.agencyId));
  const want = new Set(agencyIds);
  const removed = [...have].filter((id) => !want.has(id));
  const added = [...want].filter((id) => !have.has(id));
  if (removed.length > 0)
    await db
      .delete(procedureAgencies)
      .where(and(eq(procedureAgencies.procedureId, procedureId), inArray(procedureAgencies.agencyId, removed)));
  if (added.length > 0)
    await db.insert(procedureAgencies).values(added.map((agencyId) => ({ provinceCode, procedureId, agencyId })));
  return removed.length + added.length > 0;
}
