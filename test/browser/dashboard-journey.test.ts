/**
 * The operations centre (issue 17): a leader opens the dashboard for November, drills from the
 * province's late dossiers to an agency, to a procedure, to the list of its late dossiers, then
 * downloads form 06 for the quarter and reads it back (exceljs). On a 375×812 phone, with and
 * without JavaScript. The figures come from read-model rows written here and the rollups
 * rebuilt from them (as `mocua insights rebuild` does).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { getProcedure } from '../../src/modules/catalog/index.ts';
import { findAgencies } from '../../src/modules/directory/index.ts';
import { rebuildRollups } from '../../src/modules/insights/rollups-sql.ts';
import { insightsDossiers } from '../../src/modules/insights/schema.ts';
import { Journey, startedForFile } from './harness.ts';
import { signInStaff } from './steps.ts';

const live = startedForFile();
const PHONE_375 = { viewport: { width: 375, height: 812 }, locale: 'vi-VN' };

let tuphapName = '';
let marriageName = '';
const late = ['H60-261103-0101', 'H60-261104-0102'];

/** The read-model rows and their rollups, written once (inside the first test: the server starts in before()). */
let seeded: Promise<void> | undefined;
async function seed(): Promise<void> {
  const db = live.server.db.db;
  const agencies = await findAgencies(db, { provinceCode: '08' });
  const tuphap = agencies.find((a) => a.code === '000.00.03.H60');
  const minhxuan = agencies.find((a) => a.code === '000.00.41.H60');
  assert.ok(tuphap && minhxuan);
  tuphapName = tuphap.name;
  const birth = await getProcedure(db, '1.001193', { provinceCode: '08' });
  const marriage = await getProcedure(db, '1.000894', { provinceCode: '08' });
  marriageName = marriage.name;
  const row = (code: string, agency: string, procedure: string, received: string, due: string, finished: string) => ({
    dossierId: randomUUID(),
    provinceCode: '08',
    code,
    procedureId: procedure,
    channel: 'online' as const,
    receivingAgencyId: agency,
    competentAgencyId: agency,
    holdingAgencyId: agency,
    state: 'delivered',
    submittedAt: new Date(received),
    receivedAt: new Date(received),
    dueAt: new Date(due),
    finishedAt: new Date(finished),
    deliveredAt: new Date(finished),
    sourceVersion: 1,
  });
  await db.insert(insightsDossiers).values([
    // Sở Tư pháp, marriage: two handled late, one early.
    row(late[0] ?? '', tuphap.id, marriage.id, '2026-11-03T02:00:00Z', '2026-11-06T10:00:00Z', '2026-11-10T03:00:00Z'),
    row(late[1] ?? '', tuphap.id, marriage.id, '2026-11-04T02:00:00Z', '2026-11-07T10:00:00Z', '2026-11-12T03:00:00Z'),
    row(
      'H60-261105-0103',
      tuphap.id,
      marriage.id,
      '2026-11-05T02:00:00Z',
      '2026-11-12T10:00:00Z',
      '2026-11-06T03:00:00Z',
    ),
    // Sở Tư pháp, birth: on time.
    row('H60-261105-0104', tuphap.id, birth.id, '2026-11-05T02:00:00Z', '2026-11-09T10:00:00Z', '2026-11-09T03:00:00Z'),
    // A commune, late too: not in Sở Tư pháp's list.
    row(
      'H60-261106-0105',
      minhxuan.id,
      birth.id,
      '2026-11-06T02:00:00Z',
      '2026-11-09T10:00:00Z',
      '2026-11-16T03:00:00Z',
    ),
  ]);
  await rebuildRollups(db, '08');
}

const figure = (page: Page, name: string) => page.locator(`#bieu-06 td[data-figure="${name}"]`).first().textContent();

for (const script of [true, false]) {
  test(`a leader drills from the province's late dossiers to an agency, a procedure and the list, then downloads form 06 for the quarter (${script ? 'with' : 'without'} JavaScript)`, async () => {
    seeded ??= seed();
    await seeded;
    const journey = new Journey(`dashboard-journey-${script ? 'js' : 'nojs'}`);
    journey.noScript = !script;
    const context = await live.browser.newContext({ ...PHONE_375, javaScriptEnabled: script, acceptDownloads: true });
    const page = await journey.newPage(context);
    await page.goto(live.server.url);
    await signInStaff(page, journey, 'lanhdao.tuphap', 'leader');
    // The workspace's menu folds away on a phone (a details element: no script needed).
    await page.getByText('Danh mục', { exact: true }).click();
    await page.getByRole('link', { name: 'Bảng điều hành' }).first().click();
    await page.waitForURL(/\/dashboard/);
    // November, by its period box (a GET form).
    await page.getByLabel('Kỳ báo cáo').fill('2026-11');
    await page.locator('form[action="/dashboard"] button[type="submit"]').first().click();
    await page.waitForURL(/ky=2026-11/);
    await journey.check(page, 'province');
    // The province: 5 received, 3 handled late (2 at Sở Tư pháp, 1 at the commune).
    assert.equal(await figure(page, 'received'), '5');
    assert.equal(await figure(page, 'late'), '3');

    // To the agency (its row in the breakdown by agency), then the procedure.
    await page.locator('#bang-theo-nhom').getByRole('link', { name: tuphapName, exact: true }).click();
    await page.waitForURL(/co-quan=/);
    await journey.check(page, 'agency');
    assert.equal(await figure(page, 'received'), '4');
    assert.equal(await figure(page, 'late'), '2');
    await page.locator('#bang-theo-nhom').getByRole('link', { name: marriageName, exact: true }).click();
    await page.waitForURL(/thu-tuc=/);
    await journey.check(page, 'procedure');
    assert.equal(await figure(page, 'received'), '3');
    assert.equal(await figure(page, 'late'), '2');

    // To the late dossiers behind the figure.
    await page.locator('#bieu-06 td[data-figure="late"] a').first().click();
    await page.waitForURL(/\/dashboard\/ho-so\?.*chi-so=late/);
    await journey.check(page, 'late-dossiers');
    const listed = (await page.locator('main').textContent()) ?? '';
    for (const code of late) assert.ok(listed.includes(code), `${code} listed`);
    assert.ok(!listed.includes('H60-261105-0103'), 'the early one is not listed');
    assert.ok(!listed.includes('H60-261106-0105'), "the commune's is not listed");

    // Form 06 of the province for the quarter, from the reports page's form.
    await page.goto(`${live.server.url}/dashboard?ky=2026-11`);
    await page.locator('#bao-cao').click();
    await page.waitForURL(/\/dashboard\/bao-cao/);
    await journey.check(page, 'reports');
    await page.locator('#chon-bao-cao input[name="ky"]').fill('2026-Q4');
    await page.locator('#chon-bao-cao select[name="mau"]').selectOption('06');
    await page.locator('#chon-bao-cao select[name="cap"]').selectOption('tinh');
    await page.locator('#chon-bao-cao input[name="dinh-dang"][value="xlsx"]').check();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#chon-bao-cao button[type="submit"]').click(),
    ]);
    const file = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    assert.ok(sheet);
    // The quarter's total row: 5 received, all online; 5 handled: 1 early, 1 on time, 3 late.
    let total: number[] | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(2).value !== 'Tổng cộng') return;
      total = [3, 4, 7, 8, 9, 10].map((c) => {
        const v = row.getCell(c).value;
        if (typeof v === 'number') return v;
        return v && typeof v === 'object' && 'result' in v ? Number(v.result) : Number.NaN;
      });
    });
    assert.deepEqual(total, [5, 5, 5, 1, 1, 3]);
    await context.close();
    journey.assertClean();
  });
}
