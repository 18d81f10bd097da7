/**
 * A sender recalls (thu hồi) or replaces (thay thế) a document it sent over the hub
 * (BussinessDocType 1 and 3, DOMAIN.md §6.1; docs/edxml.md): the received document is marked
 * "recalled" or "replaced" (a replacement is linked to it), everyone who handles or was named
 * on it gets a notice, and the state change sends 15 back to the sender (states.ts
 * exchangeStatusOf, through `documents.incoming_status`). Taken by the exchange as the system,
 * in the receipt's transaction; a document already recalled or replaced is left as it is. An
 * agency of this deployment recalling a document it issued to another one here
 * (recall-issued-document.ts) calls it in its own transaction, with its transaction id.
 */
import type { Executor } from '../../platform/db/index.ts';
import { loadDocument, recordAction } from './context.ts';
import { noticeToPeopleOn } from './notices.ts';
import { documentLinks } from './schema.ts';
import { documentRules } from './states.ts';

export interface RecallInput {
  kind: 'recall' | 'replace';
  /** The sender's reason (BussinessDocReason), when it gave one. */
  reason?: string;
  /** The replacing document, registered from the same package (replace only). */
  replacementId?: string;
  /** The package that carried the recall or the replacement, for the action's idempotency. */
  packageId?: number;
  /** The sender's transaction, when the recall comes from an agency of this deployment (no package). */
  transactionId?: string;
  at: Date;
}

/** @returns whether the document changed (false: it was already recalled or replaced, or is not incoming). */
export async function recallReceivedDocument(tx: Executor, documentId: string, input: RecallInput): Promise<boolean> {
  const doc = await loadDocument(tx, documentId, true);
  const rule = documentRules[input.kind];
  if (doc.direction !== 'incoming' || !rule.from.includes(doc.state as never)) return false;
  await recordAction(tx, {
    doc,
    type: input.kind,
    to: rule.to,
    actor: { id: null, kind: 'system', role: null, agencyId: doc.agencyId },
    payload: {
      reason: input.reason ?? null,
      replacementId: input.replacementId ?? null,
      packageId: input.packageId ?? null,
    },
    at: input.at,
    transaction: {
      id: input.transactionId ?? `edxml:${input.kind}:${input.packageId}:${doc.id}`,
      scope: `documents:system:${doc.agencyId}`,
    },
  });
  if (input.kind === 'replace' && input.replacementId) {
    await tx
      .insert(documentLinks)
      .values({ fromId: input.replacementId, toId: doc.id, kind: 'replaces', at: input.at })
      .onConflictDoNothing();
  }
  await noticeToPeopleOn(tx, doc, input.kind === 'recall' ? 'recalled' : 'replaced', input.at);
  return true;
}
