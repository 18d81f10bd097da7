/**
 * Import and export of the catalog as data files (data/procedures/*.json, README.md there).
 * Import is idempotent: a procedure is matched by national code, else by name and level;
 * an unchanged one is left alone (no write, no audit entry); a changed one goes through the
 * same write path as an administrator's PUT (checks, new template version, audit).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import { type Caller, systemCaller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { dataFolder } from '../../platform/paths.ts';
import type { Seed } from '../seeds.ts';
import { findAgenciesByKind } from './agency-links.ts';
import { fileProcedure, parseCatalogFiles, readCatalogDir } from './files.ts';
import type { CatalogFile, ImplementingKind, ProcedureContent } from './model.ts';
import { fields, type ProcedureRow, procedures, processTemplates } from './schema.ts';
import { contentOf } from './views.ts';
import { type Actor, requireCatalogAdmin, writeProcedure } from './write.ts';

export const DEFAULT_CATALOG_DIR = path.join(dataFolder, 'procedures');

export interface ImportOptions {
  provinceCode: string;
  /** Default data/procedures. */
  dir?: string;
  /** Default the system ('catalog-import'); a staff caller must be an administrator of the province. */
  caller?: Caller;
}

export interface ImportReport {
  files: number;
  fields: number;
  procedures: number;
  created: number;
  updated: number;
  unchanged: number;
  templatesPublished: number;
  /** Agency kinds with no active agency in the province: their procedures have no implementing agency yet. */
  unmappedKinds: ImplementingKind[];
}

/** The stored procedure this file entry describes: same national code, else same name and level. */
async function findMatch(db: Executor, provinceCode: string, p: ProcedureContent): Promise<ProcedureRow | null> {
  const inProvince = eq(procedures.provinceCode, provinceCode);
  if (p.nationalCode) {
    const [byCode] = await db
      .select()
      .from(procedures)
      .where(and(inProvince, eq(procedures.nationalCode, p.nationalCode)))
      .for('update');
    if (byCode) return byCode;
  }
  const [byName] = await db
    .select()
    .from(procedures)
    .where(and(inProvince, eq(procedures.level, p.level), eq(procedures.name, p.name)))
    .for('update');
  return byName ?? null;
}

async function upsertField(
  db: Executor,
  actor: Actor,
  provinceCode: string,
  field: CatalogFile['field'],
): Promise<void> {
  const [existing] = await db
    .select()
    .from(fields)
    .where(and(eq(fields.provinceCode, provinceCode), eq(fields.code, field.code)));
  if (existing?.name === field.name) return;
  if (existing)
    await db
      .update(fields)
      .set({ name: field.name })
      .where(and(eq(fields.provinceCode, provinceCode), eq(fields.code, field.code)));
  else await db.insert(fields).values({ provinceCode, code: field.code, name: field.name });
  await recordAudit(db, {
    provinceCode,
    stream: `field:${field.code}`,
    action: existing ? 'field.renamed' : 'field.created',
    ...actor,
    data: { code: field.code, name: field.name, ...(existing ? { previousName: existing.name } : {}) },
  });
}

/** Checks every file first (nothing is written when one is wrong), then writes all in one transaction. */
export async function importCatalog(db: Executor, options: ImportOptions): Promise<ImportReport> {
  const { provinceCode } = options;
  const actor = await requireCatalogAdmin(db, options.caller ?? systemCaller('catalog-import'), provinceCode);
  const parsed = parseCatalogFiles(readCatalogDir(options.dir ?? DEFAULT_CATALOG_DIR));
  return db.transaction(async (tx) => {
    const report: ImportReport = {
      files: parsed.length,
      fields: 0,
      procedures: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      templatesPublished: 0,
      unmappedKinds: [],
    };
    const kinds = new Set<ImplementingKind>();
    for (const { file } of parsed) {
      await upsertField(tx, actor, provinceCode, file.field);
      report.fields++;
      for (const content of file.procedures) {
        const existing = await findMatch(tx, provinceCode, content);
        const result = await writeProcedure(tx, actor, existing, { provinceCode, fieldCode: file.field.code, content });
        report.procedures++;
        report[result.outcome]++;
        if (result.templatePublished) report.templatesPublished++;
        kinds.add(content.agencyKind);
      }
    }
    for (const kind of kinds) {
      if ((await findAgenciesByKind(tx, provinceCode, kind)).length === 0) report.unmappedKinds.push(kind);
    }
    return report;
  });
}

/** The province's active procedures as data files, one per field (the shape importCatalog reads). */
export async function exportCatalog(db: Executor, options: { provinceCode: string }): Promise<CatalogFile[]> {
  const { provinceCode } = options;
  const fieldRows = await db
    .select()
    .from(fields)
    .where(eq(fields.provinceCode, provinceCode))
    .orderBy(asc(fields.code));
  const rows = await db
    .select()
    .from(procedures)
    .where(and(eq(procedures.provinceCode, provinceCode), eq(procedures.active, true)))
    .orderBy(asc(procedures.fieldCode), asc(procedures.level), asc(procedures.nameKey), asc(procedures.id));
  const templates = rows.length
    ? await db
        .select({
          procedureId: processTemplates.procedureId,
          version: processTemplates.version,
          steps: processTemplates.steps,
        })
        .from(processTemplates)
        .where(
          inArray(
            processTemplates.procedureId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  const stepsOf = new Map(templates.map((t) => [`${t.procedureId}|${t.version}`, t.steps]));
  return fieldRows
    .map((f) => ({
      field: { code: f.code, name: f.name },
      procedures: rows
        .filter((r) => r.fieldCode === f.code)
        .map((r) => fileProcedure(contentOf(r, stepsOf.get(`${r.id}|${r.currentVersion}`) ?? []))),
    }))
    .filter((file) => file.procedures.length > 0);
}

/** Demo seed (src/modules/seeds.ts), after the directory: the procedures of data/procedures. */
export const seedCatalog: Seed = async (db, { provinceCode }) => {
  if (!existsSync(DEFAULT_CATALOG_DIR)) return { created: false };
  const report = await importCatalog(db, { provinceCode });
  return { created: report.created > 0 || report.updated > 0 };
};
