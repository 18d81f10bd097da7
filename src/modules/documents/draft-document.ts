/**
 * Drafting an outgoing document (Decree 30/2020/NĐ-CP Art. 10): the drafter sets the type,
 * the subject, the content, the secrecy and the urgency, the recipients and the "Nơi nhận";
 * every save is a new version (the PDF rendered from the content, or a PDF the drafter
 * uploads), and anyone reviewing comments on a version.
 */
import { eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { localDateOf } from '../../platform/calendar/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { once } from '../../platform/records/index.ts';
import { adminUnitName, agencyById } from '../directory/index.ts';
import {
  actingRole,
  type DocumentsContext,
  loadDocument,
  nameReader,
  recordAction,
  requireStaffCaller,
  searchTextOf,
} from './context.ts';
import { storeFile } from './files.ts';
import { linkAnswer } from './handle-incoming.ts';
import { renderOutgoingPdf } from './render-document.ts';
import {
  type DocumentRecipient,
  documentComments,
  documents,
  type Secrecy,
  type SignerInfo,
  type Urgency,
} from './schema.ts';
import { type ActionResult, takeDocumentAction } from './take-action.ts';

export interface DraftInput {
  /** Annex III abbreviation ('QĐ', 'TB', 'KH' …), '' for a công văn. */
  typeCode: string;
  typeName: string;
  /** "QĐ-STP", or "STP-VP" for a công văn. */
  codeNotation: string;
  subject: string;
  content: string;
  urgency?: Urgency;
  secrecy?: Secrecy;
  recipients: DocumentRecipient[];
  /** "Nơi nhận" lines; the last one "Lưu: VT, <unit>." (Annex I §II.9). */
  toPlaces: string[];
  signer?: SignerInfo | null;
  draftingUnit?: string | null;
  dueDate?: string | null;
  /** The incoming document this one answers. */
  answersDocumentId?: string | null;
  /** A PDF the drafter made elsewhere, instead of the rendering of `content`. */
  file?: { name: string; bytes: Uint8Array };
}

async function placeOf(db: Executor, agencyId: string): Promise<string> {
  const agency = await agencyById(db, agencyId);
  const unit = agency?.adminUnitCode ? await adminUnitName(db, agency.adminUnitCode) : undefined;
  const province = agency ? await adminUnitName(db, agency.provinceCode) : undefined;
  return (unit ?? province ?? '').replace(/^(Tỉnh|Thành phố|Phường|Xã|Thị trấn)\s+/u, '');
}

/** The draft's PDF: the file the drafter gave, or the rendering of its content (Annex I layout). */
export async function draftPdfOf(
  tx: Executor,
  agencyId: string,
  input: Omit<DraftInput, 'recipients'>,
  place: string,
  at: Date,
): Promise<{ name: string; bytes: Uint8Array }> {
  if (input.file) return input.file;
  const bytes = await renderOutgoingPdf(tx, {
    agencyId,
    place,
    typeCode: input.typeCode,
    typeName: input.typeName,
    codeNotation: input.codeNotation,
    subject: input.subject,
    content: input.content,
    signer: input.signer ?? null,
    toPlaces: input.toPlaces,
    year: Number(localDateOf(at).slice(0, 4)),
  });
  return { name: 'du-thao.pdf', bytes };
}

/** A specialist (or a leader, or the clerk) starts a draft of the agency's outgoing document. */
export async function createDraft(
  db: Executor,
  caller: Caller,
  input: DraftInput,
  options: { transactionId: string },
  ctx: DocumentsContext,
): Promise<ActionResult> {
  const staff = requireStaffCaller(caller);
  if (!staff.roles.some((r) => r === 'specialist' || r === 'leader' || r === 'clerk')) {
    throw new DomainError('DOCUMENT_FORBIDDEN', { action: 'create_draft' });
  }
  const scope = `documents:${staff.id}`;
  const { file, ...fields } = input;
  const expected = { op: 'createDraft', fields, file: file ? [file.name, file.bytes.length] : null };
  return once(db, scope, options.transactionId, expected, async (tx) => {
    const agency = await agencyById(tx, staff.agencyId);
    if (!agency) throw new DomainError('DOCUMENT_FORBIDDEN');
    const place = await placeOf(tx, staff.agencyId);
    const text = {
      codeNotation: input.codeNotation,
      typeName: input.typeName,
      subject: input.subject,
      issuerName: agency.name,
    };
    const [doc] = await tx
      .insert(documents)
      .values({
        provinceCode: agency.provinceCode,
        agencyId: agency.id,
        direction: 'outgoing',
        state: 'draft',
        ...text,
        typeCode: input.typeCode,
        content: input.content,
        place,
        issuerOrganId: agency.code,
        signer: input.signer ?? null,
        urgency: input.urgency ?? 'normal',
        secrecy: input.secrecy ?? 'none',
        recipients: input.recipients,
        toPlaces: input.toPlaces,
        dueDate: input.dueDate ?? null,
        source: 'drafted',
        draftingUnit: input.draftingUnit ?? null,
        createdBy: staff.id,
        draftVersion: 1,
        searchText: searchTextOf(text),
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    if (!doc) throw new Error('unreachable: draft insert returned no row');
    const pdf = await draftPdfOf(tx, agency.id, input, place, ctx.now);
    const pdfKey = await storeFile(tx, ctx.blobs, {
      documentId: doc.id,
      role: 'draft',
      version: 1,
      ...pdf,
      createdBy: staff.id,
      at: ctx.now,
    });
    await tx.update(documents).set({ pdfKey }).where(eq(documents.id, doc.id));
    await nameReader(tx, doc.id, staff.id, 'drafter');
    if (input.answersDocumentId) {
      const incoming = await loadDocument(tx, input.answersDocumentId);
      if (incoming.direction !== 'incoming' || incoming.agencyId !== agency.id)
        throw new DomainError('DOCUMENT_NOT_FOUND');
      await linkAnswer(tx, doc.id, incoming.id, ctx.now);
    }
    await recordAction(tx, {
      doc: { ...doc, lastSeq: 0 },
      type: 'create_draft',
      to: 'draft',
      actor: { id: staff.id, kind: 'staff', role: actingRole(staff, 'create_draft'), agencyId: staff.agencyId },
      payload: { version: 1, answers: input.answersDocumentId ?? null },
      at: ctx.now,
      transaction: { id: options.transactionId, scope },
    });
    return { id: doc.id, state: 'draft' };
  });
}

/** The drafter saves a new version (after comments, or when a reviewer sent it back). */
/** @public */
export function reviseDraft(
  db: Executor,
  caller: Caller,
  documentId: string,
  input: DraftInput,
  options: { transactionId: string },
  ctx: DocumentsContext,
): Promise<ActionResult> {
  const { file, ...fields } = input;
  const expected = { fields, file: file ? [file.name, file.bytes.length] : null };
  return takeDocumentAction(
    db,
    caller,
    documentId,
    'revise_draft',
    expected,
    options,
    ctx,
    async ({ tx, doc, staff }) => {
      const version = doc.draftVersion + 1;
      const pdf = await draftPdfOf(tx, doc.agencyId, input, doc.place ?? '', ctx.now);
      const pdfKey = await storeFile(tx, ctx.blobs, {
        documentId: doc.id,
        role: 'draft',
        version,
        ...pdf,
        createdBy: staff.id,
        at: ctx.now,
      });
      const text = {
        codeNotation: input.codeNotation,
        typeName: input.typeName,
        subject: input.subject,
        issuerName: doc.issuerName,
      };
      await tx
        .update(documents)
        .set({
          ...text,
          typeCode: input.typeCode,
          content: input.content,
          urgency: input.urgency ?? doc.urgency,
          secrecy: input.secrecy ?? doc.secrecy,
          recipients: input.recipients,
          toPlaces: input.toPlaces,
          signer: input.signer ?? doc.signer,
          draftingUnit: input.draftingUnit ?? doc.draftingUnit,
          dueDate: input.dueDate ?? doc.dueDate,
          draftVersion: version,
          pdfKey,
          searchText: searchTextOf(text),
        })
        .where(eq(documents.id, doc.id));
      return { version };
    },
  );
}

/** A comment on the current version (review, Art. 10.3 and 12). */
export function commentOnDraft(
  db: Executor,
  caller: Caller,
  documentId: string,
  input: { body: string },
  options: { transactionId: string },
  ctx: DocumentsContext,
): Promise<ActionResult> {
  return takeDocumentAction(db, caller, documentId, 'comment', input, options, ctx, async ({ tx, doc, staff }) => {
    await tx
      .insert(documentComments)
      .values({ documentId: doc.id, version: doc.draftVersion, authorId: staff.id, body: input.body, at: ctx.now });
    await nameReader(tx, doc.id, staff.id, 'reviewer');
    return { version: doc.draftVersion };
  });
}
