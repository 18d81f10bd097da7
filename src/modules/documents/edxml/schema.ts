/**
 * The edXML exchange's own tables (docs/edxml.md): every package sent to or received from the
 * national document hub, and the status messages about them. The documents module keeps the
 * document itself; a package points at it by `document_ref`. Receipt is idempotent on
 * (DocumentId, sender, CodeNumber) per receiving agency (DOMAIN.md §6.3).
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The result of verifying every signature of a received package's PDF files. */
export interface ReceivedVerification {
  checkedAt: string;
  /** valid: every PDF signed and every signature valid; invalid: a signature fails (tampered); unsigned: no signature at all. */
  verdict: 'valid' | 'invalid' | 'indeterminate' | 'unsigned';
  files: Array<{
    name: string;
    signatures: Array<{
      fieldName: string;
      signer: string;
      issuer: string;
      signingTime?: string;
      integrityValid: boolean;
      chainTrusted: boolean;
      certificateValidAtSigningTime: boolean;
      changesAfterSigning: string;
      verdict: 'valid' | 'invalid' | 'indeterminate';
      reasons: string[];
    }>;
    /** Why the file could not be read as a PDF, when it could not. */
    problem?: string;
  }>;
}

export const edxmlPackages = pgTable(
  'edxml_packages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    provinceCode: text('province_code').notNull(),
    direction: text('direction', { enum: ['outgoing', 'incoming'] }).notNull(),
    /** Our agency's OrganId: the sender of an outgoing package, the receiver of an incoming one. */
    agencyCode: text('agency_code').notNull(),
    /** The sender's OrganId of an incoming package; our own for an outgoing one. */
    senderCode: text('sender_code').notNull(),
    /** The recipients' OrganIds. */
    recipientCodes: jsonb('recipient_codes').$type<string[]>().notNull(),
    documentId: text('document_id').notNull(),
    codeNumber: text('code_number').notNull(),
    codeNotation: text('code_notation').notNull(),
    promulgationDate: text('promulgation_date').notNull(),
    subject: text('subject').notNull(),
    /** The package as sent or received (UTF-8 XML). */
    xml: text('xml').notNull(),
    /** The documents module's id of the document, once it has one. */
    documentRef: text('document_ref'),
    /** The hub's id of the package: set when the hub acknowledged a send, or when a package was fetched. */
    hubDocId: text('hub_doc_id'),
    verification: jsonb('verification').$type<ReceivedVerification>(),
    /** The latest status code received (outgoing) or sent (incoming). */
    lastStatusCode: text('last_status_code'),
    createdAt: ts('created_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    uniqueIndex('edxml_packages_receipt')
      .on(t.agencyCode, t.documentId, t.senderCode, t.codeNumber)
      .where(sql`direction = 'incoming'`),
    index('edxml_packages_outgoing').on(t.agencyCode, t.documentId).where(sql`direction = 'outgoing'`),
    index('edxml_packages_document').on(t.documentRef),
  ],
);

/** Status messages (DOMAIN.md §6.2) sent about an incoming package or received about an outgoing one. */
export const edxmlStatuses = pgTable(
  'edxml_statuses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    provinceCode: text('province_code').notNull(),
    packageId: bigint('package_id', { mode: 'number' })
      .notNull()
      .references(() => edxmlPackages.id),
    direction: text('direction', { enum: ['sent', 'received'] }).notNull(),
    /** The agency that reported the status (the receiver of the document). */
    organId: text('organ_id').notNull(),
    organName: text('organ_name').notNull(),
    statusCode: text('status_code').notNull(),
    description: text('description').notNull(),
    staff: jsonb('staff').$type<{ department?: string; staff?: string; mobile?: string; email?: string }>(),
    at: ts('at').notNull(),
    xml: text('xml').notNull(),
    hubDocId: text('hub_doc_id'),
    sentAt: ts('sent_at'),
  },
  (t) => [uniqueIndex('edxml_statuses_once').on(t.packageId, t.direction, t.organId, t.statusCode)],
);
