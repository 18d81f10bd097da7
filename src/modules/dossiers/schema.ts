import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
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
import type { FormData, ProcedureSnapshot, StoredApplicant, StoredMachine } from './stored-json.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A dossier (hồ sơ): one application by one applicant for one procedure. Its history is the
 * append-only `dossier_actions`; the columns here are the current state folded from them,
 * kept for listing and for the deadline sweep.
 */
export const dossiers = pgTable(
  'dossiers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    /** `AgencyCode-YYMMDD-NNNN` (DOMAIN.md §1.4); null while a draft. */
    code: text('code'),
    /** The secret printed on the receipt and in its QR; with the code it opens public tracking. */
    trackingKey: text('tracking_key').notNull(),
    procedureId: uuid('procedure_id').notNull(),
    /** The process template version the dossier was filed under. */
    procedureVersion: integer('procedure_version').notNull(),
    /** What the citizen saw when filing: name, codes, time limit, fees, papers. */
    procedureSnapshot: jsonb('procedure_snapshot').$type<ProcedureSnapshot>().notNull(),
    channel: text('channel', { enum: ['online', 'counter', 'post'] }).notNull(),
    receivingAgencyId: uuid('receiving_agency_id').notNull(),
    competentAgencyId: uuid('competent_agency_id').notNull(),
    /** The agency that holds the dossier now (liên thông moves it). */
    holdingAgencyId: uuid('holding_agency_id').notNull(),
    applicantAccountId: text('applicant_account_id'),
    applicant: jsonb('applicant').$type<StoredApplicant>().notNull(),
    /** Folded applicant name and id number for staff search (audited). */
    applicantSearch: text('applicant_search').notNull().default(''),
    formData: jsonb('form_data').$type<FormData>().notNull().default({}),
    state: text('state').notNull(),
    /** The state machine's snapshot (steps, counters, clock). */
    machine: jsonb('machine').$type<StoredMachine>().notNull(),
    submittedAt: ts('submitted_at'),
    receivedAt: ts('received_at'),
    dueAt: ts('due_at'),
    clockPausedAt: ts('clock_paused_at'),
    finishedAt: ts('finished_at'),
    deliveredAt: ts('delivered_at'),
    timing: text('timing', { enum: ['early', 'onTime', 'late'] }),
    dueSoonNotifiedAt: ts('due_soon_notified_at'),
    overdueNotifiedAt: ts('overdue_notified_at'),
    electronicResult: boolean('electronic_result').notNull().default(false),
    /** Optimistic concurrency: every action bumps it. */
    version: integer('version').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dossiers_code').on(t.code),
    index('dossiers_holding_state').on(t.holdingAgencyId, t.state, t.dueAt),
    index('dossiers_applicant').on(t.applicantAccountId),
    index('dossiers_due').on(t.dueAt).where(sql`finished_at is null`),
    // The inbox (issue 21): an agency's running dossiers in urgency order straight from the index,
    // without reading its history. Clock running: overdue, due today, due soon, later — all by due_at.
    index('dossiers_inbox_clock')
      .on(t.holdingAgencyId, t.dueAt, t.submittedAt, t.id)
      .where(sql`finished_at is null and code is not null and due_at is not null and clock_paused_at is null`),
    // Then the running dossiers with no clock (not received yet, paused for a supplement or a payment).
    index('dossiers_inbox_idle')
      .on(t.holdingAgencyId, t.dueAt, t.submittedAt, t.id)
      .where(sql`finished_at is null and code is not null and (due_at is null or clock_paused_at is not null)`),
    // Staff search by applicant name or id number, folded (vn_fold), typo-tolerant.
    index('dossiers_applicant_search').using('gin', sql`${t.applicantSearch} gin_trgm_ops`),
    // Staff search by part of the code: without it the planner gives up the index above (OR).
    index('dossiers_code_trgm').using('gin', sql`${t.code} gin_trgm_ops`),
  ],
);

/**
 * Every action ever taken on a dossier, in order (append-only; the columns are the records
 * layer's). A retried request's answer is in platform/records' `idempotent_requests`.
 */
export const dossierActions = pgTable(
  'dossier_actions',
  { ...actionColumns(), dossierId: uuid('dossier_id').notNull() },
  (t) => [
    uniqueIndex('dossier_actions_seq').on(t.dossierId, t.seq),
    uniqueIndex('dossier_actions_tx').on(t.transactionScope, t.transactionId),
  ],
);

/** The workflow steps of one dossier, copied from its process template at reception. */
export const dossierSteps = pgTable(
  'dossier_steps',
  {
    dossierId: uuid('dossier_id').notNull(),
    idx: integer('idx').notNull(),
    provinceCode: text('province_code').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    unit: text('unit').notNull(),
    agencyId: uuid('agency_id').notNull(),
    budgetHours: integer('budget_hours').notNull(),
    assigneeId: text('assignee_id'),
    status: text('status', { enum: ['pending', 'active', 'done'] }).notNull(),
    startedAt: ts('started_at'),
    dueAt: ts('due_at'),
    completedAt: ts('completed_at'),
    /** Set when the step finishes (its completion against its own due time), or 'late' by the sweep. */
    timing: text('timing', { enum: ['early', 'onTime', 'late'] }),
    dueSoonNotifiedAt: ts('due_soon_notified_at'),
    overdueNotifiedAt: ts('overdue_notified_at'),
  },
  (t) => [
    primaryKey({ columns: [t.dossierId, t.idx] }),
    index('dossier_steps_active_due').on(t.dueAt).where(sql`status = 'active'`),
  ],
);

/** Files of a dossier: scans of papers, slips and results. Bytes live in the blob store. */
export const dossierAttachments = pgTable(
  'dossier_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    /** Null while staged: uploaded before the dossier it belongs to exists. */
    dossierId: uuid('dossier_id'),
    kind: text('kind', { enum: ['paper', 'result', 'slip'] }).notNull(),
    paperName: text('paper_name'),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    blobKey: text('blob_key').notNull(),
    signed: boolean('signed').notNull().default(false),
    /** A result the officer chose at attach_result: only these reach the applicant. */
    issued: boolean('issued').notNull().default(false),
    uploadedBy: text('uploaded_by'),
    uploadedAt: ts('uploaded_at').notNull().defaultNow(),
    /** A copy of one of the applicant's earlier files, taken instead of an upload (tái sử dụng, QĐ 766 4.3). */
    reused: boolean('reused').notNull().default(false),
    /** The original attachment the copy was taken from (a copy of a copy names the original). */
    reusedFrom: uuid('reused_from'),
  },
  (t) => [
    index('dossier_attachments_dossier').on(t.dossierId),
    index('dossier_attachments_staged').on(t.uploadedBy).where(sql`dossier_id is null`),
  ],
);

/** The day's last sequence number per receiving agency: codes without gaps or duplicates. */
export const dossierCodeCounters = pgTable(
  'dossier_code_counters',
  {
    agencyCode: text('agency_code').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    lastSeq: integer('last_seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyCode, t.day] })],
);

/**
 * The number ("Số: 05/…") of each slip, taken when the slip is first issued: one series per
 * issuing agency and year, from 01 on 1 January (Decree 30/2020, Art. 15). The counter row's
 * lock serialises issues of one agency and year, so numbers have no gaps and no duplicates;
 * a slip keeps its number however often it is printed again.
 */
export const slipNumberCounters = pgTable(
  'slip_number_counters',
  {
    agencyId: uuid('agency_id').notNull(),
    year: integer('year').notNull(),
    lastSeq: integer('last_seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.year] })],
);

/** One row per issued slip: which dossier, which form, which action it reports (0: none). */
export const slipNumbers = pgTable(
  'slip_numbers',
  {
    dossierId: uuid('dossier_id').notNull(),
    kind: text('kind').notNull(),
    actionSeq: integer('action_seq').notNull(),
    agencyId: uuid('agency_id').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    issuedAt: ts('issued_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.dossierId, t.kind, t.actionSeq] }),
    uniqueIndex('slip_numbers_agency_year_seq').on(t.agencyId, t.year, t.seq),
  ],
);

/**
 * Every agency that has held a dossier (the one holding it now included): their staff may still
 * read it. `finishedAt`, `current`, `dueAt`, `idle` and `submittedAt` copy the dossier's
 * (triggers, migrations `inbox_holders`, `inbox_holders_due`) so an agency's finished dossiers
 * and its running ones held elsewhere now come from an index, in the inbox's order.
 */
export const dossierHolders = pgTable(
  'dossier_holders',
  {
    dossierId: uuid('dossier_id').notNull(),
    agencyId: uuid('agency_id').notNull(),
    since: ts('since').notNull().defaultNow(),
    /** The dossier's finished_at, kept by a trigger. */
    finishedAt: ts('finished_at'),
    /** This agency holds the dossier now; kept by a trigger. */
    current: boolean('current').notNull().default(false),
    /** The dossier's due_at, submitted_at, and whether its clock is not running; kept by a trigger. */
    dueAt: ts('due_at'),
    submittedAt: ts('submitted_at'),
    idle: boolean('idle').notNull().default(false),
    /**
     * What staff search matches, for this agency's search key index: the dossier's code in lower
     * case, a space, its folded applicant (`applicant_search`); kept by a trigger.
     */
    search: text('search').notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.dossierId, t.agencyId] }),
    index('dossier_holders_agency').on(t.agencyId),
    // The finished tab, newest first, keyset-paged.
    index('dossier_holders_finished')
      .on(t.agencyId, t.finishedAt.desc(), t.dossierId.desc())
      .where(sql`finished_at is not null`),
    // Running dossiers the agency held and another agency holds now, in the inbox's order:
    // clock running by due time, then the idle ones (as dossiers_inbox_clock / _idle).
    index('dossier_holders_elsewhere_clock')
      .on(t.agencyId, t.dueAt, t.submittedAt, t.dossierId)
      .where(sql`finished_at is null and not current and not idle`),
    index('dossier_holders_elsewhere_idle')
      .on(t.agencyId, t.dueAt, t.submittedAt, t.dossierId)
      .where(sql`finished_at is null and not current and idle`),
    // Staff search within the agency (issue 21): the trigrams of `search`'s words, each key
    // prefixed with the agency (dossier_search_keys, migration 0037), so a search reads the
    // agency's posting lists, not the province's (inbox-staff.ts, `searchKeys`).
    index('dossier_holders_search').using('gin', sql`dossier_search_keys(${t.agencyId}, ${t.search})`),
    // The rows whose `search` (and finished rows' `submitted_at`) migration 0037's backfill has
    // still to fill, in batches (migrations/concurrent/0037_search21.sql); empty once it is done,
    // so the batch that runs at every start reads nothing.
    index('dossier_holders_unsearched').on(t.dossierId, t.agencyId).where(sql`search = ''`),
  ],
);

/**
 * The keys officials and agencies sign with (docs/signatures.md): an agency's seal key (no
 * account) or an official's personal key. Only the certificate is kept in clear; the private
 * key is either sealed (AES-256-GCM under SIGNING_KEY_SECRET, `pkcs12` import), on a PKCS#11
 * token (`pkcs11`: token and key labels, the PIN in configuration) or with a remote signing
 * service (`remote`: the signer's account there). No password is stored.
 */
export const signingKeys = pgTable(
  'signing_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    agencyId: uuid('agency_id').notNull(),
    /** The official whose personal key this is; null for the agency's seal. */
    accountId: uuid('account_id'),
    provider: text('provider').$type<'pkcs12' | 'pkcs11' | 'remote' | 'csc'>().notNull(),
    /** base64 DER of the certificate and of its issuers (nearest first). */
    certificate: text('certificate').notNull(),
    chain: jsonb('chain').$type<string[]>().notNull().default([]),
    /** base64 of the sealed PKCS#8 (pkcs12 only). */
    sealedKey: text('sealed_key'),
    tokenLabel: text('token_label'),
    keyLabel: text('key_label'),
    /** The signer's account with the remote service (SmartCA: the citizen identity number; CSC: the credentialID) and certificate serial. */
    remoteUserId: text('remote_user_id'),
    remoteSerial: text('remote_serial'),
    subject: text('subject').notNull(),
    /** SHA-256 of the certificate, upper-case hex: "which key" in the audit log. */
    fingerprint: text('fingerprint').notNull(),
    notBefore: ts('not_before').notNull(),
    notAfter: ts('not_after').notNull(),
    status: text('status').$type<'active' | 'retired' | 'revoked'>().notNull().default('active'),
    revokedAt: ts('revoked_at'),
    /** Minted by the demo seed (subject says DEMO). */
    demo: boolean('demo').notNull().default(false),
    expiryNoticeAt: ts('expiry_notice_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('signing_keys_fingerprint').on(t.fingerprint),
    index('signing_keys_owner').on(t.agencyId, t.accountId, t.status),
  ],
);

/**
 * The images a visible signature shows (Decree 30/2020 Annex I): an official's signature image
 * (`account_id` set) or the agency's seal image (`account_id` null). One current image per owner;
 * a new upload replaces it. PNG or JPEG, checked by content, at most 512 KB, base64 in `bytes`.
 */
export const signatureImages = pgTable(
  'signature_images',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    agencyId: uuid('agency_id').notNull(),
    accountId: uuid('account_id'),
    mime: text('mime').$type<'image/png' | 'image/jpeg'>().notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: text('bytes').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: uuid('uploaded_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('signature_images_owner').on(
      t.agencyId,
      sql`coalesce(${t.accountId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
  ],
);

/**
 * The online filing pages' answers while a citizen fills them in (issue 13, item 3): one row per
 * account and procedure, so a half-filled application survives signing out and opens on a
 * second device. `data` is the portal's own shape (src/modules/dossiers/pages/portal/draft.ts); the papers it names
 * stay staged attachments of the same account until the dossier is filed.
 */
export const filingDrafts = pgTable(
  'filing_drafts',
  {
    provinceCode: text('province_code').notNull(),
    accountId: text('account_id').notNull(),
    procedureId: uuid('procedure_id').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.procedureId] }), index('filing_drafts_updated').on(t.updatedAt)],
);
