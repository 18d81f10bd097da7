/**
 * Puts a document on its way to other agencies over the hub: builds the edXML package, keeps it
 * as an outgoing package and writes the outbox message that sends it, all in the caller's
 * transaction — nothing is sent for a document that was not issued, and an issued document is
 * sent even if the hub is down now (the outbox retries with backoff; hub-channel.ts).
 */
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/index.ts';
import { enqueue } from '../../../platform/notify/index.ts';
import { type BuildOptions, buildEdxmlDocument } from './build-edxml.ts';
import type { EdxmlDocument } from './model.ts';
import { edxmlPackages } from './schema.ts';

export const HUB_CHANNEL = 'edxml';

/** The outbox payload of the hub channel: which row's package to send. */
export type HubDelivery = {
  kind: 'package' | 'status';
  id: number;
  /** The sending agency: its SystemId on the hub. */
  agencyCode: string;
};

export interface QueueOutgoingInput {
  provinceCode: string;
  document: EdxmlDocument;
  /** The documents module's id of the document. */
  documentRef?: string;
  build?: BuildOptions;
}

/** Returns the outgoing package's id. Queueing twice the same DocumentId for one document is one package. */
export async function queueOutgoingDocument(tx: Executor, input: QueueOutgoingInput): Promise<number> {
  const doc = input.document;
  if (input.documentRef) {
    // The issue and recall events are delivered at least once: one package per issued document
    // and one per recall of it (the recall's DocumentId is its own, the same on every retry).
    const [earlier] = await tx
      .select({ id: edxmlPackages.id })
      .from(edxmlPackages)
      .where(
        and(
          eq(edxmlPackages.direction, 'outgoing'),
          eq(edxmlPackages.documentRef, input.documentRef),
          eq(edxmlPackages.documentId, doc.documentId),
        ),
      );
    if (earlier) return earlier.id;
  }
  const xml = await buildEdxmlDocument(doc, input.build);
  const [row] = await tx
    .insert(edxmlPackages)
    .values({
      provinceCode: input.provinceCode,
      direction: 'outgoing',
      agencyCode: doc.from.organId,
      senderCode: doc.from.organId,
      recipientCodes: doc.to.map((t) => t.organId),
      documentId: doc.documentId,
      codeNumber: doc.code.codeNumber,
      codeNotation: doc.code.codeNotation,
      promulgationDate: doc.promulgation.date,
      subject: doc.subject,
      xml,
      documentRef: input.documentRef ?? null,
    })
    .returning({ id: edxmlPackages.id });
  if (!row) throw new Error('outgoing package not stored');
  const delivery: HubDelivery = { kind: 'package', id: row.id, agencyCode: doc.from.organId };
  await enqueue(tx, {
    provinceCode: input.provinceCode,
    channel: HUB_CHANNEL,
    topic: 'edxml.send',
    payload: delivery,
    dedupeKey: `edxml:package:${row.id}`,
  });
  return row.id;
}
