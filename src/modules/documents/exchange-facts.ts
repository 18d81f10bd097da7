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
 * The package of an issued outgoing document for the hub; DOCUMENT_NOT_FOUND before issue (only
 * the issue gives an outgoing document its number and date). A document recalled before the
 * exchange sent it is still read: it goes out, and its recall after it. Its sealed PDF is the
 * latest one, or that of `version` (an update, update-issued-document.ts: the version it issued,
 * even when a later update is already being drafted).
 */
export async function outgoingPackage(
  db: Executor,
  blobs: BlobStore,
  documentId: string,
  options: { version?: number } = {},
): Promise<OutgoingPackage> {
  const doc = await loadDocument(db, documentId);
  if (doc.direction !== 'outgoing' || !doc.codeNumber || !doc.issuedDate) {
    throw new DomainError('DOCUMENT_NOT_FOUND');
  }
  const agency = await agencyById(db, doc.agencyId);
  if (!agency) throw new DomainError('DOCUMENT_NOT_FOUND');
  const all = await filesOf(db, doc.id);
  const mains = all.filter(
    (f) => f.role === 'main' && (options.version === undefined || f.version === options.version),
  );
  const main = mains.reduce<(typeof mains)[number] | undefined>(
    (a, f) => (!a || f.version >= a.version ? f : a),
    undefined,
  );
  const files = [...(main ? [main] : []), ...all.filter((f) => f.role === 'appendix')];
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
 * A receiver's status for one of our issued documents (DOMAIN.md §6.2), kept and audited. After
 * our recall, only its answer (15 or 16) replaces the delivery's status, and a new answer is a
 * line on the document's timeline (`recall_answer`, by the system) and a notice to the people
 * who issued and recalled it (recordExchangeAnswer). A status about one of our update packages
 * (`about: 'update'`, BussinessDocType 2) counts only as its answer, 15 or 16: a timeline line
 * (`update_answer`) and notices, while the delivery keeps the document's handling status (the
 * update package's own 01 is not the document's).
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
    /** What the status is about: the document's own package (default) or our update of it. */
    about?: 'document' | 'update';
  },
): Promise<{ updated: boolean }> {
  return db.transaction(async (tx) => {
    const doc = await loadDocument(tx, input.documentId, true);
    const key = `organ:${input.organId}`;
    const answer = input.statusCode === '15' || input.statusCode === '16';
    const recalled = doc.state === 'recalled_by_us';
    // Once we recalled the document, only the answers to the recall count: 15 taken, 16 refused
    // (the recall package's own 01 arrives too, and must not hide them). The same for an update.
    if ((recalled || input.about === 'update') && !answer) return { updated: false };
    const [before] = await tx
      .select({ status: documentDeliveries.status, recipient: documentDeliveries.recipient })
      .from(documentDeliveries)
      .where(and(eq(documentDeliveries.documentId, doc.id), eq(documentDeliveries.recipientKey, key)));
    if (!before) return { updated: false };
    const answered = { ...input, recipientKey: key };
    await recordAudit(tx, {
      provinceCode: doc.provinceCode,
      stream: `document:${doc.id}`,
      action: 'document.delivery_status',
      at: input.at,
      data: {
        organId: input.organId,
        statusCode: input.statusCode,
        description: input.description ?? null,
        about: input.about ?? 'document',
      },
    });
    if (input.about === 'update') {
      // Each status arrives once per package (edxml_statuses_once): one line per answer.
      await recordExchangeAnswer(tx, doc, before.recipient, answered, 'update');
      return { updated: true };
    }
    await tx
      .update(documentDeliveries)
      .set({ status: input.statusCode, statusAt: input.at })
      .where(and(eq(documentDeliveries.documentId, doc.id), eq(documentDeliveries.recipientKey, key)));
    if (recalled && before.status !== input.statusCode) {
      await recordExchangeAnswer(tx, doc, before.recipient, answered, 'recall');
    }
    return { updated: true };
  });
}

/**
 * A recipient's answer to our recall or our update (15 agreed, 16 refused) on the document's
 * timeline (`recall_answer` / `update_answer`, by the system), and a notice to the clerk who
 * issued it, the leader who signed it and the leader who recalled or updated it.
 */
export async function recordExchangeAnswer(
  tx: Executor,
  doc: DocumentRow,
  recipient: DocumentRecipient,
  input: {
    recipientKey: string;
    organId: string | null;
    statusCode: ExchangeStatusCode;
    at: Date;
    description?: string;
  },
  about: 'recall' | 'update',
): Promise<void> {
  const current = await loadDocument(tx, doc.id);
  await recordAction(tx, {
    doc: current,
    type: about === 'recall' ? 'recall_answer' : 'update_answer',
    to: null,
    actor: { id: null, kind: 'system', role: null, agencyId: doc.agencyId },
    payload: {
      recipientKey: input.recipientKey,
      organId: input.organId,
      organName: recipient.organName,
      statusCode: input.statusCode,
      description: input.description ?? null,
    },
    at: input.at,
    transaction: {
      id: `${about}_answer:${doc.id}:${input.recipientKey}:${current.lastSeq + 1}`,
      scope: `documents:system:${doc.agencyId}`,
    },
  });
  const actions = await tx
    .select({ type: documentActions.type, actorId: documentActions.actorId })
    .from(documentActions)
    .where(eq(documentActions.documentId, doc.id));
  const deciders = new Set(['issue', about === 'recall' ? 'recall_issued' : 'update_issued']);
  const people = new Set<string>();
  for (const a of actions) if (deciders.has(a.type) && a.actorId) people.add(a.actorId);
  if (current.approverId) people.add(current.approverId);
  const agreed = input.statusCode === '15';
  const kind =
    about === 'recall' ? (agreed ? 'recall_agreed' : 'recall_refused') : agreed ? 'update_agreed' : 'update_refused';
  for (const accountId of people) {
    await noticeTo(tx, {
      provinceCode: doc.provinceCode,
      accountId,
      kind,
      documentId: doc.id,
      subject: `${recipient.organName}: ${current.subject}`,
      at: input.at,
    });
  }
}

export type DeliveryRow = typeof documentDeliveries.$inferSelect;

export function deliveriesOf(db: Executor, documentId: string): Promise<DeliveryRow[]> {
  return db.select().from(documentDeliveries).where(eq(documentDeliveries.documentId, documentId));
}
