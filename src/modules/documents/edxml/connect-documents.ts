/**
 * Joins the exchange to the documents module (docs/edxml.md): a received package is registered
 * as an incoming document (registerIncomingDocument, as the system, in the receipt's
 * transaction); a recall or a replacement marks the earlier document (recallReceivedDocument); a status received about one of our packages is recorded on the issued document
 * (recordDeliveryStatus); an update (BussinessDocType 2) changes the earlier document
 * (updateReceivedDocument); the documents module's events send an issued document to its external
 * recipients (`documents.outgoing_issued`) and tell a sender how its document is handled here
 * (`documents.incoming_status`: 02, 03, 04, 06); our recall of an issued document
 * (`documents.outgoing_recalled`) sends a recall package (BussinessDocType 1) naming the issued
 * package's DocumentId to the same recipients; our update of an issued document
 * (`documents.outgoing_updated`) sends an update package (BussinessDocType 2) naming it, with the
 * new sealed version, and the answers to it (15, 16) are recorded as such (`about: 'update'`).
 */
import { and, asc, eq } from 'drizzle-orm';
import { systemCaller } from '../../../platform/auth/index.ts';
import type { Executor } from '../../../platform/db/index.ts';
import { DomainError } from '../../../platform/errors.ts';
import type { EventBus } from '../../../platform/notify/wiring.ts';
import type { BlobStore } from '../../../platform/storage/index.ts';
import { agencyByCode } from '../../directory/index.ts';
import { type ExchangeStatusCode, outgoingPackage, recordDeliveryStatus } from '../exchange-facts.ts';
import { recallReceivedDocument } from '../recall-document.ts';
import { registerIncomingDocument } from '../register-incoming-document.ts';
import { updateReceivedDocument } from '../update-received-document.ts';
import type { HubFor } from './hub-channel.ts';
import { edxmlOfOutgoing, incomingOfEdxml } from './map-documents.ts';
import { hubDate, hubTimestamp, isStatusCode } from './model.ts';
import { parseEdxml } from './parse-edxml.ts';
import { queueOutgoingDocument } from './queue-outgoing-document.ts';
import type { ReceiveOptions } from './receive-from-hub.ts';
import { reportStatus } from './report-status.ts';
import { edxmlPackages } from './schema.ts';

export interface ExchangeSettings {
  provinceCode: string;
  blobs: BlobStore;
  hubFor: HubFor;
  now: () => Date;
}

/** The receive hooks that hand packages and statuses to the documents module. */
export function documentHooks(
  settings: ExchangeSettings,
): Required<Pick<ReceiveOptions, 'onDocument' | 'onStatus' | 'onRecall' | 'onUpdate'>> {
  return {
    async onDocument(tx, incoming) {
      const agency = await agencyByCode(tx, incoming.agencyCode);
      if (!agency) throw new DomainError('DOCUMENT_RECIPIENT_INVALID');
      const now = settings.now();
      const receipt = await registerIncomingDocument(
        tx,
        systemCaller('edxml'),
        { ...incomingOfEdxml(incoming.document, agency.id, now), ...(incoming.note ? { note: incoming.note } : {}) },
        { transactionId: `edxml:${incoming.agencyCode}:${incoming.packageId}` },
        { now, blobs: settings.blobs },
      );
      return receipt.id;
    },
    onRecall(tx, recall) {
      return recallReceivedDocument(tx, recall.originalRef, {
        kind: recall.kind,
        packageId: recall.packageId,
        at: settings.now(),
        ...(recall.reason ? { reason: recall.reason } : {}),
        ...(recall.replacementRef ? { replacementId: recall.replacementRef } : {}),
      });
    },
    async onUpdate(tx, update) {
      const agency = await agencyByCode(tx, update.agencyCode);
      if (!agency) return false;
      const now = settings.now();
      const { files, ...fields } = incomingOfEdxml(update.document, agency.id, now);
      return updateReceivedDocument(tx, update.originalRef, {
        // The identity (exchange DocumentId, issuer) and the receipt stay the earlier document's.
        fields: {
          codeNumber: fields.codeNumber,
          codeNotation: fields.codeNotation,
          typeName: fields.typeName,
          subject: fields.subject,
          issuedDate: fields.issuedDate,
          place: fields.place,
          signer: fields.signer,
          urgency: fields.urgency,
          pageAmount: fields.pageAmount,
          toPlaces: fields.toPlaces,
          dueDate: fields.dueDate,
        },
        files,
        packageId: update.packageId,
        at: now,
        blobs: settings.blobs,
        ...(update.document.business.reason ? { reason: update.document.business.reason } : {}),
      });
    },
    async onStatus(tx, received) {
      if (!received.documentRef) return;
      await recordDeliveryStatus(tx, {
        documentId: received.documentRef,
        organId: received.status.from.organId,
        statusCode: received.status.statusCode as ExchangeStatusCode,
        at: settings.now(),
        description: received.status.description,
        about: await aboutOf(tx, received.packageId),
      });
    },
  };
}

/** Sends an issued document over the hub; secret documents never travel over it (Law on State Secrets 2018). */
async function sendIssuedDocument(
  db: Executor,
  settings: ExchangeSettings,
  documentId: string,
): Promise<number | undefined> {
  const pkg = await outgoingPackage(db, settings.blobs, documentId);
  if (pkg.secrecy !== 'none' || !settings.hubFor(pkg.from.organId)) return undefined;
  const document = edxmlOfOutgoing(pkg, settings.now());
  if (document.to.length === 0) return undefined;
  return db.transaction((tx) =>
    queueOutgoingDocument(tx, { provinceCode: settings.provinceCode, document, documentRef: documentId }),
  );
}

/**
 * The package the issued document went out in (the first outgoing package of the document), for
 * a recall or an update to name; undefined when it does not go over the hub (secret, no hub
 * account). The issue event may not have run yet (it is retried apart): the document goes
 * first, then what follows it.
 */
async function issuedPackageOf(db: Executor, settings: ExchangeSettings, documentId: string) {
  const issuedPackage = async () => {
    const [row] = await db
      .select({ xml: edxmlPackages.xml })
      .from(edxmlPackages)
      .where(and(eq(edxmlPackages.direction, 'outgoing'), eq(edxmlPackages.documentRef, documentId)))
      .orderBy(asc(edxmlPackages.id))
      .limit(1);
    return row;
  };
  let issued = await issuedPackage();
  if (!issued && (await sendIssuedDocument(db, settings, documentId)) !== undefined) issued = await issuedPackage();
  if (!issued) return undefined;
  const parsed = await parseEdxml(issued.xml);
  if (parsed.kind !== 'document' || !settings.hubFor(parsed.document.from.organId)) return undefined;
  return parsed.document;
}

/**
 * Sends the recall of an issued document: a package of its own (DocumentId: the issued one's
 * number and notation, dated the recall's day, suffixed "/TH"), BussinessDocType 1 naming the
 * issued package's DocumentId, the reason, no files; to the recipients of the issued package.
 */
async function sendRecall(
  db: Executor,
  settings: ExchangeSettings,
  documentId: string,
  reason: string,
  at: Date,
): Promise<number | undefined> {
  const original = await issuedPackageOf(db, settings, documentId);
  if (!original) return undefined;
  const { codeNumber, codeNotation } = original.code;
  const document = {
    ...original,
    documentId: `${original.from.organId},${hubDate(at)},${codeNumber}/${codeNotation}/TH`,
    business: { docType: '1' as const, documentId: original.documentId, reason, paper: '0' },
    traces: [{ organId: original.from.organId, timestamp: hubTimestamp(at) }],
    otherInfo: { ...original.otherInfo, appendixes: [] },
    attachments: [],
  };
  return db.transaction((tx) =>
    queueOutgoingDocument(tx, { provinceCode: settings.provinceCode, document, documentRef: documentId }),
  );
}

/**
 * Sends our update of an issued document (update-issued-document.ts): the document's package
 * as it is now (its Annex VI fields, the sealed PDF of the update's version), with a DocumentId
 * of its own (the issued number and notation, dated the update's day, suffixed "/CN" and the
 * update's ordinal: the receipt's key, so each update is taken once), BussinessDocType 2 naming
 * the issued package's DocumentId and the reason; to the recipients of the issued package.
 */
async function sendUpdate(
  db: Executor,
  settings: ExchangeSettings,
  input: { documentId: string; update: number; version: number; reason: string; at: Date },
): Promise<number | undefined> {
  const original = await issuedPackageOf(db, settings, input.documentId);
  if (!original) return undefined;
  const pkg = await outgoingPackage(db, settings.blobs, input.documentId, { version: input.version });
  const current = edxmlOfOutgoing(pkg, input.at);
  const document = {
    ...current,
    to: original.to,
    documentId: `${original.from.organId},${hubDate(input.at)},${pkg.codeNumber}/${pkg.codeNotation}/CN${input.update}`,
    business: { docType: '2' as const, documentId: original.documentId, reason: input.reason, paper: '0' },
  };
  return db.transaction((tx) =>
    queueOutgoingDocument(tx, { provinceCode: settings.provinceCode, document, documentRef: input.documentId }),
  );
}

/** What a status received about one of our packages answers: the document's own package, or our update of it. */
async function aboutOf(tx: Executor, packageId: number): Promise<'document' | 'update'> {
  const [row] = await tx.select({ xml: edxmlPackages.xml }).from(edxmlPackages).where(eq(edxmlPackages.id, packageId));
  const parsed = row ? await parseEdxml(row.xml) : undefined;
  return parsed?.kind === 'document' && parsed.document.business.docType === '2' ? 'update' : 'document';
}

/** Reports a received document's new handling state to its sender. */
async function reportDocumentStatus(db: Executor, documentRef: string, statusCode: string, at: Date): Promise<boolean> {
  if (!isStatusCode(statusCode)) return false;
  const [pkg] = await db
    .select({ id: edxmlPackages.id, agencyCode: edxmlPackages.agencyCode })
    .from(edxmlPackages)
    .where(and(eq(edxmlPackages.direction, 'incoming'), eq(edxmlPackages.documentRef, documentRef)));
  if (!pkg) return false;
  const agency = await agencyByCode(db, pkg.agencyCode);
  return db.transaction((tx) =>
    reportStatus(tx, {
      packageId: pkg.id,
      statusCode,
      from: { organId: pkg.agencyCode, organName: agency?.name ?? pkg.agencyCode },
      at,
    }),
  );
}

/** The documents module's events, heard on the in-process bus. */
export function subscribeDocumentEvents(bus: EventBus, db: Executor, settings: ExchangeSettings): void {
  bus.subscribe('documents.outgoing_issued', async (message) => {
    const { documentId } = message.payload as { documentId?: unknown };
    if (typeof documentId === 'string') await sendIssuedDocument(db, settings, documentId);
  });
  bus.subscribe('documents.outgoing_recalled', async (message) => {
    const { documentId, reason, at } = message.payload as { documentId?: unknown; reason?: unknown; at?: unknown };
    if (typeof documentId !== 'string' || typeof reason !== 'string' || typeof at !== 'string') return;
    if (Number.isNaN(Date.parse(at))) return;
    await sendRecall(db, settings, documentId, reason, new Date(at));
  });
  bus.subscribe('documents.outgoing_updated', async (message) => {
    const p = message.payload as {
      documentId?: unknown;
      update?: unknown;
      version?: unknown;
      reason?: unknown;
      at?: unknown;
    };
    if (typeof p.documentId !== 'string' || typeof p.reason !== 'string' || typeof p.at !== 'string') return;
    if (!Number.isSafeInteger(p.update) || !Number.isSafeInteger(p.version) || Number.isNaN(Date.parse(p.at))) return;
    await sendUpdate(db, settings, {
      documentId: p.documentId,
      update: p.update as number,
      version: p.version as number,
      reason: p.reason,
      at: new Date(p.at),
    });
  });
  bus.subscribe('documents.incoming_status', async (message) => {
    const { documentId, statusCode, at } = message.payload as {
      documentId?: unknown;
      statusCode?: unknown;
      at?: unknown;
    };
    if (typeof documentId !== 'string' || typeof statusCode !== 'string') return;
    const when = typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? new Date(at) : settings.now();
    await reportDocumentStatus(db, documentId, statusCode, when);
  });
}
