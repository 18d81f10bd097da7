/**
 * Counter reception: the receiver finds the procedure, enters the applicant and the e-form,
 * ticks the papers received, receives, scans the papers and prints the receipt slip (Mẫu 01);
 * the applicant then tracks the dossier with the code and key of the receipt, unsigned.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DESK, Journey, PHONE, startedForFile } from './harness.ts';
import { BIRTH, fillBirthForm, pdfFile, signInStaff } from './steps.ts';

const live = startedForFile();

test('a receiver receives a dossier at the counter, scans the papers and prints the receipt', async () => {
  const journey = new Journey('counter-journey');
  const page = await journey.newPage(await live.browser.newContext(DESK));
  await page.goto(live.server.url);
  await signInStaff(page, journey, 'tiepnhan.minhxuan', 'receiver');
  await page.getByRole('link', { name: 'Tiếp nhận tại quầy' }).click();
  await page.getByLabel('Tìm thủ tục hành chính').fill('khai sinh');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await journey.check(page, 'choose-procedure');
  await page.getByRole('link', { name: `Chọn: ${BIRTH.name}`, exact: true }).click();
  await page.waitForURL(/\/workspace\/tiep-nhan\/1\.001193$/);
  assert.equal(await page.getByLabel('Cơ quan thực hiện').locator('option:checked').textContent(), BIRTH.agency);

  // A required paper not ticked: the dossier is not received, the officer is told which.
  await page.getByLabel('Họ và tên').fill('Ma Thị Hiền');
  await page.getByLabel('Số điện thoại di động').fill('0203 3822 456');
  await fillBirthForm(page);
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
  await page.waitForSelector('.error-summary');
  await journey.check(page, 'paper-not-ticked');

  await page.getByLabel(BIRTH.declaration, { exact: true }).check();
  await page.getByLabel(BIRTH.birthCertificate, { exact: true }).check();
  await page.getByLabel(/^Thẻ căn cước/).check();
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
  await page.waitForURL(/\/quet/);
  await journey.check(page, 'received');
  const code = (await page.locator('.panel strong.code').textContent()) ?? '';
  assert.match(code, /^000\.01\.41\.H60-\d{6}-\d{4}$/);

  await page.getByLabel('Chọn tệp').setInputFiles(await pdfFile('to-khai-quet.pdf', 'To khai (ban quet)'));
  await page.getByRole('button', { name: 'Tải lên', exact: true }).click();
  await page.waitForURL(/\/quet/);
  await journey.check(page, 'scanned');
  const slipHref = (await page.getByRole('link', { name: /In giấy tiếp nhận/ }).getAttribute('href')) ?? '';
  const slip = await page.request.get(new URL(slipHref, page.url()).href);
  assert.equal(slip.status(), 200);
  assert.equal(slip.headers()['content-type'], 'application/pdf');

  await page.getByRole('link', { name: 'Mở hồ sơ' }).click();
  await journey.check(page, 'dossier');
  const key = (await page.locator('[data-tracking-key]').textContent()) ?? '';

  const citizen = await journey.newPage(await live.browser.newContext(PHONE));
  await citizen.goto(`${live.server.url}/tra-cuu`);
  await citizen.getByLabel('Mã hồ sơ').fill(code);
  await citizen.getByLabel('Mã tra cứu').fill(key);
  await citizen.getByRole('button', { name: 'Tra cứu' }).click();
  await citizen.waitForURL(/\/tra-cuu\/.+\?key=/);
  await journey.check(citizen, 'tracking');
  assert.match((await citizen.locator('main').textContent()) ?? '', /Đã được tiếp nhận|Đang được giải quyết/);
  journey.assertClean();
});
