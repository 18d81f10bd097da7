/**
 * /dashboard through the whole app on the seeded demo province: who may open it, the figures
 * and SVG charts with their values, the drill-down to the dossiers, the overdue list with the
 * officer holding each, the audit of those lists, the 766 page, hostile queries, page size.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/schema.ts';
import { findAccountByLogin } from '../../platform/auth/index.ts';
import { Browser, type SeededApp, seededApp } from '../../web/testing.ts';
import { getProcedure } from '../catalog/index.ts';
import { findAgencies } from '../directory/index.ts';
import { rebuildRollups } from './rollups-sql.ts';
import { insightsDossiers } from './schema.ts';

let s: SeededApp;
const codes = {
  late: 'H60-261103-0001',
  overdue: 'H60-261104-0002',
  early: 'H60-261105-0003',
  commune: 'H60-261106-0004',
};

async function agencyId(code: string): Promise<string> {
  const row = (await findAgencies(s.db.db, { provinceCode: '08' })).find((a) => a.code === code);
  assert.ok(row, code);
  return row.id;
}

before(async () => {
  s = await seededApp();
  const tuphap = await agencyId('000.00.03.H60');
  const minhxuan = await agencyId('000.00.41.H60');
  const procedure = await getProcedure(s.db.db, '1.001193', { provinceCode: '08' });
  const officer = await findAccountByLogin(s.db.db, 'chuyenvien.tuphap');
  assert.ok(officer);
  const row = (code: string, agency: string, over: Partial<typeof insightsDossiers.$inferInsert>) => ({
    dossierId: randomUUID(),
    provinceCode: '08',
    code,
    procedureId: procedure.id,
    channel: 'online' as const,
    receivingAgencyId: agency,
    competentAgencyId: agency,
    holdingAgencyId: agency,
    state: 'delivered',
    receivedAt: new Date('2026-11-03T02:00:00Z'),
    dueAt: new Date('2026-11-06T10:00:00Z'),
    finishedAt: null,
    sourceVersion: 1,
    ...over,
  });
  await s.db.db.insert(insightsDossiers).values([
    // Handled late (finished 10/11, due 06/11).
    row(codes.late, tuphap, { finishedAt: new Date('2026-11-10T03:00:00Z') }),
    // Overdue at the end of November, held by the specialist of Sở Tư pháp.
    row(codes.overdue, tuphap, {
      state: 'in_progress',
      channel: 'counter',
      holderAccountId: officer.id,
      holderStep: 'Thẩm định hồ sơ',
    }),
    // Handled early.
    row(codes.early, tuphap, { finishedAt: new Date('2026-11-04T03:00:00Z') }),
    // A commune's dossier, overdue.
    row(codes.commune, minhxuan, { state: 'in_progress' }),
  ]);
  // The figures are read from the rollups: built from these rows as `mocua insights rebuild` does.
  await rebuildRollups(s.db.db, '08');
});
after(async () => {
  await s.close();
});

async function staff(login: string) {
  const browser = new Browser(s.app);
  await browser.page('/workspace/dang-nhap');
  const res = await browser.post('/workspace/dang-nhap', { login, password: 'MoCua@2026' });
  assert.equal(res.statusCode, 303);
  return browser;
}

const figure = (html: string, name: string) => {
  const m = new RegExp(`data-figure="${name}"><a href="[^"]*">([^<]*)</a>`).exec(html);
  return m?.[1];
};

test('a leader sees the period’s figures, SVG charts carrying their values, the ranking and the overdue list with its officer', async (t) => {
  const leader = await staff('lanhdao.tuphap');
  const res = await leader.get('/dashboard?ky=2026-11');
  assert.equal(res.statusCode, 200, res.body);
  const html = res.body;
  // Received 4 (online 3, counter 1); handled early 1, late 1; overdue 2.
  assert.equal(figure(html, 'received'), '4');
  assert.equal(figure(html, 'online'), '3');
  assert.equal(figure(html, 'counter'), '1');
  assert.equal(figure(html, 'early'), '1');
  assert.equal(figure(html, 'late'), '1');
  assert.equal(figure(html, 'overdue'), '2');
  // 2.1 = (early 1 + on time 0 + within time 0) ÷ 4 = 25 %
  assert.match(html, /id="ty-le-dung-han"[\s\S]*?25%/);
  // The stacked bar's segments carry their values; the bars of the breakdown too (Sở Tư pháp 1/3 = 33,33 %).
  assert.match(html, /<svg[^>]*role="img"/);
  assert.match(html, /<rect[^>]*fill="#00703c"[^>]*data-value="1"/);
  assert.match(html, /<rect[^>]*fill="#d4351c"[^>]*data-value="1"/);
  assert.match(html, /data-value="33.33"/);
  assert.match(html, /Sở Tư pháp/);
  // The ranking of the 766 index and the overdue dossiers with the officer and the step.
  assert.match(html, /id="xep-hang"/);
  assert.match(html, new RegExp(`${codes.overdue}[\\s\\S]*?Thẩm định hồ sơ`));
  assert.ok(html.includes(`/workspace/ho-so/${codes.overdue}`));
  // No script needed; ≤ 150 KB transferred (compressed as served), and small even uncompressed.
  assert.doesNotMatch(html, /<script(?![^>]*src=)/);
  assert.ok(gzipSync(html).length <= 150 * 1024);
  t.diagnostic(`/dashboard: ${Buffer.byteLength(html)} bytes, ${gzipSync(html).length} gzipped`);
  assert.ok(Buffer.byteLength(html) <= 150 * 1024, `${Buffer.byteLength(html)} bytes`);
  // The overdue list is a staff read of which dossiers are late in whose hands: audited.
  const audits = await s.db.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'read_dossier_list')));
  assert.ok(audits.some((a) => JSON.stringify(a.data).includes(codes.overdue)));
});

test('a figure drills down to its dossiers; a commune’s admin sees only the commune’s', async () => {
  const leader = await staff('lanhdao.tuphap');
  const late = await leader.get('/dashboard/ho-so?ky=2026-11&chi-so=late');
  assert.equal(late.statusCode, 200);
  assert.ok(late.body.includes(codes.late));
  assert.ok(!late.body.includes(codes.early));
  const overdue = await leader.get('/dashboard/ho-so?ky=2026-11&chi-so=overdue');
  assert.ok(overdue.body.includes(codes.overdue) && overdue.body.includes(codes.commune));

  const communeAdmin = await staff('admin.meovac');
  const theirs = await communeAdmin.get('/dashboard/ho-so?ky=2026-11&chi-so=overdue');
  assert.equal(theirs.statusCode, 200);
  assert.ok(!theirs.body.includes(codes.overdue), 'a commune does not list the department’s dossiers');
});

test('the 766 page shows each component’s formula, inputs and score, and says which have no data', async () => {
  const leader = await staff('lanhdao.tuphap');
  const res = await leader.get('/dashboard/chi-so-766?ky=2026-11&cap=co-quan');
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /data-component="2.1"/);
  assert.match(res.body, /Chưa có dữ liệu/);
  assert.match(res.body, /chưa có mô-đun thanh toán trực tuyến/);
  assert.match(res.body, /Sở Tư pháp/);
});

test('other officers, citizens and visitors are refused; hostile queries are 400', async () => {
  const receiver = await staff('tiepnhan.minhxuan');
  assert.equal((await receiver.get('/dashboard?ky=2026-11')).statusCode, 403);
  const visitor = new Browser(s.app);
  const anon = await visitor.get('/dashboard');
  assert.equal(anon.statusCode, 303);
  assert.match(String(anon.headers.location), /dang-nhap/);
  const leader = await staff('lanhdao.tuphap');
  for (const q of ['ky=%3Cscript%3E', 'co-quan=1%27%20or%201%3D1', 'nhom=x', 'kenh=fax']) {
    const res = await leader.get(`/dashboard?${q}`);
    assert.equal(res.statusCode, 400, q);
    assert.doesNotMatch(res.body, /<script>/);
  }
  assert.equal((await leader.get('/dashboard/ho-so?ky=2026-11&chi-so=nope')).statusCode, 400);
});

test('the province’s admin sets a target the dashboard compares; the wall screen reloads itself; form 06 downloads', async () => {
  const admin = await staff('admin');
  const form = await admin.page('/dashboard/chi-tieu?nam=2026');
  assert.equal(form.statusCode, 200, form.body);
  const saved = await admin.post('/dashboard/chi-tieu?nam=2026', { onTimeRate: '90', onlineRate: '50,5' });
  assert.equal(saved.statusCode, 303, saved.body);
  const leader = await staff('lanhdao.tuphap');
  const html = (await leader.get('/dashboard?ky=2026-11')).body;
  // 2.1 is 25 % against 90 %: 65 points short. Online 3 of 4 = 75 % ≥ 50,5 %: achieved.
  assert.match(html, /id="ty-le-dung-han"[\s\S]*?25%[\s\S]*?90%[\s\S]*?Chưa đạt \(thiếu 65 điểm %\)/);
  assert.match(html, /id="ty-le-truc-tuyen"[\s\S]*?75%[\s\S]*?50,5%[\s\S]*?Đạt/);
  assert.match(html, /href="\/dashboard"/, 'the navigation links the dashboard');
  // A specialist cannot set targets; an agency's admin neither.
  const agencyAdmin = await staff('admin.tuphap');
  assert.equal((await agencyAdmin.get('/dashboard/chi-tieu')).statusCode, 403);
  const wall = await leader.get('/dashboard/man-hinh?ky=2026-11');
  assert.equal(wall.statusCode, 200);
  assert.match(wall.body, /<meta http-equiv="refresh" content="60"/);
  assert.doesNotMatch(wall.body, /<script/);
  assert.doesNotMatch(wall.body, new RegExp(codes.overdue), 'no dossier code on a wall');
  const file = await leader.get('/dashboard/bao-cao/tai-ve?ky=2026-Q4&mau=06&cap=tinh&dinh-dang=xlsx');
  assert.equal(file.statusCode, 200);
  assert.match(String(file.headers['content-disposition']), /bieu-06-tinh-2026-Q4\.xlsx/);
  assert.equal(file.rawPayload.subarray(0, 2).toString(), 'PK');
});
