/**
 * Which directory agencies implement a procedure, read through the directory's published reads
 * (src/modules/directory/reads.ts; the directory owns its tables).
 */
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { type Executor, named } from '../../platform/db/index.ts';
import { findAgencies, provinceCommitteeOf } from '../directory/index.ts';
import type { ImplementingKind, ProcedureLevel } from './model.ts';
import { procedureAgencies, procedures } from './schema.ts';

export interface AgencyRef {
  id: string;
  code: string;
  name: string;
}

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
  const rows = await findAgencies(db, { provinceCode, kinds: [kind], level, active: true });
  const parentIds = [...new Set(rows.flatMap((a) => (a.parentId ? [a.parentId] : [])))];
  const parentKinds = new Map((await findAgencies(db, { ids: parentIds })).map((p) => [p.id, p.kind]));
  const found = rows.map((a) => ({
    id: a.id,
    code: a.code,
    name: a.name,
    parentKind: (a.parentId ? parentKinds.get(a.parentId) : undefined) ?? null,
  }));
  const departments =
    level === 'commune' ? found : found.filter((a) => a.parentKind === null || a.parentKind === 'people_committee');
  return (departments.length > 0 ? departments : found).map(({ id, code, name }) => ({ id, code, name }));
}

/** Electronic code of the province's People's Committee, the agency part of local procedure codes (§4.1). */
export async function provinceAgencyCode(db: Executor, provinceCode: string): Promise<string | null> {
  const root = await provinceCommitteeOf(db, provinceCode, { active: true });
  return root?.code ?? null;
}

/** The active agencies among `ids` that belong to the province (to check an administrator's list). */
export async function agenciesInProvince(
  db: Executor,
  provinceCode: string,
  ids: readonly string[],
): Promise<AgencyRef[]> {
  if (ids.length === 0) return [];
  const found = await findAgencies(db, { ids, provinceCode, active: true });
  return found.map(({ id, code, name }) => ({ id, code, name }));
}

/** The agencies of `ids` as references, in code order. */
export async function agencyRefsOf(db: Executor, ids: readonly string[]): Promise<AgencyRef[]> {
  if (ids.length === 0) return [];
  return (await findAgencies(db, { ids })).map(({ id, code, name }) => ({ id, code, name }));
}

/** Implementing agencies of procedures, by procedure id, in code order. */
export async function agenciesOfProcedures(
  db: Executor,
  procedureIds: readonly string[],
): Promise<Map<string, AgencyRef[]>> {
  const out = new Map<string, AgencyRef[]>();
  if (procedureIds.length === 0) return out;
  // One named statement whatever the number of ids (an array parameter): every filing reads it.
  const links = await named(
    'catalog_procedure_agencies',
    db
      .select({ procedureId: procedureAgencies.procedureId, agencyId: procedureAgencies.agencyId })
      .from(procedureAgencies)
      .where(sql`${procedureAgencies.procedureId} = any(${sql.param([...procedureIds])}::uuid[])`),
  );
  const procedureOf = new Map<string, string[]>();
  for (const l of links) procedureOf.set(l.agencyId, [...(procedureOf.get(l.agencyId) ?? []), l.procedureId]);
  // findAgencies orders by code, so each procedure's list is in code order.
  for (const a of await findAgencies(db, { ids: [...procedureOf.keys()] })) {
    for (const procedureId of procedureOf.get(a.id) ?? [])
      out.set(procedureId, [...(out.get(procedureId) ?? []), { id: a.id, code: a.code, name: a.name }]);
  }
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

/** The active procedures an agency offers, counted by online level (the 18-point evaluation, criterion 9). */
export function onlineLevelsOffered(db: Executor, agencyId: string): Promise<Array<{ level: string; n: number }>> {
  return db
    .select({ level: procedures.onlineLevel, n: count() })
    .from(procedures)
    .innerJoin(procedureAgencies, eq(procedureAgencies.procedureId, procedures.id))
    .where(and(eq(procedureAgencies.agencyId, agencyId), eq(procedures.active, true)))
    .groupBy(procedures.onlineLevel);
}
