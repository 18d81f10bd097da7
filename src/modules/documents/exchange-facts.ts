/**
 * What the edXML exchange (QCVN 102:2016, DOMAIN.md §6) reads and writes through this module's
 * public face: the package of an issued document (its Annex VI fields, the sealed PDF, its
 * appendices and external recipients), the identity of a received one (for status messages),
 * and the statuses the receivers send back (01–06, 13, 15, 16), kept per recipient.
 */
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import type { BlobStore } from '../../platform/storage/index.ts';
import { agencyById } from '../directory/index.ts';
import { type DocumentRow, loadDocument, recordAction } from './context.ts';
import { filesOf, readBlob } from './files.ts';
import { noticeTo } from './notices.ts';
import {
  type DocumentRecipient,
  documentActions,
  documentDeliveries,
  type Secrecy,
  type SignerInfo,
  type Urgency,
} from './schema.ts';

export interface OutgoingPackage {
  documentId: string;
  /** The issuer: our agency (OrganId = its electronic code). */
  from: {
    agencyId: string;
    organId: string;
    organName: string;
    email: string | null;
    phone: string | null;
    address: string | null;
  };
  to: Array<{ organId: string | null; organName: string }>;
  codeNumber: string;
  codeNotation: string;
  place: string | null;
  issuedDate: string;
  typeCode: string;
  typeName: string;
  subject: string;
  signer: SignerInfo | null;
  urgency: Urgency;
  secrecy: Secrecy;
  dueDate: string | null;
  toPlaces: string[];
  pageAmount: number | null;
  /** The sealed PDF first (role 'main'), then the appendices. */
  files: Array<{ name: string; contentType: string; bytes: Uint8Array; role: string }>;
}

/**
 * The package of an issued outgoing document for the hub; DOCUMENT_NOT_FOUND before issue. A
 * document recalled before the exchange sent it is still read: it goes out, and its recall after it.
 */
export async function outgoingPackage(db: Executor, blobs: BlobStore, documentId: string): Promise<OutgoingPackage> {
  const doc = await loadDocument(db, documentId);
  const issued = doc.state === 'issued' || doc.state === 'recalled_by_us';
  if (doc.direction !== 'outgoing' || !issued || !doc.codeNumber || !doc.issuedDate) {
    throw new DomainError('DOCUMENT_NOT_FOUND');
  }
  const agency = await agencyById(db, doc.agencyId);
  if (!agency) throw new DomainError('DOCUMENT_NOT_FOUND');
  const files = (await filesOf(db, doc.id)).filter((f) => f.role === 'main' || f.role === 'appendix');
  files.sort((a, b) => (a.role === b.role ? 0 : a.role === 'main' ? -1 : 1));
  return {
    documentId: doc.id,
    from: {
      agencyId: agency.id,
      organId: agency.code,
      organName: agency.name,
      email: agency.email,
      phone: agency.phone,
      address: agency.address,
    },
    to: doc.recipients
      .filter((r) => r.kind === 'external')
      .map((r) => ({ organId: r.organId ?? null, organName: r.organName })),
    codeNumber: doc.codeNumber,
    codeNotation: doc.codeNotation,
    place: doc.place,
    issuedDate: doc.issuedDate,
    typeCode: doc.typeCode,
    typeName: doc.typeName,
    subject: doc.subject,
    signer: doc.signer,
    urgency: doc.urgency,
    secrecy: doc.secrecy,
    dueDate: doc.dueDate,
    toPlaces: doc.toPlaces,
    pageAmount: doc.pageAmount,
    files: await Promise.all(
      files.map(async (f) => ({
        name: f.name,
        contentType: f.contentType,
        role: f.role,
        bytes: await readBlob(blobs, f.blobKey),
      })),
    ),
  };
}

/** The exchange identity of a received document: what a status message's ResponseFor names. */
/** @public */
export async function receivedDocumentIdentity(db: Executor, documentId: string) {
  const doc = await loadDocument(db, documentId);
  if (doc.direction !== 'incoming') throw new DomainError('DOCUMENT_NOT_FOUND');
  const agency = await agencyById(db, doc.agencyId);
  return {
    documentId: doc.id,
    agencyId: doc.agencyId,
    receiverOrganId: agency?.code ?? null,
    exchangeDocumentId: doc.exchangeDocumentId,
    senderOrganId: doc.issuerOrganId,
    codeNumber: doc.codeNumber,
    codeNotation: doc.codeNotation,
    issuedDate: doc.issuedDate,
    state: doc.state,
  };
}

/** @public */
export const exchangeStatusCodes = ['01', '02', '03', '04', '05', '06', '13', '15', '16'] as const;
export type ExchangeStatusCode = (typeof exchangeStatusCodes)[number];

/**
 * A receiver's status for one of our issued documents (DOMAIN.md §6.2), kept and audited; after
 * our recall, only its answer (15 or 16) replaces the delivery's status, and a new answer is a
 * line on the document's timeline (`recall_answer`, by the system) and a notice to the clerk who
 * issued it, the leader who signed it and the leader who recalled it (notices.ts).
 */
export async function recordDeliveryStatus(
  db: Executor,
  input: {
    documentId: string;
    /** The receiver's OrganId. */
    organId: string;
    statusCode: ExchangeStatusCode;
    at: Date;
    description?: string;
  },
): Promise<{ updated: boolean }> {
  return db.transaction(async (tx) => {
    const doc = await loadDocument(tx, input.documentId, true);
    const key = `organ:${input.organId}`;
    const recalled = doc.state === 'recalled_by_us';
    // Once we recalled the document, only the answers to the recall count: 15 taken, 16 refused
    // (the recall package's own 01 arrives too, and must not hide them).
    if (recalled && input.statusCode !== '15' && input.statusCode !== '16') {
      return { updated: false };
    }
    const [before] = await tx
      .select({ status: documentDeliveries.status, recipient: documentDeliveries.recipient })
      .from(documentDeliveries)
      .where(and(eq(documentDeliveries.documentId, doc.id), eq(documentDeliveries.recipientKey, key)));
    if (!before) return { updated: false };
    await tx
      .update(documentDeliveries)
      .set({ status: input.statusCode, statusAt: input.at })
      .where(and(eq(documentDeliveries.documentId, doc.id), eq(documentDeliveries.recipientKey, key)));
    await recordAudit(tx, {
      provinceCode: doc.provinceCode,
      stream: `document:${doc.id}`,
      action: 'document.delivery_status',
      at: input.at,
      data: { organId: input.organId, statusCode: input.statusCode, description: input.description ?? null },
    });
    if (recalled && before.status !== input.statusCode) await recordRecallAnswer(tx, doc, before.recipient, input);
    return { updated: true };
  });
}

/** The recall's answer on the timeline, and a notice to the people who issued and recalled the document. */
async function recordRecallAnswer(
  tx: Executor,
  doc: DocumentRow,
  recipient: DocumentRecipient,
  input: { organId: string; statusCode: ExchangeStatusCode; at: Date; description?: string },
): Promise<void> {
  await recordAction(tx, {
    doc,
    type: 'recall_answer',
    to: null,
    actor: { id: null, kind: 'system', role: null, agencyId: doc.agencyId },
    payload: {
      organId: input.organId,
      organName: recipient.organName,
      statusCode: input.statusCode,
      description: input.description ?? null,
    },
    at: input.at,
    transaction: {
      id: `recall_answer:${doc.id}:${input.organId}:${doc.lastSeq + 1}`,
      scope: `documents:system:${doc.agencyId}`,
    },
  });
  const actions = await tx
    .select({ type: documentActions.type, actorId: documentActions.actorId })
    .from(documentActions)
    .where(eq(documentActions.documentId, doc.id));
  const people = new Set<string>();
  for (const a of actions) if ((a.type === 'issue' || a.type === 'recall_issued') && a.actorId) people.add(a.actorId);
  if (doc.approverId) people.add(doc.approverId);
  for (const accountId of people) {
    await noticeTo(tx, {
      provinceCode: doc.provinceCode,
      accountId,
      kind: input.statusCode === '15' ? 'recall_agreed' : 'recall_refused',
      documentId: doc.id,
      subject: `${recipient.organName}: ${doc.subject}`,
      at: input.at,
    });
  }
}

export type DeliveryRow = typeof documentDeliveries.$inferSelect;

export function deliveriesOf(db: Executor, documentId: string): Promise<DeliveryRow[]> {
  return db.select().from(documentDeliveries).where(eq(documentDeliveries.documentId, documentId));
}
