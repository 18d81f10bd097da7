/**
 * Hồ sơ công việc through the pages: the justice department's specialist opens a file with its
 * retention period taken from the schedule (Circular 10/2022/TT-BNV, data/documents), files a
 * registered document in it, sees the document index, and closes it; a closed file takes no
 * more documents; another agency's staff get 404; the schedule file is checked as data.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Browser, type SeededApp, seededApp } from '../../../web/testing.ts';
import { loadRetentionSchedules, resolveRetention, retentionChoices, scheduleOn } from '../retention.ts';

let s: SeededApp;
before(async () => {
  s = await seededApp();
});
after(() => s?.close());

async function signedIn(login: string): Promise<Browser> {
  const b = new Browser(s.app);
  await b.page('/workspace/dang-nhap');
  const res = await b.post('/workspace/dang-nhap', { login, password: 'MoCua@2026' });
  assert.equal(res.statusCode, 303);
  return b;
}

const pathOf = (location: unknown) => String(location).replace(/\?.*$/u, '');

test('the retention schedule: every version dated and sourced, each item with its source, choices resolve', () => {
  const list = loadRetentionSchedules();
  for (const schedule of list) {
    assert.match(schedule.effectiveFrom, /^\d{4}-\d{2}-\d{2}$/u);
    for (const item of schedule.items) assert.ok(item.source.length > 10, `${item.code} has its source`);
  }
  const tt10 = scheduleOn('2026-11-16', list);
  assert.equal(tt10.version, 'TT-10-2022-BNV');
  const planning = tt10.items.find((i) => i.title === 'Công văn trao đổi về công tác quy hoạch');
  assert.equal(planning?.years, 5);
  assert.deepEqual(resolveRetention(`muc:${planning?.code}`, '2026-11-16', list), {
    retentionYears: 5,
    retentionItem: `TT-10-2022-BNV:${planning?.code}`,
  });
  assert.deepEqual(resolveRetention('muc-chung:vinh-vien', '2026-11-16', list), {
    retentionYears: null,
    retentionItem: null,
  });
  assert.equal(resolveRetention('muc-chung:7', '2026-11-16', list), undefined, 'only the levels on offer');
  assert.equal(resolveRetention('muc:KHONG-CO', '2026-11-16', list), undefined);
  const labels = retentionChoices('2026-11-16', list).map((c) => c.label);
  assert.ok(labels.some((l) => l.endsWith('Vĩnh viễn')));
});

test('open a file from the schedule, file a document, read its index, close it', async () => {
  const specialist = await signedIn('chuyenvien.tuphap');
  const list = await specialist.page('/workspace/van-ban/ho-so');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Lập hồ sơ mới/u);
  assert.match(list.body, /Thông tư 10\/2022\/TT-BNV/u);
  const planning = /<option value="(muc:[^"]+)">Quy hoạch — Công văn trao đổi về công tác quy hoạch: 5 năm/u.exec(
    list.body,
  )?.[1];
  assert.ok(planning, 'the schedule item is offered');

  // Wrong notation and no period: the form comes back with its problems.
  const wrong = await specialist.post('/workspace/van-ban/ho-so', {
    notation: 'TCCB',
    title: 'Rà soát',
    retention: '',
  });
  assert.equal(wrong.statusCode, 422);
  assert.match(wrong.body, /dạng 01\.TCCB/u);
  assert.match(wrong.body, /Chọn thời hạn bảo quản/u);

  const opened = await specialist.post(
    '/workspace/van-ban/ho-so',
    { notation: '05.HCTP', title: 'Công văn trao đổi về quy hoạch năm 2026', retention: planning },
    list.body,
  );
  assert.equal(opened.statusCode, 303);
  const fileUrl = pathOf(opened.headers.location);
  const again = await specialist.post(
    '/workspace/van-ban/ho-so',
    { notation: '05.HCTP', title: 'Trùng số', retention: 'muc-chung:10' },
    list.body,
  );
  assert.equal(again.statusCode, 422, 'the same notation twice in a year is refused');
  assert.match(again.body, /Số và ký hiệu hồ sơ đã có trong năm/u);

  const filePage = await specialist.get(fileUrl);
  assert.equal(filePage.statusCode, 200);
  assert.match(filePage.body, /05\.HCTP\. Công văn trao đổi về quy hoạch năm 2026/u);
  assert.match(filePage.body, /5 năm/u);
  assert.match(filePage.body, /Bùi Thị Minh Nguyệt/u);
  assert.match(filePage.body, /saovietlaw\.com/u, 'the period shows where it was read');

  // The clerk registers a letter; the specialist files it from the document's page.
  const clerk = await signedIn('vanthu.tuphap');
  await clerk.page('/workspace/van-ban/vao-so');
  const registered = await clerk.post('/workspace/van-ban/vao-so', {
    issuerName: 'Sở Nội vụ tỉnh Tuyên Quang',
    type: 'CV',
    codeNumber: '45',
    codeNotation: 'SNV-TCCB',
    issuedDate: '2026-11-10',
    subject: 'V/v rà soát quy hoạch cán bộ năm 2026',
    urgency: 'normal',
    secrecy: 'none',
  });
  assert.equal(registered.statusCode, 303);
  const documentUrl = pathOf(registered.headers.location);
  const documentId = documentUrl.split('/').at(-1) ?? '';
  const docPage = await specialist.page(documentUrl);
  assert.match(docPage.body, /Văn bản chưa được đưa vào hồ sơ nào/u);
  const fileId = fileUrl.split('/').at(-1) ?? '';
  assert.ok(docPage.body.includes(`<option value="${fileId}">`), 'the open file is offered');
  const filed = await specialist.post('/workspace/van-ban/ho-so/them', { documentId, workFile: fileId });
  assert.equal(filed.statusCode, 303);
  const index = await specialist.get(fileUrl);
  assert.match(index.body, /Mục lục văn bản/u);
  assert.match(index.body, /45\/SNV-TCCB/u);
  assert.match(index.body, /V\/v rà soát quy hoạch cán bộ năm 2026/u);
  assert.match((await specialist.get(documentUrl)).body, /05\.HCTP\. Công văn trao đổi về quy hoạch năm 2026<\/a>/u);

  // Another agency does not see the file; someone else of the agency (not a leader) may not close it.
  const otherAgency = await signedIn('chuyenvien.yte');
  assert.equal((await otherAgency.get(fileUrl)).statusCode, 404);
  const colleague = await signedIn('chuyenvien2.tuphap');
  await colleague.page(fileUrl);
  assert.equal((await colleague.post(`${fileUrl}/dong`, {})).statusCode, 403);

  const page = await specialist.page(fileUrl);
  const closed = await specialist.post(`${fileUrl}/dong`, {}, page.body);
  assert.equal(closed.statusCode, 303);
  const after = await specialist.get(String(closed.headers.location));
  assert.match(after.body, /Đã kết thúc hồ sơ/u);
  assert.doesNotMatch(after.body, /Kết thúc hồ sơ<\/button>/u);
  // A closed file takes no more documents, and is no longer offered.
  const refused = await specialist.post('/workspace/van-ban/ho-so/them', { documentId, workFile: fileId }, page.body);
  assert.equal(refused.statusCode, 409);
  const listAfter = await specialist.get('/workspace/van-ban/ho-so');
  assert.match(listAfter.body, /Đã kết thúc/u);
  assert.match(listAfter.body, /1 hồ sơ: 0 bảo quản vĩnh viễn, 1 có thời hạn/u);
});
