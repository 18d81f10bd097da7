/**
 * The directory: administrative units (DOMAIN.md §4.3), agencies with their electronic
 * identifier (§4.2), staff and the counters of service centres.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** Office hours (platform/calendar WorkingHours, mutable for JSON): 'HH:MM' local periods. */
export interface OfficeHours {
  periods: Array<{ start: string; end: string }>;
  /** Reception cut-off 'HH:MM' (DOMAIN.md §1.5); absent: 15:00. */
  cutoff?: string;
}

export const adminUnitKinds = ['province', 'commune', 'ward', 'special_zone'] as const;
export type AdminUnitKind = (typeof adminUnitKinds)[number];

/**
 * Province (2 digits) and commune-level (5 digits: xã, phường, đặc khu) units of QĐ 19/2025/QĐ-TTg,
 * in force from 01/07/2025 (§4.3). The two code lengths never collide, so one key serves both.
 */
export const adminUnits = pgTable(
  'admin_units',
  {
    code: text('code').primaryKey(),
    provinceCode: text('province_code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: adminUnitKinds }).notNull(),
    /** The province of a commune; null for a province (there is no district level since 2025). */
    parentCode: text('parent_code'),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
  },
  (t) => [
    index('admin_units_province_kind').on(t.provinceCode, t.kind),
    index('admin_units_name_fold').using('gin', sql`vn_fold(${t.name}) gin_trgm_ops`),
  ],
);

/**
 * Pre-2025 communes (QĐ 124/2004 codes) and the 2025 unit(s) they became part of; old
 * dossiers and addresses carry the old names (§4.3). One old unit may map to several new
 * ones when it was split; some source rows carry no old code, only names.
 */
export const adminUnitMappings = pgTable(
  'admin_unit_mappings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Province (2025) of the new unit. */
    provinceCode: text('province_code').notNull(),
    oldCode: text('old_code'),
    oldName: text('old_name'),
    oldDistrict: text('old_district'),
    oldProvince: text('old_province'),
    newCode: text('new_code').notNull(),
  },
  (t) => [index('admin_unit_mappings_old_code').on(t.oldCode), index('admin_unit_mappings_new_code').on(t.newCode)],
);

export const agencyLevels = ['province', 'commune'] as const;
export type AgencyLevel = (typeof agencyLevels)[number];

export const agencyKinds = [
  'people_committee',
  'service_centre',
  'commune',
  'justice',
  'home_affairs',
  'finance',
  'agriculture_environment',
  'construction',
  'health',
  'education',
  'culture',
  'science_technology',
  'industry_trade',
  'police',
  'inspectorate',
] as const;
export type AgencyKind = (typeof agencyKinds)[number];

export const agencies = pgTable(
  'agencies',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provinceCode: text('province_code').notNull(),
    /** Electronic identifier `V1V2V3.Z1Z2.Y1Y2.MX1X2` (§4.2), e.g. `000.00.00.H56`. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    level: text('level', { enum: agencyLevels }).notNull(),
    kind: text('kind', { enum: agencyKinds }).notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => agencies.id),
    adminUnitCode: text('admin_unit_code').references(() => adminUnits.code),
    /** Null: the province default, 07:00–11:30 and 13:30–17:00 (§1.5). */
    officeHours: jsonb('office_hours').$type<OfficeHours>(),
    address: text('address'),
    phone: text('phone'),
    email: text('email'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('agencies_code').on(t.code), index('agencies_province_parent').on(t.provinceCode, t.parentId)],
);

export const staff = pgTable(
  'staff',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provinceCode: text('province_code').notNull(),
    /** The sign-in account (platform/auth); null until one is linked. */
    accountId: text('account_id'),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    fullName: text('full_name').notNull(),
    title: text('title'),
    email: text('email'),
    phone: text('phone'),
    /** Values of `staffRoles` (platform/auth/caller.ts). */
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('staff_account').on(t.accountId), index('staff_province_agency').on(t.provinceCode, t.agencyId)],
);

/** Counters (quầy) of a service centre, numbered within the centre. */
export const counters = pgTable(
  'counters',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provinceCode: text('province_code').notNull(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    number: integer('number').notNull(),
    name: text('name').notNull(),
    /** Fields (lĩnh vực) of procedures received at this counter. */
    fields: text('fields').array().notNull().default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('counters_agency_number').on(t.agencyId, t.number)],
);

export type AdminUnitRow = typeof adminUnits.$inferSelect;
export type AgencyRow = typeof agencies.$inferSelect;
export type StaffRow = typeof staff.$inferSelect;
export type CounterRow = typeof counters.$inferSelect;
