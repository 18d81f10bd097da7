/**
 * What reports need to know of each procedure of a province (the insights module groups and
 * filters dossiers by field and procedure, and QĐ 766 indicators 3.x and 4.1 depend on the
 * online level and the kind of result). Published through index.ts.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import type { OnlineLevel, ProcedureLevel } from './model.ts';
import { fields, procedureAgencies, procedures, processTemplates } from './schema.ts';

export interface ProcedureFact {
  id: string;
  nationalCode: string | null;
  name: string;
  fieldCode: string;
  fieldName: string;
  level: ProcedureLevel;
  onlineLevel: OnlineLevel;
  resultKind: 'paper' | 'electronic' | 'both';
  active: boolean;
  /** Has a fee or charge above 0 (QĐ 766 indicator 3.5's denominator). */
  feeBearing?: boolean;
}

/** Every procedure of the province, inactive ones too (old dossiers still count). */
export async function procedureFacts(db: Executor, provinceCode: string): Promise<ProcedureFact[]> {
  return db
    .select({
      id: procedures.id,
      nationalCode: procedures.nationalCode,
      name: procedures.name,
      fieldCode: procedures.fieldCode,
      fieldName: fields.name,
      level: procedures.level,
      onlineLevel: procedures.onlineLevel,
      resultKind: procedures.resultKind,
      active: procedures.active,
      feeBearing: sql<boolean>`exists (select 1 from jsonb_array_elements(${procedures.fees}) f where (f->>'amount')::bigint > 0)`,
    })
    .from(procedures)
    .innerJoin(fields, and(eq(fields.provinceCode, procedures.provinceCode), eq(fields.code, procedures.fieldCode)))
    .where(eq(procedures.provinceCode, provinceCode))
    .orderBy(asc(procedures.name));
}

/** What form 07b counts of a procedure: its level and field, who implements it, whether an internal workflow is set. */
export interface ProcedureSetupFact {
  id: string;
  fieldCode: string;
  fieldName: string;
  level: ProcedureLevel;
  active: boolean;
  /** The implementing agencies (cơ quan thực hiện). */
  agencyIds: string[];
  /** A version of its internal workflow (quy trình nội bộ) exists. */
  hasWorkflow: boolean;
}

/** Every procedure of the province with its implementing agencies and whether it has an internal workflow (form 07b). */
export async function procedureSetupFacts(db: Executor, provinceCode: string): Promise<ProcedureSetupFact[]> {
  return db
    .select({
      id: procedures.id,
      fieldCode: procedures.fieldCode,
      fieldName: fields.name,
      level: procedures.level,
      active: procedures.active,
      agencyIds: sql<
        string[]
      >`coalesce((select array_agg(a.agency_id::text order by a.agency_id) from ${procedureAgencies} a where a.procedure_id = ${procedures.id}), '{}')`,
      hasWorkflow: sql<boolean>`exists (select 1 from ${processTemplates} t where t.procedure_id = ${procedures.id})`,
    })
    .from(procedures)
    .innerJoin(fields, and(eq(fields.provinceCode, procedures.provinceCode), eq(fields.code, procedures.fieldCode)))
    .where(eq(procedures.provinceCode, provinceCode))
    .orderBy(asc(procedures.name));
}
