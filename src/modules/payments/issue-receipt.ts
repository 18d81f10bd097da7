/**
 * The e-receipt record (biên lai thu phí, lệ phí điện tử, payments-sync-sso.md §2.3) of a paid
 * fee request: numbered `<year>/<nnnnnn>` gap-free per province and year, written in the
 * transaction that settles the payment. The PDF is rendered from it on request (receipt-pdf.ts).
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { type FeeLine, paymentReceiptCounters, paymentReceipts } from './schema.ts';

export type ReceiptRow = typeof paymentReceipts.$inferSelect;

/** The year in Việt Nam (GMT+7) of an instant. */
const yearInVietnam = (at: Date): number => new Date(at.getTime() + 7 * 3600_000).getUTCFullYear();

export async function issueReceipt(
  tx: Executor,
  input: {
    provinceCode: string;
    feeRequestId: string;
    attemptId: string | null;
    amount: number;
    lines: FeeLine[];
    payerName: string;
    method: ReceiptRow['method'];
    online: boolean;
    at: Date;
  },
): Promise<ReceiptRow> {
  const year = yearInVietnam(input.at);
  // The counter row is locked by this one statement until commit: numbers have no gaps.
  const [counter] = await tx
    .insert(paymentReceiptCounters)
    .values({ provinceCode: input.provinceCode, year, last: 1 })
    .onConflictDoUpdate({
      target: [paymentReceiptCounters.provinceCode, paymentReceiptCounters.year],
      set: { last: sql`${paymentReceiptCounters.last} + 1` },
    })
    .returning({ last: paymentReceiptCounters.last });
  if (!counter) throw new Error('unreachable: receipt counter returned no row');
  const [row] = await tx
    .insert(paymentReceipts)
    .values({
      provinceCode: input.provinceCode,
      feeRequestId: input.feeRequestId,
      attemptId: input.attemptId,
      number: `${year}/${String(counter.last).padStart(6, '0')}`,
      issuedAt: input.at,
      amount: input.amount,
      lines: input.lines,
      payerName: input.payerName,
      method: input.method,
      online: input.online,
    })
    .returning();
  if (!row) throw new Error('unreachable: receipt insert returned no row');
  return row;
}
