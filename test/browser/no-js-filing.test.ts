/**
 * Filing with JavaScript disabled: every page is a plain form that posts (uploads included:
 * multipart with the CSRF token in the address), errors come back as an error summary, and
 * the confirmation page still shows the code, the key and the QR code.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Journey, PHONE, startedForFile } from './harness.ts';
import { BIRTH, fileBirthRegistration } from './steps.ts';

const live = startedForFile();

test('a citizen files online with JavaScript disabled', async () => {
  const journey = new Journey('no-js-filing');
  journey.noScript = true;
  const context = await live.browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const page = await journey.newPage(context);
  await page.goto(`${live.server.url}/`);
  // The enhancement script marks <html> when it runs: it must not have run.
  assert.doesNotMatch(await page.evaluate(() => document.documentElement.className), /js-enabled/);
  await page.getByLabel('Tìm thủ tục hành chính').fill('khai sinh');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await page.getByRole('link', { name: BIRTH.name, exact: true }).click();
  await page.waitForURL(/\/thu-tuc\/1\.001193$/);
  const { code, key } = await fileBirthRegistration(page, journey, { name: 'Lò Văn Páo', login: '0987 654 321' });
  // The print button needs script: without it the button stays hidden and the hint remains.
  assert.equal(await page.locator('button[data-print]').isVisible(), false);
  await page.goto(`${live.server.url}/tra-cuu`);
  await page.getByLabel('Mã hồ sơ').fill(code);
  await page.getByLabel('Mã tra cứu').fill(key);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await page.waitForURL(/\/tra-cuu\/.+\?key=/);
  await journey.check(page, 'tracking');
  assert.match((await page.locator('main').textContent()) ?? '', /Đã gửi, đang chờ tiếp nhận/);
  journey.assertClean();
  await journey.close();
  await context.close();
});
