/**
 * The notification may never come (§1.5): attempts still pending after 15 minutes are looked
 * up at their provider (VNPay querydr, the platform's QUERY) and settled by the same code as a
 * notification. One provider's outage leaves its attempts pending for the next round.
 */
import { and, asc, eq, isNull, lt, or } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { nowOf, type PaymentContext } from './context.ts';
import { ProviderError } from './provider.ts';
import { paymentAttempts } from './schema.ts';
import { settleAttempt } from './settle-attempt.ts';

const PENDING_AFTER_MINUTES = 15;
/** Asked again at most this often. */
const REQUERY_MINUTES = 5;

export interface ReconcileReport {
  asked: number;
  settled: number;
  stillPending: number;
  errors: number;
}

export async function reconcilePayments(db: Executor, ctx: PaymentContext, limit = 100): Promise<ReconcileReport> {
  const now = nowOf(ctx);
  const olderThan = new Date(now.getTime() - PENDING_AFTER_MINUTES * 60_000);
  const askedBefore = new Date(now.getTime() - REQUERY_MINUTES * 60_000);
  const due = await db
    .select()
    .from(paymentAttempts)
    .where(
      and(
        eq(paymentAttempts.state, 'pending'),
        eq(paymentAttempts.provinceCode, ctx.provinceCode),
        lt(paymentAttempts.createdAt, olderThan),
        or(isNull(paymentAttempts.lastQueriedAt), lt(paymentAttempts.lastQueriedAt, askedBefore)),
      ),
    )
    .orderBy(asc(paymentAttempts.createdAt))
    .limit(limit);
  const report: ReconcileReport = { asked: 0, settled: 0, stillPending: 0, errors: 0 };
  for (const attempt of due) {
    const provider = ctx.providers[attempt.provider];
    if (!provider) continue;
    report.asked++;
    await db.update(paymentAttempts).set({ lastQueriedAt: now }).where(eq(paymentAttempts.id, attempt.id));
    try {
      const found = await provider.lookUp(attempt, now);
      if (found.state === 'pending') {
        report.stillPending++;
        continue;
      }
      const outcome = await settleAttempt(
        db,
        {
          reference: attempt.reference,
          paid: found.state === 'paid',
          amount: found.amount ?? attempt.amount,
          code: found.code,
          transactionNo: found.transactionNo,
          bankCode: found.bankCode,
          paidAt: found.paidAt,
        },
        'query',
        ctx,
      );
      if (outcome === 'recorded') report.settled++;
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      report.errors++;
    }
  }
  return report;
}
