/**
 * Issue 13, item 3: a half-filled application belongs to the account. Started on a computer
 * with JavaScript, it survives signing out, and is continued from "Hồ sơ của tôi" on a
 * 375×812 phone without JavaScript (a second device).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DESK, Journey, startedForFile } from './harness.ts';
import { BIRTH, register } from './steps.ts';

const live = startedForFile();
const PHONE_375 = { viewport: { width: 375, height: 812 }, locale: 'vi-VN' };
const who = { name: 'Hoàng Thị Mến', login: '0912 111 301' };

test('a draft started on one device is continued on another after signing out', async () => {
  const journey = new Journey('drafts-two-devices');
  const desk = await live.browser.newContext(DESK);
  const page = await journey.newPage(desk);
  await page.goto(`${live.server.url}/thu-tuc/${BIRTH.code}`);
  await page.getByRole('link', { name: /Nộp hồ sơ trực tuyến/ }).click();
  await register(page, journey, who);
  await page.waitForURL(/\/nop-ho-so\/1\.001193$/);
  await page.getByRole('link', { name: 'Chọn nơi nộp hồ sơ' }).click();
  await page.getByLabel(BIRTH.agency, { exact: true }).check();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.waitForURL(/\/nguoi-nop$/);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.waitForURL(/\/to-khai$/);
  await page.goto(`${live.server.url}/ho-so-cua-toi`);
  await journey.check(page, 'desk-my-dossiers');
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL(/da-dang-xuat=1/);
  await desk.close();

  // The phone, no JavaScript: sign in, find the draft, continue where it stopped.
  journey.noScript = true;
  const phone = await live.browser.newContext({ ...PHONE_375, javaScriptEnabled: false });
  const p2 = await journey.newPage(phone);
  await p2.goto(`${live.server.url}/dang-nhap?tiep=/ho-so-cua-toi`);
  await p2.getByLabel('Số điện thoại hoặc thư điện tử').fill(who.login);
  await p2.getByLabel('Mật khẩu').fill('mat-khau-cua-toi');
  await p2.getByRole('button', { name: 'Đăng nhập' }).click();
  await p2.waitForURL(/\/ho-so-cua-toi$/);
  await journey.check(p2, 'phone-my-dossiers');
  assert.match((await p2.locator('main').textContent()) ?? '', /Hồ sơ đang soạn, chưa gửi/);
  await p2.getByRole('link', { name: `Tiếp tục — ${BIRTH.name}` }).click();
  await p2.waitForURL(/\/nop-ho-so\/1\.001193$/);
  await journey.check(p2, 'phone-task-list');
  const done = await p2.locator('.task-list .task-status').allTextContents();
  assert.ok(done.filter((x) => /Đã xong/.test(x)).length >= 2, done.join(' | '));
  await p2.getByRole('link', { name: 'Tờ khai', exact: true }).click();
  await p2.waitForURL(/\/to-khai$/);
  await journey.check(p2, 'phone-e-form');
  // What the first device typed is there.
  await p2.goto(`${live.server.url}/nop-ho-so/${BIRTH.code}/nguoi-nop`);
  assert.equal(await p2.getByLabel('Họ và tên').inputValue(), who.name);
  journey.assertClean();
  await journey.close();
  await phone.close();
});
