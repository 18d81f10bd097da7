/**
 * The owner removes a paper from their store. A legal result (kết quả giải quyết TTHC điện tử,
 * Decree 45/2020) cannot be removed; a removed paper is no longer listed nor offered for reuse.
 * The dossier it came from keeps its own file (the law keeps dossiers whole), and the row stays
 * with its usage log: removal is a state, written once and audited.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { isOwner, mayRemove } from './policies.ts';
import { personalPapers } from './schema.ts';
import './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function removePaper(db: Executor, caller: Caller, paperId: string, now = new Date()): Promise<void> {
  if (!UUID.test(paperId)) throw new DomainError('PAPER_NOT_FOUND');
  await db.transaction(async (tx) => {
    const [paper] = await tx
      .select()
      .from(personalPapers)
      .where(and(eq(personalPapers.id, paperId), isNull(personalPapers.removedAt)))
      .for('update');
    // Someone else's paper is "not found": its existence does not leak.
    if (!paper || !isOwner(caller, paper)) throw new DomainError('PAPER_NOT_FOUND');
    if (!mayRemove(paper)) throw new DomainError('PAPER_LEGAL_RESULT');
    await tx.update(personalPapers).set({ removedAt: now }).where(eq(personalPapers.id, paper.id));
    await recordAudit(tx, {
      provinceCode: paper.provinceCode,
      stream: `paper:${paper.id}`,
      action: 'paper.removed',
      actorId: caller.kind === 'citizen' ? caller.id : null,
      actorRole: 'citizen',
      at: now,
      data: { origin: paper.origin, dossierCode: paper.dossierCode },
    });
  });
}
