/**
 * What reports need to know of each procedure of a province (the insights module groups and
 * filters dossiers by field and procedure, and QĐ 766 indicators 3.x and 4.1 depend on the
 * online level and the kind of result). Published through index.ts.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import type { OnlineLevel, ProcedureLevel } from './model.ts';
import { fields, procedures } from './schema.ts';

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
