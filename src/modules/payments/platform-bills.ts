/**
 * The national payment platform's own e-receipt of a payment made there (§2.3: the platform
 * issues it; GET_BILL returns its PDF), kept beside ours: fetched after the payment by the
 * payments job (not in the confirm, which must answer fast), stored in the blob store, its key
 * on our receipt row. A receipt whose bill could not be fetched yet is tried again next round.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { nowOf, type PaymentContext } from './context.ts';
import type { PlatformProvider } from './platform-provider.ts';
import { ProviderError } from './provider.ts';
import { paymentAttempts, paymentReceipts } from './schema.ts';

export interface BillsReport {
  fetched: number;
  failed: Array<{ receipt: string; reason: string }>;
}

export async function fetchPlatformBills(db: Executor, ctx: PaymentContext, limit = 50): Promise<BillsReport> {
  const report: BillsReport = { fetched: 0, failed: [] };
  const provider = ctx.providers.national_platform as PlatformProvider | undefined;
  if (!provider || !ctx.blobs) return report;
  const owed = await db
    .select({ id: paymentReceipts.id, reference: paymentAttempts.reference })
    .from(paymentReceipts)
    .innerJoin(paymentAttempts, eq(paymentAttempts.id, paymentReceipts.attemptId))
    .where(and(eq(paymentReceipts.method, 'national_platform'), isNull(paymentReceipts.providerBillKey)))
    .limit(limit);
  for (const receipt of owed) {
    try {
      const pdf = await provider.fetchBill(receipt.reference, nowOf(ctx));
      const key = await ctx.blobs.put(pdf);
      await db
        .update(paymentReceipts)
        .set({ providerBillKey: key, providerBillFetchedAt: nowOf(ctx) })
        .where(eq(paymentReceipts.id, receipt.id));
      report.fetched += 1;
    } catch (err) {
      // One unreachable bill must not stop the others: it is tried again next round.
      report.failed.push({ receipt: receipt.id, reason: err instanceof ProviderError ? err.message : 'unreachable' });
    }
  }
  return report;
}
