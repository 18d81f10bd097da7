/** Rows → what the API and other modules read. */
import { and, eq } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { type Executor, named } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import type { AgencyRef } from './agency-links.ts';
import './errors.ts';
import type { ProcedureContent, ProcessStep, TimeLimit } from './model.ts';
import { type ProcedureRow, type ProcessTemplateRow, processTemplates, type StoredTimeLimit } from './schema.ts';

export interface FieldView {
  code: string;
  name: string;
}

export interface ProcessTemplateView {
  procedureId: string;
  version: number;
  steps: ProcessStep[];
  totalHours: number;
  totalHoursOnline: number | null;
  timeLimit: TimeLimit;
  timeLimitOnline: TimeLimit | null;
  createdAt: string;
  createdBy: string;
}

export interface ProcedureView extends ProcedureContent {
  id: string;
  provinceCode: string;
  localCode: string | null;
  field: FieldView;
  /** Implementing agencies (cơ quan thực hiện). */
  agencies: AgencyRef[];
  /** Version of `process` (the template new dossiers are filed under). */
  currentVersion: number;
  processTotalHours: number;
  active: boolean;
  updatedAt: string;
}

export function splitTimeLimit(stored: StoredTimeLimit): { timeLimit: TimeLimit; timeLimitOnline: TimeLimit | null } {
  const { online, ...timeLimit } = stored;
  return { timeLimit, timeLimitOnline: online };
}

export function storedTimeLimit(timeLimit: TimeLimit, timeLimitOnline: TimeLimit | null): StoredTimeLimit {
  return { ...timeLimit, online: timeLimitOnline };
}

/** The editable content of a stored procedure with the steps of one template version. */
export function contentOf(row: ProcedureRow, steps: ProcessStep[]): ProcedureContent {
  return {
    nationalCode: row.nationalCode,
    name: row.name,
    level: row.level,
    agencyKind: row.agencyKind,
    applicantTypes: row.applicantTypes,
    onlineLevel: row.onlineLevel,
    assuranceLevel: row.assuranceLevel,
    ...splitTimeLimit(row.timeLimit),
    fees: row.fees,
    papers: row.papers,
    eform: row.eform,
    resultKind: row.resultKind,
    resultName: row.resultName,
    legalBases: row.legalBases,
    process: steps,
  };
}

export function templateView(row: ProcessTemplateRow): ProcessTemplateView {
  return {
    procedureId: row.procedureId,
    version: row.version,
    steps: row.steps,
    totalHours: row.totalHours,
    totalHoursOnline: row.totalHoursOnline,
    ...splitTimeLimit(row.timeLimit),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
  };
}

/**
 * Templates a transaction has read, by procedure and version. A version never changes once
 * written (a changed process is a new version), so within one transaction a second read is
 * the first one's row: a counter filing read its template twice (the view, then reception).
 * Only per transaction: a template read inside one that later rolls back may never exist.
 */
const templatesRead = new WeakMap<Executor, Map<string, ProcessTemplateRow>>();

/** Keeps a template row read inside transaction `db` for its later reads (see above). */
export function rememberTemplate(db: Executor, row: ProcessTemplateRow): void {
  if (!(db instanceof PgTransaction)) return;
  let read = templatesRead.get(db);
  if (!read) {
    read = new Map();
    templatesRead.set(db, read);
  }
  read.set(`${row.procedureId}:${row.version}`, row);
}

export async function findTemplate(
  db: Executor,
  procedureId: string,
  version: number,
): Promise<ProcessTemplateRow | null> {
  const known = templatesRead.get(db)?.get(`${procedureId}:${version}`);
  if (known) return known;
  const [row] = await named(
    'catalog_template',
    db
      .select()
      .from(processTemplates)
      .where(and(eq(processTemplates.procedureId, procedureId), eq(processTemplates.version, version))),
  );
  if (!row) return null;
  rememberTemplate(db, row);
  return row;
}

export async function requireTemplate(db: Executor, procedureId: string, version: number): Promise<ProcessTemplateRow> {
  const row = await findTemplate(db, procedureId, version);
  if (!row) throw new DomainError('PROCESS_TEMPLATE_NOT_FOUND', { procedureId, version });
  return row;
}

export function procedureView(
  row: ProcedureRow,
  field: FieldView,
  template: ProcessTemplateRow,
  linked: AgencyRef[],
): ProcedureView {
  return {
    id: row.id,
    provinceCode: row.provinceCode,
    localCode: row.localCode,
    ...contentOf(row, template.steps),
    field,
    agencies: linked,
    currentVersion: row.currentVersion,
    processTotalHours: template.totalHours,
    active: row.active,
    updatedAt: row.updatedAt.toISOString(),
  };
}
