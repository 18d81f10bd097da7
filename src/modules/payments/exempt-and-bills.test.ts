/**
 * Miễn phí, lệ phí through the dossier's state machine (who may, with a reason, audited; a
 * payment that still arrives is flagged for refund), and the national payment platform's own
 * receipt (GET_BILL) stored beside ours.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditTrail } from '../../platform/audit/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { getDossier } from '../dossiers/index.ts';
import { txId } from '../dossiers/testing.ts';
import { exemptFeeRequest } from './exempt-fee-request.ts';
import { paymentStatusOf } from './payment-status.ts';
import { fetchPlatformBills } from './platform-bills.ts';
import { feeRequests, paymentAttempts, paymentReceipts } from './schema.ts';
import { startPayment } from './start-payment.ts';
import { type PaymentFixture, paymentFixture } from './testing.ts';

let p: PaymentFixture;
before(async () => {
  p = await paymentFixture();
});
after(() => p.close());

const refusal = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch (err) {
    assert.ok(err instanceof DomainError, String(err));
    return err.code;
  }
  assert.fail('expected a refusal');
};

test('a specialist exempts the fee with a reason: the dossier leaves awaiting_payment, the request is exempt, audited', async () => {
  const { code, citizen } = await p.awaitingPayment();
  // A VNPay attempt opened before the exemption, paid after it.
  const started = await startPayment(
    p.f.db,
    citizen,
    { dossierCode: code, provider: 'vnpay', clientIp: '203.0.113.9' },
    p.ctx(),
  );
  await fetch(started.redirectUrl);
  const reference = new URL(started.redirectUrl).searchParams.get('vnp_TxnRef') ?? '';

  const exempt = (who: typeof p.staff.specialist, reason: string) =>
    exemptFeeRequest(p.f.db, who, { dossierCode: code, reason, transactionId: txId('exempt') }, p.ctx());
  assert.equal(await refusal(exempt(p.staff.receiver, 'Hộ nghèo')), 'DOSSIER_ROLE_NOT_ALLOWED');
  assert.equal(await refusal(exempt(p.staff.specialist, '   ')), 'REASON_REQUIRED');
  assert.equal(
    await refusal(
      exemptFeeRequest(p.f.db, citizen, { dossierCode: code, reason: 'x', transactionId: txId('e') }, p.ctx()),
    ),
    'DOSSIER_ROLE_NOT_ALLOWED',
  );
  assert.equal((await getDossier(p.f.db, citizen, code)).state, 'awaiting_payment', 'refusals change nothing');

  const request = await exempt(p.staff.specialist, 'Trẻ em thuộc hộ nghèo (sổ hộ nghèo số 12/2026)');
  assert.equal(request.state, 'exempt');
  assert.equal(request.exemptReason, 'Trẻ em thuộc hộ nghèo (sổ hộ nghèo số 12/2026)');
  assert.deepEqual(
    request.lines.map((l) => l.amount),
    [0],
  );
  const view = await getDossier(p.f.db, citizen, code);
  assert.equal(view.state, 'in_progress');
  assert.equal(view.timeline.at(-1)?.type, 'exempt_payment');
  const trail = await auditTrail(p.f.db, `payment:${request.id}`);
  assert.deepEqual(trail.at(-1)?.data, { amount: 8000, reason: 'Trẻ em thuộc hộ nghèo (sổ hộ nghèo số 12/2026)' });
  assert.equal((await paymentStatusOf(p.f.db, view.id)).label, 'Được miễn phí, lệ phí');
  assert.equal(await refusal(exempt(p.staff.specialist, 'lần nữa')), 'PAYMENT_NOTHING_DUE');

  // The citizen still pays on VNPay's page: the money is kept and flagged for refund.
  await p.vnpay.pay(reference);
  const [attempt] = await p.f.db.select().from(paymentAttempts).where(eq(paymentAttempts.reference, reference));
  assert.equal(attempt?.state, 'paid');
  assert.equal(attempt?.refundState, 'due');
  const [after] = await p.f.db.select().from(feeRequests).where(eq(feeRequests.id, request.id));
  assert.equal(after?.state, 'exempt');
});

test('the national platform’s own receipt (GET_BILL) is stored beside ours, once', async () => {
  const { code, citizen } = await p.awaitingPayment();
  const started = await startPayment(
    p.f.db,
    citizen,
    { dossierCode: code, provider: 'national_platform', clientIp: '203.0.113.9' },
    p.ctx(),
  );
  const reference = started.redirectUrl.split('/pay/')[1] ?? '';
  await p.platform.pay(reference);
  const first = await fetchPlatformBills(p.f.db, p.ctx());
  assert.deepEqual(first, { fetched: 1, failed: [] });
  const [attempt] = await p.f.db.select().from(paymentAttempts).where(eq(paymentAttempts.reference, reference));
  const [receipt] = await p.f.db
    .select()
    .from(paymentReceipts)
    .where(eq(paymentReceipts.attemptId, attempt?.id ?? ''));
  assert.ok(receipt?.providerBillKey, 'the platform receipt is on our receipt row');
  const pdf = await p.app.deps.services.blobs.get(receipt.providerBillKey);
  assert.equal(Buffer.from(pdf?.subarray(0, 5) ?? []).toString('latin1'), '%PDF-');
  assert.deepEqual(await fetchPlatformBills(p.f.db, p.ctx()), { fetched: 0, failed: [] }, 'not fetched twice');
});
