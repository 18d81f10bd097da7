/**
 * Payments (payments-sync-sso.md §2.2 "Conclusion"): our own fee request per dossier
 * (YeuCauThanhToan) kept apart from the provider transactions (GiaoDichThanhToan), one to many,
 * and the e-receipt (biên lai điện tử, §2.3) of a paid request. Amounts are whole đồng.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One line of the fee notice: phí or lệ phí (the national platform receipts them apart). */
export interface FeeLine {
  name: string;
  /** Đồng; 0 for an exempted line. */
  amount: number;
  kind: 'fee' | 'charge';
  /** Why the line is exempted (the catalog's exemption case the officer applied). */
  exemption?: string;
}

export const feeRequestStates = ['open', 'paid', 'exempt', 'cancelled'] as const;
export type FeeRequestState = (typeof feeRequestStates)[number];

export const feeRequests = pgTable(
  'fee_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    dossierId: uuid('dossier_id').notNull(),
    dossierCode: text('dossier_code').notNull(),
    procedureId: uuid('procedure_id').notNull(),
    procedureNationalCode: text('procedure_national_code'),
    procedureName: text('procedure_name').notNull(),
    competentAgencyId: uuid('competent_agency_id').notNull(),
    amount: integer('amount').notNull(),
    lines: jsonb('lines').$type<FeeLine[]>().notNull(),
    state: text('state', { enum: feeRequestStates }).notNull(),
    paidAt: ts('paid_at'),
    paidAttemptId: uuid('paid_attempt_id'),
    /** State `exempt`: the officer's reason (an exemption case of the procedure), who, when. */
    exemptReason: text('exempt_reason'),
    exemptedBy: uuid('exempted_by'),
    exemptedAt: ts('exempted_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    // One request open per dossier: a second "open" of the same due amount returns the first.
    uniqueIndex('fee_requests_open_uq').on(t.dossierId).where(sql`state = 'open'`),
    index('fee_requests_dossier_idx').on(t.dossierId),
    index('fee_requests_procedure_idx').on(t.provinceCode, t.procedureId),
  ],
);

export const paymentProviders = ['vnpay', 'national_platform'] as const;
export type PaymentProviderName = (typeof paymentProviders)[number];

export const attemptStates = ['pending', 'paid', 'failed'] as const;
export type AttemptState = (typeof attemptStates)[number];

export const refundStates = ['due', 'requested', 'refunded', 'failed'] as const;
export type RefundState = (typeof refundStates)[number];

/** One transaction at a provider for a fee request (GiaoDichThanhToan). */
export const paymentAttempts = pgTable(
  'payment_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    feeRequestId: uuid('fee_request_id').notNull(),
    provider: text('provider', { enum: paymentProviders }).notNull(),
    /**
     * vnp_TxnRef / MaThamChieu: 20 random letters and digits, unique for ever (VNPay asks unique
     * per day), so it says nothing of the dossier or the applicant (issue 16).
     */
    reference: text('reference').notNull(),
    amount: integer('amount').notNull(),
    state: text('state', { enum: attemptStates }).notNull(),
    /** The provider's own create time string (vnp_CreateDate / ThoiGianGD), needed by querydr. */
    providerCreateDate: text('provider_create_date').notNull(),
    /** vnp_TransactionNo / MaGiaoDich: refunds need it. */
    providerTransactionNo: text('provider_transaction_no'),
    bankCode: text('bank_code'),
    /** vnp_ResponseCode / MaLoi of the final answer. */
    resultCode: text('result_code'),
    /** Who settled it: the notification (IPN, confirm) or the reconciliation query. */
    settledBy: text('settled_by', { enum: ['notification', 'query'] }),
    paidAt: ts('paid_at'),
    /** A payment that arrived when the dossier no longer waited for it (withdrawn, paid twice). */
    refundState: text('refund_state', { enum: refundStates }),
    refundReason: text('refund_reason'),
    lastQueriedAt: ts('last_queried_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payment_attempts_reference_uq').on(t.reference),
    index('payment_attempts_request_idx').on(t.feeRequestId),
    // The reconciliation job reads only the running set.
    index('payment_attempts_pending_idx').on(t.createdAt).where(sql`state = 'pending'`),
  ],
);

/** Biên lai thu phí, lệ phí điện tử (§2.3): one per paid or exempted fee request, numbered per year. */
export const paymentReceipts = pgTable(
  'payment_receipts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    feeRequestId: uuid('fee_request_id').notNull(),
    attemptId: uuid('attempt_id'),
    /** `<year>/<number>`, gap-free per province and year. */
    number: text('number').notNull(),
    issuedAt: ts('issued_at').notNull(),
    amount: integer('amount').notNull(),
    lines: jsonb('lines').$type<FeeLine[]>().notNull(),
    payerName: text('payer_name').notNull(),
    method: text('method', { enum: ['vnpay', 'national_platform', 'transfer', 'cash', 'exempt'] }).notNull(),
    online: boolean('online').notNull(),
    /**
     * The national payment platform issues its own e-receipt (§2.3): its PDF, fetched with
     * GET_BILL after the payment, kept in the blob store beside ours (platform-bills.ts).
     */
    providerBillKey: text('provider_bill_key'),
    providerBillFetchedAt: ts('provider_bill_fetched_at'),
  },
  (t) => [
    uniqueIndex('payment_receipts_request_uq').on(t.feeRequestId),
    uniqueIndex('payment_receipts_number_uq').on(t.provinceCode, t.number),
  ],
);

/** The receipt counter per province and year (locked for one statement, like dossier codes). */
export const paymentReceiptCounters = pgTable(
  'payment_receipt_counters',
  {
    provinceCode: text('province_code').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [uniqueIndex('payment_receipt_counters_pk').on(t.provinceCode, t.year)],
);
