/**
 * Issue 13, item 2: validation says everything at once, in words written for each field, and
 * keeps what was typed — with JavaScript, without it, and on a 375×812 phone.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { DESK, Journey, startedForFile } from './harness.ts';
import { BIRTH, confirmRegistration, fillBirthFormWithoutPlace, fillDate } from './steps.ts';

const live = startedForFile();
export const PHONE_375: BrowserContextOptions = { viewport: { width: 375, height: 812 }, locale: 'vi-VN' };

const summary = async (page: Page) => (await page.locator('.error-summary li').allTextContents()).map((s) => s.trim());

async function journey(name: string, options: BrowserContextOptions, script: boolean, login: string) {
  const j = new Journey(name);
  j.noScript = !script;
  const context = await live.browser.newContext({ ...options, javaScriptEnabled: script });
  const page = await j.newPage(context);
  await page.goto(`${live.server.url}/thu-tuc/${BIRTH.code}`);
  await page.getByRole('link', { name: /Nộp hồ sơ trực tuyến/ }).click();
  await page.getByRole('link', { name: 'Đăng ký tài khoản' }).click();

  // Registration: a bad phone does not hide a short password or an implausible name.
  await page.getByLabel('Họ và tên').fill('Lò 7');
  await page.getByLabel('Số điện thoại hoặc thư điện tử').fill('0123');
  await page.getByLabel('Mật khẩu').fill('ngan');
  await page.getByRole('button', { name: 'Tạo tài khoản', exact: true }).click();
  await page.waitForSelector('.error-summary');
  await j.check(page, 'register-errors');
  const reg = await summary(page);
  assert.equal(reg.length, 3, reg.join(' | '));
  assert.match(reg.join('\n'), /Họ và tên chỉ gồm chữ cái/);
  assert.match(reg.join('\n'), /Nhập số điện thoại di động Việt Nam/);
  assert.match(reg.join('\n'), /Mật khẩu phải có ít nhất 8 ký tự/);
  assert.equal(await page.getByLabel('Họ và tên').inputValue(), 'Lò 7');
  await page.getByLabel('Họ và tên').fill('Lò Thị Xuân');
  await page.getByLabel('Số điện thoại hoặc thư điện tử').fill(login);
  await page.getByLabel('Mật khẩu').fill('mat-khau-cua-toi');
  await page.getByRole('button', { name: 'Tạo tài khoản', exact: true }).click();
  await confirmRegistration(page, j);
  await page.waitForURL(/\/nop-ho-so\/1\.001193$/);

  await page.getByRole('link', { name: 'Chọn nơi nộp hồ sơ' }).click();
  await page.getByLabel(BIRTH.agency, { exact: true }).check();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // The applicant: every field's problem at once; what was typed comes back.
  await page.waitForURL(/\/nguoi-nop$/);
  await page.getByLabel('Số điện thoại di động').fill('12345');
  await page.getByLabel('Thư điện tử').fill('xuan@');
  await page.getByLabel('Địa chỉ').fill('Bản Nà Pồng');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.waitForSelector('.error-summary');
  await j.check(page, 'applicant-errors');
  const applicant = (await summary(page)).join('\n');
  assert.match(applicant, /Nhập số điện thoại Việt Nam, ví dụ 0912 345 678/);
  assert.match(applicant, /Nhập địa chỉ thư điện tử đúng dạng/);
  assert.equal(await page.getByLabel('Thư điện tử').inputValue(), 'xuan@');
  assert.equal(await page.getByLabel('Địa chỉ').inputValue(), 'Bản Nà Pồng');
  await page.getByLabel('Số điện thoại di động').fill('0912 345 678');
  await page.getByLabel('Thư điện tử').fill('xuan@example.vn');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // The e-form: nothing answered → one message per field, in that field's words.
  await page.waitForURL(/\/to-khai$/);
  assert.equal(await page.locator('input[type="date"]').count(), 0, 'dates are day, month, year boxes');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.waitForSelector('.error-summary');
  await j.check(page, 'e-form-empty');
  const empty = await summary(page);
  assert.ok(empty.includes('Chọn giới tính.'), empty.join(' | '));
  assert.ok(empty.includes('Nhập họ, chữ đệm và tên của trẻ.'), empty.join(' | '));
  assert.ok(empty.includes('Nhập ngày, tháng, năm sinh.'), empty.join(' | '));
  assert.ok(empty.includes('Chọn dân tộc.'), empty.join(' | '));
  // Issue 13.4: the legal declaration's questions, each with its own message.
  for (const message of [
    'Chọn quan hệ với người được khai sinh.',
    'Nhập quốc tịch.',
    'Nhập quê quán.',
    'Chọn nơi sinh.',
  ])
    assert.ok(empty.includes(message), `${message} in ${empty.join(' | ')}`);
  // Issue 13.4: the ethnicity comes from the official list of 54 groups (plus the empty choice).
  assert.equal(await page.getByLabel('Dân tộc', { exact: true }).locator('option').count(), 55);
  assert.equal(await page.getByLabel('Dân tộc của mẹ').locator('option').count(), 55);
  assert.doesNotMatch(empty.join('\n'), /Vui lòng nhập “|formData|năm-tháng-ngày/);

  // A birth in the future and a name with digits: said in words; ticks and text come back.
  await page.getByLabel('Họ, chữ đệm và tên của trẻ').fill('Lò Văn 2');
  await fillDate(page, 'Ngày, tháng, năm sinh', '1 1 2099');
  await page.getByLabel('Nữ', { exact: true }).check();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.waitForSelector('.error-summary');
  await j.check(page, 'e-form-future');
  const future = (await summary(page)).join('\n');
  assert.match(future, /Ngày, tháng, năm sinh phải là hôm nay hoặc một ngày đã qua/);
  assert.match(future, /Họ, chữ đệm và tên của trẻ chỉ gồm chữ cái/);
  assert.equal(await page.getByLabel('Nữ', { exact: true }).isChecked(), true);
  assert.equal(await page.getByRole('group', { name: 'Ngày, tháng, năm sinh' }).getByLabel('Năm').inputValue(), '2099');
  // The summary's link takes the person to the field.
  await page.locator('.error-summary a', { hasText: 'Ngày, tháng, năm sinh' }).click();
  assert.match(page.url(), /#f-childBirthDate$/);

  // Issue 13.4: the birth place anywhere in the country. With script the communes of the province
  // chosen are listed at once; without it, when the page comes back.
  const province = page.getByLabel('Tỉnh, thành phố');
  assert.equal(await province.locator('option').count(), 35, 'the 34 provinces and the empty choice');
  await province.selectOption({ label: 'Thành phố Hà Nội' });
  if (!script) {
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.waitForSelector('.error-summary');
  }
  await page
    .getByLabel('Xã, phường, đặc khu')
    .locator('option', { hasText: 'Phường Hoàn Kiếm' })
    .waitFor({ state: 'attached' });
  await j.check(page, 'e-form-other-province');
  await page.getByLabel('Xã, phường, đặc khu').selectOption({ label: 'Phường Hoàn Kiếm' });
  await fillBirthFormWithoutPlace(page);
  await page.getByLabel('Họ, chữ đệm và tên của trẻ').fill('Lò Văn Pằng');
  await fillDate(page, 'Ngày, tháng, năm sinh', '3 11 2026');
  // A mother named without her year of birth: asked for in its own words.
  await page.getByLabel('Năm sinh của mẹ').fill('');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.waitForSelector('.error-summary');
  await j.check(page, 'e-form-mother');
  assert.deepEqual(await summary(page), ['Nhập năm sinh của mẹ.']);
  assert.equal(
    (await page.getByLabel('Xã, phường, đặc khu').inputValue()) !== '',
    true,
    'the commune chosen comes back',
  );
  await page.getByLabel('Năm sinh của mẹ').fill('1998');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.waitForURL(/\/giay-to$/);
  await j.check(page, 'papers');
  j.assertClean();
  await j.close();
  await context.close();
}

test('validation with JavaScript, on a desk', () => journey('validation-js', DESK, true, '0912 111 201'));
test('validation without JavaScript', () => journey('validation-no-js', PHONE_375, false, '0912 111 202'));
test('validation on a 375×812 phone', () => journey('validation-375', PHONE_375, true, '0912 111 203'));
