/**
 * At the counter: the receiver of a dossier reads its applicant's papers in the store (to take
 * one instead of a photocopy). A staff read of personal data: audited on the dossier's chain
 * and logged as a use of each paper, which its owner sees on "Giấy tờ của tôi".
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { getDossier } from '../dossiers/index.ts';
import { isReceiverOf } from './policies.ts';
import { type PaperOrigin, paperUses, personalPapers } from './schema.ts';
import './errors.ts';

export interface ApplicantPaper {
  id: string;
  name: string;
  origin: PaperOrigin;
  dossierCode: string;
  signed: boolean;
  validUntil: string | null;
}

export async function readApplicantPapers(
  db: Executor,
  caller: Caller,
  dossierCode: string,
  now = new Date(),
): Promise<ApplicantPaper[]> {
  const dossier = await getDossier(db, caller, dossierCode);
  if (caller.kind !== 'staff' || !isReceiverOf(caller, dossier)) throw new DomainError('PAPER_ATTEST_NOT_ALLOWED');
  const personalId = dossier.applicant?.personalId;
  if (!personalId) return [];
  return db.transaction(async (tx) => {
    const papers = await tx
      .select()
      .from(personalPapers)
      .where(and(eq(personalPapers.ownerPersonalId, personalId), isNull(personalPapers.removedAt)))
      .orderBy(desc(personalPapers.addedAt));
    await recordAudit(tx, {
      provinceCode: caller.provinceCode,
      stream: `dossier:${dossier.code}`,
      action: 'papers.read_by_staff',
      actorId: caller.id,
      actorRole: caller.roles.join(','),
      at: now,
      data: { papers: papers.map((p) => p.id) },
    });
    if (papers.length > 0) {
      await tx.insert(paperUses).values(
        papers.map((p) => ({
          provinceCode: p.provinceCode,
          paperId: p.id,
          kind: 'staff_read' as const,
          dossierCode: dossier.code,
          actorId: caller.id,
          actorRole: 'receiver',
          agencyId: caller.agencyId,
          at: now,
        })),
      );
    }
    return papers.map((p) => ({
      id: p.id,
      name: p.name,
      origin: p.origin,
      dossierCode: p.dossierCode,
      signed: p.signed,
      validUntil: p.validUntil,
    }));
  });
}
