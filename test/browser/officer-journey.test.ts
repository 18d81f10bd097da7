/**
 * Issue 13, the officers' items as a province would sign them off:
 * - 10: at the counter, Mẫu 01 lists only the papers received, on one signed A4 page with its
 *   signature block, opened in a new tab; papers missing, the same screen prints the guidance
 *   slip (Mẫu 02) or the refusal slip (Mẫu 03), with and without JavaScript, on a 375×812 phone;
 * - 12: "Đến hạn hôm nay" and "Sắp đến hạn" lead to different lists, each as long as its count;
 * - 14: the counter's page and the slip write the appointment with its session and weekday.
 * (11, issuing a result in one step, runs in online-journey.test.ts.)
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { projectRoot } from '../../src/platform/paths.ts';
import { assertOneA4Page, pdfSig, pdfToText } from '../../src/platform/pdf/testing.ts';
import { DESK, Journey, startedForFile } from './harness.ts';
import { BIRTH, fillBirthForm, signInStaff } from './steps.ts';

const live = startedForFile();
const PHONE_375 = { viewport: { width: 375, height: 812 }, locale: 'vi-VN' };
const ID_CARD = /^Thẻ căn cước/;
const APPOINTMENT = /\d\d giờ \d\d, (sáng|chiều) (thứ \p{L}+|Chủ nhật), ngày \d\d\/\d\d\/\d{4}/u;

/** The counter form of the birth registration with the applicant and the e-form filled in. */
async function counterForm(page: Page, applicant: string) {
  await page.goto(`${live.server.url}/workspace/tiep-nhan/${BIRTH.code}`);
  await page.getByLabel('Họ và tên').fill(applicant);
  await page.getByLabel('Số điện thoại di động').fill('0203 3822 456');
  await fillBirthForm(page);
}

/** The slip behind a link: it opens in a new tab, and is one signed A4 page. */
async function slipOf(page: Page, linkName: RegExp): Promise<string> {
  const link = page.getByRole('link', { name: linkName });
  assert.equal(await link.getAttribute('target'), '_blank', 'the slip opens in a new tab');
  const href = (await link.getAttribute('href')) ?? '';
  const res = await page.request.get(new URL(href, page.url()).href);
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['content-type'], 'application/pdf');
  const bytes = new Uint8Array(await res.body());
  writeFileSync(
    path.join(projectRoot, 'test-results', `${new URL(href, page.url()).pathname.split('/').pop() ?? 'slip.pdf'}`),
    bytes,
  );
  assertOneA4Page(bytes);
  assert.match(pdfSig(bytes), /Signature #1/u, 'signed by default');
  return pdfToText(bytes).replace(/\s+/gu, ' ');
}

test('at the counter: Mẫu 01 lists the papers received, signed, in a new tab, with the appointment in words', async () => {
  const journey = new Journey('officer-counter-receipt');
  const page = await journey.newPage(await live.browser.newContext(DESK));
  await page.goto(live.server.url);
  await signInStaff(page, journey, 'tiepnhan.minhxuan', 'receiver');
  await counterForm(page, 'Ma Thị Hiền');
  await page.getByLabel(BIRTH.declaration, { exact: true }).check();
  await page.getByLabel(BIRTH.birthCertificate, { exact: true }).check();
  await page.getByLabel(ID_CARD).check();
  const unticked = await page
    .locator('input[name="papers"]:not(:checked)')
    .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).labels?.[0]?.textContent?.trim() ?? ''));
  await journey.check(page, 'counter-form');
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ', exact: true }).click();
  await page.waitForURL(/\/quet/);
  await journey.check(page, 'received');
  assert.match((await page.locator('[data-appointment]').textContent()) ?? '', APPOINTMENT);
  const receipt = await slipOf(page, /In giấy tiếp nhận/);
  for (const name of [BIRTH.declaration, BIRTH.birthCertificate]) assert.ok(receipt.includes(name), receipt);
  assert.ok(unticked.length > 0, 'the procedure has papers the receiver left unticked');
  for (const label of unticked) {
    // The slip's table wraps names: compare their first words.
    const start = label
      .replace(/\s*\(không bắt buộc\)$/u, '')
      .split(/\s+/u)
      .slice(0, 6)
      .join(' ');
    assert.ok(!receipt.includes(start), `an unticked paper is not listed: ${start}`);
  }
  assert.match(receipt, /Thời gian trả kết quả giải quyết hồ sơ: \d\d giờ \d\d, (sáng|chiều) /u);
  assert.match(receipt, /NGƯỜI TIẾP NHẬN HỒ SƠ/u);
  journey.assertClean();
});

test('papers missing: the counter prints the guidance slip (Mẫu 02) from the same screen', async () => {
  const journey = new Journey('officer-counter-guidance');
  const page = await journey.newPage(await live.browser.newContext(DESK));
  await page.goto(live.server.url);
  await signInStaff(page, journey, 'tiepnhan.minhxuan', 'receiver');
  await counterForm(page, 'Hoàng Văn Sơn');
  await page.getByLabel(BIRTH.declaration, { exact: true }).check();
  await page.getByLabel(ID_CARD).check();
  await page.getByLabel('Nội dung hướng dẫn hoặc lý do từ chối').fill('Mang Giấy chứng sinh bản chính khi nộp lại.');
  await page.getByRole('button', { name: 'Lập phiếu hướng dẫn bổ sung (Mẫu 02)' }).click();
  await page.waitForURL(/\/phieu-tai-quay\?loai=supplement-request$/);
  await journey.check(page, 'guidance-issued');
  const guidance = await slipOf(page, /In phiếu yêu cầu bổ sung/);
  assert.ok(guidance.includes(BIRTH.birthCertificate), guidance);
  assert.ok(guidance.includes('Mang Giấy chứng sinh bản chính khi nộp lại.'), guidance);
  journey.assertClean();
});

test('without JavaScript on a 375×812 phone, the counter refuses with Mẫu 03, asking for the reason first', async () => {
  const journey = new Journey('officer-counter-refusal-no-js');
  journey.noScript = true;
  const page = await journey.newPage(await live.browser.newContext({ ...PHONE_375, javaScriptEnabled: false }));
  await page.goto(live.server.url);
  await signInStaff(page, journey, 'tiepnhan.minhxuan', 'receiver');
  await counterForm(page, 'Lý Thị Mai');
  await page.getByRole('button', { name: 'Từ chối tiếp nhận (Mẫu 03)' }).click();
  await page.waitForSelector('.error-summary');
  await journey.check(page, 'refusal-needs-reason');
  await page
    .getByLabel('Nội dung hướng dẫn hoặc lý do từ chối')
    .fill('Trẻ sinh tại tỉnh khác, cha mẹ thường trú tỉnh khác: không thuộc thẩm quyền.');
  await page.getByRole('button', { name: 'Từ chối tiếp nhận (Mẫu 03)' }).click();
  await page.waitForURL(/\/phieu-tai-quay\?loai=intake-refusal$/);
  await journey.check(page, 'refused');
  const refusal = await slipOf(page, /In phiếu từ chối tiếp nhận/);
  assert.ok(refusal.includes('không thuộc thẩm quyền'), refusal);
  await journey.close();
  journey.assertClean();
});

test('the inbox: "Đến hạn hôm nay" and "Sắp đến hạn" lead to different lists, each as long as its count', async () => {
  for (const [label, options] of [
    ['desk', DESK],
    ['phone', PHONE_375],
  ] as const) {
    const journey = new Journey(`officer-inbox-${label}`);
    const page = await journey.newPage(await live.browser.newContext(options));
    await page.goto(live.server.url);
    await signInStaff(page, journey, 'tiepnhan.minhxuan', 'receiver');
    const hrefs = new Set<string>();
    for (const card of ['Quá hạn', 'Đến hạn hôm nay', 'Sắp đến hạn']) {
      const link = page.locator('.count-cards a', { hasText: card });
      const count = Number((await link.locator('.count-number').textContent()) ?? 'NaN');
      hrefs.add((await link.getAttribute('href')) ?? '');
      await link.click();
      await page.waitForLoadState();
      await journey.check(page, `card-${card}`);
      assert.equal(await page.locator('.count-cards a[aria-current="true"]').textContent(), await link.textContent());
      const rows = await page.locator('table.stack-table tbody tr').count();
      assert.equal(rows, count, `${card}: the list is as long as the card's count`);
      await page.goto(`${live.server.url}/workspace`);
    }
    assert.equal(hrefs.size, 3, 'each card has its own list');
    journey.assertClean();
  }
});
