/**
 * Issuing an outgoing document (Decree 30/2020/NĐ-CP Art. 15–19), the clerk's act: the number
 * and the date taken at that moment from the agency's outgoing register of the year and written
 * into the leader's signed PDF (its number and date fields), then the agency's digital signature
 * (the seal) over it — incremental updates, the personal signature stays valid —, the register
 * entry, delivery to every recipient
 * (an agency of this deployment gets an incoming document registered in its own register in
 * the same transaction; another organisation gets it over the national hub: an outbox event
 * the exchange sends), and the document kept in its work file. On a document that already has
 * its number and date — an update of an issued document (update-issued-document.ts) — the same
 * seal is made over the new signed version with that number and date, and the update goes to
 * the document's recipients instead (deliverUpdate).
 */
import { eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { localDateOf } from '../../platform/calendar/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/notify/index.ts';
import { fillTextFields } from '../../platform/pdf/index.ts';
import { signAsAgency } from '../dossiers/index.ts';
import type { DocumentsContext } from './context.ts';
import { readBlob, storeFile } from './files.ts';
import { DATE_FIELD, dateLine, formatNumber, NUMBER_FIELD, numberLine, takeNumber } from './numbering.ts';
import { receiveIn } from './register-incoming-document.ts';
import { type DocumentRecipient, documentDeliveries, documents } from './schema.ts';
import { type ActionResult, takeDocumentAction } from './take-action.ts';
import { deliverUpdate } from './update-issued-document.ts';
import { fileDocument } from './work-files.ts';

export interface IssueResult extends ActionResult {
  codeNumber: string;
  codeNotation: string;
  issuedDate: string;
}

const recipientKey = (r: DocumentRecipient): string =>
  r.kind === 'internal' ? `agency:${r.agencyId ?? ''}` : `organ:${r.organId ?? r.organName}`;

export async function issueDocument(
  db: Executor,
  caller: Caller,
  documentId: string,
  input: { workFileId?: string | null },
  options: { transactionId: string },
  ctx: DocumentsContext,
): Promise<IssueResult> {
  let issued = { codeNumber: '', issuedDate: '', codeNotation: '' };
  const result = await takeDocumentAction(
    db,
    caller,
    documentId,
    'issue',
    input,
    options,
    ctx,
    async ({ tx, doc, staff }) => {
      if (!doc.pdfKey) throw new DomainError('DOCUMENT_NOT_SIGNED');
      const signed = await readBlob(ctx.blobs, doc.pdfKey);
      // An update of an issued document (update-issued-document.ts) keeps its number and date.
      const updating = doc.codeNumber !== null && doc.issuedDate !== null;
      const taken = updating
        ? undefined
        : await takeNumber(
            tx,
            { provinceCode: doc.provinceCode, agencyId: doc.agencyId, direction: 'outgoing', secrecy: doc.secrecy },
            ctx.now,
          );
      const codeNumber = taken ? formatNumber(taken.number) : (doc.codeNumber ?? '');
      const issuedDate = taken ? localDateOf(ctx.now) : (doc.issuedDate ?? '');
      // Number and date written into the PDF before the seal (Art. 15; Annex I boxes 3 and 4), so
      // the agency's signature covers them; the leader's signature still verifies (form fields).
      const numbered = await fillTextFields(signed, numberAndDateFields(doc, codeNumber, issuedDate));
      const what = updating ? 'bản cập nhật' : doc.typeName.toLowerCase();
      const sealed = await signAsAgency(tx, doc.agencyId, numbered, {
        reason: `Phát hành ${what} số ${codeNumber}/${doc.codeNotation}`.slice(0, 200),
        at: ctx.now,
        actorId: staff.id,
        actorRole: 'clerk',
      });
      const name = `${codeNumber}-${doc.codeNotation}${updating ? `-cap-nhat-${doc.draftVersion}` : ''}.pdf`;
      const pdfKey = await storeFile(tx, ctx.blobs, {
        documentId: doc.id,
        role: 'main',
        version: doc.draftVersion,
        name,
        bytes: sealed,
        createdBy: staff.id,
        at: ctx.now,
      });
      issued = { codeNumber, issuedDate, codeNotation: doc.codeNotation };
      if (!taken) {
        await tx.update(documents).set({ pdfKey }).where(eq(documents.id, doc.id));
        const sent = await deliverUpdate(tx, { ...doc, pdfKey }, { name, bytes: sealed }, options.transactionId, ctx);
        return { codeNumber, issuedDate, version: doc.draftVersion, ...sent };
      }
      const { registerId, number } = taken;
      await tx
        .update(documents)
        .set({
          registerId,
          registerNumber: number,
          registeredAt: ctx.now,
          codeNumber,
          issuedDate,
          issuedAt: ctx.now,
          pdfKey,
          searchText: `${doc.searchText} ${codeNumber}/${doc.codeNotation.toLowerCase()}`,
        })
        .where(eq(documents.id, doc.id));
      const deliveries = await deliver(
        tx,
        { ...doc, codeNumber, issuedDate, pdfKey },
        sealed,
        options.transactionId,
        ctx,
      );
      if (input.workFileId) await fileDocument(tx, input.workFileId, doc.id, ctx.now);
      return { registerId, number, codeNumber, issuedDate, deliveries, workFileId: input.workFileId ?? null };
    },
  );
  return { ...result, ...issued };
}

/**
 * The fields that take the number and the date. A PDF drafted here has them (render-document.ts);
 * one uploaded from elsewhere gets them at the top right of its first page (as Annex I §II.8b
 * places the agency's text on a file without its own boxes).
 */
function numberAndDateFields(
  doc: { codeNotation: string; place: string | null },
  codeNumber: string,
  issuedDate: string,
) {
  const box = (y: number, italic: boolean) => ({
    page: 0,
    rect: { x: 28, y, width: 260, height: 16 },
    fromTopRight: true,
    size: 11,
    italic,
    align: 'right' as const,
  });
  return [
    { name: NUMBER_FIELD, text: numberLine(codeNumber, doc.codeNotation), fallback: box(28, false) },
    { name: DATE_FIELD, text: dateLine(doc.place ?? '', issuedDate), fallback: box(44, true) },
  ];
}

async function deliver(
  tx: Executor,
  doc: typeof documents.$inferSelect & { codeNumber: string; issuedDate: string },
  sealed: Uint8Array,
  transactionId: string,
  ctx: DocumentsContext,
): Promise<number> {
  const external: DocumentRecipient[] = [];
  for (const recipient of doc.recipients) {
    const key = recipientKey(recipient);
    let incomingId: string | null = null;
    if (recipient.kind === 'internal' && recipient.agencyId) {
      const receipt = await receiveIn(
        tx,
        { kind: 'system', name: 'documents.issue' },
        doc.provinceCode,
        recipient.agencyId,
        {
          source: 'internal',
          codeNumber: doc.codeNumber,
          codeNotation: doc.codeNotation,
          typeCode: doc.typeCode,
          typeName: doc.typeName,
          subject: doc.subject,
          issuedDate: doc.issuedDate,
          place: doc.place,
          issuerName: doc.issuerName,
          issuerOrganId: doc.issuerOrganId,
          signer: doc.signer,
          urgency: doc.urgency,
          secrecy: doc.secrecy,
          toPlaces: doc.toPlaces,
          dueDate: doc.dueDate,
          files: [{ name: `${doc.codeNumber}-${doc.codeNotation}.pdf`, contentType: 'application/pdf', bytes: sealed }],
          // A secret document waits for the recipient's clerk, who is then named on it.
          register: doc.secrecy === 'none',
        },
        { id: `${transactionId}:deliver:${key}`, scope: `documents:system:${recipient.agencyId}` },
        ctx,
      );
      incomingId = receipt.id;
    } else {
      external.push(recipient);
    }
    await tx.insert(documentDeliveries).values({
      documentId: doc.id,
      recipientKey: key,
      channel: incomingId ? 'internal' : 'hub',
      recipient,
      incomingId,
      status: incomingId ? '03' : 'pending',
      statusAt: incomingId ? ctx.now : null,
    });
  }
  if (external.length > 0) {
    // Consumed by the edXML exchange (QCVN 102:2016): it reads the package with
    // `outgoingPackage` and sends it over the hub, retried by the outbox.
    await enqueue(tx, {
      provinceCode: doc.provinceCode,
      channel: 'event',
      topic: 'documents.outgoing_issued',
      payload: {
        documentId: doc.id,
        agencyId: doc.agencyId,
        recipients: external.map((r) => ({ organId: r.organId ?? null, organName: r.organName })),
      },
      dedupeKey: `documents.outgoing_issued:${doc.id}`,
    });
  }
  return doc.recipients.length;
}
