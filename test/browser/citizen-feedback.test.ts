/**
 * Issue 13, item 8 (in part): the place of a report by commune, address and "Dùng vị trí của
 * tôi" (the device's location, no map from another host), and the category chosen from the
 * sender's words. On a 375×812 phone, with JavaScript and without it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { feedbackItems } from '../../src/modules/feedback/schema.ts';
import { Journey, startedForFile } from './harness.ts';

const live = startedForFile();
const PHONE_375 = { viewport: { width: 375, height: 812 }, locale: 'vi-VN' };
const HERE = { latitude: 21.823456, longitude: 105.214321 };

for (const script of [true, false]) {
  test(`a pothole reported from a phone ${script ? 'with its location' : 'without JavaScript'}`, async () => {
    const journey = new Journey(`feedback-place-${script ? 'js' : 'no-js'}`);
    journey.noScript = !script;
    const context = await live.browser.newContext({
      ...PHONE_375,
      javaScriptEnabled: script,
      ...(script ? { geolocation: HERE, permissions: ['geolocation'] } : {}),
    });
    const page = await journey.newPage(context);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).host));
    await page.goto(`${live.server.url}/phan-anh-kien-nghi/gui`);
    await page.getByLabel('Phản ánh', { exact: true }).check();
    // The category is left to the sender's words.
    await page.getByLabel('Tiêu đề').fill('Ổ gà giữa đường tổ 3');
    await page
      .getByLabel('Nội dung phản ánh, kiến nghị')
      .fill('Đường vào tổ 3 có ổ gà lớn, xe máy ngã nhiều lần trong tuần.');
    const category = page.getByLabel('Nhóm nội dung');
    if (script) {
      // Suggested as the sender types, from the server's keyword table; the sender may change it.
      await page.getByText('Gợi ý theo nội dung bạn viết: Giao thông, hạ tầng. Bạn có thể chọn nhóm khác.').waitFor();
      assert.equal(await category.inputValue(), 'giao-thong');
    } else {
      assert.equal(await category.inputValue(), '', 'without script the server chooses on sending');
    }
    await page.getByLabel('Xã, phường, đặc khu nơi xảy ra sự việc').selectOption({ label: 'Phường Minh Xuân' });
    await page.getByLabel('Địa chỉ nơi xảy ra sự việc').fill('Trước nhà số 12, đường Bình Thuận');
    const geo = page.getByRole('button', { name: 'Dùng vị trí của tôi' });
    if (script) {
      await geo.click();
      await page.getByText(/Đã lấy vị trí: 21\.823456, 105\.214321/).waitFor();
    } else {
      assert.equal(await geo.isVisible(), false, 'the button needs script: hidden without it');
    }
    await page.getByLabel('Họ và tên').fill('Nông Văn Dũng');
    await page.getByLabel('Số điện thoại').fill('0912 345 222');
    await page.getByLabel('Địa chỉ liên hệ').fill('Tổ 3, phường Minh Xuân');
    await journey.check(page, 'form-filled');
    await page.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
    await page.waitForURL(/\/phan-anh-kien-nghi\/da-gui\?/);
    await journey.check(page, 'sent');
    const code = (await page.locator('.feedback-receipt strong.code').nth(0).textContent()) ?? '';
    const [row] = await live.server.db.db.select().from(feedbackItems).where(eq(feedbackItems.code, code));
    assert.equal(row?.categoryCode, 'giao-thong', 'a pothole is a road matter');
    assert.equal(row?.placeAddress, 'Trước nhà số 12, đường Bình Thuận');
    assert.equal(row?.lat ?? null, script ? HERE.latitude : null);
    assert.equal(row?.lng ?? null, script ? HERE.longitude : null);
    // Nothing was fetched from another host (no map tiles).
    assert.deepEqual([...new Set(requests)], [new URL(live.server.url).host]);
    journey.assertClean();
    await journey.close();
    await context.close();
  });
}
