/**
 * One interface for every payment provider (payments-sync-sso.md §2.2 "Conclusion"): the fee
 * request stays ours, each provider only starts, looks up and refunds its own transactions.
 * The notifications they send back (VNPay's IPN, the platform's confirm) differ in transport
 * and are checked by their own routes, then settled by settle-attempt.ts.
 */
import type { PaymentProviderName } from './schema.ts';

export interface StartPayment {
  /** vnp_TxnRef / MaThamChieu. */
  reference: string;
  /** Đồng. */
  amount: number;
  now: Date;
  /** ASCII, no diacritics (§1.2 vnp_OrderInfo). */
  orderInfo: string;
  clientIp: string;
  returnUrl: string;
  /** For the platform's receipt data (ThongTinBienLai): the dossier and the payer. */
  receipt: {
    dossierCode: string;
    procedureCode: string | null;
    procedureName: string;
    agencyCode: string;
    agencyName: string;
    payerName: string;
    lines: ReadonlyArray<{ name: string; amount: number; kind: 'fee' | 'charge' }>;
  };
}

interface StartedPayment {
  redirectUrl: string;
  /** The create time as the provider knows it (querydr needs vnp_CreateDate). */
  providerCreateDate: string;
}

export interface LookedUpPayment {
  state: 'paid' | 'failed' | 'pending';
  /** The provider's code for the answer (vnp_ResponseCode/TransactionStatus, TrangThaiGD). */
  code: string;
  amount?: number;
  transactionNo?: string;
  bankCode?: string;
  paidAt?: Date;
}

export interface AttemptAtProvider {
  reference: string;
  amount: number;
  providerCreateDate: string;
  providerTransactionNo: string | null;
  createdAt: Date;
}

export interface RefundOutcome {
  state: 'refunded' | 'requested' | 'failed';
  code: string;
}

export interface PaymentProvider {
  readonly name: PaymentProviderName;
  start(input: StartPayment): Promise<StartedPayment>;
  lookUp(attempt: AttemptAtProvider, now: Date): Promise<LookedUpPayment>;
  refund(attempt: AttemptAtProvider, input: { by: string; now: Date; orderInfo: string }): Promise<RefundOutcome>;
}

/** The providers a deployment offers (configuration decides, src/services.ts or the test builds them). */
export type PaymentProviders = Partial<Record<PaymentProviderName, PaymentProvider>>;

/** A provider's answer we could not read or trust: the attempt stays as it was and is asked again. */
export class ProviderError extends Error {
  constructor(
    readonly provider: PaymentProviderName,
    message: string,
  ) {
    super(`${provider}: ${message}`);
    this.name = 'ProviderError';
  }
}
