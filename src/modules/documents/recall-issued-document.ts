/**
 * Our agency recalls (thu hồi) a document it issued: the leader's decision, with its reason
 * (states.ts `recall_issued`, from "issued" to "Đã thu hồi"). In the action's transaction every
 * recipient of this deployment has its incoming copy recalled (recallReceivedDocument, the same
 * act the exchange takes for a recall arriving over the hub), its delivery answered 15 (taken)
 * or 16 (nothing left to recall); the recipients over the hub get one recall package
 * (BussinessDocType 1) through the outbox: the event `documents.outgoing_recalled`, which the
 * exchange turns into the package (edxml/connect-documents.ts). Their answers, 15 or 16, come
 * back as statuses and are kept on the delivery (exchange-facts.ts recordDeliveryStatus).
 */
import { eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/notify/index.ts';
import type { DocumentsContext } from './context.ts';
import { recallReceivedDocument } from './recall-document.ts';
import { documentDeliveries } from './schema.ts';
import { type ActionResult, takeDocumentAction } from './take-action.ts';

export const RECALL_REASON_MAX = 1000;

/** The reason of a leader's decision on an issued document (a recall, an update): required, 1,000 characters at most. */
export function checkedReason(raw: string, act: 'thu hồi' | 'cập nhật'): string {
  const reason = raw.trim();
  if (!reason) throw new DomainError('VALIDATION_FAILED', {}, `Nhập lý do ${act}.`);
  if (reason.length > RECALL_REASON_MAX) {
    throw new DomainError('VALIDATION_FAILED', {}, `Lý do ${act} tối đa ${RECALL_REASON_MAX} ký tự.`);
  }
  return reason;
}

export interface RecallIssuedResult extends ActionResult {
  /** Recipients of this deployment whose copy was recalled now (15) or had nothing to recall (16). */
  internal: Array<{ recipientKey: string; statusCode: '15' | '16' }>;
  /** Recipients the recall package goes to over the hub. */
  external: number;
}

export async function recallIssuedDocument(
  db: Executor,
  caller: Caller,
  documentId: string,
  input: { reason: string },
  options: { transactionId: string },
  ctx: DocumentsContext,
): Promise<RecallIssuedResult> {
  const reason = checkedReason(input.reason, 'thu hồi');
  const result = await takeDocumentAction(
    db,
    caller,
    documentId,
    'recall_issued',
    { reason },
    options,
    ctx,
    async ({ tx, doc }) => {
      const deliveries = await tx.select().from(documentDeliveries).where(eq(documentDeliveries.documentId, doc.id));
      const internal: RecallIssuedResult['internal'] = [];
      let external = 0;
      for (const d of deliveries) {
        if (d.channel !== 'internal' || !d.incomingId) {
          external++;
          continue;
        }
        const taken = await recallReceivedDocument(tx, d.incomingId, {
          kind: 'recall',
          reason,
          transactionId: `${options.transactionId}:recall:${d.recipientKey}`,
          at: ctx.now,
        });
        const statusCode = taken ? '15' : '16';
        await tx
          .update(documentDeliveries)
          .set({ status: statusCode, statusAt: ctx.now })
          .where(eq(documentDeliveries.id, d.id));
        internal.push({ recipientKey: d.recipientKey, statusCode });
      }
      if (external > 0) {
        // Consumed by the edXML exchange: one recall package, retried by the outbox.
        await enqueue(tx, {
          provinceCode: doc.provinceCode,
          channel: 'event',
          topic: 'documents.outgoing_recalled',
          payload: { documentId: doc.id, agencyId: doc.agencyId, reason, at: ctx.now.toISOString() },
          dedupeKey: `documents.outgoing_recalled:${doc.id}`,
        });
      }
      return { reason, internal, external };
    },
  );
  // A retried request returns the first answer: read the outcome from the recorded deliveries.
  const deliveries = await db.select().from(documentDeliveries).where(eq(documentDeliveries.documentId, documentId));
  return {
    ...result,
    internal: deliveries
      .filter((d) => d.channel === 'internal' && d.incomingId)
      .map((d) => ({ recipientKey: d.recipientKey, statusCode: d.status === '15' ? '15' : '16' })),
    external: deliveries.filter((d) => d.channel !== 'internal' || !d.incomingId).length,
  };
}
