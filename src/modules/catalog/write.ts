/**
 * The one write path of a procedure, shared by the administrator's PUT and the importer:
 * checks, search keys, implementing agencies, a new process template version when the
 * workflow or the limit changed, and the audit entry, all in the caller's transaction.
 */
import canonicalize from 'canonicalize';
import { and, eq, max, ne, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { adminScopeOf } from '../directory/index.ts';
import {
  agenciesInProvince,
  findAgenciesByKind,
  provinceAgencyCode,
  replaceProcedureAgencies,
} from './agency-links.ts';
import './errors.ts';
import type { ProcedureContent, ProcessStep } from './model.ts';
import { assertProcessBudget, contentProblems, searchKeysOf, templateHours } from './rules.ts';
import { fields, type ProcedureRow, procedures, processTemplates, type StoredTimeLimit } from './schema.ts';
import { contentOf, findTemplate, storedTimeLimit } from './views.ts';

export interface Actor {
  actorId: string;
  actorRole: string;
}

/**
 * Only a province-level administrator writes the catalog: staff with role `admin` whose
 * agency administers the whole province by the directory's scope rules (the root UBND tỉnh
 * or the Sở KH&CN under it, directory/policies.ts). The catalog is the province's: an agency's
 * or a commune's admin administers their own agency, not the procedures every agency applies
 * (issue 11, High 2). The seed and the CLI act as the system.
 */
export async function requireCatalogAdmin(db: Executor, caller: Caller, provinceCode: string): Promise<Actor> {
  if (caller.kind === 'system') return { actorId: caller.name, actorRole: 'system' };
  if (caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  if (caller.kind !== 'staff' || !caller.roles.includes('admin'))
    throw new DomainError('FORBIDDEN', { requiredRoles: ['admin'] });
  if (caller.provinceCode !== provinceCode) throw new DomainError('FORBIDDEN', { reason: 'other_province' });
  const scope = await adminScopeOf(db, caller);
  if (scope.kind !== 'province' || scope.provinceCode !== provinceCode) {
    throw new DomainError('FORBIDDEN', { reason: 'not_province_catalog_admin' });
  }
  return { actorId: caller.id, actorRole: 'admin' };
}

export type WriteOutcome = 'created' | 'updated' | 'unchanged';

export interface WriteResult {
  id: string;
  outcome: WriteOutcome;
  version: number;
  templatePublished: boolean;
}

export interface WriteInput {
  /** For a new procedure: its id when the administrator chose it (PUT); default random. */
  id?: string | undefined;
  provinceCode: string;
  fieldCode: string;
  content: ProcedureContent;
  /** Explicit implementing agencies; default: the province's agencies of `agencyKind`. */
  agencyIds?: readonly string[] | undefined;
  active?: boolean | undefined;
}

const same = (a: unknown, b: unknown) =>
  canonicalize(JSON.parse(JSON.stringify(a))) === canonicalize(JSON.parse(JSON.stringify(b)));

/** Throws PROCEDURE_INVALID or PROCESS_BUDGET_MISMATCH when the content does not hold together. */
export function checkContent(content: ProcedureContent): void {
  const problems = contentProblems(content);
  if (problems.length > 0) throw new DomainError('PROCEDURE_INVALID', { problems });
  assertProcessBudget(content.process, content.timeLimit, content.timeLimitOnline);
}

async function assertUnique(db: Executor, input: WriteInput, selfId: string | null): Promise<void> {
  const { provinceCode, content } = input;
  const notSelf = selfId ? ne(procedures.id, selfId) : undefined;
  if (content.nationalCode) {
    const [taken] = await db
      .select({ id: procedures.id })
      .from(procedures)
      .where(
        and(eq(procedures.provinceCode, provinceCode), eq(procedures.nationalCode, content.nationalCode), notSelf),
      );
    if (taken)
      throw new DomainError('PROCEDURE_CODE_TAKEN', { nationalCode: content.nationalCode, procedureId: taken.id });
  }
  const [named] = await db
    .select({ id: procedures.id })
    .from(procedures)
    .where(
      and(
        eq(procedures.provinceCode, provinceCode),
        eq(procedures.level, content.level),
        eq(procedures.name, content.name),
        notSelf,
      ),
    );
  if (named) throw new DomainError('PROCEDURE_NAME_TAKEN', { name: content.name, procedureId: named.id });
}

async function resolveAgencies(db: Executor, input: WriteInput): Promise<string[]> {
  if (input.agencyIds === undefined) {
    return (await findAgenciesByKind(db, input.provinceCode, input.content.agencyKind)).map((a) => a.id);
  }
  const wanted = [...new Set(input.agencyIds)];
  const found = await agenciesInProvince(db, input.provinceCode, wanted);
  if (found.length !== wanted.length) {
    const known = new Set(found.map((a) => a.id));
    throw new DomainError('PROCEDURE_AGENCY_INVALID', { agencyIds: wanted.filter((id) => !known.has(id)) });
  }
  return wanted;
}

async function insertTemplate(
  db: Executor,
  row: { provinceCode: string; procedureId: string; version: number },
  steps: ProcessStep[],
  limit: StoredTimeLimit,
  actor: Actor,
): Promise<void> {
  const hours = templateHours(steps);
  await db.insert(processTemplates).values({
    ...row,
    steps,
    totalHours: hours.total,
    totalHoursOnline: limit.online ? hours.online : null,
    timeLimit: limit,
    createdBy: actor.actorId,
  });
}

/** The next version number: one past the highest written (versions are never reused). */
async function nextVersion(db: Executor, procedureId: string): Promise<number> {
  const [row] = await db
    .select({ v: max(processTemplates.version) })
    .from(processTemplates)
    .where(eq(processTemplates.procedureId, procedureId));
  return (row?.v ?? 0) + 1;
}

/**
 * Creates (existing = null) or updates a procedure. `existing` must have been read in this
 * transaction with FOR UPDATE, so two writers cannot publish the same version.
 */
export async function writeProcedure(
  db: Executor,
  actor: Actor,
  existing: ProcedureRow | null,
  input: WriteInput,
): Promise<WriteResult> {
  const { provinceCode, content } = input;
  const [field] = await db
    .select()
    .from(fields)
    .where(and(eq(fields.provinceCode, provinceCode), eq(fields.code, input.fieldCode)));
  if (!field) throw new DomainError('FIELD_NOT_FOUND', { fieldCode: input.fieldCode });
  checkContent(content);
  await assertUnique(db, input, existing?.id ?? null);
  const agencyIds = await resolveAgencies(db, input);
  const rootCode = await provinceAgencyCode(db, provinceCode);
  const limit = storedTimeLimit(content.timeLimit, content.timeLimitOnline);
  const { process: steps, timeLimit: _t, timeLimitOnline: _o, ...rest } = content;
  const columns = {
    ...rest,
    provinceCode,
    fieldCode: field.code,
    localCode: content.nationalCode && rootCode ? `${content.nationalCode}.${rootCode}` : null,
    ...searchKeysOf(content.name, field.name, content.nationalCode),
    timeLimit: limit,
    active: input.active ?? existing?.active ?? true,
  };

  if (!existing) {
    const [created] = await db
      .insert(procedures)
      .values({ ...columns, ...(input.id ? { id: input.id } : {}), currentVersion: 1 })
      .returning({ id: procedures.id });
    if (!created) throw new Error('insert returned no row');
    await insertTemplate(db, { provinceCode, procedureId: created.id, version: 1 }, steps, limit, actor);
    await replaceProcedureAgencies(db, provinceCode, created.id, agencyIds);
    await recordAudit(db, {
      provinceCode,
      stream: `procedure:${created.id}`,
      action: 'procedure.created',
      ...actor,
      data: { nationalCode: content.nationalCode, name: content.name, version: 1, agencies: agencyIds.length },
    });
    return { id: created.id, outcome: 'created', version: 1, templatePublished: true };
  }

  const current = await findTemplate(db, existing.id, existing.currentVersion);
  const before = {
    ...contentOf(existing, current?.steps ?? []),
    fieldCode: existing.fieldCode,
    active: existing.active,
  };
  const after = { ...content, fieldCode: field.code, active: columns.active };
  const beforeByKey: Record<string, unknown> = before;
  const changed = Object.entries(after)
    .filter(([key, value]) => !same(beforeByKey[key], value))
    .map(([key]) => key);
  const keysChanged = existing.searchKey !== columns.searchKey || existing.localCode !== columns.localCode;
  const templateChanged = !current || !same(current.steps, steps) || !same(current.timeLimit, limit);
  let version = existing.currentVersion;
  if (templateChanged) {
    version = await nextVersion(db, existing.id);
    await insertTemplate(db, { provinceCode, procedureId: existing.id, version }, steps, limit, actor);
  }
  const linksChanged = await replaceProcedureAgencies(db, provinceCode, existing.id, agencyIds);
  if (changed.length === 0 && !keysChanged && !templateChanged && !linksChanged) {
    return { id: existing.id, outcome: 'unchanged', version, templatePublished: false };
  }
  await db
    .update(procedures)
    .set({ ...columns, currentVersion: version, updatedAt: sql`now()` })
    .where(eq(procedures.id, existing.id));
  await recordAudit(db, {
    provinceCode,
    stream: `procedure:${existing.id}`,
    action: 'procedure.updated',
    ...actor,
    data: {
      nationalCode: content.nationalCode,
      name: content.name,
      changed: linksChanged ? [...changed, 'agencies'] : changed,
      version,
      ...(templateChanged ? { previousVersion: existing.currentVersion } : {}),
    },
  });
  return { id: existing.id, outcome: 'updated', version, templatePublished: templateChanged };
}

/** Adds a template version with new steps for the procedure's current limit; null when the steps are the current ones. */
export async function publishTemplate(
  db: Executor,
  actor: Actor,
  existing: ProcedureRow,
  steps: ProcessStep[],
): Promise<number | null> {
  const current = await findTemplate(db, existing.id, existing.currentVersion);
  checkContent(contentOf(existing, steps));
  if (current && same(current.steps, steps) && same(current.timeLimit, existing.timeLimit)) return null;
  const version = await nextVersion(db, existing.id);
  await insertTemplate(
    db,
    { provinceCode: existing.provinceCode, procedureId: existing.id, version },
    steps,
    existing.timeLimit,
    actor,
  );
  await db
    .update(procedures)
    .set({ currentVersion: version, updatedAt: sql`now()` })
    .where(eq(procedures.id, existing.id));
  await recordAudit(db, {
    provinceCode: existing.provinceCode,
    stream: `procedure:${existing.id}`,
    action: 'procedure.process_template_published',
    ...actor,
    data: { version, previousVersion: existing.currentVersion, totalHours: templateHours(steps).total },
  });
  return version;
}
