/**
 * Our agency updates (cập nhật) a document it issued: the mirror of an update received from
 * another agency (update-received-document.ts) and the sibling of our recall
 * (recall-issued-document.ts). An issued document's content is fixed by its signatures, so an
 * update is a new version of the same document that is signed and sealed again:
 *
 * 1. A leader of the issuing agency opens it (states.ts `update_issued`, from "issued") with the
 *    reason and the new details (subject, content, signer, urgency; or a PDF made elsewhere):
 *    a new draft version, rendered as a draft is, and the document goes back to "awaiting
 *    approval" with that leader as its approver — the leader who decided the update approves
 *    and signs it; a send-back returns it to its drafter as any draft.
 * 2. The existing steps follow unchanged: approval, the clerk's format check, the leader's
 *    personal signature, then `issue` (issue-document.ts), which on a document that already has
 *    its number and date keeps them (an update corrects the same document: it is not a new
 *    entry in the outgoing register) and seals the new version.
 * 3. The sealed version goes to the document's recipients (deliverUpdate): a recipient of this
 *    deployment has its copy updated in the same transaction (updateReceivedDocument, the act
 *    the exchange takes for an update arriving over the hub) and its answer, 15 or 16, is a line
 *    on the timeline; the recipients over the hub get one update package (BussinessDocType 2,
 *    naming the issued package's DocumentId) through the outbox event `documents.outgoing_updated`
 *    (edxml/connect-documents.ts), and their answers come back as statuses (exchange-facts.ts).
 */
import { and, eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/notify/index.ts';
import { type DocumentRow, type DocumentsContext, nameReader, searchTextOf } from './context.ts';
import { draftPdfOf } from './draft-document.ts';
import { recordExchangeAnswer } from './exchange-facts.ts';
import { storeFile } from './files.ts';
import { checkedReason } from './recall-issued-document.ts';
import { documentActions, documentDeliveries, documents, type SignerInfo, type Urgency } from './schema.ts';
import { type ActionResult, takeDocumentAction } from './take-action.ts';
import { updateReceivedDocument } from './update-received-document.ts';

export interface UpdateIssuedInput {
  reason: string;
  subject?: string;
  content?: string;
  signer?: SignerInfo;
  urgency?: Urgency;
  /** A PDF made elsewhere, instead of the rendering of the content. */
  file?: { name: string; bytes: Uint8Array };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The leader opens an update of an issued document: a new version that waits for approval. */
export async function updateIssuedDocument(
  db: Executor,
  caller: Caller,
  documentId: string,
  input: UpdateIssuedInput,
  options: { transactionId: string },
  ctx: DocumentsContext,
): Promise<ActionResult & { version: number; update: number }> {
  const { file, ...fields } = input;
  const expected = { ...fields, file: file ? [file.name, file.bytes.length] : null };
  const result = await takeDocumentAction(
    db,
    caller,
    documentId,
    'update_issued',
    expected,
    options,
    ctx,
    async ({ tx, doc, staff }) => {
      // The fields after the caller's role: someone who may not update learns nothing from them.
      const reason = checkedReason(input.reason, 'cập nhật');
      requireGiven(input);
      const next = {
        subject: input.subject ?? doc.subject,
        content: input.content ?? doc.content ?? '',
        // The competence ("KT. GIÁM ĐỐC") stays unless the update names it.
        signer: input.signer ? { ...doc.signer, ...input.signer } : doc.signer,
        urgency: input.urgency ?? doc.urgency,
      };
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const [field, value] of Object.entries(next)) {
        const before = doc[field as keyof typeof next];
        if (!same(before, value)) changes[field] = { from: before ?? null, to: value };
      }
      if (Object.keys(changes).length === 0 && !file) {
        throw new DomainError(
          'VALIDATION_FAILED',
          {},
          'Bản cập nhật phải thay đổi trích yếu, nội dung, người ký, độ khẩn hoặc tệp văn bản.',
        );
      }
      const version = doc.draftVersion + 1;
      const pdf = await draftPdfOf(
        tx,
        doc.agencyId,
        { ...doc, ...next, ...(file ? { file } : {}) },
        doc.place ?? '',
        ctx.now,
      );
      const pdfKey = await storeFile(tx, ctx.blobs, {
        documentId: doc.id,
        role: 'draft',
        version,
        ...pdf,
        createdBy: staff.id,
        at: ctx.now,
      });
      await tx
        .update(documents)
        .set({
          ...next,
          draftVersion: version,
          approverId: staff.id,
          pdfKey,
          searchText: searchTextOf({ ...doc, subject: next.subject }),
        })
        .where(eq(documents.id, doc.id));
      await nameReader(tx, doc.id, staff.id, 'approver');
      const update = (await updatesOf(tx, doc.id)) + 1;
      return { reason, update, version, changes, files: file ? { version, names: [file.name] } : null };
    },
  );
  // A retried request returns the first answer: read the update it opened from its action.
  const [action] = await db
    .select({ payload: documentActions.payload })
    .from(documentActions)
    .where(and(eq(documentActions.documentId, documentId), eq(documentActions.transactionId, options.transactionId)));
  const opened = (action?.payload ?? {}) as { version?: number; update?: number };
  return { ...result, version: opened.version ?? 0, update: opened.update ?? 0 };
}

/** A field the form sends empty is refused, in Vietnamese (a field left out keeps the issued value). */
function requireGiven(input: UpdateIssuedInput): void {
  const missing = (value: string | undefined, message: string) => {
    if (value !== undefined && value.trim() === '') throw new DomainError('VALIDATION_FAILED', {}, message);
  };
  missing(input.subject, 'Nhập trích yếu nội dung.');
  missing(input.content, 'Nhập nội dung văn bản.');
  missing(input.signer?.position, 'Nhập chức vụ người ký.');
  missing(input.signer?.fullName, 'Nhập họ tên người ký.');
}

/** How many updates of the document were opened. */
async function updatesOf(tx: Executor, documentId: string): Promise<number> {
  const rows = await tx
    .select({ seq: documentActions.seq })
    .from(documentActions)
    .where(and(eq(documentActions.documentId, documentId), eq(documentActions.type, 'update_issued')));
  return rows.length;
}

/** The reason and ordinal of the update being issued: the latest `update_issued`. */
async function openedUpdate(tx: Executor, documentId: string): Promise<{ reason: string; update: number }> {
  const rows = await tx
    .select({ payload: documentActions.payload })
    .from(documentActions)
    .where(and(eq(documentActions.documentId, documentId), eq(documentActions.type, 'update_issued')));
  const latest = rows.at(-1)?.payload as { reason?: unknown } | undefined;
  return { reason: typeof latest?.reason === 'string' ? latest.reason : '', update: rows.length };
}

/**
 * Sends the sealed update (issue-document.ts, on a numbered document) to every recipient the
 * document was delivered to: the copies of this deployment updated now, the others through the
 * exchange. Returns what the issue action records.
 */
export async function deliverUpdate(
  tx: Executor,
  doc: DocumentRow,
  sealed: { name: string; bytes: Uint8Array },
  transactionId: string,
  ctx: DocumentsContext,
): Promise<{ update: number; internal: Array<{ recipientKey: string; statusCode: '15' | '16' }>; external: number }> {
  const { reason, update } = await openedUpdate(tx, doc.id);
  const deliveries = await tx.select().from(documentDeliveries).where(eq(documentDeliveries.documentId, doc.id));
  const internal: Array<{ recipientKey: string; statusCode: '15' | '16' }> = [];
  let external = 0;
  for (const d of deliveries) {
    if (d.channel !== 'internal' || !d.incomingId) {
      external++;
      continue;
    }
    const taken = await updateReceivedDocument(tx, d.incomingId, {
      fields: { subject: doc.subject, signer: doc.signer, urgency: doc.urgency },
      files: [{ ...sealed, contentType: 'application/pdf', role: 'main' }],
      reason,
      transactionId: `${transactionId}:update:${d.recipientKey}`,
      at: ctx.now,
      blobs: ctx.blobs,
    });
    const statusCode = taken ? '15' : '16';
    await recordExchangeAnswer(
      tx,
      doc,
      d.recipient,
      {
        recipientKey: d.recipientKey,
        organId: null,
        statusCode,
        at: ctx.now,
        ...(taken ? {} : { description: 'Văn bản ở nơi nhận đã bị thu hồi, thay thế hoặc trả lại.' }),
      },
      'update',
    );
    internal.push({ recipientKey: d.recipientKey, statusCode });
  }
  if (external > 0) {
    // Consumed by the edXML exchange: one update package per update, retried by the outbox.
    await enqueue(tx, {
      provinceCode: doc.provinceCode,
      channel: 'event',
      topic: 'documents.outgoing_updated',
      payload: {
        documentId: doc.id,
        agencyId: doc.agencyId,
        update,
        version: doc.draftVersion,
        reason,
        at: ctx.now.toISOString(),
      },
      dedupeKey: `documents.outgoing_updated:${doc.id}:${update}`,
    });
  }
  return { update, internal, external };
}
