/**
 * Issue 13, item 9: on a 375×812 phone the header and menu fold, so the page's own content
 * starts near the top; the province's name and emblem are shown; values stacked under their
 * labels read from the left. With JavaScript and without it; the desk keeps the menu open.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DESK, Journey, startedForFile } from './harness.ts';
import { BIRTH } from './steps.ts';

const live = startedForFile();
const PHONE_375 = { viewport: { width: 375, height: 812 }, locale: 'vi-VN' };

for (const script of [true, false]) {
  test(`the header folds on a 375×812 phone (${script ? 'with' : 'without'} JavaScript)`, async () => {
    const journey = new Journey(`mobile-header-${script ? 'js' : 'no-js'}`);
    journey.noScript = !script;
    const context = await live.browser.newContext({ ...PHONE_375, javaScriptEnabled: script });
    const page = await journey.newPage(context);
    await page.goto(`${live.server.url}/thu-tuc/${BIRTH.code}`);
    await journey.check(page, 'procedure');
    const header = await page.locator('header.site-header').evaluate((h) => h.getBoundingClientRect().bottom);
    assert.ok(header <= 110, `the header ends ${header}px down (was about 330 before any content)`);
    assert.equal(await page.locator('.brand-province').textContent(), 'Tỉnh Tuyên Quang');
    assert.ok(await page.locator('svg.emblem').isVisible());
    // The menu is one tap away and holds every link.
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    assert.equal(await nav.getByRole('link', { name: 'Tra cứu hồ sơ' }).isVisible(), false);
    await nav.getByText('Danh mục').click();
    await journey.check(page, 'menu-open');
    await nav.getByRole('link', { name: 'Tra cứu hồ sơ' }).click();
    await page.waitForURL(/\/tra-cuu$/);
    // Stacked values (the papers table) read from the left.
    await page.goto(`${live.server.url}/thu-tuc/${BIRTH.code}`);
    const aligns = await page
      .locator('.stack-table td')
      .evaluateAll((cells) => cells.map((c) => getComputedStyle(c).textAlign));
    assert.ok(aligns.length > 0);
    assert.deepEqual([...new Set(aligns.map((a) => (a === 'start' ? 'left' : a)))], ['left']);
    journey.assertClean();
    await journey.close();
    await context.close();
  });
}

test('on a desk the menu is open and the province named', async () => {
  const journey = new Journey('desk-header');
  const context = await live.browser.newContext(DESK);
  const page = await journey.newPage(context);
  await page.goto(`${live.server.url}/`);
  await journey.check(page, 'home');
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
  assert.ok(await nav.getByRole('link', { name: 'Tra cứu hồ sơ' }).isVisible());
  assert.equal(await nav.getByText('Danh mục').isVisible(), false);
  assert.ok(await page.getByText('Tỉnh Tuyên Quang').first().isVisible());
  journey.assertClean();
  await journey.close();
  await context.close();
});
