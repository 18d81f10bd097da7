/**
 * The national payment platform end to end with its stand-in (test/standins/payment-platform):
 * INIT accepted field by field, the signed confirm settles the dossier and our answer is signed;
 * a forged confirm is refused (97); QUERY settles a payment whose confirm never came; GET_BILL
 * returns the platform's receipt. Then QĐ 766 indicators 3.5, 3.5b and 3.6 on a small dataset
 * whose numbers are worked out by hand from the formulas.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { QRPay } from 'vietnam-qr-pay';
import { getDossier } from '../dossiers/index.ts';
import { paymentIndicators } from './indicators.ts';
import type { PlatformProvider } from './platform-provider.ts';
import { reconcilePayments } from './reconcile-payments.ts';
import { paymentAttempts } from './schema.ts';
import { startPayment } from './start-payment.ts';
import { type PaymentFixture, paymentFixture } from './testing.ts';
import { vietQrPayload } from './vietqr.ts';

let p: PaymentFixture;
const startedAt = new Date();
before(async () => {
  p = await paymentFixture();
});
after(() => p.close());

async function openPlatform(code: string, citizen: Parameters<typeof startPayment>[1]) {
  const started = await startPayment(
    p.f.db,
    citizen,
    { dossierCode: code, provider: 'national_platform', clientIp: '203.0.113.9' },
    p.ctx(),
  );
  const reference = started.redirectUrl.split('/pay/')[1] ?? '';
  return { ...started, reference };
}
const attemptOf = async (reference: string) =>
  (await p.f.db.select().from(paymentAttempts).where(eq(paymentAttempts.reference, reference)))[0];

test('INIT, then the signed confirm moves the dossier out of awaiting_payment', async () => {
  const { code, citizen } = await p.awaitingPayment();
  const { reference } = await openPlatform(code, citizen);
  assert.deepEqual(p.platform.refusals, [], 'the stand-in accepted every field');
  const order = p.platform.orders.get(reference);
  assert.equal(order?.amount, 8000, 'whole đồng, not × 100');
  assert.equal(order?.receipt.MaHoSo, code, 'the receipt data names the dossier (the reference does not)');
  const forged = await p.platform.pay(reference, { badSignature: true });
  assert.equal(forged?.answer.MaLoi, '97');
  assert.equal((await attemptOf(reference))?.state, 'pending');
  const call = await p.platform.pay(reference);
  assert.equal(call?.answer.MaLoi, '00');
  assert.ok(call?.answerSignatureOk, 'our answer carries a MaXacThuc the platform checks');
  assert.equal((await attemptOf(reference))?.state, 'paid');
  assert.equal((await getDossier(p.f.db, citizen, code)).state, 'in_progress');
  const twice = await p.platform.sendConfirm(call?.body ?? {});
  assert.equal(twice.answer.MaLoi, '02');
  // The platform's own e-receipt (GET_BILL).
  const provider = p.ctx().providers.national_platform as PlatformProvider;
  const bill = await provider.fetchBill(reference, new Date());
  assert.equal(Buffer.from(bill.subarray(0, 5)).toString('latin1'), '%PDF-');
});

test('the confirm never comes: QUERY settles the attempt', async () => {
  const { code, citizen } = await p.awaitingPayment();
  const { reference } = await openPlatform(code, citizen);
  await p.platform.pay(reference, { notify: false });
  await reconcilePayments(p.f.db, p.ctx(new Date(Date.now() + 20 * 60_000)));
  const attempt = await attemptOf(reference);
  assert.equal(attempt?.state, 'paid');
  assert.equal(attempt?.settledBy, 'query');
  assert.equal((await getDossier(p.f.db, citizen, code)).state, 'in_progress');
});

test('the VietQR code decodes to the account, the amount and the dossier code', () => {
  const payload = vietQrPayload({ bankBin: '970416', accountNumber: '257678859' }, 8000, '000.00.41.H60-261207-0001');
  const decoded = new QRPay(payload);
  assert.ok(decoded.isValid);
  assert.equal(decoded.consumer.bankBin, '970416');
  assert.equal(decoded.consumer.bankNumber, '257678859');
  assert.equal(decoded.amount, '8000');
  assert.equal(decoded.additionalData.purpose, 'HS 000.00.41.H60-261207-0001');
});

test('QĐ 766 indicators 3.5, 3.5b and 3.6 from the stored data', async () => {
  // Hand-computed dataset (this file's procedures only count in this province's catalog):
  // fee-bearing procedures: A (the fixture's, 8 000 đ) and B (new, 20 000 đ); C is free.
  const b = await p.f.procedure({
    name: 'Thủ tục B có lệ phí',
    fees: [{ name: 'Lệ phí', amount: 20000, collect: 'before', exemptions: null }],
  });
  await p.f.procedure({
    name: 'Thủ tục C miễn phí',
    fees: [{ name: 'Lệ phí', amount: 0, collect: 'before', exemptions: 'Mọi trường hợp' }],
  });
  // Dossiers of A so far: 2 paid online (the tests above). One more of A asked to pay, unpaid:
  const unpaid = await p.awaitingPayment();
  await openPlatform(unpaid.code, unpaid.citizen);
  const to = new Date(Date.now() + 3600_000);
  const result = await paymentIndicators(p.f.db, { provinceCode: '08', from: startedAt, to });
  // 3.5: procedures with a fee request above 0 (A) ÷ fee-bearing procedures (A, B) = 1/2 = 50 %;
  //      points = 50 × 2 ÷ 80 = 1.25 (full at 80 %).
  assert.deepEqual(result.feesIntegrated, { numerator: 1, denominator: 2, percent: 50, points: 1.25, max: 2 });
  // 3.5b: procedures with a paid online transaction (A) ÷ 2 = 50 %; points = 1.
  assert.deepEqual(result.proceduresPaidOnline, { numerator: 1, denominator: 2, percent: 50, points: 1, max: 2 });
  // 3.6: dossiers paid online (2) ÷ dossiers with fees above 0 (3) = 66.67 %; points = 6 × 2/3 = 4.
  assert.deepEqual(result.dossiersPaidOnline, { numerator: 2, denominator: 3, percent: 66.67, points: 4, max: 6 });
  assert.ok(b.id);
});
