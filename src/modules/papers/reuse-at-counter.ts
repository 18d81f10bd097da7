/**
 * At the counter, the receiver takes a paper from the applicant's store for the dossier being
 * received, instead of a photocopy or a scan: the applicant is present and agrees (the receiver
 * ticks it; nothing is taken otherwise), the paper is the applicant's (same personal id), not
 * removed, still valid, and the procedure lets that paper be reused. The dossier gets a copy
 * marked `reused` (dossiers' `attachReusedPaper`, which also checks the dossier's side); in the
 * same transaction the use is logged for the owner ("Giấy tờ của tôi") and audited with the
 * consent on the dossier's chain.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { attachReusedPaper, getDossier } from '../dossiers/index.ts';
import { isReceiverOf } from './policies.ts';
import { paperUses, personalPapers } from './schema.ts';
import './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function reusePaperAtCounter(
  db: Executor,
  caller: Caller,
  input: { dossierCode: string; paperId: string; consent: boolean; today: string },
  now = new Date(),
): Promise<{ attachmentId: string; name: string }> {
  const dossier = await getDossier(db, caller, input.dossierCode);
  if (caller.kind !== 'staff' || !isReceiverOf(caller, dossier)) throw new DomainError('PAPER_ATTEST_NOT_ALLOWED');
  if (!input.consent) throw new DomainError('PAPER_REUSE_CONSENT_REQUIRED');
  const personalId = dossier.applicant?.personalId;
  if (!UUID.test(input.paperId) || !personalId) throw new DomainError('PAPER_NOT_FOUND');
  const [paper] = await db
    .select()
    .from(personalPapers)
    .where(
      and(
        eq(personalPapers.id, input.paperId),
        eq(personalPapers.ownerPersonalId, personalId),
        isNull(personalPapers.removedAt),
      ),
    );
  if (!paper) throw new DomainError('PAPER_NOT_FOUND');
  if (paper.validUntil !== null && paper.validUntil < input.today) throw new DomainError('PAPER_NOT_REUSABLE');
  try {
    const copy = await attachReusedPaper(
      db,
      caller,
      dossier.code,
      { attachmentId: paper.attachmentId, paperName: paper.name },
      async (tx, attached) => {
        await tx
          .insert(paperUses)
          .values({
            provinceCode: paper.provinceCode,
            paperId: paper.id,
            kind: 'reused',
            dossierCode: dossier.code,
            attachmentId: attached.id,
            actorId: caller.id,
            actorRole: 'receiver',
            agencyId: caller.agencyId,
            at: now,
          })
          .onConflictDoNothing();
        await recordAudit(tx, {
          provinceCode: caller.provinceCode,
          stream: `dossier:${dossier.code}`,
          action: 'papers.reused_at_counter',
          actorId: caller.id,
          actorRole: 'receiver',
          at: now,
          data: { paper: paper.id, attachmentId: attached.id, consent: 'applicant_present' },
        });
      },
    );
    return { attachmentId: copy.id, name: paper.name };
  } catch (err) {
    // The procedure does not let this paper be reused, or the file is not the applicant's.
    if (err instanceof DomainError && err.code === 'ATTACHMENTS_NOT_USABLE')
      throw new DomainError('PAPER_NOT_REUSABLE');
    throw err;
  }
}
