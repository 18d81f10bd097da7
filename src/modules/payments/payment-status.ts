/** What the dossier page and the tracking page show of a dossier's payment. */
import { desc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { feeRequests, paymentAttempts, paymentReceipts } from './schema.ts';

export interface PaymentStatus {
  state: 'none' | 'open' | 'pending' | 'paid' | 'exempt' | 'cancelled';
  label: string;
  amount: number;
  receiptNumber: string | null;
}

const labels: Record<PaymentStatus['state'], string> = {
  none: 'Chưa có yêu cầu nộp phí, lệ phí',
  open: 'Chờ thanh toán',
  pending: 'Đang chờ đơn vị thanh toán xác nhận',
  paid: 'Đã thanh toán',
  exempt: 'Được miễn phí, lệ phí',
  cancelled: 'Hủy thanh toán',
};

/** By the dossier's id (the caller already may read the dossier, or it is the public tracking page). */
export async function paymentStatusOf(db: Executor, dossierId: string): Promise<PaymentStatus> {
  const [request] = await db
    .select()
    .from(feeRequests)
    .where(eq(feeRequests.dossierId, dossierId))
    .orderBy(desc(feeRequests.createdAt))
    .limit(1);
  if (!request) return { state: 'none', label: labels.none, amount: 0, receiptNumber: null };
  const [receipt] = await db
    .select({ number: paymentReceipts.number })
    .from(paymentReceipts)
    .where(eq(paymentReceipts.feeRequestId, request.id));
  let state: PaymentStatus['state'] = request.state;
  if (state === 'open') {
    const states = await db
      .select({ state: paymentAttempts.state })
      .from(paymentAttempts)
      .where(eq(paymentAttempts.feeRequestId, request.id));
    if (states.some((s) => s.state === 'pending')) state = 'pending';
  }
  return { state, label: labels[state], amount: request.amount, receiptNumber: receipt?.number ?? null };
}
