/**
 * Feedback (DOMAIN.md §8), done when: a citizen sends a report on the portal → it is routed
 * to the responsible agency (the ward's People's Committee, by the commune named) → a
 * specialist of that agency drafts the answer → the leader returns it with a reason → the
 * specialist revises → the leader approves (the answer is sent) and publishes it after
 * previewing and editing the masked version (issue 13.13) → the citizen opens
 * the published answer (personal data masked) and likes it (the count shows 1). Citizen on a
 * 360 px phone without an account, staff on a desk screen.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DESK, Journey, PHONE, startedForFile } from './harness.ts';
import { signInStaff } from './steps.ts';

const live = startedForFile();

const AGENCY = 'Ủy ban nhân dân phường Minh Xuân';
const SENDER = { name: 'Trần Thị Hoa', phone: '0912 345 111', address: 'Tổ 7, phường Minh Xuân' };
const SUBJECT = 'Rác thải tồn đọng ở đầu ngõ tổ 7';
const FIXTURES = path.join(import.meta.dirname, '../fixtures/images');
const PHOTOS = {
  jpg: path.join(FIXTURES, 'pothole.jpg'),
  png: path.join(FIXTURES, 'pothole.png'),
  webp: path.join(FIXTURES, 'pothole.webp'),
};

/** From the staff navigation to the item's page. */
async function openStaffFeedback(page: Page, journey: Journey, code: string, label: string) {
  await page.getByRole('navigation').getByRole('link', { name: 'Phản ánh, kiến nghị' }).click();
  await page.waitForURL(/\/workspace\/phan-anh-kien-nghi$/);
  await journey.check(page, `${label}-feedback-list`);
  await page.getByRole('link', { name: code }).click();
  await page.waitForURL(new RegExp(`/workspace/phan-anh-kien-nghi/${code}$`));
  await journey.check(page, `${label}-feedback-item`);
}

test('a report sent on the portal is routed, drafted, returned, approved, published and liked', async () => {
  const journey = new Journey('feedback-journey');
  const citizen = await journey.newPage(await live.browser.newContext(PHONE));
  const specialist = await journey.newPage(await live.browser.newContext(DESK));
  const leader = await journey.newPage(await live.browser.newContext(DESK));

  // The citizen finds the form from the home page; an empty form shows every problem first.
  await citizen.goto(live.server.url);
  await citizen.getByRole('link', { name: 'Gửi phản ánh, kiến nghị' }).click();
  await citizen.waitForURL(/\/phan-anh-kien-nghi\/gui$/);
  await journey.check(citizen, 'form');
  await citizen.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
  await citizen.waitForSelector('.error-summary');
  assert.equal(await citizen.evaluate(() => document.activeElement?.classList.contains('error-summary')), true);
  assert.match((await citizen.title()) ?? '', /^Lỗi: /);
  await journey.check(citizen, 'form-errors');

  await citizen.getByLabel('Phản ánh', { exact: true }).check();
  await citizen.getByLabel('Nhóm nội dung').selectOption({ label: 'Môi trường' });
  await citizen.getByLabel('Tiêu đề').fill(SUBJECT);
  await citizen
    .getByLabel('Nội dung phản ánh, kiến nghị')
    .fill('Rác thải sinh hoạt tồn đọng nhiều ngày ở đầu ngõ tổ 7, bốc mùi, gia đình chị Trần Thị Hoa phải đóng cửa.');
  await citizen.getByLabel('Xã, phường, đặc khu nơi xảy ra sự việc').selectOption({ label: 'Phường Minh Xuân' });
  await citizen.getByLabel('Họ và tên').fill(SENDER.name);
  await citizen.getByLabel('Số điện thoại').fill(SENDER.phone);
  await citizen.getByLabel('Địa chỉ liên hệ').fill(SENDER.address);
  // Issue 13.8: two photos from the phone, location not shared (the box left unticked).
  await citizen.getByLabel('Ảnh hiện trường').setInputFiles([PHOTOS.jpg, PHOTOS.png]);
  await journey.check(citizen, 'form-filled');
  await citizen.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();

  // The confirmation: the code, the tracking key, and the agency it was routed to.
  await citizen.waitForURL(/\/phan-anh-kien-nghi\/da-gui\?/);
  await journey.check(citizen, 'confirmation');
  const code = (await citizen.locator('.feedback-receipt strong.code').nth(0).textContent()) ?? '';
  const key = (await citizen.locator('.feedback-receipt strong.code').nth(1).textContent()) ?? '';
  assert.match(code, /^PAKN-\d{6}-\d{4}$/);
  assert.match(key, /^[2-9A-Z]{8}$/);
  assert.equal(await citizen.locator('.feedback-receipt').getByText(AGENCY, { exact: true }).count(), 1);
  await citizen.getByRole('link', { name: 'Theo dõi phản ánh, kiến nghị này' }).click();
  await citizen.waitForURL(/\/phan-anh-kien-nghi\/tra-cuu\?/);
  await journey.check(citizen, 'tracking');
  assert.equal(await citizen.getByText('Đã tiếp nhận', { exact: true }).count(), 1);

  // A specialist of that agency reads the sender's details and drafts the answer for the leader.
  await specialist.goto(live.server.url);
  await signInStaff(specialist, journey, 'chuyenvien.minhxuan', 'specialist');
  await openStaffFeedback(specialist, journey, code, 'specialist');
  assert.equal(await specialist.locator('.feedback-agency').textContent(), AGENCY);
  assert.equal(await specialist.getByText('0912345111', { exact: true }).count(), 1);
  // The photos arrived, and Chromium decodes them after their metadata was removed.
  const photos = specialist.locator('.feedback-photos img');
  assert.equal(await photos.count(), 2);
  await photos.nth(1).scrollIntoViewIfNeeded();
  await specialist.waitForFunction(() =>
    Array.from(document.querySelectorAll<HTMLImageElement>('.feedback-photos img')).every(
      (i) => i.complete && i.naturalWidth > 0,
    ),
  );
  assert.equal(await specialist.getByRole('button', { name: 'Duyệt và gửi trả lời' }).count(), 0);
  await specialist
    .getByLabel('Nội dung dự thảo trả lời')
    .fill('Ủy ban nhân dân phường đã chỉ đạo thu gom rác tại tổ 7. Xin cảm ơn chị Trần Thị Hoa.');
  await specialist.getByRole('button', { name: 'Trình lãnh đạo duyệt' }).click();
  await specialist.waitForURL(/\?xong=du-thao-tra-loi$/);
  assert.equal(await specialist.locator('.banner-success').count(), 1);
  assert.match((await specialist.locator('main').textContent()) ?? '', /Chờ lãnh đạo duyệt trả lời/);
  await journey.check(specialist, 'drafted');

  // The citizen still reads "Đang xử lý" and no draft: nothing is sent before the leader approves.
  await citizen.reload();
  assert.equal(await citizen.getByText('Đang xử lý', { exact: true }).count(), 1);
  assert.doesNotMatch((await citizen.locator('main').textContent()) ?? '', /chỉ đạo thu gom/);
  await journey.check(citizen, 'tracking-in-progress');

  // The leader returns the draft with a reason; the specialist reads it and revises.
  await leader.goto(live.server.url);
  await signInStaff(leader, journey, 'lanhdao.minhxuan', 'leader');
  await openStaffFeedback(leader, journey, code, 'leader');
  assert.match((await leader.locator('main').textContent()) ?? '', /Chờ lãnh đạo duyệt trả lời/);
  await leader.getByText('Trả lại dự thảo cho chuyên viên').click();
  await leader.getByLabel('Lý do trả lại (chuyên viên sẽ đọc)').fill('Ghi rõ lịch thu gom từ ngày nào.');
  await journey.check(leader, 'return-draft');
  await leader.getByRole('button', { name: 'Trả lại chuyên viên' }).click();
  await leader.waitForURL(/\?xong=tra-lai-du-thao$/);
  await journey.check(leader, 'returned');

  await specialist.goto(`${live.server.url}/workspace/phan-anh-kien-nghi/${code}`);
  assert.match((await specialist.locator('main').textContent()) ?? '', /Ghi rõ lịch thu gom từ ngày nào\./);
  await journey.check(specialist, 'draft-returned');
  await specialist
    .getByLabel('Nội dung dự thảo trả lời')
    .fill(
      'Ủy ban nhân dân phường đã chỉ đạo thu gom rác tại tổ 7 và bố trí lịch thu gom hằng ngày từ 06/12/2026. Xin cảm ơn chị Trần Thị Hoa.',
    );
  await specialist.getByRole('button', { name: 'Trình lãnh đạo duyệt' }).click();
  await specialist.waitForURL(/\?xong=du-thao-tra-loi$/);

  // The leader approves: the answer goes to the sender.
  await leader.goto(`${live.server.url}/workspace/phan-anh-kien-nghi/${code}`);
  const draft = leader.getByLabel('Dự thảo của chuyên viên (sửa nếu cần)');
  assert.match(await draft.inputValue(), /lịch thu gom hằng ngày từ 06\/12\/2026/);
  await journey.check(leader, 'approve-draft');
  await leader.getByRole('button', { name: 'Duyệt và gửi trả lời' }).click();
  await leader.waitForURL(/\?xong=tra-loi$/);
  await journey.check(leader, 'answered');
  await citizen.reload();
  assert.equal(await citizen.getByText('Đã trả lời', { exact: true }).count(), 1);

  // Issue 13.13: plain status words, and the masked public version previewed and editable.
  assert.match((await leader.locator('main').textContent()) ?? '', /Đã trả lời, chưa công khai/);
  assert.doesNotMatch((await leader.locator('main').textContent()) ?? '', /PAKN chờ|ở địa phương/);
  const preview = leader.getByLabel('Bản trả lời công khai (xem trước)');
  const masked = await preview.inputValue();
  assert.ok(masked.includes('thu gom rác tại tổ 7') && !masked.includes(SENDER.name), masked);
  await preview.fill(`${masked} Mọi ý kiến xin gửi về Bộ phận Một cửa phường.`);
  await journey.check(leader, 'publish-preview');
  await leader.getByRole('button', { name: 'Công khai câu trả lời' }).click();
  await leader.waitForURL(/\?xong=cong-khai$/);
  await journey.check(leader, 'published');

  // The citizen reads the published answer, masked, and likes it with the tracking key.
  await citizen.goto(`${live.server.url}/phan-anh-kien-nghi`);
  await journey.check(citizen, 'answers');
  await citizen.getByRole('link', { name: SUBJECT }).click();
  await citizen.waitForURL(new RegExp(`/phan-anh-kien-nghi/${code}$`));
  await journey.check(citizen, 'answer');
  const text = (await citizen.locator('main').textContent()) ?? '';
  assert.ok(!text.includes(SENDER.name) && !text.includes('0912345111'), 'personal data masked');
  assert.ok(text.includes('Mọi ý kiến xin gửi về Bộ phận Một cửa phường.'), 'the leader’s edit is what is published');
  assert.equal(await citizen.locator('.feedback-sender').textContent(), 'T.T.H');
  await citizen.getByLabel('Mã tra cứu của người gửi').fill(key);
  await citizen.getByRole('button', { name: 'Hài lòng', exact: true }).click();
  await citizen.waitForURL(/\?xong=danh-gia$/);
  await journey.check(citizen, 'liked');
  assert.equal(await citizen.locator('.feedback-likes').textContent(), '1');

  await journey.close();
  journey.assertClean();
});

test('feedback is sent with JavaScript disabled: plain form post, error summary, confirmation', async () => {
  const journey = new Journey('feedback-no-js');
  journey.noScript = true;
  const context = await live.browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const page = await journey.newPage(context);
  await page.goto(`${live.server.url}/phan-anh-kien-nghi`);
  assert.doesNotMatch(await page.evaluate(() => document.documentElement.className), /js-enabled/);
  await journey.check(page, 'answers');
  await page.getByRole('link', { name: 'Gửi phản ánh, kiến nghị' }).first().click();
  await page.waitForURL(/\/phan-anh-kien-nghi\/gui$/);
  await page.getByLabel('Kiến nghị', { exact: true }).check();
  await page.getByLabel('Nhóm nội dung').selectOption({ label: 'Thủ tục hành chính' });
  await page.getByLabel('Tiêu đề').fill('Đề nghị niêm yết lệ phí tại quầy');
  await page.getByLabel('Nội dung phản ánh, kiến nghị').fill('Đề nghị niêm yết mức lệ phí của từng thủ tục tại quầy.');
  await page.getByLabel('Họ và tên').fill('Lò Văn Páo');
  await page.getByLabel('Thư điện tử').fill('khong-dung');
  await page.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
  await page.waitForSelector('.error-summary');
  await journey.check(page, 'form-errors');
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true);
  const summary = (await page.locator('.error-summary').textContent()) ?? '';
  assert.match(summary, /Địa chỉ thư điện tử không đúng định dạng\./);
  assert.match(summary, /Vui lòng nhập địa chỉ liên hệ của người gửi\./);
  assert.equal(await page.getByLabel('Tiêu đề').inputValue(), 'Đề nghị niêm yết lệ phí tại quầy');
  await page.getByLabel('Thư điện tử').fill('pao.lo@example.vn');
  await page.getByLabel('Địa chỉ liên hệ').fill('Thôn Nà Càng, xã Minh Quang');
  // A photo and consent to keep where it was taken, on a plain multipart post.
  await page.getByLabel('Ảnh hiện trường').setInputFiles(PHOTOS.webp);
  await page.getByLabel('Giữ vị trí chụp trong ảnh (nếu có) để cơ quan xử lý tìm đúng nơi').check();
  await page.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
  await page.waitForURL(/\/phan-anh-kien-nghi\/da-gui\?/);
  await journey.check(page, 'confirmation');
  assert.match((await page.locator('.feedback-receipt').textContent()) ?? '', /PAKN-\d{6}-\d{4}/);
  journey.assertClean();
  await journey.close();
  await context.close();
});
