/**
 * Refund of a payment the dossier did not need (paid after a withdrawal, paid twice): an
 * officer of the competent agency (receiver or leader) asks the provider; VNPay refunds at once
 * (§1.7 refund), the national platform's refund goes through the treasury outside the system.
 */
import { eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { nowOf, type PaymentContext } from './context.ts';
import './errors.ts';
import { mayHandleRefunds } from './policies.ts';
import { ProviderError } from './provider.ts';
import { feeRequests, paymentAttempts } from './schema.ts';

export async function refundPayment(
  db: Executor,
  caller: Caller,
  attemptId: string,
  ctx: PaymentContext,
): Promise<{ refundState: string; code: string }> {
  const now = nowOf(ctx);
  const [row] = await db
    .select({ attempt: paymentAttempts, agencyId: feeRequests.competentAgencyId, dossierCode: feeRequests.dossierCode })
    .from(paymentAttempts)
    .innerJoin(feeRequests, eq(feeRequests.id, paymentAttempts.feeRequestId))
    .where(eq(paymentAttempts.id, attemptId));
  if (!row || !mayHandleRefunds(caller, row.agencyId)) throw new DomainError('PAYMENT_NOT_FOUND');
  const { attempt } = row;
  if (attempt.state !== 'paid' || (attempt.refundState !== 'due' && attempt.refundState !== 'failed')) {
    throw new DomainError('PAYMENT_REFUND_NOT_DUE');
  }
  const provider = ctx.providers[attempt.provider];
  if (!provider) throw new DomainError('PAYMENT_PROVIDER_UNAVAILABLE', { provider: attempt.provider });
  let outcome: Awaited<ReturnType<typeof provider.refund>>;
  try {
    outcome = await provider.refund(attempt, {
      by: caller.kind === 'staff' ? caller.id.slice(0, 50) : 'system',
      now,
      orderInfo: `Hoan tien giao dich ${attempt.reference}`,
    });
  } catch (err) {
    if (err instanceof ProviderError) throw new DomainError('PAYMENT_PROVIDER_FAILED', { provider: attempt.provider });
    throw err;
  }
  await db.transaction(async (tx) => {
    await tx
      .update(paymentAttempts)
      .set({ refundState: outcome.state, updatedAt: now })
      .where(eq(paymentAttempts.id, attempt.id));
    await recordAudit(tx, {
      provinceCode: attempt.provinceCode,
      stream: `payment:${attempt.feeRequestId}`,
      action: 'payment_refund',
      actorId: caller.kind === 'staff' ? caller.id : null,
      actorRole: caller.kind === 'staff' ? caller.roles.join(',') : caller.kind,
      data: { attempt: attempt.id, state: outcome.state, code: outcome.code },
      at: now,
    });
  });
  return { refundState: outcome.state, code: outcome.code };
}
