/**
 * From draft to signature (Decree 30/2020/NĐ-CP Art. 11–13): the drafter submits the draft to
 * the leader who will sign it; the leader approves the content or sends it back; the clerk
 * checks the format (format-check.ts) and passes it to signature or sends it back; the leader
 * signs with a personal digital signature (the leader's own key: a token, a .p12 or VNPT
 * SmartCA, docs/signatures.md) — the agency's seal comes at issue (issue-document.ts).
 */
import { eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { answeredBefore } from '../../platform/records/index.ts';
import { staffByAccount } from '../directory/index.ts';
import { signPersonallyDetached } from '../dossiers/index.ts';
import type { DocumentsContext } from './context.ts';
import { checkAction, loadDocument, nameReader, requireStaffCaller } from './context.ts';
import { latestFile, readBlob, storeFile } from './files.ts';
import { checkFormat } from './format-check.ts';
import { noticeTo } from './notices.ts';
import { documents } from './schema.ts';
import { type ActionResult, takeDocumentAction } from './take-action.ts';

type Options = { transactionId: string };
type Ctx = DocumentsContext & { publicUrl?: string };

/** The drafter submits to the leader who approves and signs. */
export function submitDraft(
  db: Executor,
  caller: Caller,
  documentId: string,
  input: { approverId: string },
  options: Options,
  ctx: Ctx,
): Promise<ActionResult> {
  return takeDocumentAction(db, caller, documentId, 'submit', input, options, ctx, async ({ tx, doc }) => {
    const leader = await staffByAccount(tx, input.approverId);
    if (!leader?.active || leader.agencyId !== doc.agencyId || !leader.roles.includes('leader')) {
      throw new DomainError('DOCUMENT_APPROVER_INVALID');
    }
    await tx.update(documents).set({ approverId: input.approverId }).where(eq(documents.id, doc.id));
    await nameReader(tx, doc.id, input.approverId, 'approver');
    await noticeTo(tx, {
      ...doc,
      ...ctx,
      accountId: input.approverId,
      kind: 'awaiting_approval',
      documentId: doc.id,
      at: ctx.now,
    });
    return { approverId: input.approverId, version: doc.draftVersion };
  });
}

/** The leader approves the content (Art. 11). */
export function approveDraft(
  db: Executor,
  caller: Caller,
  documentId: string,
  options: Options,
  ctx: Ctx,
): Promise<ActionResult> {
  return takeDocumentAction(db, caller, documentId, 'approve', {}, options, ctx, async ({ doc }) => ({
    version: doc.draftVersion,
  }));
}

/** The leader or the clerk sends the draft back to its drafter, with the reason. */
export function sendBackDraft(
  db: Executor,
  caller: Caller,
  documentId: string,
  input: { reason: string },
  options: Options,
  ctx: Ctx,
): Promise<ActionResult> {
  return takeDocumentAction(db, caller, documentId, 'send_back', input, options, ctx, async ({ tx, doc }) => {
    if (doc.createdBy) {
      await noticeTo(tx, {
        ...doc,
        ...ctx,
        accountId: doc.createdBy,
        kind: 'returned_draft',
        documentId: doc.id,
        at: ctx.now,
      });
    }
    return { reason: input.reason, version: doc.draftVersion };
  });
}

/**
 * The clerk's format check (Art. 12.2): the checkable rules of Annex I. Findings refuse the
 * check with DOCUMENT_FORMAT_INVALID (the clerk sends the draft back with them); none passes it
 * to signature, and the leader is notified that it waits for the signature.
 */
export function checkDocumentFormat(
  db: Executor,
  caller: Caller,
  documentId: string,
  options: Options,
  ctx: Ctx,
): Promise<ActionResult> {
  return takeDocumentAction(db, caller, documentId, 'check_format', {}, options, ctx, async ({ tx, doc }) => {
    const findings = checkFormat(doc);
    if (findings.length > 0) throw new DomainError('DOCUMENT_FORMAT_INVALID', { findings });
    if (doc.approverId) {
      await noticeTo(tx, {
        ...doc,
        ...ctx,
        accountId: doc.approverId,
        kind: 'awaiting_signature',
        documentId: doc.id,
        at: ctx.now,
      });
    }
    return { version: doc.draftVersion, findings: [] };
  });
}

/**
 * The leader signs the approved version with a personal digital signature (Annex I §II.7).
 * The signature is made outside the document's transaction: a remote signature (VNPT SmartCA,
 * CSC) waits for the leader to confirm on the phone, up to minutes, and the document's row must
 * not stay locked meanwhile (the clerk, the drafter and the exchange would wait behind it). The
 * state and relation are checked before signing, then again under the lock when the signed PDF
 * is written, with the draft version and file that were signed: if the draft changed meanwhile
 * (sent back, revised), the signature is not kept and DOCUMENT_CHANGED_WHILE_SIGNING asks to
 * sign again. A replay of an answered request answers again without signing.
 */
export async function signDocument(
  db: Executor,
  caller: Caller,
  documentId: string,
  options: Options,
  ctx: Ctx,
): Promise<ActionResult> {
  const staff = requireStaffCaller(caller);
  const asked = { op: 'sign', documentId, expected: {} };
  const earlier = await answeredBefore(db, `documents:${staff.id}`, options.transactionId, asked);
  if (earlier) return earlier as ActionResult;
  const before = await loadDocument(db, documentId);
  await checkAction(db, staff, before, 'sign');
  const draft = await latestFile(db, before.id, 'draft');
  if (draft?.contentType !== 'application/pdf') throw new DomainError('DOCUMENT_FILE_INVALID');
  const unsigned = await readBlob(ctx.blobs, draft.blobKey);
  const signature = await signPersonallyDetached(db, { accountId: staff.id, agencyId: before.agencyId }, unsigned, {
    reason: `Ký ban hành ${before.typeName.toLowerCase()}: ${before.subject}`.slice(0, 200),
    at: ctx.now,
    actorId: staff.id,
    actorRole: 'leader',
    description: before.subject.slice(0, 100),
  });
  try {
    return await takeDocumentAction(db, caller, documentId, 'sign', {}, options, ctx, async ({ tx, doc }) => {
      const current = await latestFile(tx, doc.id, 'draft');
      if (doc.draftVersion !== before.draftVersion || current?.id !== draft.id) {
        throw new DomainError('DOCUMENT_CHANGED_WHILE_SIGNING', { signedVersion: before.draftVersion });
      }
      await signature.record(tx);
      const pdfKey = await storeFile(tx, ctx.blobs, {
        documentId: doc.id,
        role: 'signed',
        version: doc.draftVersion,
        name: `${draft.name.replace(/\.pdf$/iu, '')}-da-ky.pdf`,
        bytes: signature.signed,
        createdBy: staff.id,
        at: ctx.now,
      });
      await tx.update(documents).set({ pdfKey }).where(eq(documents.id, doc.id));
      return { version: doc.draftVersion, signedSha256: pdfKey };
    });
  } catch (error) {
    // The key was used even when the document does not keep the signature (changed meanwhile,
    // sent back, refused): the key's log says so, in a transaction of its own.
    await db.transaction((tx) => signature.record(tx)).catch(() => undefined);
    throw error;
  }
}
