/**
 * Catalog use-cases: search, read, and (administrators only) save a procedure and publish a
 * new version of its process template. Every change is audited in its own transaction.
 */
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { Value } from 'typebox/value';
import type { Caller } from '../../platform/auth/caller.ts';
import { compareVietnamese } from '../../platform/codes/fold.ts';
import { parseProcedureCode } from '../../platform/codes/procedure-code.ts';
import { type Executor, named } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { isUniqueViolation } from '../../platform/records/index.ts';
import { agenciesOfProcedures } from './agency-links.ts';
import './errors.ts';
import { ProcedureContent, type ProcessStep, procedureContentProperties } from './model.ts';
import { readProcedureView } from './read-procedure.ts';
import { fields, type ProcedureRow, procedures } from './schema.ts';
import {
  type FieldView,
  type ProcedureView,
  type ProcessTemplateView,
  procedureView,
  requireTemplate,
  templateView,
} from './views.ts';
import { publishTemplate, requireCatalogAdmin, type WriteOutcome, writeProcedure } from './write.ts';

export { type ProcedureSummary, type SearchInput, type SearchResult, searchProcedures } from './search.ts';
export type { FieldView, ProcedureView, ProcessTemplateView } from './views.ts';

const Steps = procedureContentProperties.process;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The condition finding a procedure by id, national code (`1.001193`) or local code (`1.001193.000.00.00.H60`). */
function byIdOrCode(idOrCode: string): SQL | null {
  if (UUID.test(idOrCode)) return eq(procedures.id, idOrCode);
  const parsed = parseProcedureCode(idOrCode);
  if (!parsed.ok) return null;
  return parsed.value.kind === 'national'
    ? eq(procedures.nationalCode, parsed.value.nationalCode)
    : eq(procedures.localCode, parsed.value.code);
}

async function findRow(
  db: Executor,
  idOrCode: string,
  provinceCode?: string,
  lock = false,
): Promise<ProcedureRow | null> {
  const condition = byIdOrCode(idOrCode);
  if (!condition) return null;
  const query = db
    .select()
    .from(procedures)
    .where(and(condition, provinceCode ? eq(procedures.provinceCode, provinceCode) : undefined))
    .orderBy(asc(procedures.provinceCode))
    .limit(1);
  // Named: a filing reads its procedure first (by id or code: one statement per shape).
  const [row] = lock ? await query.for('update') : await named('catalog_procedure', query);
  return row ?? null;
}

async function viewOf(db: Executor, row: ProcedureRow): Promise<ProcedureView> {
  const [field] = await named(
    'catalog_field',
    db
      .select({ code: fields.code, name: fields.name })
      .from(fields)
      .where(and(eq(fields.provinceCode, row.provinceCode), eq(fields.code, row.fieldCode))),
  );
  const template = await requireTemplate(db, row.id, row.currentVersion);
  const linked = (await agenciesOfProcedures(db, [row.id])).get(row.id) ?? [];
  return procedureView(row, field ?? { code: row.fieldCode, name: row.fieldCode }, template, linked);
}

/** A procedure with its current process template; PROCEDURE_NOT_FOUND when there is none. */
export async function getProcedure(
  db: Executor,
  idOrCode: string,
  options: { provinceCode?: string | undefined } = {},
): Promise<ProcedureView> {
  const condition = byIdOrCode(idOrCode.trim());
  const found = condition ? await readProcedureView(db, condition, options.provinceCode) : undefined;
  if (!found) throw new DomainError('PROCEDURE_NOT_FOUND', { idOrCode });
  if ('templateMissing' in found) throw new DomainError('PROCESS_TEMPLATE_NOT_FOUND', found.templateMissing);
  return found.view;
}

export async function listFields(
  db: Executor,
  options: { provinceCode?: string | undefined } = {},
): Promise<FieldView[]> {
  const rows = await db
    .select({ code: fields.code, name: fields.name })
    .from(fields)
    .where(options.provinceCode ? eq(fields.provinceCode, options.provinceCode) : undefined);
  // Vietnamese alphabetical order: "Đất đai" after "Dân tộc", not after "Y tế".
  return rows.sort((a, b) => compareVietnamese(a.name, b.name) || compareVietnamese(a.code, b.code));
}

export interface SaveProcedureInput extends ProcedureContent {
  /** Absent: a new procedure. Present: that procedure, created with this id if it does not exist (PUT). */
  id?: string | undefined;
  provinceCode: string;
  fieldCode: string;
  /** Implementing agencies; absent: every agency of `agencyKind` in the province (agency-links.ts). */
  agencyIds?: string[] | undefined;
  active?: boolean | undefined;
}

export interface SaveResult {
  procedure: ProcedureView;
  outcome: WriteOutcome;
}

/** Deep NFC: what a citizen or officer reads is stored composed (HELPERS-BRIEF). */
function nfc(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC').trim();
  if (Array.isArray(value)) return value.map(nfc);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nfc(v)]));
  return value;
}

/** Checks the input against the schema (services are also called without HTTP) and composes it. */
function parseContent(input: unknown): ProcedureContent {
  const cleaned = nfc(input);
  if (!Value.Check(ProcedureContent, cleaned)) {
    const problems = Value.Errors(ProcedureContent, cleaned).map((e) => ({
      field: e.instancePath || '/',
      message: e.message,
    }));
    throw new DomainError('PROCEDURE_INVALID', { problems });
  }
  return cleaned;
}

/**
 * Creates or replaces a procedure (administrators). Refuses a process whose step budgets do
 * not add up to the legal limit (PROCESS_BUDGET_MISMATCH); a changed process or limit becomes
 * a new template version, earlier versions stay for the dossiers filed under them.
 */
export async function saveProcedure(db: Executor, caller: Caller, input: SaveProcedureInput): Promise<SaveResult> {
  const actor = await requireCatalogAdmin(db, caller, input.provinceCode);
  const { id, provinceCode, fieldCode, agencyIds, active, ...rest } = input;
  const content = parseContent(rest);
  if (id !== undefined && !UUID.test(id)) throw new DomainError('PROCEDURE_NOT_FOUND', { id });
  const write = db.transaction(async (tx) => {
    const existing = id ? await findRow(tx, id, undefined, true) : null;
    if (existing && existing.provinceCode !== provinceCode) throw new DomainError('PROCEDURE_NOT_FOUND', { id });
    const result = await writeProcedure(tx, actor, existing, {
      provinceCode,
      fieldCode,
      content,
      agencyIds,
      active,
      id,
    });
    const [row] = await tx.select().from(procedures).where(eq(procedures.id, result.id));
    if (!row) throw new DomainError('PROCEDURE_NOT_FOUND', { id: result.id });
    return { procedure: await viewOf(tx, row), outcome: result.outcome };
  });
  // Two administrators creating the same procedure at once: the second one's row is refused.
  return write.catch((err: unknown) => {
    throw isUniqueViolation(err) ? new DomainError('CONFLICT', { id }) : err;
  });
}

export interface PublishInput {
  steps: ProcessStep[];
  /** The version the administrator edited; a different current version means someone else published (CONFLICT). */
  expectedVersion?: number | undefined;
}

/**
 * Publishes new steps as the next template version for the procedure's current limit.
 * The previous versions stay unchanged (a trigger refuses edits) for dossiers filed under them.
 * Returns the current template unchanged (created: false) when the steps are the same.
 */
export async function publishProcessTemplate(
  db: Executor,
  caller: Caller,
  procedureId: string,
  input: PublishInput,
): Promise<{ template: ProcessTemplateView; created: boolean }> {
  if (!UUID.test(procedureId)) throw new DomainError('PROCEDURE_NOT_FOUND', { procedureId });
  const steps = nfc(input.steps);
  if (!Value.Check(Steps, steps)) {
    const problems = Value.Errors(Steps, steps).map((e) => ({ field: `steps${e.instancePath}`, message: e.message }));
    throw new DomainError('PROCEDURE_INVALID', { problems });
  }
  return db.transaction(async (tx) => {
    const existing = await findRow(tx, procedureId, undefined, true);
    if (!existing) throw new DomainError('PROCEDURE_NOT_FOUND', { procedureId });
    const actor = await requireCatalogAdmin(tx, caller, existing.provinceCode);
    if (input.expectedVersion !== undefined && input.expectedVersion !== existing.currentVersion) {
      throw new DomainError('CONFLICT', {
        expectedVersion: input.expectedVersion,
        currentVersion: existing.currentVersion,
      });
    }
    const version = await publishTemplate(tx, actor, existing, steps);
    const template = await requireTemplate(tx, existing.id, version ?? existing.currentVersion);
    return { template: templateView(template), created: version !== null };
  });
}

/** One version of a procedure's process template (a dossier reads the version it was filed under). */
export async function getProcessTemplate(
  db: Executor,
  procedureId: string,
  version: number,
): Promise<ProcessTemplateView> {
  if (!UUID.test(procedureId) || !Number.isInteger(version)) {
    throw new DomainError('PROCESS_TEMPLATE_NOT_FOUND', { procedureId, version });
  }
  return templateView(await requireTemplate(db, procedureId, version));
}
