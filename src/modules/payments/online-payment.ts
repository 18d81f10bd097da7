/**
 * Whether a dossier's fees were paid online, and where: the national sync's
 * `DuocThanhToanTrucTuyen` (DOMAIN.md §2.1: 1 = the DVCQG payment platform, 2 = the ministry's
 * or province's gateway — VNPay here), which QĐ 766 indicator 3.6 counts. Only a fee request
 * settled by a paid attempt counts: a payment flagged for refund (withdrawn, paid twice) did not
 * pay the dossier, and cash, transfer or an exemption are not online payments.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { feeRequests, type PaymentProviderName, paymentAttempts } from './schema.ts';

export type OnlinePaymentCode = 0 | 1 | 2;

const codes: Record<PaymentProviderName, OnlinePaymentCode> = { national_platform: 1, vnpay: 2 };

export async function onlinePaymentCodeOf(db: Executor, dossierId: string): Promise<OnlinePaymentCode> {
  const [paid] = await db
    .select({ provider: paymentAttempts.provider })
    .from(feeRequests)
    .innerJoin(paymentAttempts, eq(paymentAttempts.id, feeRequests.paidAttemptId))
    .where(and(eq(feeRequests.dossierId, dossierId), eq(feeRequests.state, 'paid'), eq(paymentAttempts.state, 'paid')))
    .orderBy(desc(feeRequests.paidAt))
    .limit(1);
  return paid ? codes[paid.provider] : 0;
}
