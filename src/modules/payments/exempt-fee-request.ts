/**
 * Miễn phí, lệ phí: an authorised officer (the specialist who asked for the fee, or a leader —
 * the state machine's `exempt_payment` rule) finds the applicant in one of the procedure's
 * exemption cases and says why. In one transaction the dossier leaves awaiting_payment through
 * its state machine, the open fee request becomes `exempt` with the reason, and the act is
 * audited on the request's stream. No receipt: nothing was collected. A payment that still
 * arrives for it afterwards is flagged for refund (settle-attempt.ts: the request is closed).
 */
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { takeAction } from '../dossiers/index.ts';
import { nowOf, type PaymentContext } from './context.ts';
import { type FeeRequestRow, openFeeRequest } from './open-fee-request.ts';
import { feeRequests } from './schema.ts';

export async function exemptFeeRequest(
  db: Executor,
  caller: Caller,
  input: { dossierCode: string; reason: string; transactionId: string },
  ctx: PaymentContext,
): Promise<FeeRequestRow> {
  if (caller.kind !== 'staff') throw new DomainError('DOSSIER_ROLE_NOT_ALLOWED');
  const reason = input.reason.normalize('NFC').trim().slice(0, 2000);
  if (!reason) throw new DomainError('REASON_REQUIRED');
  const now = nowOf(ctx);
  return db.transaction(async (tx) => {
    const { request } = await openFeeRequest(tx, caller, input.dossierCode);
    const [locked] = await tx
      .select()
      .from(feeRequests)
      .where(and(eq(feeRequests.id, request.id), eq(feeRequests.state, 'open')))
      .for('update');
    if (!locked) throw new DomainError('PAYMENT_NOTHING_DUE', { code: input.dossierCode });
    // The state machine decides whether this officer may, and whether anything is still owed.
    await takeAction(
      tx,
      caller,
      request.dossierCode,
      { type: 'exempt_payment', reason },
      { transactionId: input.transactionId },
      { provinceCode: request.provinceCode, publicUrl: ctx.publicUrl, now },
    );
    const [exempted] = await tx
      .update(feeRequests)
      .set({
        state: 'exempt',
        exemptReason: reason,
        exemptedBy: caller.id,
        exemptedAt: now,
        lines: locked.lines.map((line) => ({ ...line, amount: 0, exemption: line.exemption ?? reason })),
      })
      .where(eq(feeRequests.id, locked.id))
      .returning();
    if (!exempted) throw new Error('unreachable: the locked fee request vanished');
    await recordAudit(tx, {
      provinceCode: locked.provinceCode,
      stream: `payment:${locked.id}`,
      action: 'payment_exempted',
      actorId: caller.id,
      actorRole: caller.roles.join(','),
      data: { amount: locked.amount, reason },
      at: now,
    });
    return exempted;
  });
}
