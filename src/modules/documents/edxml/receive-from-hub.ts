/**
 * Fetches what the hub holds for an agency (DOMAIN.md §6.3; Lạng Sơn's LGSP polls about every
 * 5 minutes): document packages are verified (every PDF signature), stored once per
 * (DocumentId, sender, CodeNumber), handed to the documents module and answered with status 01
 * (arrived); status packages update the sender's view of its outgoing package. Each package is
 * marked "done" on the hub only after it is committed here, so a crash means a re-fetch, and the
 * re-fetch finds the stored row and only marks it done: receipt is idempotent. A recall
 * (BussinessDocType 1) is not registered as a document: it marks the earlier one (onRecall); a
 * replacement (3) is registered and marks the earlier one replaced; an update (2) changes the
 * earlier one (onUpdate) and is answered 15, or 16 when that one takes no update — an update of
 * a document never received here is registered as a new document, with a note saying so.
 */
import { and, asc, eq, ne } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/index.ts';
import { DomainError } from '../../../platform/errors.ts';
import type { DocumentHub } from './hub-client.ts';
import type { EdxmlDocument, EdxmlStatus, Organ } from './model.ts';
import { parseHubTimestamp } from './model.ts';
import { parseEdxml } from './parse-edxml.ts';
import { reportStatus } from './report-status.ts';
import { edxmlPackages, edxmlStatuses, type ReceivedVerification } from './schema.ts';
import { verifyReceived } from './verify-received.ts';

export interface IncomingDocument {
  packageId: number;
  /** A line for the receipt on the document's timeline (an update of a document never received here). */
  note?: string;
  /** Our agency's OrganId (the receiver). */
  agencyCode: string;
  document: EdxmlDocument;
  verification: ReceivedVerification;
}

export interface ReceiveOptions {
  provinceCode: string;
  /** Our agency as the hub knows it. */
  agency: Organ;
  trustAnchors?: readonly Uint8Array[];
  now?: () => Date;
  /** The documents module's registration of an incoming document, in the receipt's transaction; returns its id. */
  onDocument?: (tx: Executor, incoming: IncomingDocument) => Promise<string | undefined>;
  /**
   * A recall (BussinessDocType 1) or a replacement (3) of a package received before: the
   * documents module marks the earlier document; returns whether it did.
   */
  onRecall?: (tx: Executor, recall: RecallNotice) => Promise<boolean>;
  /**
   * An update (BussinessDocType 2) of a package received before: the documents module applies
   * the package's metadata and files to the earlier document; returns whether it did.
   */
  onUpdate?: (tx: Executor, update: UpdateNotice) => Promise<boolean>;
  /** Called in the transaction that records a status received about one of our packages. */
  onStatus?: (
    tx: Executor,
    received: { packageId: number; documentRef: string | null; status: EdxmlStatus },
  ) => Promise<void>;
}

interface RecallNotice {
  kind: 'recall' | 'replace';
  /** The package that carried the recall or the replacement. */
  packageId: number;
  /** The earlier document, as the documents module registered it. */
  originalRef: string;
  /** The replacing document (replace only). */
  replacementRef?: string;
  reason?: string;
}

interface UpdateNotice {
  /** The package that carried the update. */
  packageId: number;
  /** The earlier document, as the documents module registered it. */
  originalRef: string;
  agencyCode: string;
  document: EdxmlDocument;
}

export interface ReceiveCounts {
  documents: number;
  duplicates: number;
  statuses: number;
  refused: number;
}

export async function receiveFromHub(db: Executor, hub: DocumentHub, options: ReceiveOptions): Promise<ReceiveCounts> {
  const counts: ReceiveCounts = { documents: 0, duplicates: 0, statuses: 0, refused: 0 };
  const now = options.now ?? (() => new Date());
  for (const listing of await hub.listReceived('edoc')) {
    const outcome = await receiveDocument(db, hub, listing.docId, options, now);
    counts[outcome]++;
  }
  for (const listing of await hub.listReceived('status')) {
    const outcome = await receiveStatus(db, hub, listing.docId, options);
    counts[outcome]++;
  }
  return counts;
}

/** The package's text and what it says; undefined when it cannot be read as edXML (the hub keeps it as failed). */
async function fetchPackage(hub: DocumentHub, docId: string) {
  const xml = await hub.get(docId);
  try {
    return { xml, parsed: await parseEdxml(xml) };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { xml, parsed: undefined };
  }
}

async function receiveDocument(
  db: Executor,
  hub: DocumentHub,
  docId: string,
  options: ReceiveOptions,
  now: () => Date,
): Promise<'documents' | 'duplicates' | 'refused'> {
  const { xml, parsed } = await fetchPackage(hub, docId);
  if (parsed?.kind !== 'document' || !parsed.document.to.some((t) => t.organId === options.agency.organId)) {
    await hub.updateStatus(docId, 'fail');
    return 'refused';
  }
  const doc = parsed.document;
  const at = now();
  const verification = await verifyReceived(doc.attachments, { trustAnchors: options.trustAnchors ?? [], now: at });
  const stored = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(edxmlPackages)
      .values({
        provinceCode: options.provinceCode,
        direction: 'incoming',
        agencyCode: options.agency.organId,
        senderCode: doc.from.organId,
        recipientCodes: doc.to.map((t) => t.organId),
        documentId: doc.documentId,
        codeNumber: doc.code.codeNumber,
        codeNotation: doc.code.codeNotation,
        promulgationDate: doc.promulgation.date,
        subject: doc.subject,
        xml,
        hubDocId: docId,
        verification,
      })
      .onConflictDoNothing()
      .returning({ id: edxmlPackages.id });
    if (!row) return false;
    if (doc.business.docType === '1') {
      await receiveRecall(tx, row.id, doc, options, at);
      return true;
    }
    let note: string | undefined;
    if (doc.business.docType === '2') {
      const original = await originalOf(tx, row.id, doc, options);
      if (original?.documentRef) {
        await receiveUpdate(tx, row.id, original.documentRef, doc, options, at);
        return true;
      }
      // Nothing to update here: the document is still addressed to us, so it is received as new
      // (Decree 30/2020 Art. 21), and the clerk is told why it arrived as an update.
      note = `Nơi gửi gửi bản cập nhật của văn bản ${doc.business.documentId ?? '(không ghi mã)'}, nhưng cơ quan chưa nhận văn bản đó: tiếp nhận như văn bản mới.`;
    }
    try {
      const incoming = {
        packageId: row.id,
        agencyCode: options.agency.organId,
        document: doc,
        verification,
        ...(note ? { note } : {}),
      };
      const documentRef = await options.onDocument?.(tx, incoming);
      if (documentRef) await tx.update(edxmlPackages).set({ documentRef }).where(eq(edxmlPackages.id, row.id));
      await reportStatus(tx, { packageId: row.id, statusCode: '01', from: options.agency, at });
      const original = doc.business.docType === '3' && documentRef ? await originalOf(tx, row.id, doc, options) : null;
      if (original?.documentRef) {
        await options.onRecall?.(tx, {
          kind: 'replace',
          packageId: row.id,
          originalRef: original.documentRef,
          replacementRef: documentRef,
          ...(doc.business.reason ? { reason: doc.business.reason } : {}),
        });
      }
    } catch (err) {
      // The documents module refused it (no readable file, an unknown agency): kept here, and
      // returned to the sender with 02 (Decree 30 Art. 21.2: return what is misaddressed or invalid).
      if (!(err instanceof DomainError)) throw err;
      await reportStatus(tx, {
        packageId: row.id,
        statusCode: '02',
        from: options.agency,
        at,
        description: err.message.slice(0, 500),
      });
    }
    return true;
  });
  await hub.updateStatus(docId, 'done');
  return stored ? 'documents' : 'duplicates';
}

/** The earlier package a recall or a replacement is about: same receiver, same sender, its DocumentId. */
async function originalOf(tx: Executor, packageId: number, doc: EdxmlDocument, options: ReceiveOptions) {
  const ref = doc.business.documentId;
  if (!ref) return null;
  const [original] = await tx
    .select({ id: edxmlPackages.id, documentRef: edxmlPackages.documentRef })
    .from(edxmlPackages)
    .where(
      and(
        eq(edxmlPackages.direction, 'incoming'),
        eq(edxmlPackages.agencyCode, options.agency.organId),
        eq(edxmlPackages.senderCode, doc.from.organId),
        eq(edxmlPackages.documentId, ref),
        ne(edxmlPackages.id, packageId),
      ),
    )
    .orderBy(asc(edxmlPackages.id))
    .limit(1);
  return original ?? null;
}

/**
 * A recall package: arrived (01); the earlier document is marked recalled, whose state change
 * sends 15 about it; if there is none to recall (never received, or already recalled), 16.
 */
async function receiveRecall(tx: Executor, packageId: number, doc: EdxmlDocument, options: ReceiveOptions, at: Date) {
  await reportStatus(tx, { packageId, statusCode: '01', from: options.agency, at });
  const original = await originalOf(tx, packageId, doc, options);
  const done = original?.documentRef
    ? await options.onRecall?.(tx, {
        kind: 'recall',
        packageId,
        originalRef: original.documentRef,
        ...(doc.business.reason ? { reason: doc.business.reason } : {}),
      })
    : false;
  if (!done) {
    await reportStatus(tx, {
      packageId,
      statusCode: '16',
      from: options.agency,
      at,
      description: 'Không tìm thấy văn bản cần thu hồi, hoặc văn bản đã được thu hồi trước đó.',
    });
  }
}

/**
 * An update package: arrived (01); the earlier document takes its metadata and files, then 15
 * "đồng ý cập nhật" about the update package; 16 when the earlier one takes no update (recalled,
 * replaced, returned). A redelivered package stops at the receipt's unique key, so nothing is
 * applied twice.
 */
async function receiveUpdate(
  tx: Executor,
  packageId: number,
  originalRef: string,
  doc: EdxmlDocument,
  options: ReceiveOptions,
  at: Date,
) {
  await reportStatus(tx, { packageId, statusCode: '01', from: options.agency, at });
  const done = await options.onUpdate?.(tx, {
    packageId,
    originalRef,
    agencyCode: options.agency.organId,
    document: doc,
  });
  await reportStatus(tx, {
    packageId,
    statusCode: done ? '15' : '16',
    from: options.agency,
    at,
    ...(done ? {} : { description: 'Văn bản cần cập nhật đã bị thu hồi, thay thế hoặc trả lại: không cập nhật.' }),
  });
}

async function receiveStatus(
  db: Executor,
  hub: DocumentHub,
  docId: string,
  options: ReceiveOptions,
): Promise<'statuses' | 'refused'> {
  const { xml, parsed } = await fetchPackage(hub, docId);
  if (parsed?.kind !== 'status' || parsed.status.responseFor.organId !== options.agency.organId) {
    await hub.updateStatus(docId, 'fail');
    return 'refused';
  }
  const status = parsed.status;
  const matched = await db.transaction(async (tx) => {
    const [pkg] = await tx
      .select({
        id: edxmlPackages.id,
        documentRef: edxmlPackages.documentRef,
        recipients: edxmlPackages.recipientCodes,
      })
      .from(edxmlPackages)
      .where(
        and(
          eq(edxmlPackages.direction, 'outgoing'),
          eq(edxmlPackages.agencyCode, options.agency.organId),
          eq(edxmlPackages.documentId, status.responseFor.documentId),
        ),
      );
    if (!pkg?.recipients.includes(status.from.organId)) return false;
    const [row] = await tx
      .insert(edxmlStatuses)
      .values({
        provinceCode: options.provinceCode,
        packageId: pkg.id,
        direction: 'received',
        organId: status.from.organId,
        organName: status.from.organName,
        statusCode: status.statusCode,
        description: status.description,
        staff: status.staff ?? null,
        at: parseHubTimestamp(status.timestamp) ?? new Date(),
        xml,
        hubDocId: docId,
      })
      .onConflictDoNothing()
      .returning({ id: edxmlStatuses.id });
    if (row) {
      await tx.update(edxmlPackages).set({ lastStatusCode: status.statusCode }).where(eq(edxmlPackages.id, pkg.id));
      await options.onStatus?.(tx, { packageId: pkg.id, documentRef: pkg.documentRef, status });
    }
    return true;
  });
  await hub.updateStatus(docId, matched ? 'done' : 'fail');
  return matched ? 'statuses' : 'refused';
}
