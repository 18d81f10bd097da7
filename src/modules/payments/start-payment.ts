/**
 * The citizen chooses a provider: a new attempt (GiaoDichThanhToan) under the dossier's fee
 * request, with a reference that says nothing of the dossier or the applicant, and the page of
 * the provider to send the browser to. Only the applicant pays online for their dossier.
 */
import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { agencyById } from '../directory/index.ts';
import { nowOf, type PaymentContext } from './context.ts';
import './errors.ts';
import { openFeeRequest } from './open-fee-request.ts';
import { ProviderError } from './provider.ts';
import { type PaymentProviderName, paymentAttempts } from './schema.ts';
import { vnpayDate } from './vnpay-protocol.ts';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** 20 characters of [A-Z2-9] (100 bits): unique for ever, so VNPay's "unique per day" holds. */
const newReference = (): string => Array.from({ length: 20 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

const returnPathOf = (provider: PaymentProviderName): string =>
  provider === 'vnpay' ? '/payments/vnpay/return' : '/payments/platform/return';

export async function startPayment(
  db: Executor,
  caller: Caller,
  input: { dossierCode: string; provider: PaymentProviderName | null; clientIp: string },
  ctx: PaymentContext,
): Promise<{ attemptId: string; redirectUrl: string }> {
  if (caller.kind !== 'citizen') throw new DomainError('PAYMENT_ROLE_NOT_ALLOWED');
  // The dossier first: a stranger learns nothing, not even which providers are offered.
  const { request, facts } = await openFeeRequest(db, caller, input.dossierCode);
  const provider = input.provider ? ctx.providers[input.provider] : undefined;
  if (!provider) throw new DomainError('PAYMENT_PROVIDER_UNAVAILABLE', { provider: input.provider });
  const agency = await agencyById(db, request.competentAgencyId);
  const reference = newReference();
  const now = nowOf(ctx);
  // The attempt is stored before the provider hears of it: a notification never finds no order.
  const [attempt] = await db
    .insert(paymentAttempts)
    .values({
      provinceCode: request.provinceCode,
      feeRequestId: request.id,
      provider: provider.name,
      reference,
      amount: request.amount,
      state: 'pending',
      // Both providers take yyyyMMddHHmmss GMT+7 (vnp_CreateDate, ThoiGianGD).
      providerCreateDate: vnpayDate(now),
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: paymentAttempts.id });
  if (!attempt) throw new Error('unreachable: attempt insert returned no row');
  try {
    const started = await provider.start({
      reference,
      amount: request.amount,
      now,
      orderInfo: `Thanh toan le phi ho so ${reference}`,
      clientIp: input.clientIp,
      returnUrl: new URL(returnPathOf(provider.name), ctx.publicUrl).toString(),
      receipt: {
        dossierCode: request.dossierCode,
        procedureCode: request.procedureNationalCode,
        procedureName: request.procedureName,
        agencyCode: agency?.code ?? '',
        agencyName: agency?.name ?? '',
        payerName: facts.payerName,
        lines: request.lines,
      },
    });
    return { attemptId: attempt.id, redirectUrl: started.redirectUrl };
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    await db
      .update(paymentAttempts)
      .set({ state: 'failed', resultCode: 'init_failed', updatedAt: now })
      .where(eq(paymentAttempts.id, attempt.id));
    throw new DomainError('PAYMENT_PROVIDER_FAILED', { provider: provider.name });
  }
}
