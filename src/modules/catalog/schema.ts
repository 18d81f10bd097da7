/**
 * The catalog: fields (lĩnh vực), procedures (thủ tục hành chính, DOMAIN.md §4.1), their
 * implementing agencies and versioned process templates. Terms: README.md in this folder.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { agencies } from '../directory/schema.ts';
import type { ApplicantType, EformField, Fee, ImplementingKind, Paper, ProcessStep, TimeLimit } from './model.ts';
import { implementingKinds, onlineLevels, procedureLevels, resultKinds } from './model.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Legal time limit as stored: the counter channel, and the online one when it differs (§1.5). */
export interface StoredTimeLimit extends TimeLimit {
  online: TimeLimit | null;
}

export const fields = pgTable(
  'fields',
  {
    provinceCode: text('province_code').notNull(),
    /** Stable slug, e.g. `ho-tich` (the data file's name). */
    code: text('code').notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provinceCode, t.code] })],
);

export const procedures = pgTable(
  'procedures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    /** `d.dddddd`; null when the procedure has no national code (never invented). */
    nationalCode: text('national_code'),
    /** National code + "." + the province's agency code, e.g. `1.000494.000.00.00.H29` (§4.1). */
    localCode: text('local_code'),
    name: text('name').notNull(),
    /** vn_fold(name) without the opening "thu tuc ", for ranking (rules.ts searchKeysOf). */
    nameKey: text('name_key').notNull(),
    /** vn_fold(name || ' ' || field name || ' ' || national code), maintained on every write. */
    searchKey: text('search_key').notNull(),
    fieldCode: text('field_code').notNull(),
    level: text('level', { enum: procedureLevels }).notNull(),
    /** Kind of implementing agency; the links in procedure_agencies follow from it. */
    agencyKind: text('agency_kind', { enum: implementingKinds }).notNull().$type<ImplementingKind>(),
    applicantTypes: text('applicant_types').array().notNull().$type<ApplicantType[]>(),
    onlineLevel: text('online_level', { enum: onlineLevels }).notNull(),
    /**
     * Level of assurance of the sign-in an online filing needs: 0 any account, 1 or 2 the
     * national sign-on's LoA (VNeID level 2 for most filings, payments-sync-sso.md §4.3).
     */
    assuranceLevel: integer('assurance_level').notNull().default(2),
    resultKind: text('result_kind', { enum: resultKinds }).notNull(),
    resultName: text('result_name').notNull(),
    legalBases: jsonb('legal_bases').$type<string[]>().notNull(),
    fees: jsonb('fees').$type<Fee[]>().notNull(),
    papers: jsonb('papers').$type<Paper[]>().notNull(),
    eform: jsonb('eform').$type<EformField[]>().notNull(),
    timeLimit: jsonb('time_limit').$type<StoredTimeLimit>().notNull(),
    /** The process template version new dossiers are filed under. */
    currentVersion: integer('current_version').notNull().default(1),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('procedures_national_code').on(t.provinceCode, t.nationalCode).where(sql`national_code is not null`),
    uniqueIndex('procedures_name_level').on(t.provinceCode, t.level, t.name),
    index('procedures_local_code').on(t.localCode),
    index('procedures_field').on(t.provinceCode, t.fieldCode),
    // Typo-tolerant search (pg_trgm): LIKE '%…%' and the <% (word similarity) operator use it.
    index('procedures_search_key_trgm').using('gin', sql`${t.searchKey} gin_trgm_ops`),
    foreignKey({ columns: [t.provinceCode, t.fieldCode], foreignColumns: [fields.provinceCode, fields.code] }).onUpdate(
      'cascade',
    ),
  ],
);

/** Implementing agencies (cơ quan thực hiện) of a procedure. */
export const procedureAgencies = pgTable(
  'procedure_agencies',
  {
    provinceCode: text('province_code').notNull(),
    procedureId: uuid('procedure_id')
      .notNull()
      .references(() => procedures.id),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
  },
  (t) => [primaryKey({ columns: [t.procedureId, t.agencyId] }), index('procedure_agencies_agency').on(t.agencyId)],
);

/**
 * Versioned internal workflows. A version never changes once written (a trigger refuses
 * UPDATE and DELETE): a dossier keeps the version it was filed under, and a new workflow is
 * a new version.
 */
export const processTemplates = pgTable(
  'process_templates',
  {
    provinceCode: text('province_code').notNull(),
    procedureId: uuid('procedure_id')
      .notNull()
      .references(() => procedures.id),
    version: integer('version').notNull(),
    steps: jsonb('steps').$type<ProcessStep[]>().notNull(),
    /** Sum of the step budgets in working hours (counter channel). */
    totalHours: doublePrecision('total_hours').notNull(),
    /** Sum for the online channel, when its limit differs. */
    totalHoursOnline: doublePrecision('total_hours_online'),
    /** The legal limit the budgets were checked against. */
    timeLimit: jsonb('time_limit').$type<StoredTimeLimit>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    /** Account id of the administrator, or the system job's name. */
    createdBy: text('created_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.procedureId, t.version] })],
);

export type FieldRow = typeof fields.$inferSelect;
export type ProcedureRow = typeof procedures.$inferSelect;
export type ProcessTemplateRow = typeof processTemplates.$inferSelect;
