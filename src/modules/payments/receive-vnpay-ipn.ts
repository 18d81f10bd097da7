/**
 * VNPay's IPN (payments-sync-sso.md §1.5), the only truth about a VNPay payment: checksum →
 * order → amount → still pending → record, answered with the RspCode VNPay expects. A failed
 * payment is recorded too and answered 00; a duplicate or late IPN finds the attempt final
 * and gets 02, which VNPay takes as delivered.
 */
import type { Executor } from '../../platform/db/index.ts';
import type { PaymentContext } from './context.ts';
import { settleAttempt } from './settle-attempt.ts';
import { type IpnAnswer, ipnAnswers, parseVnpayDate, verifyVnpayParams } from './vnpay-protocol.ts';

export async function receiveVnpayIpn(
  db: Executor,
  params: Readonly<Record<string, string>>,
  settings: { hashSecret: string; tmnCode: string },
  ctx: PaymentContext,
): Promise<IpnAnswer> {
  if (!verifyVnpayParams(params, settings.hashSecret)) return ipnAnswers.badChecksum;
  // Another terminal's order is not ours.
  if (params.vnp_TmnCode !== settings.tmnCode || !params.vnp_TxnRef) return ipnAnswers.notFound;
  const raw = params.vnp_Amount ?? '';
  if (!/^\d{1,14}$/.test(raw) || Number(raw) % 100 !== 0) return ipnAnswers.invalidAmount;
  // §1.5: paid only when both codes say 00; anything else is a failure, still recorded.
  const paid = params.vnp_ResponseCode === '00' && params.vnp_TransactionStatus === '00';
  const outcome = await settleAttempt(
    db,
    {
      reference: params.vnp_TxnRef,
      paid,
      amount: Number(raw) / 100,
      code: `${params.vnp_ResponseCode ?? ''}/${params.vnp_TransactionStatus ?? ''}`,
      transactionNo: params.vnp_TransactionNo,
      bankCode: params.vnp_BankCode,
      paidAt: parseVnpayDate(params.vnp_PayDate) ?? undefined,
    },
    'notification',
    ctx,
  );
  switch (outcome) {
    case 'recorded':
      return ipnAnswers.ok;
    case 'not_found':
      return ipnAnswers.notFound;
    case 'amount_mismatch':
      return ipnAnswers.invalidAmount;
    case 'already_final':
      return ipnAnswers.alreadyConfirmed;
  }
}
