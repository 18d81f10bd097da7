/**
 * The one place a provider's result changes our records, whoever reports it: VNPay's IPN, the
 * platform's confirm, or the reconciliation query. Checked in §1.5's order (the caller checked
 * the signature): the order exists → the amount matches → the attempt is still pending → record.
 * A paid attempt records the payment on the dossier through its state machine and issues the
 * receipt, in one transaction; a payment the dossier no longer waits for (withdrawn, or paid
 * by another attempt) is kept and flagged for refund.
 */
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import { systemCaller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { dossierPaymentFacts, isTerminal, takeAction } from '../dossiers/index.ts';
import { nowOf, type PaymentContext } from './context.ts';
import { issueReceipt } from './issue-receipt.ts';
import { feeRequests, paymentAttempts, type RefundState } from './schema.ts';

export interface ProviderResult {
  reference: string;
  paid: boolean;
  /** Đồng, as the provider reports it. */
  amount: number;
  code: string;
  transactionNo?: string | undefined;
  bankCode?: string | undefined;
  paidAt?: Date | undefined;
}

export type SettleOutcome = 'recorded' | 'not_found' | 'amount_mismatch' | 'already_final';

const SYSTEM = systemCaller('payments');

export async function settleAttempt(
  db: Executor,
  result: ProviderResult,
  by: 'notification' | 'query',
  ctx: PaymentContext,
): Promise<SettleOutcome> {
  const now = nowOf(ctx);
  return db.transaction(async (tx) => {
    // The row lock makes duplicate and crossing notifications wait and then see the final state.
    const [attempt] = await tx
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.reference, result.reference))
      .for('update');
    if (!attempt) return 'not_found';
    if (!Number.isSafeInteger(result.amount) || result.amount !== attempt.amount) return 'amount_mismatch';
    if (attempt.state !== 'pending') return 'already_final';
    const paidAt = result.paidAt ?? now;
    const base = {
      resultCode: result.code,
      providerTransactionNo: result.transactionNo ?? null,
      bankCode: result.bankCode ?? null,
      settledBy: by,
      updatedAt: now,
    };
    const stream = `payment:${attempt.feeRequestId}`;
    if (!result.paid) {
      await tx
        .update(paymentAttempts)
        .set({ ...base, state: 'failed' })
        .where(eq(paymentAttempts.id, attempt.id));
      await recordAudit(tx, {
        provinceCode: attempt.provinceCode,
        stream,
        action: 'payment_failed',
        actorRole: 'system',
        data: { attempt: attempt.id, provider: attempt.provider, code: result.code, by },
        at: now,
      });
      return 'recorded';
    }
    const [request] = await tx.select().from(feeRequests).where(eq(feeRequests.id, attempt.feeRequestId)).for('update');
    if (!request) throw new Error(`fee request ${attempt.feeRequestId} of attempt ${attempt.id} is missing`);
    const refund = await refundReason(tx, request, attempt.amount);
    await tx
      .update(paymentAttempts)
      .set({
        ...base,
        state: 'paid',
        paidAt,
        ...(refund ? { refundState: 'due' as RefundState, refundReason: refund } : {}),
      })
      .where(eq(paymentAttempts.id, attempt.id));
    if (refund) {
      if (refund === 'withdrawn' && request.state === 'open') {
        await tx.update(feeRequests).set({ state: 'cancelled' }).where(eq(feeRequests.id, request.id));
      }
    } else {
      await tx
        .update(feeRequests)
        .set({ state: 'paid', paidAt, paidAttemptId: attempt.id })
        .where(and(eq(feeRequests.id, request.id), eq(feeRequests.state, 'open')));
      await takeAction(
        tx,
        SYSTEM,
        request.dossierCode,
        { type: 'record_payment', amount: attempt.amount, method: 'online', reference: attempt.reference },
        { transactionId: `payment:${attempt.id}` },
        { provinceCode: attempt.provinceCode, publicUrl: ctx.publicUrl, now },
      );
      const facts = await dossierPaymentFacts(tx, SYSTEM, request.dossierCode);
      await issueReceipt(tx, {
        provinceCode: attempt.provinceCode,
        feeRequestId: request.id,
        attemptId: attempt.id,
        amount: attempt.amount,
        lines: request.lines,
        payerName: facts.payerName,
        method: attempt.provider,
        online: true,
        at: paidAt,
      });
    }
    await recordAudit(tx, {
      provinceCode: attempt.provinceCode,
      stream,
      action: refund ? 'payment_refund_due' : 'payment_received',
      actorRole: 'system',
      data: {
        attempt: attempt.id,
        provider: attempt.provider,
        amount: attempt.amount,
        by,
        ...(refund ? { refund } : {}),
      },
      at: now,
    });
    return 'recorded';
  });
}

/** Why a payment that just succeeded is not wanted, or null when the dossier waits for it. */
async function refundReason(
  tx: Executor,
  request: typeof feeRequests.$inferSelect,
  amount: number,
): Promise<string | null> {
  if (request.state === 'paid') return 'paid_twice';
  if (request.state !== 'open') return 'request_closed';
  try {
    const facts = await dossierPaymentFacts(tx, SYSTEM, request.dossierCode);
    if (facts.state === 'withdrawn') return 'withdrawn';
    if (isTerminal(facts.state)) return 'dossier_closed';
    if (!facts.paymentDue || facts.outstanding < amount) return 'not_due';
    return null;
  } catch (err) {
    if (err instanceof DomainError) return 'dossier_unavailable';
    throw err;
  }
}
