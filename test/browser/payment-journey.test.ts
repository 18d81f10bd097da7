/**
 * Issue 16: a citizen pays a dossier's fee through VNPay in the browser, on a 375×812 phone,
 * with JavaScript and without it. The app redirects to the VNPay stand-in
 * (test/standins/vnpay: it checks the signed redirect), the citizen pays there, the stand-in
 * sends the IPN — the only thing that settles the payment — and then the browser to the return
 * page, which only displays. The dossier's payment page then shows the receipt.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { directoryCallerResolver } from '../../src/modules/directory/index.ts';
import { takeAction } from '../../src/modules/dossiers/index.ts';
import { findAccountByLogin } from '../../src/platform/auth/index.ts';
import { startVnpayStandIn, type VnpayStandIn } from '../standins/vnpay/server.ts';
import { freePort, Journey, launchChromium, type Server, startServer } from './harness.ts';
import { fileBirthRegistration } from './steps.ts';

const PHONE_375 = { viewport: { width: 375, height: 812 }, locale: 'vi-VN' };
let server: Server;
let vnpay: VnpayStandIn;
let browser: Browser;

before(async () => {
  vnpay = await startVnpayStandIn();
  const port = await freePort();
  server = await startServer(
    {
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      VNPAY_TMN_CODE: vnpay.tmnCode,
      VNPAY_HASH_SECRET: vnpay.hashSecret,
      VNPAY_PAY_URL: vnpay.payUrl,
      VNPAY_API_URL: vnpay.apiUrl,
    },
    port,
  );
  vnpay.setIpnUrl(`${server.url}/payments/vnpay/ipn`);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await vnpay?.close();
});

/** The officers take the dossier to awaiting_payment (their own journeys are tested elsewhere). */
async function askForPayment(code: string, amount: number) {
  const db = server.db.db;
  const resolve = directoryCallerResolver(() => db);
  const staff = async (login: string) => {
    const account = await findAccountByLogin(db, login);
    assert.ok(account, login);
    return resolve(account);
  };
  const receiver = await staff('tiepnhan.minhxuan');
  const specialist = await staff('chuyenvien.minhxuan');
  const act = (caller: Awaited<ReturnType<typeof staff>>, action: Parameters<typeof takeAction>[3]) =>
    takeAction(db, caller, code, action, { transactionId: crypto.randomUUID() }, { provinceCode: '08' });
  await act(receiver, { type: 'receive' });
  await act(receiver, { type: 'complete_step', stepIndex: 0 });
  await act(specialist, { type: 'request_payment', amount, items: [{ name: 'Lệ phí cấp bản sao trích lục', amount }] });
}

for (const script of [true, false]) {
  test(`a citizen pays the fee through VNPay on a 375×812 phone (${script ? 'with' : 'without'} JavaScript)`, async () => {
    const journey = new Journey(`vnpay-${script ? 'js' : 'no-js'}`);
    journey.noScript = !script;
    const context = await browser.newContext({ ...PHONE_375, javaScriptEnabled: script });
    const page = await journey.newPage(context);
    await page.goto(`${server.url}/thu-tuc/1.001193`);
    const who = script
      ? { name: 'Lò Thị Dung', login: '0912 555 101' }
      : { name: 'Hoàng Văn Sáng', login: '0912 555 202' };
    const { code } = await fileBirthRegistration(page, journey, who);
    await askForPayment(code, 8000);

    await page.goto(`${server.url}/payments/dossiers/${encodeURIComponent(code)}`);
    await journey.check(page, 'pay-page');
    assert.equal(await page.locator('.payment-state').textContent(), 'Chờ thanh toán');
    assert.match((await page.locator('main').textContent()) ?? '', /Tổng cộng: 8\.000/);
    await page.getByRole('button', { name: 'Thanh toán qua VNPay' }).click();
    // A link, not a redirect of the post: the CSP lets forms post only to this site.
    await page.waitForSelector('text=Chuyển đến trang thanh toán');
    await journey.check(page, 'hand-off');
    await page.getByRole('link', { name: 'Tiếp tục đến trang thanh toán của VNPay' }).click();
    // VNPay's page (the stand-in): it accepted the signature, or it would show an error.
    await page.waitForURL((u) => u.pathname === '/paymentv2/vpcpay.html');
    assert.deepEqual(vnpay.payPageErrors, []);
    const reference = (await page.locator('#order').textContent()) ?? '';
    assert.match(reference, /^[A-Z2-9]{20}$/, 'the order reference says nothing of the dossier');
    await page.getByRole('button', { name: 'Thanh toán' }).click();

    await page.waitForURL((u) => u.pathname === '/payments/vnpay/return');
    await journey.check(page, 'return-page');
    assert.match((await page.locator('main').textContent()) ?? '', /Giao dịch đã được đơn vị thanh toán ghi nhận/);
    const ipn = vnpay.ipnCalls.find((c) => c.query.includes(`vnp_TxnRef=${reference}`));
    assert.deepEqual(ipn?.answer, { RspCode: '00', Message: 'Confirm Success' }, 'the IPN settled it');

    await page.goto(`${server.url}/payments/dossiers/${encodeURIComponent(code)}`);
    await journey.check(page, 'paid');
    assert.equal(await page.locator('.payment-state').textContent(), 'Đã thanh toán');
    const receipt = await page.getByRole('link', { name: 'Tải biên lai (PDF)' }).getAttribute('href');
    const pdf = await context.request.get(`${server.url}${receipt}`);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    journey.assertClean();
    await journey.close();
    await context.close();
  });
}
