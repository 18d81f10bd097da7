/**
 * A sender updates (cập nhật) a document it sent over the hub: edXML BussinessDocType 2 (QCVN
 * 102:2016; DOMAIN.md §6.1), naming the earlier package's DocumentId in `Bussiness/DocumentId`.
 * An update is not a new document: the received document takes the package's metadata (Annex
 * VI fields) and its files as a new version, and keeps what it had — the action's payload holds
 * every changed field's old and new value, the earlier files stay listed with their version, so
 * the page's timeline shows what changed (Decree 30/2020 Annex VI §III: the system keeps the
 * whole handling history). Its state does not change (the people handling it go on), everyone
 * named on it or assigned to it gets a notice, and the exchange answers 15 "đồng ý cập nhật"
 * (DOMAIN.md §6.2). A recalled, replaced or returned document takes no update (16). The same act
 * applies our own update to the copy of a recipient of this deployment (update-issued-document.ts).
 */
import { eq, max } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import type { BlobStore } from '../../platform/storage/index.ts';
import { loadDocument, recordAction, searchTextOf } from './context.ts';
import { type IncomingFile, storeFile } from './files.ts';
import { noticeToPeopleOn } from './notices.ts';
import type { IncomingDocumentInput } from './register-incoming-document.ts';
import { documentFiles, documents } from './schema.ts';
import { documentRules } from './states.ts';

/** The Annex VI fields an update may change (the issuer and the exchange identity stay). */
const updatableFields = [
  'codeNumber',
  'codeNotation',
  'typeCode',
  'typeName',
  'subject',
  'issuedDate',
  'place',
  'signer',
  'urgency',
  'pageAmount',
  'description',
  'toPlaces',
  'dueDate',
] as const;
type UpdatableField = (typeof updatableFields)[number];

export interface ReceivedUpdate {
  /** The new values, as the package carries them (a field left out keeps its value). */
  fields: Partial<Pick<IncomingDocumentInput, UpdatableField>>;
  files: IncomingFile[];
  /** The sender's reason (BussinessDocReason). */
  reason?: string;
  /** The package that carried the update: the action's idempotency key. */
  packageId?: number;
  /** Instead of a package: the sender's action in this deployment (an internal recipient). */
  transactionId?: string;
  at: Date;
  blobs: BlobStore;
}

/** Field names as the timeline shows them. */
export const updatedFieldLabels: Record<UpdatableField, string> = {
  codeNumber: 'Số',
  codeNotation: 'Ký hiệu',
  typeCode: 'Loại văn bản (viết tắt)',
  typeName: 'Loại văn bản',
  subject: 'Trích yếu',
  issuedDate: 'Ngày ban hành',
  place: 'Nơi ban hành',
  signer: 'Người ký',
  urgency: 'Độ khẩn',
  pageAmount: 'Số trang',
  description: 'Ghi chú',
  toPlaces: 'Nơi nhận',
  dueDate: 'Hạn trả lời',
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** @returns whether the document was updated (false: not an incoming document in a state that takes updates). */
export async function updateReceivedDocument(
  tx: Executor,
  documentId: string,
  input: ReceivedUpdate,
): Promise<boolean> {
  const doc = await loadDocument(tx, documentId, true);
  if (doc.direction !== 'incoming' || !documentRules.update.from.includes(doc.state as never)) return false;
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const set: Partial<typeof documents.$inferInsert> = {};
  for (const field of updatableFields) {
    const next = input.fields[field];
    if (next === undefined || same(doc[field], next)) continue;
    changes[field] = { from: doc[field] ?? null, to: next ?? null };
    Object.assign(set, { [field]: next });
  }
  const merged = { ...doc, ...set };
  set.searchText = searchTextOf(merged);
  await tx.update(documents).set(set).where(eq(documents.id, doc.id));
  const [latest] = await tx
    .select({ version: max(documentFiles.version) })
    .from(documentFiles)
    .where(eq(documentFiles.documentId, doc.id));
  const version = (latest?.version ?? 0) + 1;
  const names: string[] = [];
  for (const [i, file] of input.files.entries()) {
    const role = file.role ?? (i === 0 ? 'main' : 'appendix');
    await storeFile(tx, input.blobs, { documentId: doc.id, role, version, ...file, createdBy: null, at: input.at });
    names.push(file.name);
  }
  await recordAction(tx, {
    doc,
    type: 'update',
    to: null,
    actor: { id: null, kind: 'system', role: null, agencyId: doc.agencyId },
    payload: {
      reason: input.reason ?? null,
      packageId: input.packageId ?? null,
      changes,
      files: names.length > 0 ? { version, names } : null,
    },
    at: input.at,
    transaction: {
      id: input.transactionId ?? `edxml:update:${input.packageId}:${doc.id}`,
      scope: `documents:system:${doc.agencyId}`,
    },
  });
  await noticeToPeopleOn(tx, merged, 'updated', input.at);
  return true;
}
