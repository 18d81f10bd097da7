/**
 * The kiosk in a real browser (Debian's chromium through playwright-core): a rating given while
 * the network is down is queued on the tablet and reaches the server when it comes back; the
 * page also works with script turned off; the buttons are large and pass axe-core.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { count } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { loadConfig } from '../../platform/config.ts';
import { createHttpApp } from '../../platform/http/app.ts';
import { projectRoot } from '../../platform/paths.ts';
import { ownAuthenticationRoutes } from '../../site/routes.ts';
import { kioskRoutes } from './kiosk-routes.tsx';
import { ratingRoutes } from './routes.ts';
import { officerRatings } from './schema.ts';
import { createKioskToken, openCounterSession } from './service.ts';
import { type RatingsTestDb, ratingsTestDb } from './testing.ts';

let d: RatingsTestDb;
let app: FastifyInstance;
let browser: Browser;
let kioskUrl = '';
const CHROMIUM = '/usr/bin/chromium';

before(async () => {
  // A missing browser fails the file, never skips it (issue 20): `npm test` installs chromium
  // or names the command first (scripts/preflight.mjs).
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  d = await ratingsTestDb();
  app = await createHttpApp({
    config: loadConfig({ RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'silent' }),
    database: d.t,
    logger: false,
    ownAuthentication: ownAuthenticationRoutes,
  });
  await ratingRoutes(app);
  await kioskRoutes(app);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const [counter] = await d.centreCounters();
  assert.ok(counter);
  await openCounterSession(d.t.db, await d.callerFor('tiepnhan.tinh'), counter.id);
  const created = await createKioskToken(d.t.db, await d.callerFor('admin.ttpvhcc'), { counterId: counter.id });
  kioskUrl = `${base}${created.kioskPath}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
});
after(async () => {
  await browser?.close();
  await app?.close();
  await d?.t.close();
});

const stored = async () => (await d.t.db.select({ n: count() }).from(officerRatings))[0]?.n ?? 0;

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`never happened: ${what}`);
}

test('a rating given while the network is down is kept on the tablet and sent when it returns', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'vi-VN' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(kioskUrl);
  await page.getByText('Hoàng Thị Thu Trang').waitFor();
  const before = await stored();

  await context.setOffline(true);
  await page.getByRole('button', { name: 'Rất hài lòng' }).click();
  await page.getByText('Cảm ơn bạn đã đánh giá').waitFor();
  const queued = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('mocua.kiosk.queue.'))
      .map((k) => JSON.parse(localStorage.getItem(k) ?? '[]').length),
  );
  assert.deepEqual(queued, [1]);
  assert.equal(await stored(), before, 'nothing reached the server while offline');

  await context.setOffline(false);
  await eventually(async () => (await stored()) === before + 1, 'the queued rating is sent');
  await eventually(
    async () => (await page.evaluate(() => localStorage.getItem(Object.keys(localStorage)[0] ?? '') ?? '[]')) === '[]',
    'the queue empties',
  );
  // The buttons come back for the next citizen.
  await page.getByRole('button', { name: 'Hài lòng', exact: true }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('with script turned off the kiosk still rates, and its buttons are large and accessible', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 800, height: 1280 } });
  const page = await context.newPage();
  await page.goto(kioskUrl);
  for (const name of ['Rất hài lòng', 'Hài lòng', 'Không hài lòng']) {
    const box = await page.getByRole('button', { name, exact: true }).boundingBox();
    assert.ok(box && box.height >= 64 && box.width >= 64, `${name}: a touch target of at least 64 px`);
  }
  const before = await stored();
  await page.getByRole('button', { name: 'Không hài lòng' }).click();
  await page.getByText('Cảm ơn bạn đã đánh giá').waitFor();
  assert.equal(await stored(), before + 1);
  await context.close();

  const withScript = await browser.newPage();
  await withScript.goto(kioskUrl);
  // The CSP forbids injected scripts: axe-core is evaluated through the DevTools protocol.
  await withScript.evaluate(readFileSync(path.join(projectRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  const violations = await withScript.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string | null }> }> } }
    ).axe;
    return (await axe.run()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id);
  });
  assert.deepEqual(violations, []);
  await withScript.close();
});
