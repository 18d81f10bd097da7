/** Steps the journeys share: register, file online, sign staff in, take an action on a dossier. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { pdfBytes, pngBytes } from '../fixtures/files.ts';
import { DEMO_PASSWORD, type Journey } from './harness.ts';

export const BIRTH = {
  code: '1.001193',
  name: 'Thủ tục đăng ký khai sinh',
  agency: 'Ủy ban nhân dân phường Minh Xuân',
  commune: 'Phường Minh Xuân',
  declaration: 'Tờ khai đăng ký khai sinh theo mẫu',
  birthCertificate: 'Giấy chứng sinh hoặc giấy tờ thay Giấy chứng sinh',
};

export const pdfFile = async (name: string, text: string) => ({
  name,
  mimeType: 'application/pdf',
  buffer: Buffer.from(await pdfBytes(text)),
});
export const pngFile = (name: string) => ({ name, mimeType: 'image/png', buffer: Buffer.from(pngBytes()) });

/** Types a date into a GOV.UK date input (day, month, year boxes under one question). */
export async function fillDate(page: Page, question: string, dayMonthYear: string) {
  const [day = '', month = '', year = ''] = dayMonthYear.split(' ');
  const group = page.getByRole('group', { name: question });
  await group.getByLabel('Ngày', { exact: true }).fill(day);
  await group.getByLabel('Tháng', { exact: true }).fill(month);
  await group.getByLabel('Năm', { exact: true }).fill(year);
}

export async function register(page: Page, journey: Journey, who: { name: string; login: string }) {
  await page.getByRole('link', { name: 'Đăng ký tài khoản' }).click();
  await page.waitForURL(/\/dang-ky/);
  await page.getByLabel('Họ và tên').fill(who.name);
  await page.getByLabel('Số điện thoại hoặc thư điện tử').fill(who.login);
  await page.getByLabel('Mật khẩu').fill('mat-khau-cua-toi');
  await journey.check(page, 'register');
  await page.getByRole('button', { name: 'Tạo tài khoản', exact: true }).click();
  await confirmRegistration(page, journey);
}

/**
 * The embedded demo sends no SMS or e-mail: the page shows the message queued for the phone
 * or inbox, whose link confirms the registration (src/site/account-pages.tsx).
 */
export async function confirmRegistration(page: Page, journey: Journey) {
  await page.getByRole('heading', { name: 'Hãy xác nhận đăng ký' }).waitFor();
  await journey.check(page, 'register-sent');
  await page.getByRole('link', { name: /\/dang-ky\/xac-nhan\?ma=/ }).click();
  await page.waitForURL(/\/dang-ky\/xac-nhan/);
  await journey.check(page, 'register-confirm');
  await page.getByRole('button', { name: 'Tạo tài khoản và đăng nhập' }).click();
}

/** From the procedure page to the confirmation: every page checked; returns the code and the key. */
export async function fileBirthRegistration(
  page: Page,
  journey: Journey,
  who: { name: string; login: string },
): Promise<{ code: string; key: string }> {
  await page.getByRole('link', { name: /Nộp hồ sơ trực tuyến/ }).click();
  // Not signed in: the sign-in page, then registration, then back to the filing.
  await page.waitForURL(/\/dang-nhap\?tiep=/);
  await journey.check(page, 'sign-in-to-file');
  await register(page, journey, who);
  await page.waitForURL(/\/nop-ho-so\/1\.001193$/);
  await journey.check(page, 'task-list');

  await page.getByRole('link', { name: 'Chọn nơi nộp hồ sơ' }).click();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.waitForSelector('.error-summary');
  await journey.check(page, 'where-to-file-error');
  await page.getByLabel(BIRTH.agency, { exact: true }).check();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  await page.waitForURL(/\/nguoi-nop$/);
  assert.equal(await page.getByLabel('Họ và tên').inputValue(), who.name);
  await page.getByLabel('Số định danh cá nhân (số căn cước)').fill('008195004321');
  await page.getByLabel('Số điện thoại di động').fill('0912 345 678');
  await journey.check(page, 'applicant');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  await page.waitForURL(/\/to-khai$/);
  await fillBirthForm(page);
  await journey.check(page, 'e-form');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  await page.waitForURL(/\/giay-to$/);
  await journey.check(page, 'papers');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.waitForSelector('.error-summary');
  await journey.check(page, 'papers-missing');
  // The declaration is the e-form just filled: it is not asked for again (issue 13.4).
  assert.match(
    (await page.locator('main').textContent()) ?? '',
    new RegExp(`Không cần tải lên “${BIRTH.declaration}”`),
  );
  for (const [paper, file] of [[BIRTH.birthCertificate, pngFile('giay-chung-sinh.png')]] as const) {
    await page.getByLabel(`Tải lên tệp cho giấy tờ: ${paper}`).setInputFiles(file);
    await page.getByRole('button', { name: `Tải lên — ${paper}` }).click();
    await page.waitForURL(/\/giay-to$/);
  }
  await journey.check(page, 'papers-uploaded');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  await page.waitForURL(/\/kiem-tra$/);
  await journey.check(page, 'check-answers');
  await page.getByRole('button', { name: 'Gửi hồ sơ' }).click();
  await page.waitForURL(/\/da-nop$/);
  await journey.check(page, 'confirmation');
  const code = (await page.locator('.panel strong.code').textContent()) ?? '';
  const key = (await page.locator('.key-box strong.code').nth(1).textContent()) ?? '';
  assert.match(code, /^000\.01\.41\.H60-\d{6}-\d{4}$/);
  assert.ok(key.length >= 6);
  assert.equal(await page.locator('svg.qr').count(), 1);
  return { code, key };
}

/**
 * The birth declaration's questions (issue 13.4): the declarant's relation, the child (born in the
 * home province, whose communes are listed at once), the mother; the father left out.
 */
export async function fillBirthForm(page: Page) {
  await page.getByLabel('Xã, phường, đặc khu').selectOption({ label: BIRTH.commune });
  await fillBirthFormWithoutPlace(page);
}

/** Every answer but the province and commune of the birth place. */
export async function fillBirthFormWithoutPlace(page: Page) {
  await page.getByLabel('Mẹ', { exact: true }).check();
  await page.getByLabel('Họ, chữ đệm và tên của trẻ').fill('Nguyễn Minh Khôi');
  await fillDate(page, 'Ngày, tháng, năm sinh', '1 11 2026');
  await page.getByLabel('Nam', { exact: true }).check();
  await page.getByLabel('Dân tộc', { exact: true }).selectOption('Tày');
  await page.getByLabel('Quốc tịch', { exact: true }).fill('Việt Nam');
  await page.getByLabel('Nơi cụ thể (cơ sở y tế, số nhà, thôn, tổ)').fill('Tổ 7');
  await page.getByLabel('Quê quán').fill('Xã Hàm Yên, tỉnh Tuyên Quang');
  await page.getByLabel('Họ, chữ đệm và tên của mẹ').fill('Hoàng Thị Lan');
  await page.getByLabel('Năm sinh của mẹ').fill('1996');
  await page.getByLabel('Dân tộc của mẹ').selectOption('Tày');
  await page.getByLabel('Quốc tịch của mẹ').fill('Việt Nam');
  await page.getByLabel('Nơi cư trú của mẹ').fill('Tổ 7, phường Minh Xuân, tỉnh Tuyên Quang');
}

export async function signInStaff(page: Page, journey: Journey, login: string, label: string) {
  await page.goto(`${new URL(page.url()).origin}/workspace/dang-nhap`);
  await page.getByLabel('Tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/workspace$/);
  await journey.check(page, `${label}-inbox`);
}

export async function openStaffDossier(page: Page, code: string) {
  await page.goto(`${new URL(page.url()).origin}/workspace`);
  await page.getByRole('link', { name: code }).first().click();
  await page.waitForURL(new RegExp(`/workspace/ho-so/${code.replaceAll('.', '\\.')}$`));
}

/** Opens an action's page from the dossier page (or clicks its one-click button) and checks the page. */
export async function openAction(page: Page, journey: Journey, label: string, shot: string) {
  const link = page.locator('main').getByRole('link', { name: label, exact: true });
  if ((await link.count()) > 0) {
    await link.click();
    await page.waitForURL(/\/thao-tac\//);
    await journey.check(page, shot);
    return;
  }
  await page.locator('main').getByRole('button', { name: label, exact: true }).click();
  await page.waitForURL(/\?xong=/);
}

/** Submits an action's page with its button and lands back on the dossier with the success banner. */
export async function submitAction(page: Page, journey: Journey, label: string, shot: string) {
  await page.locator('main form').last().getByRole('button', { name: label, exact: true }).click();
  await page.waitForURL(/\?xong=/);
  assert.equal(await page.locator('.banner-success').count(), 1, `${label}: success banner`);
  await journey.check(page, shot);
}
