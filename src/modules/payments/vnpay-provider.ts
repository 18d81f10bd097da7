/**
 * VNPay 2.1.0 behind the PaymentProvider interface: the signed redirect (§1.2–1.3), querydr
 * and refund over merchant_webapi (§1.7), every answer's checksum checked before it is used.
 */
import { randomBytes } from 'node:crypto';
import type { AttemptAtProvider, LookedUpPayment, PaymentProvider, RefundOutcome, StartPayment } from './provider.ts';
import { ProviderError } from './provider.ts';
import {
  parseVnpayDate,
  pipeHash,
  querydrRequestFields,
  querydrResponseFields,
  refundRequestFields,
  refundResponseFields,
  sameDigest,
  VNPAY_VERSION,
  vnpayDate,
  vnpayPaymentUrl,
  vnpaySafeText,
} from './vnpay-protocol.ts';

export interface VnpaySettings {
  tmnCode: string;
  hashSecret: string;
  payUrl: string;
  apiUrl: string;
  /** This server's address (vnp_IpAddr of querydr and refund). */
  serverIp: string;
  /** Minutes the payment page stays open (vnp_ExpireDate); most integrations use 15. */
  expiryMinutes?: number;
}

/** vnp_RequestId: unique per day (§1.7); 32 hex characters never repeat. */
const requestId = () => randomBytes(16).toString('hex');

export function createVnpayProvider(settings: VnpaySettings, fetchFn: typeof fetch = fetch): PaymentProvider {
  const expiry = (settings.expiryMinutes ?? 15) * 60_000;

  async function post(body: Record<string, string>, responseFields: readonly string[]) {
    const response = await fetchFn(settings.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new ProviderError('vnpay', `HTTP ${response.status}`);
    const answer = (await response.json()) as Record<string, string | undefined>;
    // An answer about a transaction is signed; a refused request (bad format, 97) may not be.
    if (answer.vnp_ResponseCode === '00') {
      const given = answer.vnp_SecureHash ?? '';
      if (!sameDigest(pipeHash(responseFields, answer, settings.hashSecret), given)) {
        throw new ProviderError('vnpay', 'answer checksum does not match');
      }
      if (answer.vnp_TxnRef !== body.vnp_TxnRef) throw new ProviderError('vnpay', 'answer is about another order');
    }
    return answer;
  }

  return {
    name: 'vnpay',

    async start(input: StartPayment) {
      const createDate = vnpayDate(input.now);
      const params: Record<string, string> = {
        vnp_Version: VNPAY_VERSION,
        vnp_Command: 'pay',
        vnp_TmnCode: settings.tmnCode,
        vnp_Amount: String(input.amount * 100),
        vnp_CreateDate: createDate,
        vnp_CurrCode: 'VND',
        vnp_IpAddr: input.clientIp,
        vnp_Locale: 'vn',
        vnp_OrderInfo: vnpaySafeText(input.orderInfo),
        vnp_OrderType: 'other',
        vnp_ReturnUrl: input.returnUrl,
        vnp_ExpireDate: vnpayDate(new Date(input.now.getTime() + expiry)),
        vnp_TxnRef: input.reference,
      };
      return {
        redirectUrl: vnpayPaymentUrl(settings.payUrl, params, settings.hashSecret),
        providerCreateDate: createDate,
      };
    },

    async lookUp(attempt: AttemptAtProvider, now: Date): Promise<LookedUpPayment> {
      const body: Record<string, string> = {
        vnp_RequestId: requestId(),
        vnp_Version: VNPAY_VERSION,
        vnp_Command: 'querydr',
        vnp_TmnCode: settings.tmnCode,
        vnp_TxnRef: attempt.reference,
        vnp_OrderInfo: `Tra cuu giao dich ${attempt.reference}`,
        vnp_TransactionDate: attempt.providerCreateDate,
        vnp_CreateDate: vnpayDate(now),
        vnp_IpAddr: settings.serverIp,
      };
      if (attempt.providerTransactionNo) body.vnp_TransactionNo = attempt.providerTransactionNo;
      body.vnp_SecureHash = pipeHash(querydrRequestFields, body, settings.hashSecret);
      const answer = await post(body, querydrResponseFields);
      const code = answer.vnp_ResponseCode ?? '';
      // 91: VNPay has no such transaction — the citizen never paid; once the page expired, never will.
      if (code === '91') {
        const expired = now.getTime() > attempt.createdAt.getTime() + expiry;
        return { state: expired ? 'failed' : 'pending', code };
      }
      if (code !== '00') throw new ProviderError('vnpay', `querydr answered ${code}`);
      const status = answer.vnp_TransactionStatus ?? '';
      const found = {
        code: `${code}/${status}`,
        ...(answer.vnp_Amount ? { amount: Number(answer.vnp_Amount) / 100 } : {}),
        ...(answer.vnp_TransactionNo ? { transactionNo: answer.vnp_TransactionNo } : {}),
        ...(answer.vnp_BankCode ? { bankCode: answer.vnp_BankCode } : {}),
      };
      if (status === '00') {
        const paidAt = parseVnpayDate(answer.vnp_PayDate);
        return { state: 'paid', ...found, ...(paidAt ? { paidAt } : {}) };
      }
      // 01 not completed, 05/06 refund in progress, 07 suspected fraud: nothing final yet.
      if (['01', '05', '06', '07'].includes(status)) {
        const expired = status === '01' && now.getTime() > attempt.createdAt.getTime() + expiry;
        return { state: expired ? 'failed' : 'pending', ...found };
      }
      return { state: 'failed', ...found };
    },

    async refund(attempt: AttemptAtProvider, input): Promise<RefundOutcome> {
      const body: Record<string, string> = {
        vnp_RequestId: requestId(),
        vnp_Version: VNPAY_VERSION,
        vnp_Command: 'refund',
        vnp_TmnCode: settings.tmnCode,
        vnp_TransactionType: '02',
        vnp_TxnRef: attempt.reference,
        vnp_Amount: String(attempt.amount * 100),
        vnp_OrderInfo: vnpaySafeText(input.orderInfo),
        vnp_TransactionNo: attempt.providerTransactionNo ?? '0',
        vnp_TransactionDate: attempt.providerCreateDate,
        vnp_CreateBy: vnpaySafeText(input.by, 50),
        vnp_CreateDate: vnpayDate(input.now),
        vnp_IpAddr: settings.serverIp,
      };
      body.vnp_SecureHash = pipeHash(refundRequestFields, body, settings.hashSecret);
      const answer = await post(body, refundResponseFields);
      const code = answer.vnp_ResponseCode ?? '';
      // 94: a refund of this order is already being processed.
      if (code === '00') return { state: 'refunded', code };
      if (code === '94') return { state: 'requested', code };
      return { state: 'failed', code };
    },
  };
}
