/**
 * A procedure's view in one statement: its row, its field, its current process template and the
 * ids of its implementing agencies, then their names (the directory's, by id). Every filing
 * starts here: this was four statements before the agencies (issue 19 item 6, bench/README.md).
 */
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { type Executor, named } from '../../platform/db/index.ts';
import { agencyRefsOf } from './agency-links.ts';
import { type ProcessTemplateRow, procedures } from './schema.ts';
import { type ProcedureView, procedureView, rememberTemplate } from './views.ts';

// Written with the tables' own names: in a one-table select drizzle prints a column of an `sql`
// field without its table, which inside a subquery would name the subquery's column.
/** The current template as JSON: the columns under their TypeScript names (the row drizzle maps). */
const templateJson = sql`(select json_build_object('provinceCode', t.province_code, 'procedureId', t.procedure_id,
    'version', t.version, 'steps', t.steps, 'totalHours', t.total_hours, 'totalHoursOnline', t.total_hours_online,
    'timeLimit', t.time_limit, 'createdAt', t.created_at, 'createdBy', t.created_by)
  from process_templates t where t.procedure_id = procedures.id and t.version = procedures.current_version)`;

const fieldJson = sql`(select json_build_object('code', f.code, 'name', f.name) from fields f
  where f.province_code = procedures.province_code and f.code = procedures.field_code)`;

const agencyIdsJson = sql`(select coalesce(json_agg(pa.agency_id), '[]'::json) from procedure_agencies pa
  where pa.procedure_id = procedures.id)`;

type TemplateJson = Omit<ProcessTemplateRow, 'createdAt'> & { createdAt: string };

/** PGlite may hand a json value over as text, node-postgres parses it. */
const parsed = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

/**
 * The procedure `condition` finds (by id or code, in the province when given) as a view;
 * undefined when there is none. PROCESS_TEMPLATE_NOT_FOUND comes from the caller's check.
 */
export async function readProcedureView(
  db: Executor,
  condition: SQL,
  provinceCode: string | undefined,
): Promise<{ view: ProcedureView } | { templateMissing: { procedureId: string; version: number } } | undefined> {
  const [found] = await named(
    'catalog_procedure_view',
    db
      .select({ row: procedures, field: fieldJson, template: templateJson, agencyIds: agencyIdsJson })
      .from(procedures)
      .where(and(condition, provinceCode ? eq(procedures.provinceCode, provinceCode) : undefined))
      .orderBy(asc(procedures.provinceCode))
      .limit(1),
  );
  if (!found) return undefined;
  const { row } = found;
  const template = parsed<TemplateJson | null>(found.template);
  if (!template) return { templateMissing: { procedureId: row.id, version: row.currentVersion } };
  const templateRow: ProcessTemplateRow = { ...template, createdAt: new Date(template.createdAt) };
  // Reception reads the same version again in this transaction (views.ts).
  rememberTemplate(db, templateRow);
  const field = parsed<{ code: string; name: string } | null>(found.field) ?? {
    code: row.fieldCode,
    name: row.fieldCode,
  };
  const linked = await agencyRefsOf(db, parsed<string[]>(found.agencyIds));
  return { view: procedureView(row, field, templateRow, linked) };
}
