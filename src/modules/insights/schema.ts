/**
 * The insights module's read models: one row per dossier, feedback item and dossier rating,
 * holding only the facts that reports count (no personal data). They are fed from the
 * modules' events (`dossier.*`, `feedback.*`, `rating.*` on the outbox's event channel) with
 * the facts each module publishes in its index.ts, and rebuilt from scratch by
 * `mocua insights rebuild`. Nothing here is read by another module; nothing else is read here.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Supplement clock stops, ISO strings (`to` null while waiting). */
export type StoredInterval = { from: string; to: string | null };

export const insightsDossiers = pgTable(
  'insights_dossiers',
  {
    dossierId: uuid('dossier_id').primaryKey(),
    provinceCode: text('province_code').notNull(),
    code: text('code').notNull(),
    procedureId: uuid('procedure_id').notNull(),
    channel: text('channel', { enum: ['online', 'counter', 'post'] }).notNull(),
    receivingAgencyId: uuid('receiving_agency_id').notNull(),
    competentAgencyId: uuid('competent_agency_id').notNull(),
    holdingAgencyId: uuid('holding_agency_id').notNull(),
    state: text('state').notNull(),
    submittedAt: ts('submitted_at'),
    receivedAt: ts('received_at'),
    dueAt: ts('due_at'),
    finishedAt: ts('finished_at'),
    deliveredAt: ts('delivered_at'),
    supplementIntervals: jsonb('supplement_intervals').$type<StoredInterval[]>().notNull().default([]),
    electronicResult: boolean('electronic_result').notNull().default(false),
    paperFiles: integer('paper_files').notNull().default(0),
    /** Papers reused from the applicant's earlier papers (QĐ 766 4.3). */
    reusedPapers: integer('reused_papers').notNull().default(0),
    holderAccountId: text('holder_account_id'),
    holderStep: text('holder_step'),
    /** The dossier's version when these facts were read: an older read never replaces a newer one. */
    sourceVersion: integer('source_version').notNull(),
    refreshedAt: ts('refreshed_at').notNull().defaultNow(),
  },
  (t) => [
    // A period's dossiers: received before its end and not finished before its start.
    index('insights_dossiers_received').on(t.provinceCode, t.receivedAt),
    index('insights_dossiers_open').on(t.provinceCode, t.finishedAt),
    index('insights_dossiers_competent').on(t.competentAgencyId, t.receivedAt),
    index('insights_dossiers_running_due').on(t.provinceCode, t.dueAt).where(sql`finished_at is null`),
    // A past period's overdue list (drill.ts): the dossiers finished after its end that were past
    // their due date at it — those whose (due, finished] holds the end — and those asked for a
    // supplement twice (late by rule) open at it — (received, finished or never] holds the end.
    // Both few, whatever the history holds.
    index('insights_dossiers_finished_late')
      .using('gist', sql`tstzrange(${t.dueAt}, greatest(${t.dueAt}, ${t.finishedAt}), '(]')`)
      .where(sql`finished_at > due_at`),
    index('insights_dossiers_two_supplements')
      .using(
        'gist',
        sql`tstzrange(${t.receivedAt}, greatest(${t.receivedAt}, coalesce(${t.finishedAt}, 'infinity')), '(]')`,
      )
      .where(sql`jsonb_array_length(supplement_intervals) > 1`),
    // A PAKN names its dossier by code (QĐ 766 5.4 joins them).
    index('insights_dossiers_code').on(t.code),
  ],
);

export const insightsFeedback = pgTable(
  'insights_feedback',
  {
    feedbackId: uuid('feedback_id').primaryKey(),
    provinceCode: text('province_code').notNull(),
    code: text('code').notNull(),
    agencyId: uuid('agency_id').notNull(),
    channel: text('channel').notNull(),
    dossierCode: text('dossier_code'),
    classification: text('classification', { enum: ['rules', 'conduct'] }).notNull(),
    state: text('state').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    closedAt: ts('closed_at'),
    timing: text('timing', { enum: ['onTime', 'late'] }),
    answerDueAt: ts('answer_due_at').notNull(),
    likes: integer('likes').notNull(),
    dislikes: integer('dislikes').notNull(),
    reopenCount: integer('reopen_count').notNull(),
    sourceVersion: integer('source_version').notNull(),
    refreshedAt: ts('refreshed_at').notNull().defaultNow(),
  },
  (t) => [
    index('insights_feedback_submitted').on(t.provinceCode, t.submittedAt),
    index('insights_feedback_dossier').on(t.dossierCode),
  ],
);

export const insightsRatings = pgTable(
  'insights_ratings',
  {
    dossierId: uuid('dossier_id').primaryKey(),
    provinceCode: text('province_code').notNull(),
    agencyId: uuid('agency_id').notNull(),
    level: text('level', { enum: ['very_satisfied', 'satisfied', 'unsatisfied'] }).notNull(),
    channel: text('channel').notNull(),
    ratedAt: ts('rated_at').notNull(),
    /** How often the applicant changed it: a newer read never loses to an older one. */
    sourceVersion: integer('source_version').notNull(),
    refreshedAt: ts('refreshed_at').notNull().defaultNow(),
    /**
     * The rated dossier's rollup key (competent agency, procedure, channel), copied from its
     * insights_dossiers row by feed.ts (`keyRatings`), null while that row is not there: a
     * period's ratings are counted per key from this table alone, without a probe of the
     * dossier rows per rating.
     */
    dossierAgencyId: uuid('dossier_agency_id'),
    dossierProcedureId: uuid('dossier_procedure_id'),
    dossierChannel: text('dossier_channel', { enum: ['online', 'counter', 'post'] }),
  },
  (t) => [
    index('insights_ratings_rated').on(t.provinceCode, t.ratedAt),
    // The ratings whose key is still to copy (migration 0038's backfill reads them in this order).
    index('insights_ratings_unkeyed').on(t.dossierId).where(sql`dossier_agency_id is null`),
  ],
);

/**
 * The counters of the rollups (rollups.ts says what each one adds up). Flows are counted on the
 * Vietnam day the event happened; the `s*` columns are changes of a stock: +1 on the day a
 * dossier enters a class "as of a period's end", −1 on the day it leaves it, so the class's
 * stock at any midnight is the sum of the days before it.
 */
const rollupCounters = () => ({
  /** Received that day (form 06 cols. 4–5 by channel). */
  received: integer('received').notNull().default(0),
  /** Received that day without a due date (never classified). */
  receivedNoDue: integer('received_no_due').notNull().default(0),
  /** Finished that day, by final timing (or unclassified without a due date). */
  early: integer('early').notNull().default(0),
  onTime: integer('on_time').notNull().default(0),
  late: integer('late').notNull().default(0),
  /** Finished without a due date: not classified. */
  unclassified: integer('unclassified').notNull().default(0),
  /** Stock changes of the class as of a period's end (handled early / on time / late, in progress in time / overdue). */
  sEarly: integer('s_early').notNull().default(0),
  sOnTime: integer('s_on_time').notNull().default(0),
  sLate: integer('s_late').notNull().default(0),
  sInTime: integer('s_in_time').notNull().default(0),
  sOverdue: integer('s_overdue').notNull().default(0),
  /** Finished that day with a result (4.1's denominator before the procedure's result kind), and of those electronic. */
  results: integer('results').notNull().default(0),
  eResults: integer('e_results').notNull().default(0),
  /** Received that day with digitised papers: counted whatever the procedure, or only if it issues no paper result (4.2). */
  digitised: integer('digitised').notNull().default(0),
  digitisedUnlessPaperResult: integer('digitised_unless_paper_result').notNull().default(0),
  /** Received that day with a reused paper (4.3). */
  reused: integer('reused').notNull().default(0),
});

/**
 * Daily rollups of the dossier read model, per competent agency, procedure and channel (Vietnam
 * days). Kept by the feed in the same transaction as the dossier row (feed.ts adds the new row's
 * share and takes away the old one's), rebuilt with the read model, and checked equal to a
 * recount (rollups.test.ts). Form 06, the rates and the 766 index read these (and the monthly
 * ones below) instead of the dossiers.
 */
export const insightsDaily = pgTable(
  'insights_daily',
  {
    provinceCode: text('province_code').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    agencyId: uuid('agency_id').notNull(),
    procedureId: uuid('procedure_id').notNull(),
    channel: text('channel', { enum: ['online', 'counter', 'post'] }).notNull(),
    ...rollupCounters(),
  },
  (t) => [primaryKey({ columns: [t.provinceCode, t.day, t.agencyId, t.procedureId, t.channel] })],
);

/** The same counters per month (`month` is its first day): kept with the daily ones by the same deltas. */
export const insightsMonthly = pgTable(
  'insights_monthly',
  {
    provinceCode: text('province_code').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    agencyId: uuid('agency_id').notNull(),
    procedureId: uuid('procedure_id').notNull(),
    channel: text('channel', { enum: ['online', 'counter', 'post'] }).notNull(),
    ...rollupCounters(),
  },
  (t) => [primaryKey({ columns: [t.provinceCode, t.month, t.agencyId, t.procedureId, t.channel] })],
);

/**
 * The same counters summed over all days per (agency, procedure, channel): kept by the same
 * deltas. A period's sums before its start (period-cells.ts) are these totals less the months
 * from the start on, so a recent period reads a few months of rows, not the whole history.
 */
export const insightsTotals = pgTable(
  'insights_totals',
  {
    provinceCode: text('province_code').notNull(),
    agencyId: uuid('agency_id').notNull(),
    procedureId: uuid('procedure_id').notNull(),
    channel: text('channel', { enum: ['online', 'counter', 'post'] }).notNull(),
    ...rollupCounters(),
  },
  (t) => [primaryKey({ columns: [t.provinceCode, t.agencyId, t.procedureId, t.channel] })],
);

/** The province's yearly targets for the dashboard's rates (percent), set by an admin. */
export const insightsTargets = pgTable(
  'insights_targets',
  {
    provinceCode: text('province_code').notNull(),
    year: integer('year').notNull(),
    indicator: text('indicator').notNull(),
    percent: numeric('percent', { precision: 5, scale: 2, mode: 'number' }).notNull(),
    setBy: text('set_by').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provinceCode, t.year, t.indicator] })],
);
