/**
 * Official documents (văn bản đi / văn bản đến, Decree 30/2020/NĐ-CP; DOMAIN.md §6,
 * shared/domain/documents-reports-ioc.md §1–§2). A document's history is the append-only
 * `document_actions`; the columns of `documents` are its current state folded from them.
 * Field names follow Annex VI of the decree, which are also edXML's (QCVN 102:2016).
 */
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
// The columns file itself, not the index: drizzle-kit loads schema files as CommonJS.
import { actionColumns } from '../../platform/records/columns.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const documentDirections = ['incoming', 'outgoing'] as const;
export type DocumentDirection = (typeof documentDirections)[number];

/** Where an incoming document came from (documents-reports-ioc.md §2.5 "intake sources"). */
export const incomingSources = ['hub', 'email', 'scan', 'manual', 'internal'] as const;
export type IncomingSource = (typeof incomingSources)[number];

/** Độ khẩn (Decree 30/2020 Annex I §III.2). */
export const urgencies = ['normal', 'urgent', 'very_urgent', 'flash'] as const;
export type Urgency = (typeof urgencies)[number];

/** Độ mật (Law on State Secrets 2018): Mật, Tối mật, Tuyệt mật. */
export const secrecies = ['none', 'confidential', 'secret', 'top_secret'] as const;
export type Secrecy = (typeof secrecies)[number];

/** A recipient: an agency of this deployment (internal) or another organisation (by its OrganId). */
export interface DocumentRecipient {
  kind: 'internal' | 'external';
  /** Our agency's id, for an internal recipient. */
  agencyId?: string;
  /** Mã định danh (DOMAIN.md §4.2), for exchange over the hub. */
  organId?: string;
  organName: string;
}

/** The document signer as the document names him or her (Annex VI "SignerInfo"). */
export interface SignerInfo {
  fullName: string;
  position: string;
  /** KT., TM., TL., TUQ., Q. (Decree 30/2020 Art. 13). */
  competence?: string;
}

/**
 * Registers (sổ đăng ký, Annex IV): one per agency, year, direction and series. The number of
 * the next document is `last_number + 1`, incremented in the transaction that registers or
 * issues it, so the row lock serialises numbering of one register and a rollback gives the
 * number back: from 01 on 1 January, no gap, no duplicate (Art. 15, 22).
 */
export const documentRegisters = pgTable(
  'document_registers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    agencyId: uuid('agency_id').notNull(),
    year: integer('year').notNull(),
    direction: text('direction').$type<DocumentDirection>().notNull(),
    /** 'general', or 'secret' (secret documents have their own series, Annex I §II.3a). */
    series: text('series').notNull().default('general'),
    lastNumber: integer('last_number').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('document_registers_key').on(t.agencyId, t.year, t.direction, t.series)],
);

export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    /** The agency whose document this is: the receiver of an incoming one, the issuer of an outgoing one. */
    agencyId: uuid('agency_id').notNull(),
    direction: text('direction').$type<DocumentDirection>().notNull(),
    state: text('state').notNull(),
    /** Set when registered (incoming) or issued (outgoing). */
    registerId: uuid('register_id'),
    /** Số đến (incoming) or số (outgoing) in its register. */
    registerNumber: integer('register_number'),
    registeredAt: ts('registered_at'),
    /** "05" (CodeNumber) and "QĐ-STP" (CodeNotation); an outgoing draft has no number yet. */
    codeNumber: text('code_number'),
    codeNotation: text('code_notation').notNull(),
    /** Annex III abbreviation ('QĐ', 'TB'…), '' for a công văn. */
    typeCode: text('type_code').notNull(),
    typeName: text('type_name').notNull(),
    subject: text('subject').notNull(),
    /** The body of an outgoing document drafted here (rendered to its PDF). */
    content: text('content'),
    issuedDate: date('issued_date', { mode: 'string' }),
    place: text('place'),
    issuerName: text('issuer_name').notNull(),
    issuerOrganId: text('issuer_organ_id'),
    signer: jsonb('signer').$type<SignerInfo | null>(),
    urgency: text('urgency').$type<Urgency>().notNull().default('normal'),
    secrecy: text('secrecy').$type<Secrecy>().notNull().default('none'),
    pageAmount: integer('page_amount'),
    language: text('language').notNull().default('vi'),
    description: text('description'),
    recipients: jsonb('recipients').$type<DocumentRecipient[]>().notNull().default([]),
    /** "Nơi nhận" lines as printed (Annex I §II.9), the last one "Lưu: VT, …". */
    toPlaces: jsonb('to_places').$type<string[]>().notNull().default([]),
    /** Reply / handling deadline given by the document itself (DueDate). */
    dueDate: date('due_date', { mode: 'string' }),
    source: text('source').$type<IncomingSource | 'drafted'>().notNull(),
    receivedAt: ts('received_at'),
    /** edXML DocumentId and sender OrganId of a document received over the hub (receipt is idempotent on them). */
    exchangeDocumentId: text('exchange_document_id'),
    /** Drafting unit abbreviation and drafter (outgoing). */
    draftingUnit: text('drafting_unit'),
    createdBy: text('created_by'),
    /** The leader who approves and signs (outgoing), chosen at submission. */
    approverId: text('approver_id'),
    /** The current PDF: the draft's rendering, then signed by the leader, then sealed by the clerk. */
    pdfKey: text('pdf_key'),
    draftVersion: integer('draft_version').notNull().default(0),
    /** Issue time (outgoing) or completion time (incoming). */
    issuedAt: ts('issued_at'),
    closedAt: ts('closed_at'),
    /** Folded subject, number and issuer (platform/codes foldVietnamese) for accent-free search. */
    searchText: text('search_text').notNull(),
    lastSeq: integer('last_seq').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('documents_register_number').on(t.registerId, t.registerNumber),
    uniqueIndex('documents_exchange_receipt')
      .on(t.agencyId, t.exchangeDocumentId, t.issuerOrganId, t.codeNumber)
      .where(sql`${t.exchangeDocumentId} is not null`),
    // The role inboxes (inboxes.ts): one agency's documents in one state, most recently changed first.
    index('documents_agency_state').on(t.agencyId, t.direction, t.state, t.updatedAt),
    // Search, newest first: a common word finds its 50 in the agency's latest documents.
    index('documents_agency_created').on(t.agencyId, t.createdAt),
    // Search for a rare word or a number: the folded text's trigrams, across the agency's whole history.
    index('documents_search_trgm').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('documents_register_list').on(t.registerId, t.registerNumber),
  ],
);

export const documentActions = pgTable(
  'document_actions',
  { ...actionColumns(), documentId: uuid('document_id').notNull() },
  (t) => [
    uniqueIndex('document_actions_seq').on(t.documentId, t.seq),
    uniqueIndex('document_actions_tx').on(t.transactionScope, t.transactionId),
  ],
);

/** Files of a document: the main PDF, appendices, a received package's files (blob keys). */
export const documentFiles = pgTable(
  'document_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id').notNull(),
    /** 'main', 'appendix', 'draft' (a draft version), 'signed' (after a signature). */
    role: text('role').notNull(),
    version: integer('version').notNull().default(0),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    blobKey: text('blob_key').notNull(),
    size: integer('size').notNull(),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('document_files_document').on(t.documentId, t.createdAt)],
);

/** Comments on a draft (review, Art. 10–12). */
export const documentComments = pgTable(
  'document_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id').notNull(),
    version: integer('version').notNull(),
    authorId: text('author_id').notNull(),
    body: text('body').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('document_comments_document').on(t.documentId, t.at)],
);

export const assignmentKinds = ['lead', 'co_handle', 'for_information'] as const;
export type AssignmentKind = (typeof assignmentKinds)[number];

/** Handling of an incoming document by one person (Art. 23; slip "Phiếu giải quyết văn bản đến"). */
export const documentAssignments = pgTable(
  'document_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id').notNull(),
    agencyId: uuid('agency_id').notNull(),
    assigneeId: text('assignee_id').notNull(),
    kind: text('kind').$type<AssignmentKind>().notNull(),
    /** 'pending' → 'in_progress' → 'done'; for information: 'pending' → 'read'. */
    state: text('state').notNull().default('pending'),
    instruction: text('instruction'),
    /** Deadline as a local date; overdue is computed from it, never stored. */
    dueDate: date('due_date', { mode: 'string' }),
    assignedBy: text('assigned_by').notNull(),
    assignedAt: ts('assigned_at').notNull(),
    completedAt: ts('completed_at'),
    result: text('result'),
  },
  (t) => [
    uniqueIndex('document_assignments_person').on(t.documentId, t.assigneeId),
    index('document_assignments_inbox').on(t.assigneeId, t.state, t.dueDate),
  ],
);

/** Who may see a secret document: the people named on it (creator, approver, assignees, named readers). */
export const documentReaders = pgTable(
  'document_readers',
  {
    documentId: uuid('document_id').notNull(),
    accountId: text('account_id').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.accountId] }), index('document_readers_account').on(t.accountId)],
);

/** An outgoing document answering an incoming one (follow-up book, column 6). */
export const documentLinks = pgTable(
  'document_links',
  {
    fromId: uuid('from_id').notNull(),
    toId: uuid('to_id').notNull(),
    kind: text('kind').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fromId, t.toId, t.kind] }), index('document_links_to').on(t.toId)],
);

/** Delivery of an issued document to each recipient: internal (registered here) or over the hub. */
export const documentDeliveries = pgTable(
  'document_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id').notNull(),
    recipientKey: text('recipient_key').notNull(),
    channel: text('channel').$type<'internal' | 'hub'>().notNull(),
    recipient: jsonb('recipient').$type<DocumentRecipient>().notNull(),
    /** The incoming document made for an internal recipient. */
    incomingId: uuid('incoming_id'),
    /** Latest status from the receiver (edXML status codes 01–06, 13, 15, 16), or 'pending'. */
    status: text('status').notNull().default('pending'),
    statusAt: ts('status_at'),
  },
  (t) => [uniqueIndex('document_deliveries_key').on(t.documentId, t.recipientKey)],
);

/** Hồ sơ công việc (Art. 28–29, Annex V): groups documents about one piece of work. */
export const workFiles = pgTable(
  'work_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    agencyId: uuid('agency_id').notNull(),
    year: integer('year').notNull(),
    /** "01.TCCB" (sequence + heading abbreviation, Annex V §I). */
    notation: text('notation').notNull(),
    title: text('title').notNull(),
    /** Retention in years (TT 10/2022), null when permanent. */
    retentionYears: integer('retention_years'),
    permanent: boolean('permanent').notNull().default(false),
    /** The retention schedule's item the period was taken from ("TT-10-2022-BNV:QH-CV"); null: chosen by the creator. */
    retentionItem: text('retention_item'),
    creatorId: text('creator_id').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    state: text('state').$type<'open' | 'closed'>().notNull().default('open'),
    description: text('description'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('work_files_notation').on(t.agencyId, t.year, t.notation)],
);

/** One document in many files without copying (Annex VI §III.4e), ordered (DocOrdinal). */
export const workFileDocuments = pgTable(
  'work_file_documents',
  {
    fileId: uuid('file_id').notNull(),
    documentId: uuid('document_id').notNull(),
    ordinal: integer('ordinal').notNull(),
    addedAt: ts('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fileId, t.documentId] }), index('work_file_documents_document').on(t.documentId)],
);
