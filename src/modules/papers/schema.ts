/**
 * The citizen's personal data store (kho dữ liệu cá nhân, Decree 45/2020; DOMAIN.md §2.1): the
 * papers accepted with their dossiers, the copies digitised and attested at the counter and the
 * electronic results issued to them, each with its provenance, and the log of every use.
 * Filled from the dossiers module's published records (ingest-dossier-papers.ts), never from
 * its tables; the bytes stay in the blob store under the dossier attachment's key.
 */
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** uploaded: a paper accepted with a dossier; digitised: scanned and attested at the counter; result: issued. */
export const paperOrigins = ['uploaded', 'digitised', 'result'] as const;
export type PaperOrigin = (typeof paperOrigins)[number];

export const personalPapers = pgTable(
  'personal_papers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    /** The citizen's account (the applicant who filed); null for a counter dossier without one. */
    ownerAccountId: text('owner_account_id'),
    /** The applicant's personal id (số định danh cá nhân), as the dossier names it. */
    ownerPersonalId: text('owner_personal_id'),
    /** The paper's name in the procedure (thành phần hồ sơ), or the result's name. */
    name: text('name').notNull(),
    origin: text('origin', { enum: paperOrigins }).notNull(),
    /** Provenance: the dossier, the agency that received the paper or issued the result. */
    dossierId: uuid('dossier_id').notNull(),
    dossierCode: text('dossier_code').notNull(),
    agencyId: uuid('agency_id').notNull(),
    /** The dossier's file this paper is: the one a reuse copies. */
    attachmentId: uuid('attachment_id').notNull(),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    blobKey: text('blob_key').notNull(),
    signed: boolean('signed').notNull(),
    validUntil: date('valid_until', { mode: 'string' }),
    /** A digitised copy: the receiver who compared it with the original and when. */
    attestedBy: text('attested_by'),
    attestedByName: text('attested_by_name'),
    attestedAt: ts('attested_at'),
    addedAt: ts('added_at').notNull().defaultNow(),
    /** Removed by its owner from the store (never a legal result); the dossier keeps its file. */
    removedAt: ts('removed_at'),
  },
  (t) => [
    uniqueIndex('personal_papers_attachment').on(t.attachmentId),
    index('personal_papers_owner').on(t.ownerAccountId).where(sql`removed_at is null`),
    index('personal_papers_personal_id').on(t.ownerPersonalId).where(sql`removed_at is null`),
  ],
);

/** reused: attached to another dossier instead of an upload; staff_read: a staff member looked; digitised: attested. */
export const paperUseKinds = ['reused', 'staff_read', 'digitised'] as const;
export type PaperUseKind = (typeof paperUseKinds)[number];

/** Who used a paper and when: shown to its owner on "Giấy tờ của tôi". Append-only. */
export const paperUses = pgTable(
  'personal_paper_uses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    paperId: uuid('paper_id')
      .notNull()
      .references(() => personalPapers.id),
    kind: text('kind', { enum: paperUseKinds }).notNull(),
    /** The dossier the paper was used for (reuse), if any. */
    dossierCode: text('dossier_code'),
    /** The dossier's copy of the paper (reuse): one use per copy, whatever the feed's retries. */
    attachmentId: uuid('attachment_id'),
    actorId: text('actor_id'),
    actorRole: text('actor_role'),
    agencyId: uuid('agency_id'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [
    index('personal_paper_uses_paper').on(t.paperId, t.at),
    uniqueIndex('personal_paper_uses_copy').on(t.paperId, t.attachmentId).where(sql`attachment_id is not null`),
  ],
);
