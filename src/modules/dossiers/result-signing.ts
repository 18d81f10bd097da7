/**
 * The leader approves and signs a dossier's result in one action (issue 13.11, issue 14 §2):
 * each draft result is signed first by the leader with their own key, then by the competent
 * agency's seal (Decree 30/2020: the competent person's signature, then the agency's; the seal is
 * an incremental update that keeps the leader's signature valid).
 *
 * The signing happens before the action's transaction, with no row locked: a remote signer
 * (VNPT SmartCA, a CSC service) waits until the leader confirms on the phone (pending → signed),
 * and a refusal or no answer in time (`SIGNING_REMOTE_REFUSED`, `SIGNING_REMOTE_EXPIRED`) leaves
 * the dossier as it was. The action then stores the signed bytes only if each draft is still the
 * one that was signed (`DOSSIER_RESULT_CHANGED` otherwise), so nothing changed in between is
 * issued unseen.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import type { BlobStore } from '../../platform/storage/index.ts';
import type { DossierContext, DossierRow } from './context.ts';
import { findDossierRow } from './context.ts';
import { loadView } from './queries.ts';
import { dossierAttachments } from './schema.ts';

registerErrors({
  DOSSIER_RESULT_CHANGED: {
    status: 409,
    vi: 'Dự thảo kết quả đã thay đổi trong lúc ký. Vui lòng xem lại dự thảo và ký lại.',
  },
});

/** A draft result as signed: the blob it was read from and the signed bytes. */
export interface SignedDraft {
  attachmentId: string;
  fromBlobKey: string;
  bytes: Uint8Array;
}

const REASON = 'Phê duyệt kết quả giải quyết thủ tục hành chính';

/**
 * Signs the named draft results: the leader (the caller) personally, then the agency's seal.
 * Undefined when the caller may not approve now: nothing is signed, and the action itself then
 * answers (a retried request gets its first answer; anything else its refusal).
 */
export async function signDraftResults(
  db: Executor,
  caller: Caller,
  ref: string,
  ids: readonly string[],
  ctx: DossierContext,
): Promise<SignedDraft[] | undefined> {
  if (!ctx.blobs || !ctx.signing) throw new DomainError('DOSSIER_SIGNING_UNAVAILABLE');
  if (caller.kind !== 'staff') return undefined;
  // Nothing is signed for someone who may not approve now (the action checks again under the lock).
  const view = await loadView(db, caller, ref, { audit: false });
  if (!view.allowedActions.includes('approve')) return undefined;
  const row = await findDossierRow(db, ref);
  if (!row || ids.length === 0) return [];
  const drafts = await db
    .select()
    .from(dossierAttachments)
    .where(and(eq(dossierAttachments.dossierId, row.id), inArray(dossierAttachments.id, [...ids])));
  const at = ctx.now ?? new Date();
  const signed: SignedDraft[] = [];
  for (const draft of drafts) {
    if (draft.kind !== 'result' || draft.signed || draft.mime !== 'application/pdf') continue;
    const bytes = await ctx.blobs.get(draft.blobKey);
    if (!bytes) throw new DomainError('DOSSIER_SIGNING_UNAVAILABLE', { attachmentId: draft.id });
    const who = { actorId: caller.id, actorRole: caller.roles.join(','), at, reason: REASON };
    const description = `${REASON} — hồ sơ ${row.code ?? ''}${draft.paperName ? `, số ${draft.paperName}` : ''}`;
    const personal = await ctx.signing.personal(db, { accountId: caller.id, agencyId: caller.agencyId }, bytes, {
      ...who,
      description,
      ...appearanceOf(row, 'personal'),
    });
    const sealed = await ctx.signing.seal(db, row.competentAgencyId, personal, {
      ...who,
      reason: 'Kết quả giải quyết thủ tục hành chính',
      ...appearanceOf(row, 'seal'),
    });
    signed.push({ attachmentId: draft.id, fromBlobKey: draft.blobKey, bytes: sealed });
  }
  return signed;
}

/**
 * Where the two signatures show on the result's last page (Decree 30 Annex I): the leader's at
 * the signature block on the right, the seal over the left third of it. A result is the agency's
 * own PDF, so the boxes sit at the usual place of the signature block of an A4 decision.
 */
function appearanceOf(_row: DossierRow, who: 'personal' | 'seal') {
  return {
    appearance:
      who === 'personal'
        ? { rect: { x: 330, y: 110, width: 220, height: 70 } }
        : { rect: { x: 300, y: 100, width: 120, height: 90 } },
  };
}

/** Inside the action's transaction: keeps the signed bytes if each draft is still the one signed. */
export async function storeSignedResults(
  tx: Executor,
  blobs: BlobStore | undefined,
  dossier: DossierRow,
  signed: readonly SignedDraft[],
): Promise<void> {
  if (!blobs) throw new DomainError('DOSSIER_SIGNING_UNAVAILABLE');
  for (const s of signed) {
    const [current] = await tx
      .select({ blobKey: dossierAttachments.blobKey, signed: dossierAttachments.signed })
      .from(dossierAttachments)
      .where(and(eq(dossierAttachments.id, s.attachmentId), eq(dossierAttachments.dossierId, dossier.id)));
    if (!current || current.signed || current.blobKey !== s.fromBlobKey) {
      throw new DomainError('DOSSIER_RESULT_CHANGED', { attachmentId: s.attachmentId });
    }
    const blobKey = await blobs.put(s.bytes);
    await tx
      .update(dossierAttachments)
      .set({ blobKey, size: s.bytes.byteLength, signed: true })
      .where(eq(dossierAttachments.id, s.attachmentId));
  }
}
