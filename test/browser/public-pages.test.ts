/**
 * The public pages on a 360 px phone: search, a procedure, tracking, sign-in and registration,
 * in Vietnamese and in English; the error summary takes focus; the keyboard reaches the skip link first.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Journey, PHONE, startedForFile } from './harness.ts';
import { confirmRegistration } from './steps.ts';

const live = startedForFile();

test('a citizen finds a procedure from the home page and reads it, on a 360 px phone', async () => {
  const journey = new Journey('public-pages');
  const context = await live.browser.newContext(PHONE);
  const page = await journey.newPage(context);
  await page.goto(`${live.server.url}/`);
  await journey.check(page, 'home');

  // The first Tab reaches the skip link, which moves focus to the main content.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'noi-dung');

  await page.getByLabel('Tìm thủ tục hành chính').fill('khai sinh');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await page.waitForURL(/\/thu-tuc\?q=khai/);
  await journey.check(page, 'search-results');

  await page.getByRole('link', { name: 'Thủ tục đăng ký khai sinh', exact: true }).click();
  await page.waitForURL(/\/thu-tuc\/1\.001193$/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Thủ tục đăng ký khai sinh');
  await journey.check(page, 'procedure');

  await page.goto(`${live.server.url}/thu-tuc?linh-vuc=chung-thuc`);
  await journey.check(page, 'field-filter');

  await page.goto(`${live.server.url}/?lang=en`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await journey.check(page, 'home-english');
  await page.goto(`${live.server.url}/co-quan?lang=vi`);
  await journey.check(page, 'agencies');
  journey.assertClean();
  await context.close();
});

test('errors are summarised at the top and the summary takes focus; tracking needs code and key', async () => {
  const journey = new Journey('public-errors');
  const context = await live.browser.newContext(PHONE);
  const page = await journey.newPage(context);
  await page.goto(`${live.server.url}/dang-nhap`);
  await journey.check(page, 'sign-in');
  await page.getByLabel('Số điện thoại hoặc thư điện tử').fill('khong-co@example.vn');
  await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForSelector('.error-summary');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'error-summary');
  await journey.check(page, 'sign-in-error');

  await page.goto(`${live.server.url}/tra-cuu`);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await page.waitForSelector('.error-summary');
  await journey.check(page, 'track-errors');
  await page.getByRole('link', { name: 'Vui lòng nhập mã hồ sơ.' }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-ma');

  await page.goto(`${live.server.url}/dang-ky`);
  await page.getByLabel('Họ và tên').fill('Trần Văn An');
  await page.getByLabel('Số điện thoại hoặc thư điện tử').fill('an.tran@example.vn');
  await page.getByLabel('Mật khẩu').fill('mat-khau-cua-an');
  await journey.check(page, 'register');
  await page.getByRole('button', { name: 'Tạo tài khoản', exact: true }).click();
  await confirmRegistration(page, journey);
  await page.waitForURL(/\/ho-so-cua-toi/);
  journey.assertClean();
  await context.close();
});
