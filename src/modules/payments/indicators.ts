/**
 * QĐ 766 group TTTT (online payment) from our stored data (DOMAIN.md §3.1):
 * - 3.5  TTHC with fees integrated for online payment: procedures of the period with a fee
 *        request above 0 ÷ fee-bearing procedures of the catalog; full points at ≥ 80 %.
 * - 3.5b TTHC with ≥ 1 online payment transaction: procedures with a paid VNPay or national
 *        platform attempt in the period ÷ fee-bearing procedures.
 * - 3.6  Dossiers paid online (DuocThanhToanTrucTuyen 1 = national platform, 2 = province
 *        gateway) ÷ (dossiers of fee-bearing procedures − dossiers whose fee list is all 0),
 *        i.e. dossiers with a fee request above 0 in the period.
 * The period is the fee request's creation for 3.5 and 3.6, the payment's time for 3.5b.
 * Rates have 2 decimals; a 0 denominator gives null (N/A, §3.1 "Rounding and display").
 */
import { and, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { procedureFacts } from '../catalog/index.ts';
import { feeRequests, paymentAttempts } from './schema.ts';

interface Rate {
  numerator: number;
  denominator: number;
  /** Percent with 2 decimals, or null when the denominator is 0. */
  percent: number | null;
  /** Points out of `max`, full at `fullAt` percent and proportional below. */
  points: number | null;
  max: number;
}

export interface PaymentIndicators {
  feesIntegrated: Rate; // 3.5
  proceduresPaidOnline: Rate; // 3.5b
  dossiersPaidOnline: Rate; // 3.6
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function rate(numerator: number, denominator: number, max: number, fullAt = 100): Rate {
  if (denominator === 0) return { numerator, denominator, percent: null, points: null, max };
  const percent = (numerator / denominator) * 100;
  return {
    numerator,
    denominator,
    percent: round2(percent),
    points: round2(percent >= fullAt ? max : (percent * max) / fullAt),
    max,
  };
}

export async function paymentIndicators(
  db: Executor,
  input: { provinceCode: string; from: Date; to: Date },
): Promise<PaymentIndicators> {
  const feeBearing = (await procedureFacts(db, input.provinceCode)).filter((p) => p.feeBearing).map((p) => p.id);
  const inPeriod = and(
    eq(feeRequests.provinceCode, input.provinceCode),
    gte(feeRequests.createdAt, input.from),
    lt(feeRequests.createdAt, input.to),
    gt(feeRequests.amount, 0),
  );
  const none = feeBearing.length === 0;
  const [integrated] = none
    ? [{ n: 0 }]
    : await db
        .select({ n: sql<number>`count(distinct ${feeRequests.procedureId})::int` })
        .from(feeRequests)
        .where(and(inPeriod, inArray(feeRequests.procedureId, feeBearing)));
  const [paidProcedures] = none
    ? [{ n: 0 }]
    : await db
        .select({ n: sql<number>`count(distinct ${feeRequests.procedureId})::int` })
        .from(paymentAttempts)
        .innerJoin(feeRequests, eq(feeRequests.id, paymentAttempts.feeRequestId))
        .where(
          and(
            eq(paymentAttempts.provinceCode, input.provinceCode),
            eq(paymentAttempts.state, 'paid'),
            gte(paymentAttempts.paidAt, input.from),
            lt(paymentAttempts.paidAt, input.to),
            inArray(feeRequests.procedureId, feeBearing),
          ),
        );
  const [dossiers] = none
    ? [{ due: 0, paid: 0 }]
    : await db
        .select({
          due: sql<number>`count(distinct ${feeRequests.dossierId})::int`,
          // Paid through a provider, and not refunded as unwanted.
          paid: sql<number>`count(distinct fee_requests.dossier_id) filter (where exists (
            select 1 from payment_attempts a where a.fee_request_id = fee_requests.id
              and a.state = 'paid' and a.refund_state is null))::int`,
        })
        .from(feeRequests)
        .where(and(inPeriod, inArray(feeRequests.procedureId, feeBearing)));
  return {
    feesIntegrated: rate(integrated?.n ?? 0, feeBearing.length, 2, 80),
    proceduresPaidOnline: rate(paidProcedures?.n ?? 0, feeBearing.length, 2),
    dossiersPaidOnline: rate(dossiers?.paid ?? 0, dossiers?.due ?? 0, 6),
  };
}
