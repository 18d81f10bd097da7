/**
 * Issue 15's browser journey over the documents pages (/workspace/van-ban): the justice
 * department's clerk registers an incoming letter on paper and presents it, the leader assigns
 * it, the specialist starts and drafts the answer from the letter's page, the leader approves,
 * the clerk checks the format, the leader signs with a personal key, the clerk seals, numbers
 * and issues it, and the specialist closes the letter. Once on a desk with JavaScript, once
 * without JavaScript on a 375×812 phone. Every page goes through axe, no sideways scrolling.
 *
 * The leader's personal certificate is installed as `mocua signing import` would (the demo
 * seed mints only the agencies' seals): a test CA, as in src/modules/documents/testing.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { agencyByCode } from '../../src/modules/directory/index.ts';
import { importPkcs12Key } from '../../src/modules/dossiers/index.ts';
import { findAccountByLogin } from '../../src/platform/auth/index.ts';
import { createDemoCertificate, verifyPdf } from '../../src/platform/pdf/index.ts';
import { DESK, Journey, startedForFile } from './harness.ts';
import { signInStaff } from './steps.ts';

const live = startedForFile();
const PHONE_375: BrowserContextOptions = { viewport: { width: 375, height: 812 }, locale: 'vi-VN' };
const LEADER = 'Nguyễn Văn Khải';
const SPECIALIST = 'Bùi Thị Minh Nguyệt';

let installed = false;
/** Once per file, inside the first test (the server starts in the harness's before hook). */
async function installLeaderKey() {
  if (installed) return;
  installed = true;
  const db = live.server.db.db;
  const agency = await agencyByCode(db, '000.00.03.H60');
  const account = await findAccountByLogin(db, 'lanhdao.tuphap');
  assert.ok(agency && account, 'the demo province has the justice department and its leader');
  const ca = await createDemoCertificate({
    commonName: 'CA thử nghiệm hành trình văn bản',
    password: 'x',
    isCa: true,
    keyAlgorithm: 'ECDSA-P256',
    validityDays: 3650,
    withoutPkcs12: true,
  });
  const cert = await createDemoCertificate({
    commonName: LEADER,
    organization: 'Sở Tư pháp tỉnh Tuyên Quang',
    password: 'p12',
    keyAlgorithm: 'ECDSA-P256',
    validityDays: 365,
    issuer: { certificate: ca.certificate, privateKeyPkcs8: ca.privateKeyPkcs8 },
  });
  await importPkcs12Key(db, {
    owner: { agencyId: agency.id, accountId: account.id },
    pkcs12: cert.pkcs12,
    password: 'p12',
  });
}

/** Clicks an action's button on the document page and waits for its banner. */
async function act(page: Page, journey: Journey, button: string, shot: string, done: string) {
  await page.locator('main').getByRole('button', { name: button, exact: true }).click();
  await page.waitForURL(/\?xong=/);
  await page.getByText(done).first().waitFor();
  await journey.check(page, shot);
}

/** Opens a document from the inbox tab it waits in. */
async function openFromInbox(page: Page, journey: Journey, tab: string, linkText: string, shot: string) {
  await page.goto(`${live.server.url}/workspace/van-ban`);
  await page.getByRole('navigation', { name: 'Hộp văn bản' }).getByRole('link', { name: tab }).click();
  await page.waitForURL(/hop=/);
  await journey.check(page, `${shot}-inbox`);
  await page.getByRole('link', { name: linkText }).click();
  await page.waitForURL(/\/workspace\/van-ban\/[0-9a-f-]{36}$/);
  await journey.check(page, shot);
}

async function runJourney(name: string, options: BrowserContextOptions, noScript: boolean, tag: string) {
  await installLeaderKey();
  const journey = new Journey(name);
  journey.noScript = noScript;
  const context = (o: BrowserContextOptions) =>
    live.browser.newContext({ ...o, ...(noScript ? { javaScriptEnabled: false } : {}) });
  const clerk = await journey.newPage(await context(options));
  const leader = await journey.newPage(await context(options));
  const specialist = await journey.newPage(await context(options));
  const incomingSubject = `Về việc rà soát thủ tục hành chính lĩnh vực hộ tịch (${tag})`;
  const answerSubject = `Báo cáo kết quả rà soát thủ tục hộ tịch (${tag})`;

  // The clerk registers the paper letter and presents it to the leader.
  await clerk.goto(live.server.url);
  await signInStaff(clerk, journey, 'vanthu.tuphap', 'clerk');
  await clerk.goto(`${live.server.url}/workspace/van-ban`);
  await journey.check(clerk, 'clerk-documents');
  await clerk.getByRole('link', { name: 'Vào sổ văn bản đến' }).click();
  await clerk.waitForURL(/\/vao-so$/);
  await clerk.getByRole('button', { name: 'Vào sổ', exact: true }).click();
  await clerk.waitForSelector('.error-summary');
  await journey.check(clerk, 'register-errors');
  await clerk.getByLabel('Cơ quan ban hành').fill('Văn phòng UBND tỉnh Tuyên Quang');
  await clerk.getByLabel('Số', { exact: true }).fill('123');
  await clerk.getByLabel('Ký hiệu').fill('UBND-VP');
  await clerk.getByLabel('Ngày văn bản').fill('2026-11-12');
  await clerk.getByLabel('Trích yếu nội dung').fill(incomingSubject);
  await clerk.getByLabel('Độ khẩn').selectOption({ label: 'Khẩn' });
  await journey.check(clerk, 'register-form');
  await clerk.getByRole('button', { name: 'Vào sổ', exact: true }).click();
  await clerk.waitForURL(/\?xong=vao-so$/);
  await journey.check(clerk, 'registered');
  const incomingUrl = clerk.url().replace(/\?.*$/u, '');
  assert.match((await clerk.locator('main').textContent()) ?? '', /Đã vào sổ/u);
  await clerk.getByLabel('Lãnh đạo cho ý kiến chỉ đạo').selectOption({ label: LEADER });
  await act(clerk, journey, 'Trình lãnh đạo', 'presented', 'Đã trình lãnh đạo.');

  // The leader assigns it to the specialist, five working days.
  await leader.goto(live.server.url);
  await signInStaff(leader, journey, 'lanhdao.tuphap', 'leader');
  await openFromInbox(leader, journey, 'Chờ phân công', `Công văn: ${incomingSubject}`, 'leader-letter');
  await leader.getByLabel('Người chủ trì xử lý').selectOption({ label: SPECIALIST });
  await leader.getByLabel('Thời hạn xử lý (số ngày làm việc)').fill('5');
  await leader.getByLabel('Ý kiến chỉ đạo').fill('Giao chuyên viên tham mưu trả lời.');
  await act(leader, journey, 'Phân công xử lý', 'assigned', 'Đã phân công xử lý.');

  // The specialist starts and drafts the answer from the letter's page.
  await specialist.goto(live.server.url);
  await signInStaff(specialist, journey, 'chuyenvien.tuphap', 'specialist');
  await openFromInbox(specialist, journey, 'Cần xử lý', `Công văn: ${incomingSubject}`, 'specialist-letter');
  await act(specialist, journey, 'Bắt đầu xử lý', 'started', 'Đã nhận xử lý.');
  await specialist.getByRole('link', { name: 'Soạn văn bản trả lời' }).click();
  await specialist.waitForURL(/\/du-thao\?tra_loi=/);
  await specialist.getByLabel('Ký hiệu').fill('STP-HCTP');
  await specialist.getByLabel('Trích yếu nội dung').fill(answerSubject);
  await specialist
    .getByLabel('Nội dung', { exact: true })
    .fill('Thực hiện Công văn số 123/UBND-VP, Sở Tư pháp báo cáo như sau.\n\nĐã rà soát 25 thủ tục.');
  await specialist.getByLabel('Kính gửi / nơi nhận chính').fill('Văn phòng UBND tỉnh Tuyên Quang');
  await specialist.getByLabel('Mã định danh cơ quan nhận').fill('000.00.01.H60');
  await specialist.getByLabel('Đơn vị soạn thảo (viết tắt)').fill('HCTP');
  await specialist.getByLabel('Chức vụ người ký').fill('Phó Giám đốc');
  await specialist.getByLabel('Họ tên người ký').fill(LEADER);
  await journey.check(specialist, 'draft-form');
  await specialist.getByRole('button', { name: 'Lưu dự thảo' }).click();
  await specialist.waitForURL(/\?xong=du-thao$/);
  await journey.check(specialist, 'draft-saved');
  const answerUrl = specialist.url().replace(/\?.*$/u, '');
  await specialist.getByLabel('Lãnh đạo duyệt, ký').selectOption({ label: LEADER });
  await act(specialist, journey, 'Trình duyệt, ký', 'draft-submitted', 'Đã trình lãnh đạo duyệt.');

  // The leader approves, the clerk checks the format, the leader signs.
  await openFromInbox(leader, journey, 'Chờ duyệt', `Công văn: ${answerSubject}`, 'leader-draft');
  await act(leader, journey, 'Duyệt nội dung', 'approved', 'Đã duyệt nội dung.');
  await openFromInbox(clerk, journey, 'Chờ kiểm tra thể thức', `Công văn: ${answerSubject}`, 'clerk-format');
  await act(clerk, journey, 'Đạt thể thức, chuyển ký', 'format-checked', 'đã chuyển lãnh đạo ký');
  await openFromInbox(leader, journey, 'Chờ ký', `Công văn: ${answerSubject}`, 'leader-sign');
  await act(leader, journey, 'Ký số', 'signed', 'Đã ký số văn bản.');

  // The clerk seals, numbers and issues it; the number is taken now.
  await openFromInbox(clerk, journey, 'Chờ phát hành', `Công văn: ${answerSubject}`, 'clerk-issue');
  await act(clerk, journey, 'Ký số cơ quan, cấp số và phát hành', 'issued', 'Đã cấp số và phát hành văn bản.');
  const issuedText = (await clerk.locator('main').textContent()) ?? '';
  assert.match(issuedText, /Đã phát hành/u);
  const number = /(\d{2,})\/STP-HCTP/u.exec(issuedText);
  assert.ok(number, `the issued page shows the number: ${issuedText.slice(0, 400)}`);
  assert.match(issuedText, /Sở Tư pháp tỉnh Tuyên Quang|Sở Tư pháp/u);
  // The main file carries the number it was issued with: NN-STP-HCTP.pdf.
  const mainName = `${number[1]}-STP-HCTP.pdf`;
  const signedHref = await clerk.getByRole('link', { name: mainName, exact: true }).getAttribute('href');
  const signed = await clerk.request.get(new URL(signedHref ?? '', clerk.url()).href);
  assert.equal(signed.status(), 200);
  const report = await verifyPdf(new Uint8Array(await signed.body()));
  // The leader's personal signature, then the agency's seal.
  assert.equal(report.length, 2, 'the issued file carries two signatures');
  assert.ok(
    report.every((s) => s.integrityValid),
    'every signature covers the bytes it claims',
  );

  // The letter now links its answer; the specialist closes it.
  await specialist.goto(incomingUrl);
  assert.ok(await specialist.locator(`a[href="${new URL(answerUrl).pathname}"]`).count(), 'the answer is linked');
  await specialist.getByLabel('Kết quả xử lý').fill('Đã trả lời bằng văn bản.');
  await act(specialist, journey, 'Hoàn thành xử lý', 'closed', 'Đã hoàn thành xử lý văn bản.');
  assert.match((await specialist.locator('main').textContent()) ?? '', /Hoàn thành/u);

  await journey.close();
  journey.assertClean();
}

test('a letter in and its answer out, through five people’s pages, with JavaScript on a desk', async () => {
  await runJourney('documents-journey-desk', DESK, false, 'bàn làm việc');
});

test('the same journey without JavaScript on a 375×812 phone', async () => {
  await runJourney('documents-journey-phone-no-js', PHONE_375, true, 'điện thoại');
});
