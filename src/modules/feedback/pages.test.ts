import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/schema.ts';
import { cleanImageMetadata } from '../../platform/storage/image-metadata.ts';
import { Browser, csrfTokenOf, type SeededApp, seededApp, type UploadFile } from '../../web/testing.ts';
import { feedbackItems } from './schema.ts';

let s: SeededApp;

before(async () => {
  s = await seededApp();
});
after(async () => {
  await s.close();
});

const MINH_XUAN = '02215';
const SCRIPT = '<script>alert("x")</script>';

const valid = (overrides: Record<string, string> = {}) => ({
  kind: 'report',
  categoryCode: 'moi-truong',
  subject: 'Rác thải tồn đọng ở tổ 7',
  content: 'Rác thải sinh hoạt tồn đọng nhiều ngày ở đầu ngõ tổ 7, bốc mùi khó chịu.',
  dossierCode: '',
  communeCode: MINH_XUAN,
  senderName: 'Trần Thị Hoa',
  senderPhone: '0912 345 111',
  senderEmail: '',
  senderAddress: 'Tổ 7, phường Minh Xuân',
  ...overrides,
});

const itemCount = async () => {
  const [row] = await s.db.db.select({ n: sql<number>`count(*)::int` }).from(feedbackItems);
  return row?.n ?? 0;
};

async function send(fields: Record<string, string>) {
  const browser = new Browser(s.app);
  await browser.page('/phan-anh-kien-nghi/gui');
  const res = await browser.post('/phan-anh-kien-nghi/gui', fields);
  return { browser, res };
}

async function sendValid(overrides: Record<string, string> = {}) {
  const { browser, res } = await send(valid(overrides));
  assert.equal(res.statusCode, 303, res.body);
  const location = String(res.headers.location);
  const url = new URL(location, 'http://x');
  return { browser, location, code: url.searchParams.get('ma') ?? '', key: url.searchParams.get('key') ?? '' };
}

async function staff(login: string) {
  const browser = new Browser(s.app);
  await browser.page('/workspace/dang-nhap');
  const res = await browser.post('/workspace/dang-nhap', { login, password: 'MoCua@2026' });
  assert.equal(res.statusCode, 303);
  return browser;
}

test('the feedback form is linked from the home page and the answers list, and posts with a CSRF token', async () => {
  const browser = new Browser(s.app);
  assert.match((await browser.get('/')).body, /href="\/phan-anh-kien-nghi\/gui"/);
  assert.match((await browser.get('/phan-anh-kien-nghi')).body, /href="\/phan-anh-kien-nghi\/gui"/);
  const form = await browser.get('/phan-anh-kien-nghi/gui');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /<h1>Gửi phản ánh, kiến nghị<\/h1>/);
  // Multipart for the photos: the CSRF token rides in the address, as on the other upload forms.
  assert.match(
    form.body,
    /<form method="post" action="\/phan-anh-kien-nghi\/gui\?_csrf=[^"]+" novalidate enctype="multipart\/form-data">/,
  );
  assert.ok(csrfTokenOf(form.body));
  assert.match(form.body, /name="txn" value="[0-9a-f-]{36}"/);
  assert.match(form.body, /<option value="moi-truong">Môi trường<\/option>/);
  assert.match(form.body, /<option value="02215">Phường Minh Xuân<\/option>/);
  assert.ok(form.body.includes('aria-current="page"'), 'the navigation marks the feedback section');
  assert.equal(form.body, form.body.normalize('NFC'));
  // Portal budget: ≤ 60 KB transferred per page.
  const packed = await s.app.inject({ url: '/phan-anh-kien-nghi/gui', headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(packed.headers['content-encoding'], 'br');
  assert.ok(packed.rawPayload.length < 60_000, `${packed.rawPayload.length} bytes`);
});

test('issue 13.8: left empty, the category is chosen from the sender’s words (a pothole is a road matter)', async () => {
  const { code } = await sendValid({
    categoryCode: '',
    subject: 'Ổ gà giữa đường tổ 3',
    content: 'Đường vào tổ 3 có ổ gà lớn, xe máy ngã nhiều lần trong tuần này.',
  });
  const [row] = await s.db.db
    .select({ category: feedbackItems.categoryCode })
    .from(feedbackItems)
    .where(eq(feedbackItems.code, code));
  assert.equal(row?.category, 'giao-thong');
});

test('an empty form lists every problem in an error summary that takes focus, each on its field', async () => {
  const before = await itemCount();
  const { res } = await send({});
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /<title>Lỗi: Gửi phản ánh, kiến nghị — Mở Cửa<\/title>/);
  assert.match(res.body, /class="error-summary"[^>]*role="alert"[^>]*tabindex="-1"[^>]*autofocus/);
  for (const [id, message] of [
    ['f-kind', 'Vui lòng chọn phản ánh hoặc kiến nghị.'],
    ['f-subject', 'Vui lòng nhập tiêu đề (ít nhất 3 ký tự).'],
    ['f-content', 'Vui lòng nhập nội dung phản ánh, kiến nghị (ít nhất 10 ký tự).'],
    ['f-senderName', 'Vui lòng nhập họ và tên người gửi.'],
    ['f-senderPhone', 'Vui lòng nhập số điện thoại hoặc thư điện tử để nhận kết quả.'],
    ['f-senderAddress', 'Vui lòng nhập địa chỉ liên hệ của người gửi.'],
  ]) {
    assert.ok(res.body.includes(`<a href="#${id}">${message}</a>`), `${id}: ${message}`);
    assert.ok(res.body.includes(`id="${id}-error"`), `${id} has its own message`);
  }
  assert.equal(await itemCount(), before, 'nothing was created');
});

test('sender details the service refuses (§8.1) come back per field, with what was typed kept', async () => {
  const { res } = await send(valid({ senderPhone: '12', senderEmail: 'khong-phai-thu', senderName: 'A' }));
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /<a href="#f-senderPhone">Số điện thoại không đúng định dạng \(ví dụ 0912345678\)\.<\/a>/);
  assert.match(res.body, /<a href="#f-senderEmail">Địa chỉ thư điện tử không đúng định dạng\.<\/a>/);
  assert.match(res.body, /<a href="#f-senderName">Vui lòng nhập họ và tên người gửi\.<\/a>/);
  assert.match(res.body, /value="khong-phai-thu"/);
  assert.match(res.body, /Rác thải sinh hoạt tồn đọng/);
  assert.match(res.body, /<option value="moi-truong" selected>/);
});

test('a post without the CSRF token is refused with a page and creates nothing', async () => {
  const before = await itemCount();
  const res = await s.app.inject({
    method: 'POST',
    url: '/phan-anh-kien-nghi/gui',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(valid()).toString(),
  });
  assert.equal(res.statusCode, 403);
  assert.match(String(res.headers['content-type']), /^text\/html/);
  assert.match(res.body, /Phiên làm việc đã hết hạn/);
  assert.equal(await itemCount(), before);
});

test('a script typed in any field is shown back as text, never as markup', async () => {
  const fields = Object.fromEntries(
    Object.entries(valid()).map(([k, v]) => [k, ['kind', 'categoryCode', 'communeCode'].includes(k) ? v : SCRIPT]),
  );
  const { res } = await send({ ...fields, subject: `x${SCRIPT}`, content: `Nội dung ${SCRIPT}` });
  assert.equal(res.statusCode, 422);
  assert.doesNotMatch(res.body, /<script>alert/);
  // The seven text fields each echo the payload, escaped ('<' as '&lt;').
  assert.equal(res.body.match(/&lt;script(&gt;|>)alert/g)?.length, 7, 'every text field echoes the payload escaped');
  // Through the whole flow: the receipt, the staff page and the published answer escape it too.
  const sent = await sendValid({ subject: `Rác ${SCRIPT}`, content: `Nội dung dài ${SCRIPT}`, senderAddress: SCRIPT });
  const specialist = await staff('chuyenvien.minhxuan');
  const page = await specialist.page(`/workspace/phan-anh-kien-nghi/${sent.code}`);
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, /<script>alert/);
  assert.match(page.body, /Rác &lt;script(&gt;|>)alert/);
  await specialist.post(`/workspace/phan-anh-kien-nghi/${sent.code}/du-thao-tra-loi`, {
    answer: `Đã xử lý. ${SCRIPT}`,
  });
  const leader = await staff('lanhdao.minhxuan');
  const review = await leader.page(`/workspace/phan-anh-kien-nghi/${sent.code}`);
  assert.doesNotMatch(review.body, /<script>alert/, 'the draft in the leader’s form is escaped');
  // Approved as drafted (the form left empty keeps the draft).
  await leader.post(`/workspace/phan-anh-kien-nghi/${sent.code}/tra-loi`, {});
  await leader.page(`/workspace/phan-anh-kien-nghi/${sent.code}`);
  await leader.post(`/workspace/phan-anh-kien-nghi/${sent.code}/cong-khai`, {});
  const published = await new Browser(s.app).get(`/phan-anh-kien-nghi/${sent.code}`);
  assert.equal(published.statusCode, 200);
  assert.doesNotMatch(published.body, /<script>alert/);
  assert.match(published.body, /Đã xử lý\. &lt;script(&gt;|>)alert/);
});

test('a sent item is routed to the commune, confirmed with its code and key, and sent once per form', async () => {
  const { browser, res } = await send(valid());
  assert.equal(res.statusCode, 303);
  const confirm = await browser.get(String(res.headers.location));
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /Đã gửi phản ánh, kiến nghị/);
  assert.match(confirm.body, /PAKN-\d{6}-\d{4}/);
  assert.match(confirm.body, /Ủy ban nhân dân phường Minh Xuân/);
  assert.match(confirm.body, /href="\/phan-anh-kien-nghi\/tra-cuu\?code=PAKN-/);
  // The same form posted again (double click, retry) gives the same item.
  const txn = /name="txn" value="([^"]+)"/.exec(browser.lastHtml)?.[1] ?? '';
  const before = await itemCount();
  const again = await browser.post('/phan-anh-kien-nghi/gui', { ...valid(), txn });
  const twice = await browser.post('/phan-anh-kien-nghi/gui', { ...valid(), txn });
  assert.equal(again.headers.location, twice.headers.location);
  assert.equal(await itemCount(), before + 1);
  const wrongKey = await browser.get(String(res.headers.location).replace(/key=[^&]+/, 'key=ZZZZ2222'));
  assert.equal(wrongKey.statusCode, 404);
});

test('staff of the agency read the sender (audited); the specialist drafts, the leader returns or approves, and only the leader publishes', async () => {
  const sent = await sendValid();
  const specialist = await staff('chuyenvien.minhxuan');
  const list = await specialist.page('/workspace/phan-anh-kien-nghi');
  assert.equal(list.statusCode, 200);
  assert.ok(list.body.includes(`>${sent.code}</a>`));
  const item = await specialist.page(`/workspace/phan-anh-kien-nghi/${sent.code}`);
  assert.match(item.body, /0912345111/);
  assert.match(item.body, /Tổ 7, phường Minh Xuân/);
  const audits = await s.db.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'read_personal_data'), sql`${auditEvents.data}->>'code' = ${sent.code}`));
  assert.ok(audits.length >= 1, 'the read of the sender is audited');
  assert.match(item.body, /Trình lãnh đạo duyệt/);
  assert.doesNotMatch(item.body, /Duyệt và gửi trả lời/, 'a specialist does not send answers');
  const empty = await specialist.post(`/workspace/phan-anh-kien-nghi/${sent.code}/du-thao-tra-loi`, { answer: ' ' });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /<a href="#f-answer">Vui lòng nhập nội dung trả lời\.<\/a>/);
  // A specialist cannot send an answer straight to the sender.
  const direct = await specialist.post(`/workspace/phan-anh-kien-nghi/${sent.code}/tra-loi`, { answer: 'x' });
  assert.equal(direct.statusCode, 403);
  const drafted = await specialist.post(`/workspace/phan-anh-kien-nghi/${sent.code}/du-thao-tra-loi`, {
    answer: 'Phường sẽ thu gom rác tại tổ 7.',
  });
  assert.equal(drafted.statusCode, 303);
  const waiting = await specialist.page(String(drafted.headers.location));
  assert.match(waiting.body, /Đã lưu dự thảo trả lời và trình lãnh đạo duyệt\./);
  assert.match(waiting.body, /<strong>Chờ lãnh đạo duyệt trả lời<\/strong>/);
  // The sender sees the item still in progress, and no draft.
  const tracked = await new Browser(s.app).get(`/phan-anh-kien-nghi/tra-cuu?code=${sent.code}&key=${sent.key}`);
  assert.equal(tracked.statusCode, 200);
  assert.match(tracked.body, /Đang xử lý/);
  assert.doesNotMatch(tracked.body, /Phường sẽ thu gom|Chờ lãnh đạo/);
  // The leader returns the draft with a reason; the specialist reads it and redrafts.
  const leader = await staff('lanhdao.minhxuan');
  const review = await leader.page(`/workspace/phan-anh-kien-nghi/${sent.code}`);
  assert.match(review.body, /Duyệt dự thảo trả lời/);
  assert.match(review.body, />Phường sẽ thu gom rác tại tổ 7\.<\/textarea>/);
  const noReason = await leader.post(`/workspace/phan-anh-kien-nghi/${sent.code}/tra-lai-du-thao`, { reason: '' });
  assert.equal(noReason.statusCode, 422);
  assert.match(noReason.body, /<a href="#f-reason">Vui lòng nêu rõ lý do\.<\/a>/);
  const returned = await leader.post(`/workspace/phan-anh-kien-nghi/${sent.code}/tra-lai-du-thao`, {
    reason: 'Ghi rõ ngày bắt đầu thu gom.',
  });
  assert.equal(returned.statusCode, 303);
  const back = await specialist.page(`/workspace/phan-anh-kien-nghi/${sent.code}`);
  assert.match(back.body, /<strong>Đang xử lý<\/strong>/);
  assert.match(back.body, /Lãnh đạo trả lại dự thảo[\s\S]*Ghi rõ ngày bắt đầu thu gom\./);
  assert.match(back.body, />Phường sẽ thu gom rác tại tổ 7\.<\/textarea>/, 'the draft comes back to edit');
  await specialist.post(`/workspace/phan-anh-kien-nghi/${sent.code}/du-thao-tra-loi`, {
    answer: 'Phường đã bố trí thu gom rác tại tổ 7 từ ngày 6/12.',
  });
  assert.equal((await specialist.post(`/workspace/phan-anh-kien-nghi/${sent.code}/cong-khai`, {})).statusCode, 403);
  await leader.page(`/workspace/phan-anh-kien-nghi/${sent.code}`);
  const approved = await leader.post(`/workspace/phan-anh-kien-nghi/${sent.code}/tra-loi`, {
    answer: 'Phường đã bố trí thu gom rác tại tổ 7 từ ngày 6/12/2026.',
  });
  assert.equal(approved.statusCode, 303);
  const after = await leader.page(String(approved.headers.location));
  assert.match(after.body, /Đã gửi câu trả lời cho người gửi\./);
  assert.match(after.body, /<strong>Đã trả lời, chưa công khai<\/strong>/);
  const answeredTrack = await new Browser(s.app).get(`/phan-anh-kien-nghi/tra-cuu?code=${sent.code}&key=${sent.key}`);
  assert.match(answeredTrack.body, /từ ngày 6\/12\/2026\./, 'the sender reads the answer the leader approved');
  const refused = await specialist.post(`/workspace/phan-anh-kien-nghi/${sent.code}/cong-khai`, {});
  assert.equal(refused.statusCode, 403);
  // Another agency's staff read the matter with the sender masked, and have nothing to do.
  const receiver = await staff('tiepnhan.minhxuan');
  const other = await receiver.page(`/workspace/phan-anh-kien-nghi/${sent.code}`);
  assert.equal(other.statusCode, 200);
  assert.doesNotMatch(other.body, /0912345111|Trần Thị Hoa/);
  assert.doesNotMatch(other.body, /<form method="post" action="\/workspace\/phan-anh-kien-nghi/);
  await leader.page(`/workspace/phan-anh-kien-nghi/${sent.code}`);
  const published = await leader.post(`/workspace/phan-anh-kien-nghi/${sent.code}/cong-khai`, {});
  assert.equal(published.statusCode, 303);
  const page = await new Browser(s.app).get(`/phan-anh-kien-nghi/${sent.code}`);
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, /Trần Thị Hoa|0912345111/);
  assert.match(page.body, /T\.T\.H/);
});

test('a conduct report does not exist for a specialist, only for the leader', async () => {
  const sent = await sendValid({ categoryCode: 'thai-do-can-bo', subject: 'Cán bộ gây phiền hà' });
  const specialist = await staff('chuyenvien.minhxuan');
  assert.equal((await specialist.get(`/workspace/phan-anh-kien-nghi/${sent.code}`)).statusCode, 404);
  const list = await specialist.get('/workspace/phan-anh-kien-nghi');
  assert.ok(!list.body.includes(sent.code));
  const leader = await staff('lanhdao.minhxuan');
  assert.equal((await leader.get(`/workspace/phan-anh-kien-nghi/${sent.code}`)).statusCode, 200);
});

test('workspace feedback pages send visitors who are not signed in to the staff sign-in', async () => {
  const res = await new Browser(s.app).get('/workspace/phan-anh-kien-nghi');
  assert.equal(res.statusCode, 303);
  assert.match(String(res.headers.location), /^\/workspace\/dang-nhap\?tiep=/);
});

test('the sender rates a published answer once with the tracking key; a visitor without it is asked to sign in', async () => {
  const sent = await sendValid();
  const specialist = await staff('chuyenvien.minhxuan');
  await specialist.page(`/workspace/phan-anh-kien-nghi/${sent.code}`);
  await specialist.post(`/workspace/phan-anh-kien-nghi/${sent.code}/du-thao-tra-loi`, { answer: 'Đã thu gom.' });
  const leader = await staff('lanhdao.minhxuan');
  await leader.page(`/workspace/phan-anh-kien-nghi/${sent.code}`);
  await leader.post(`/workspace/phan-anh-kien-nghi/${sent.code}/tra-loi`, {});
  await leader.page(`/workspace/phan-anh-kien-nghi/${sent.code}`);
  await leader.post(`/workspace/phan-anh-kien-nghi/${sent.code}/cong-khai`, {});

  const visitor = new Browser(s.app);
  const page = await visitor.page(`/phan-anh-kien-nghi/${sent.code}`);
  assert.match(page.body, /<button type="submit" class="button button-primary" name="reaction" value="like"/);
  const noKey = await visitor.post(`/phan-anh-kien-nghi/${sent.code}/danh-gia`, { reaction: 'like', key: '' });
  assert.equal(noKey.statusCode, 422);
  assert.match(noKey.body, /<a href="#f-key">Vui lòng đăng nhập, hoặc nhập mã tra cứu nếu bạn là người gửi\.<\/a>/);
  const liked = await visitor.post(`/phan-anh-kien-nghi/${sent.code}/danh-gia`, { reaction: 'like', key: sent.key });
  assert.equal(liked.statusCode, 303);
  const shown = await visitor.page(String(liked.headers.location));
  assert.match(shown.body, /Đã ghi nhận đánh giá/);
  assert.match(shown.body, /Hài lòng: <span class="feedback-likes">1<\/span>/);
  assert.doesNotMatch(shown.body, /name="reaction"/, 'no second rating form');
  const twice = await visitor.post(
    `/phan-anh-kien-nghi/${sent.code}/danh-gia`,
    { reaction: 'dislike', key: sent.key },
    page.body,
  );
  assert.equal(twice.statusCode, 409);
  assert.match(twice.body, /Bạn đã đánh giá câu trả lời này\./);
});

const photo = (name: string, type = 'image/jpeg') => ({
  field: 'photos',
  name,
  type,
  bytes: new Uint8Array(readFileSync(path.join(import.meta.dirname, '../../../test/fixtures/images', name))),
});

async function sendWithPhotos(files: UploadFile[], overrides: Record<string, string> = {}) {
  const browser = new Browser(s.app);
  const form = await browser.page('/phan-anh-kien-nghi/gui');
  return { form, res: await browser.upload('/phan-anh-kien-nghi/gui', files, valid(overrides)), browser };
}

const attachmentsOf = async (code: string) => {
  const [row] = await s.db.db
    .select({ attachments: feedbackItems.attachments })
    .from(feedbackItems)
    .where(eq(feedbackItems.code, code));
  return row?.attachments ?? [];
};

test('issue 13.8: photos go with the form, stripped of camera, date and place; the handling staff see them', async () => {
  const files = [photo('pothole.jpg'), photo('pothole.png', 'image/png'), photo('pothole.webp', 'image/webp')];
  const { form, res } = await sendWithPhotos(files);
  assert.match(form.body, /enctype="multipart\/form-data"/);
  assert.match(form.body, /<input[^>]*type="file"[^>]*accept="image\/jpeg,image\/png,image\/webp"[^>]*multiple/);
  assert.equal(res.statusCode, 303, res.body);
  const code = new URL(String(res.headers.location), 'http://x').searchParams.get('ma') ?? '';
  const attachments = await attachmentsOf(code);
  assert.deepEqual(
    attachments.map((a) => (a.kind === 'blob' ? [a.mime, a.locationKept ?? false] : a.kind)),
    [
      ['image/jpeg', false],
      ['image/png', false],
      ['image/webp', false],
    ],
  );
  for (const [i, a] of attachments.entries()) {
    if (a.kind !== 'blob') continue;
    const bytes = (await s.app.deps.services.blobs.get(a.key)) ?? new Uint8Array();
    assert.ok(!Buffer.from(bytes).toString('latin1').includes('SN123456789'), 'no camera serial');
    const read = cleanImageMetadata(bytes, (['jpeg', 'png', 'webp'] as const)[i] ?? 'jpeg', { keepLocation: true });
    assert.equal(read.location, undefined, 'no GPS without consent');
    assert.equal(read.orientation, 6, 'the orientation stays');
  }
  // The handling specialist sees the photos; another agency's staff do not.
  const specialist = await staff('chuyenvien.minhxuan');
  const page = await specialist.page(`/workspace/phan-anh-kien-nghi/${code}`);
  assert.match(page.body, /Ảnh người gửi đính kèm/);
  const first = await specialist.get(`/workspace/phan-anh-kien-nghi/${code}/anh/1`);
  assert.equal(first.statusCode, 200);
  assert.equal(first.headers['content-type'], 'image/jpeg');
  assert.equal(first.headers['x-content-type-options'], 'nosniff');
  assert.equal((await specialist.get(`/workspace/phan-anh-kien-nghi/${code}/anh/4`)).statusCode, 404);
  const receiver = await staff('tiepnhan.minhxuan');
  assert.doesNotMatch((await receiver.page(`/workspace/phan-anh-kien-nghi/${code}`)).body, /Ảnh người gửi/);
  assert.equal((await receiver.get(`/workspace/phan-anh-kien-nghi/${code}/anh/1`)).statusCode, 404);
});

test('issue 13.8: the photo’s GPS position is kept only when the sender ticks consent', async () => {
  const { res } = await sendWithPhotos([photo('pothole.jpg')], { photoLocation: 'yes' });
  assert.equal(res.statusCode, 303, res.body);
  const code = new URL(String(res.headers.location), 'http://x').searchParams.get('ma') ?? '';
  const [a] = await attachmentsOf(code);
  assert.ok(a?.kind === 'blob' && a.locationKept === true);
  const bytes = (await s.app.deps.services.blobs.get(a.key)) ?? new Uint8Array();
  const read = cleanImageMetadata(bytes, 'jpeg', { keepLocation: true });
  assert.ok(read.location && Math.abs(read.location.lat - 21.8236) < 1e-4);
  assert.ok(!Buffer.from(bytes).toString('latin1').includes('MoCuaTestCam'), 'the camera still goes');
  const specialist = await staff('chuyenvien.minhxuan');
  assert.match((await specialist.page(`/workspace/phan-anh-kien-nghi/${code}`)).body, /Có vị trí chụp/);
});

test('issue 13.8: a sixth photo, a file that is not an image, and a broken image are refused on the form', async () => {
  const before = await itemCount();
  const six = await sendWithPhotos(Array.from({ length: 6 }, () => photo('pothole.jpg')));
  assert.equal(six.res.statusCode, 422);
  assert.match(six.res.body, /<a href="#f-photos">Chỉ gửi tối đa 5 ảnh\.<\/a>/);
  // Named .jpg and sent as image/jpeg, but its bytes are text: the content decides.
  const text = {
    field: 'photos',
    name: 'o-ga.jpg',
    type: 'image/jpeg',
    bytes: new TextEncoder().encode('không phải ảnh'),
  };
  const fake = await sendWithPhotos([text]);
  assert.equal(fake.res.statusCode, 422);
  assert.match(fake.res.body, /Tệp “o-ga\.jpg” không phải ảnh JPEG, PNG hoặc WebP\./);
  const jpeg = photo('pothole.jpg');
  const broken = await sendWithPhotos([{ ...jpeg, name: 'hong.jpg', bytes: jpeg.bytes.subarray(0, 300) }]);
  assert.equal(broken.res.statusCode, 422);
  assert.match(broken.res.body, /Ảnh “hong\.jpg” bị hỏng hoặc không đọc được/);
  // Another problem on the form: the sender is told to choose the photos again.
  const missing = await sendWithPhotos([photo('pothole.jpg')], { subject: '' });
  assert.equal(missing.res.statusCode, 422);
  assert.match(missing.res.body, /Vui lòng chọn lại ảnh sau khi sửa các lỗi trên\./);
  assert.match(missing.res.body, /value="Rác thải sinh hoạt|Rác thải sinh hoạt tồn đọng/);
  assert.equal(await itemCount(), before, 'nothing was filed');
});
