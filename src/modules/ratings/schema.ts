/**
 * Satisfaction ratings (đánh giá sự hài lòng) and the quarterly evaluation of agencies
 * (DOMAIN.md §1.6). Ratings of a delivered dossier come from the portal, Zalo, an SMS link
 * or the counter kiosk; the kiosk also rates the officer at the counter without a dossier.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { agencies, counters } from '../directory/schema.ts';
import { dossiers } from '../dossiers/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Rất hài lòng / Hài lòng / Không hài lòng (§1.6, [V: S1]). */
export const ratingLevels = ['very_satisfied', 'satisfied', 'unsatisfied'] as const;
export type RatingLevel = (typeof ratingLevels)[number];

export const ratingChannels = ['portal', 'zalo', 'sms', 'kiosk'] as const;
export type RatingChannel = (typeof ratingChannels)[number];

/** One rating per dossier; a change within the window overwrites it and counts in `changes`. */
export const dossierRatings = pgTable(
  'dossier_ratings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    dossierId: uuid('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    /** The agency of the officer who delivered the result (else the receiving agency). */
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    /** Account id of the officer who delivered (else received) the dossier. */
    officerAccountId: text('officer_account_id'),
    /** The counter that officer sat at when delivering, from the session history. */
    counterId: uuid('counter_id').references(() => counters.id),
    level: text('level', { enum: ratingLevels }).notNull(),
    /** Chỉ số 10: convenience (§1.6, Thanh Hóa [V: S1]). */
    convenience: text('convenience', { enum: ratingLevels }),
    /** Chỉ số 11: overall satisfaction. */
    overall: text('overall', { enum: ratingLevels }),
    comment: text('comment'),
    channel: text('channel', { enum: ratingChannels }).notNull(),
    ratedAt: ts('rated_at').notNull(),
    changedAt: ts('changed_at'),
    changes: integer('changes').notNull().default(0),
  },
  (t) => [
    uniqueIndex('dossier_ratings_dossier').on(t.dossierId),
    index('dossier_ratings_agency').on(t.agencyId, t.ratedAt),
    index('dossier_ratings_officer').on(t.officerAccountId, t.ratedAt),
    index('dossier_ratings_counter').on(t.counterId, t.ratedAt),
  ],
);

/** Kiosk ratings of the officer at a counter, without a dossier. */
export const officerRatings = pgTable(
  'officer_ratings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    counterId: uuid('counter_id')
      .notNull()
      .references(() => counters.id),
    /** The counter's service centre, kept for the per-agency aggregates. */
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    /** Who sat at the counter at `rated_at`; null when nobody had opened a session. */
    officerAccountId: text('officer_account_id'),
    level: text('level', { enum: ratingLevels }).notNull(),
    comment: text('comment'),
    /** Generated on the tablet: a retry after a network drop sends the same id, never a second row. */
    clientId: uuid('client_id').notNull(),
    /** When the citizen pressed the button (the tablet's clock, bounded by the server's). */
    ratedAt: ts('rated_at').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('officer_ratings_client').on(t.clientId),
    index('officer_ratings_counter').on(t.counterId, t.ratedAt),
    index('officer_ratings_officer').on(t.officerAccountId, t.ratedAt),
    index('officer_ratings_agency').on(t.agencyId, t.ratedAt),
  ],
);

/** Who sits at which counter now. */
export const counterSessions = pgTable(
  'counter_sessions',
  {
    counterId: uuid('counter_id')
      .primaryKey()
      .references(() => counters.id),
    provinceCode: text('province_code').notNull(),
    officerAccountId: text('officer_account_id').notNull(),
    since: ts('since').notNull(),
  },
  // An officer sits at one counter at a time.
  (t) => [uniqueIndex('counter_sessions_officer').on(t.officerAccountId)],
);

/**
 * Every session ever opened: a kiosk rating queued offline arrives later and must go to the
 * officer who sat there when it was given, not to whoever sits there when it arrives.
 */
export const counterSessionHistory = pgTable(
  'counter_session_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    provinceCode: text('province_code').notNull(),
    counterId: uuid('counter_id')
      .notNull()
      .references(() => counters.id),
    officerAccountId: text('officer_account_id').notNull(),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at'),
  },
  (t) => [
    index('counter_session_history_counter').on(t.counterId, t.startedAt),
    index('counter_session_history_officer').on(t.officerAccountId, t.startedAt),
  ],
);

/** Tokens that let a counter's tablet post ratings without a sign-in; only the hash is kept. */
export const counterKioskTokens = pgTable(
  'counter_kiosk_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    counterId: uuid('counter_id')
      .notNull()
      .references(() => counters.id),
    /** SHA-256 (hex) of the token. */
    tokenHash: text('token_hash').notNull(),
    label: text('label'),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    uniqueIndex('counter_kiosk_tokens_hash').on(t.tokenHash),
    index('counter_kiosk_tokens_counter').on(t.counterId),
  ],
);

/**
 * The 9-criterion, 18-point evaluation of an agency for a quarter (§1.6): per criterion the
 * points computed from data (when the data allows), the agency's self-assessment (điểm tự
 * chấm) and the province's appraisal (điểm thẩm định).
 */
export const agencyEvaluations = pgTable(
  'agency_evaluations',
  {
    provinceCode: text('province_code').notNull(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    /** 'YYYY-Qn', Vietnam time. */
    quarter: text('quarter').notNull(),
    criterion: integer('criterion').notNull(),
    /** What the data gave when points were last saved (what the admin saw). */
    computedPoints: numeric('computed_points', { precision: 4, scale: 2, mode: 'number' }),
    selfPoints: numeric('self_points', { precision: 4, scale: 2, mode: 'number' }),
    appraisedPoints: numeric('appraised_points', { precision: 4, scale: 2, mode: 'number' }),
    note: text('note'),
    updatedBy: text('updated_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.agencyId, t.quarter, t.criterion] }),
    check('agency_evaluations_criterion', sql`${t.criterion} between 1 and 9`),
    check('agency_evaluations_quarter', sql`${t.quarter} ~ '^[0-9]{4}-Q[1-4]$'`),
    check(
      'agency_evaluations_points',
      sql`coalesce(${t.computedPoints}, 0) between 0 and 2 and coalesce(${t.selfPoints}, 0) between 0 and 2 and coalesce(${t.appraisedPoints}, 0) between 0 and 2`,
    ),
  ],
);

export type DossierRatingRow = typeof dossierRatings.$inferSelect;
export type OfficerRatingRow = typeof officerRatings.$inferSelect;
export type AgencyEvaluationRow = typeof agencyEvaluations.$inferSelect;
