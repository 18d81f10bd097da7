/**
 * VNPay 2.1.0 end to end with the stand-in (test/standins/vnpay): the signed redirect is
 * accepted by the stand-in's own checksum, the IPN comes back over HTTP and is the only thing
 * that changes records (§1.5), with every RspCode rule; querydr settles an attempt whose IPN
 * never came; a payment after a withdrawal is flagged and refunded.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { getDossier, takeAction } from '../dossiers/index.ts';
import { txId } from '../dossiers/testing.ts';
import { paymentStatusOf } from './payment-status.ts';
import { reconcilePayments } from './reconcile-payments.ts';
import { refundPayment } from './refund-payment.ts';
import { feeRequests, paymentAttempts, paymentReceipts } from './schema.ts';
import { startPayment } from './start-payment.ts';
import { type PaymentFixture, paymentFixture } from './testing.ts';
import { vnpayQueryString } from './vnpay-protocol.ts';

let p: PaymentFixture;
before(async () => {
  p = await paymentFixture();
});
after(() => p.close());

/** The citizen chooses VNPay and the browser opens the page the app redirects to. */
async function openVnpay(code: string, citizen: Parameters<typeof startPayment>[1]) {
  const started = await startPayment(
    p.f.db,
    citizen,
    { dossierCode: code, provider: 'vnpay', clientIp: '203.0.113.9' },
    p.ctx(),
  );
  const page = await fetch(started.redirectUrl);
  const html = await page.text();
  assert.match(html, /id="order"/, `the stand-in refused the redirect: ${html}`);
  const reference = new URL(started.redirectUrl).searchParams.get('vnp_TxnRef') ?? '';
  return { ...started, reference };
}
const attemptOf = async (reference: string) =>
  (await p.f.db.select().from(paymentAttempts).where(eq(paymentAttempts.reference, reference)))[0];
const dossierState = async (code: string, citizen: Parameters<typeof getDossier>[1]) =>
  (await getDossier(p.f.db, citizen, code)).state;

test('the redirect is signed as VNPay checks it and its reference says nothing of the dossier', async () => {
  const { code, citizen } = await p.awaitingPayment();
  const { redirectUrl, reference } = await openVnpay(code, citizen);
  const url = new URL(redirectUrl);
  assert.match(reference, /^[A-Z2-9]{20}$/);
  assert.ok(!redirectUrl.includes(code) && !redirectUrl.includes('Hoa'), 'no dossier code or name in the URL');
  assert.equal(url.searchParams.get('vnp_Amount'), '800000', 'VND × 100');
  assert.equal(url.searchParams.get('vnp_SecureHashType'), null, 'not sent in 2.1.0');
  assert.equal(url.searchParams.get('vnp_SecureHash')?.length, 128);
  // The string we hash is the query as sent, minus the hash (§1.3 step 3).
  assert.equal(
    url.search.slice(1).replace(/&vnp_SecureHash=.*$/, ''),
    vnpayQueryString(Object.fromEntries(url.searchParams)),
  );
  assert.deepEqual(p.vnpay.payPageErrors, []);
});

test('success: the IPN records the payment, the dossier leaves awaiting_payment, a receipt is issued', async () => {
  const { code, citizen } = await p.awaitingPayment();
  assert.equal(await dossierState(code, citizen), 'awaiting_payment');
  const { reference } = await openVnpay(code, citizen);
  const returnUrl = await p.vnpay.pay(reference);
  assert.deepEqual(p.vnpay.ipnCalls.at(-1)?.answer, { RspCode: '00', Message: 'Confirm Success' });
  assert.equal((await attemptOf(reference))?.state, 'paid');
  assert.equal(await dossierState(code, citizen), 'in_progress');
  const [request] = await p.f.db.select().from(feeRequests).where(eq(feeRequests.dossierCode, code));
  assert.equal(request?.state, 'paid');
  const receipts = await p.f.db
    .select()
    .from(paymentReceipts)
    .where(eq(paymentReceipts.feeRequestId, request?.id ?? ''));
  assert.equal(receipts.length, 1);
  assert.match(receipts[0]?.number ?? '', /^\d{4}\/\d{6}$/);
  // The return page only displays: it verifies the signature and changes nothing.
  const shown = await p.app.inject({ method: 'GET', url: new URL(returnUrl).pathname + new URL(returnUrl).search });
  assert.equal(shown.statusCode, 200);
  assert.match(shown.body, /đã được đơn vị thanh toán ghi nhận/);
  // Duplicate IPN: already confirmed, nothing written twice.
  const again = await p.vnpay.sendIpn(p.vnpay.resultQuery(reference));
  assert.deepEqual(again.answer, { RspCode: '02', Message: 'Order already confirmed' });
  assert.equal(
    (
      await p.f.db
        .select()
        .from(paymentReceipts)
        .where(eq(paymentReceipts.feeRequestId, request?.id ?? ''))
    ).length,
    1,
  );
  // The receipt PDF for the applicant.
  const pdf = await p.app.inject({ method: 'GET', url: `/payments/dossiers/${code}/bien-lai.pdf` });
  assert.equal(pdf.statusCode, 401, 'not without signing in');
});

test('cancel: the attempt fails (answered 00), the dossier still waits, and a new attempt can pay', async () => {
  const { code, citizen } = await p.awaitingPayment();
  const first = await openVnpay(code, citizen);
  const returnUrl = await p.vnpay.pay(first.reference, { outcome: 'cancel' });
  assert.deepEqual(p.vnpay.ipnCalls.at(-1)?.answer, { RspCode: '00', Message: 'Confirm Success' });
  assert.equal((await attemptOf(first.reference))?.state, 'failed');
  assert.equal((await attemptOf(first.reference))?.resultCode, '24/02');
  assert.equal(await dossierState(code, citizen), 'awaiting_payment');
  const shown = await p.app.inject({ method: 'GET', url: new URL(returnUrl).pathname + new URL(returnUrl).search });
  assert.match(shown.body, /không thành công/);
  const second = await openVnpay(code, citizen);
  assert.notEqual(second.reference, first.reference);
  await p.vnpay.pay(second.reference);
  assert.equal(await dossierState(code, citizen), 'in_progress');
});

test('out of order: a late failure IPN after the success changes nothing', async () => {
  const { code, citizen } = await p.awaitingPayment();
  const { reference } = await openVnpay(code, citizen);
  const order = p.vnpay.orders.get(reference);
  assert.ok(order);
  // The failure notice of an earlier try on VNPay's page, delivered after the success.
  await p.vnpay.pay(reference, { outcome: 'insufficient', ipn: false });
  const failure = p.vnpay.resultQuery(reference);
  await p.vnpay.pay(reference);
  const late = await p.vnpay.sendIpn(failure);
  assert.deepEqual(late.answer, { RspCode: '02', Message: 'Order already confirmed' });
  assert.equal((await attemptOf(reference))?.state, 'paid');
  assert.equal(await dossierState(code, citizen), 'in_progress');
});

test('wrong amount (04), bad signature (97), unknown order (01): nothing recorded', async () => {
  const { code, citizen } = await p.awaitingPayment();
  const { reference } = await openVnpay(code, citizen);
  await p.vnpay.pay(reference, { ipn: false });
  const order = p.vnpay.orders.get(reference);
  assert.ok(order);
  const wrong = await p.vnpay.sendIpn(p.vnpay.resultQuery(reference, { amount100: '100000' }));
  assert.deepEqual(wrong.answer, { RspCode: '04', Message: 'Invalid amount' });
  const forged = await p.vnpay.sendIpn(p.vnpay.resultQuery(reference, { badSignature: true }));
  assert.deepEqual(forged.answer, { RspCode: '97', Message: 'Invalid signature' });
  assert.equal((await attemptOf(reference))?.state, 'pending');
  assert.equal(await dossierState(code, citizen), 'awaiting_payment');
  const port = (p.app.server.address() as { port: number }).port;
  const unknown = await fetch(`http://127.0.0.1:${port}/payments/vnpay/ipn?vnp_TxnRef=ZZZ`);
  assert.equal(unknown.status, 200);
  assert.equal(
    ((await unknown.json()) as { RspCode: string }).RspCode,
    '97',
    'unsigned: the checksum is checked first',
  );
  const stranger = p.vnpay.resultQuery(reference).replace(`vnp_TxnRef=${reference}`, 'vnp_TxnRef=NOSUCHORDER000000000');
  // Re-signed by VNPay for an order we never made.
  p.vnpay.orders.set('NOSUCHORDER000000000', { ...order, txnRef: 'NOSUCHORDER000000000' });
  const notOurs = await p.vnpay.sendIpn(p.vnpay.resultQuery('NOSUCHORDER000000000'));
  assert.ok(stranger.length > 0);
  assert.deepEqual(notOurs.answer, { RspCode: '01', Message: 'Order not found' });
  // The right IPN still goes through afterwards.
  const right = await p.vnpay.sendIpn(p.vnpay.resultQuery(reference));
  assert.deepEqual(right.answer, { RspCode: '00', Message: 'Confirm Success' });
});

test('the IPN never arrives: querydr after 15 minutes settles the attempt', async () => {
  const { code, citizen } = await p.awaitingPayment();
  const paid = await openVnpay(code, citizen);
  await p.vnpay.pay(paid.reference, { ipn: false });
  const early = await reconcilePayments(p.f.db, p.ctx(new Date(Date.now() + 5 * 60_000)));
  assert.equal((await attemptOf(paid.reference))?.state, 'pending', `too early: ${JSON.stringify(early)}`);
  const report = await reconcilePayments(p.f.db, p.ctx(new Date(Date.now() + 20 * 60_000)));
  assert.ok(report.settled >= 1, JSON.stringify(report));
  const attempt = await attemptOf(paid.reference);
  assert.equal(attempt?.state, 'paid');
  assert.equal(attempt?.settledBy, 'query');
  assert.ok(p.vnpay.apiCalls.some((c) => c.vnp_Command === 'querydr' && c.vnp_TxnRef === paid.reference));
  assert.equal(await dossierState(code, citizen), 'in_progress');
  // The IPN arriving after all: already confirmed.
  const late = await p.vnpay.sendIpn(p.vnpay.resultQuery(paid.reference));
  assert.equal((late.answer as { RspCode: string }).RspCode, '02');
});

test('a payment after a withdrawal is flagged for refund, and refunded through VNPay', async () => {
  const { code, citizen } = await p.awaitingPayment();
  const { reference } = await openVnpay(code, citizen);
  await takeAction(
    p.f.db,
    citizen,
    code,
    { type: 'withdraw', reason: 'Không còn nhu cầu' },
    { transactionId: txId('wd') },
    p.f.at('2026-12-07T04:00:00Z'),
  );
  await p.vnpay.pay(reference);
  assert.deepEqual(p.vnpay.ipnCalls.at(-1)?.answer, { RspCode: '00', Message: 'Confirm Success' });
  const attempt = await attemptOf(reference);
  assert.equal(attempt?.state, 'paid');
  assert.equal(attempt?.refundState, 'due');
  assert.equal(attempt?.refundReason, 'withdrawn');
  assert.equal(await dossierState(code, citizen), 'withdrawn');
  assert.equal((await paymentStatusOf(p.f.db, (await getDossier(p.f.db, citizen, code)).id)).state, 'cancelled');
  // Only a receiver or leader of the competent agency.
  await assert.rejects(refundPayment(p.f.db, p.staff.specialist, attempt?.id ?? '', p.ctx()), {
    code: 'PAYMENT_NOT_FOUND',
  });
  const refunded = await refundPayment(p.f.db, p.staff.leader, attempt?.id ?? '', p.ctx());
  assert.deepEqual(refunded, { refundState: 'refunded', code: '00' });
  const call = p.vnpay.apiCalls.at(-1);
  assert.equal(call?.vnp_Command, 'refund');
  assert.equal(call?.vnp_Amount, '800000');
  assert.equal((await attemptOf(reference))?.refundState, 'refunded');
  await assert.rejects(refundPayment(p.f.db, p.staff.leader, attempt?.id ?? '', p.ctx()), {
    code: 'PAYMENT_REFUND_NOT_DUE',
  });
});
