/**
 * Citizen feedback (phản ánh, kiến nghị — PAKN, DOMAIN.md §8). An item's history is the
 * append-only `feedback_actions`; the columns of `feedback_items` are the current state
 * folded from them, kept for the inbox, the deadline report and the public page.
 */
import { sql } from 'drizzle-orm';
import {
  date,
  doublePrecision,
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
// The columns file itself, not the index: drizzle-kit loads schema files as CommonJS, and the
// index pulls in ESM-only packages (canonicalize).
import { actionColumns } from '../../platform/records/columns.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const feedbackKinds = ['report', 'proposal'] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];

/** §8.2 / indicator 5.1: about rules and procedures, or about an official's conduct. */
export const feedbackClassifications = ['rules', 'conduct'] as const;
export type FeedbackClassification = (typeof feedbackClassifications)[number];

export const feedbackChannels = ['portal', 'hotline', 'zalo', 'open311', 'letter'] as const;
export type FeedbackChannel = (typeof feedbackChannels)[number];

export const routedByValues = ['chosen', 'dossier', 'commune', 'category', 'default', 'manual', 'transfer'] as const;
export type RoutedBy = (typeof routedByValues)[number];

/** What the sender gave (§8.1). Personal data: shown only to the handling staff, every read audited. */
export interface FeedbackSender {
  fullName: string;
  phone?: string;
  email?: string;
  address?: string;
  zaloUserId?: string;
}

/** A photo: a blob key from the upload route, or a media URL given through Open311. */
export type FeedbackAttachment =
  /** `locationKept`: a photo whose GPS position the sender agreed to keep (issue 13.8). */
  { kind: 'blob'; key: string; mime?: string; locationKept?: boolean } | { kind: 'url'; url: string };

/** The masked copy shown on the public page, fixed at publication. */
export interface PublishedFeedback {
  code: string;
  kind: FeedbackKind;
  classification: FeedbackClassification;
  categoryCode: string;
  categoryName: string;
  subject: string;
  /** Null for conduct reports: only the answer is published (§8.2 publication). */
  content: string | null;
  answer: string;
  sender: string;
  agencyName: string;
  submittedAt: string;
  answeredAt: string;
  publishedAt: string;
}

export const feedbackItems = pgTable(
  'feedback_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    /** `PAKN-YYMMDD-NNNN`, per province and day, without gaps. */
    code: text('code').notNull(),
    /** The secret given to the sender with the code: with it the sender follows and rates the item. */
    trackingKey: text('tracking_key').notNull(),
    kind: text('kind', { enum: feedbackKinds }).notNull(),
    classification: text('classification', { enum: feedbackClassifications }).notNull(),
    categoryCode: text('category_code').notNull(),
    channel: text('channel', { enum: feedbackChannels }).notNull(),
    subject: text('subject').notNull(),
    content: text('content').notNull(),
    dossierCode: text('dossier_code'),
    communeCode: text('commune_code'),
    placeAddress: text('place_address'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    attachments: jsonb('attachments').$type<FeedbackAttachment[]>().notNull().default([]),
    /** Open311 attribute answers and other channel details. */
    extra: jsonb('extra').$type<Record<string, unknown>>().notNull().default({}),
    sender: jsonb('sender').$type<FeedbackSender>().notNull(),
    senderAccountId: text('sender_account_id'),
    /** Name and position of the official a conduct report is about; never published. */
    official: jsonb('official').$type<{ name?: string; position?: string }>(),
    agencyId: uuid('agency_id').notNull(),
    routedBy: text('routed_by', { enum: routedByValues }).notNull(),
    state: text('state').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    /** §8.2: deadlines run from the submission or from the last transfer. */
    clockStartAt: ts('clock_start_at').notNull(),
    refuseDueAt: ts('refuse_due_at').notNull(),
    supplementDueAt: ts('supplement_due_at').notNull(),
    answerDueAt: ts('answer_due_at').notNull(),
    publishDueAt: ts('publish_due_at'),
    firstInfoRequestedAt: ts('first_info_requested_at'),
    /** The specialist's draft answer, kept until a leader approves it (then `answer`) or it is redrafted. */
    draftAnswer: text('draft_answer'),
    answer: text('answer'),
    answeredAt: ts('answered_at'),
    /** onTime / late against the deadline of the action that ended the handling (indicator 5.2). */
    timing: text('timing', { enum: ['onTime', 'late'] }),
    publishTiming: text('publish_timing', { enum: ['onTime', 'late'] }),
    publishedAt: ts('published_at'),
    published: jsonb('published').$type<PublishedFeedback>(),
    /** Folded text of the published copy, for the public search. */
    publicSearch: text('public_search'),
    closedAt: ts('closed_at'),
    likes: integer('likes').notNull().default(0),
    dislikes: integer('dislikes').notNull().default(0),
    /** Indicator 5.3: a follow-up about the same result counts as unsatisfied. */
    reopenCount: integer('reopen_count').notNull().default(0),
    duplicateOf: uuid('duplicate_of'),
    version: integer('version').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('feedback_items_code').on(t.provinceCode, t.code),
    index('feedback_items_agency_state').on(t.agencyId, t.state, t.answerDueAt),
    index('feedback_items_submitted').on(t.provinceCode, t.submittedAt),
    index('feedback_items_sender_account').on(t.senderAccountId),
    index('feedback_items_public_search')
      .using('gin', sql`${t.publicSearch} gin_trgm_ops`)
      .where(sql`published_at is not null`),
  ],
);

/**
 * Every action taken on an item, in order (append-only; the columns are the records layer's).
 * A retried request's answer is in platform/records' `idempotent_requests`.
 */
export const feedbackActions = pgTable(
  'feedback_actions',
  { ...actionColumns(), feedbackId: uuid('feedback_id').notNull() },
  (t) => [
    uniqueIndex('feedback_actions_seq').on(t.feedbackId, t.seq),
    uniqueIndex('feedback_actions_tx').on(t.transactionScope, t.transactionId),
    index('feedback_actions_at').on(t.provinceCode, t.at),
  ],
);

/** The day's last sequence number per province: tracking codes without gaps or duplicates. */
export const feedbackCodeCounters = pgTable(
  'feedback_code_counters',
  {
    provinceCode: text('province_code').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    lastSeq: integer('last_seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provinceCode, t.day] })],
);

/** Like / dislike on a published answer (§8.2, indicator 5.3): one per voter. */
export const feedbackReactions = pgTable(
  'feedback_reactions',
  {
    feedbackId: uuid('feedback_id').notNull(),
    provinceCode: text('province_code').notNull(),
    /** `citizen:<account id>`, or `sender` when the sender rates with the tracking key. */
    voter: text('voter').notNull(),
    reaction: text('reaction', { enum: ['like', 'dislike'] }).notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.feedbackId, t.voter] })],
);

/** Items about the same matter. `duplicate`: the second was merged into the first. */
export const feedbackLinks = pgTable(
  'feedback_links',
  {
    feedbackId: uuid('feedback_id').notNull(),
    relatedId: uuid('related_id').notNull(),
    provinceCode: text('province_code').notNull(),
    kind: text('kind', { enum: ['related', 'duplicate'] }).notNull(),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.feedbackId, t.relatedId] }), index('feedback_links_related').on(t.relatedId)],
);

/** Calls to the hotline (tổng đài): answered on the spot, or logged as a feedback item. */
export const hotlineCalls = pgTable(
  'hotline_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    operatorId: text('operator_id').notNull(),
    operatorAgencyId: uuid('operator_agency_id').notNull(),
    callerPhone: text('caller_phone').notNull(),
    callerName: text('caller_name'),
    outcome: text('outcome', { enum: ['answered', 'feedback'] }).notNull(),
    categoryCode: text('category_code'),
    question: text('question').notNull(),
    answer: text('answer'),
    feedbackId: uuid('feedback_id'),
    at: ts('at').notNull(),
    /** The operator's client transaction id: a retried save does not log the call twice. */
    transactionId: text('transaction_id').notNull(),
  },
  (t) => [
    index('hotline_calls_province_at').on(t.provinceCode, t.at),
    uniqueIndex('hotline_calls_tx').on(t.operatorId, t.transactionId),
  ],
);

/**
 * The province's PAKN deadlines and windows (§8.2: "configurable per province"), versioned
 * by the date they take effect: an item keeps the rules in force when its clock started.
 */
export const feedbackSettings = pgTable(
  'feedback_settings',
  {
    provinceCode: text('province_code').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    rules: jsonb('rules').notNull(),
    updatedBy: text('updated_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provinceCode, t.effectiveFrom] })],
);

/** Keys of Open311 clients (POST requests). Only the SHA-256 of a key is stored. */
export const open311ApiKeys = pgTable(
  'open311_api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    /** The first characters, to recognise a key in the list. */
    keyPrefix: text('key_prefix').notNull(),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [uniqueIndex('open311_api_keys_hash').on(t.keyHash)],
);

export type FeedbackRow = typeof feedbackItems.$inferSelect;
export type FeedbackActionRow = typeof feedbackActions.$inferSelect;
export type HotlineCallRow = typeof hotlineCalls.$inferSelect;
