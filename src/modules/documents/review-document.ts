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
import { staffByAccount } from '../directory/index.ts';
import { signPersonally } from '../dossiers/index.ts';
import type { DocumentsContext } from './context.ts';
import { nameReader } from './context.ts';
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

/** The leader signs the approved version with a personal digital signature (Annex I §II.7). */
export function signDocument(
  db: Executor,
  caller: Caller,
  documentId: string,
  options: Options,
  ctx: Ctx,
): Promise<ActionResult> {
  return takeDocumentAction(db, caller, documentId, 'sign', {}, options, ctx, async ({ tx, doc, staff }) => {
    const draft = await latestFile(tx, doc.id, 'draft');
    if (draft?.contentType !== 'application/pdf') throw new DomainError('DOCUMENT_FILE_INVALID');
    const unsigned = await readBlob(ctx.blobs, draft.blobKey);
    const signed = await signPersonally(tx, { accountId: staff.id, agencyId: doc.agencyId }, unsigned, {
      reason: `Ký ban hành ${doc.typeName.toLowerCase()}: ${doc.subject}`.slice(0, 200),
      at: ctx.now,
      actorId: staff.id,
      actorRole: 'leader',
      description: doc.subject.slice(0, 100),
    });
    const pdfKey = await storeFile(tx, ctx.blobs, {
      documentId: doc.id,
      role: 'signed',
      version: doc.draftVersion,
      name: `${draft.name.replace(/\.pdf$/iu, '')}-da-ky.pdf`,
      bytes: signed,
      createdBy: staff.id,
      at: ctx.now,
    });
    await tx.update(documents).set({ pdfKey }).where(eq(documents.id, doc.id));
    return { version: doc.draftVersion, signedSha256: pdfKey };
  });
}
