import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditEvents } from '../../../../platform/audit/index.ts';
import { Browser, birthFiledOnline, type SeededApp, seededApp, workspaceStaff } from '../../../../web/testing.ts';

let s: SeededApp;
let code = '';

before(async () => {
  s = await seededApp();
  code = await birthFiledOnline(s, {
    login: 'thu.ha@example.vn',
    personalId: '008195004321',
    phone: '0912555666',
    transactionId: 'workspace-test-0001',
  });
});
after(async () => {
  await s.close();
});

const staff = (login: string): Promise<Browser> => workspaceStaff(s.app, login);

test('workspace pages need a staff sign-in and come back to the page asked for', async () => {
  const res = await new Browser(s.app).get(`/workspace/ho-so/${code}`);
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `/workspace/dang-nhap?tiep=${encodeURIComponent(`/workspace/ho-so/${code}`)}`);
});

test('the inbox lists the agency’s dossiers, most urgent first, with the counts', async () => {
  const receiver = await staff('tiepnhan.minhxuan');
  const inbox = await receiver.page('/workspace');
  assert.equal(inbox.statusCode, 200);
  assert.match(inbox.body, /Trung tâm Phục vụ hành chính công phường Minh Xuân — tiếp nhận/);
  assert.ok(inbox.body.includes(code));
  assert.match(inbox.body, /class="count-number">\d+<\/span>Quá hạn/);
  assert.match(inbox.body, /Mới đăng ký/);
  // Another commune's receiver does not see it.
  const other = await staff('tiepnhan.dongvan');
  assert.ok(!(await other.page('/workspace')).body.includes(code));
  assert.equal((await other.get(`/workspace/ho-so/${code}`)).statusCode, 404);
  // A running dossier is not on the finished tab; a forged page cursor is a 400, not a crash.
  const finished = await receiver.page('/workspace?loc=da-xong');
  assert.equal(finished.statusCode, 200);
  assert.ok(!finished.body.includes(code));
  assert.match(finished.body, /aria-current="true">Đã kết thúc/);
  assert.equal((await receiver.get('/workspace?sau=not-a-cursor')).statusCode, 400);
});

test('the dossier page shows the applicant, the e-form in order and only the actions allowed now', async () => {
  const receiver = await staff('tiepnhan.minhxuan');
  const page = await receiver.page(`/workspace/ho-so/${code}`);
  assert.equal(page.statusCode, 200);
  for (const text of ['Đinh Thu Hà', '008195004321', 'Việc xem thông tin cá nhân được ghi nhật ký.', '02/11/2026']) {
    assert.ok(page.body.includes(text), text);
  }
  const html = page.body;
  assert.ok(html.indexOf('Họ, chữ đệm và tên của trẻ') < html.indexOf('Ngày, tháng, năm sinh'));
  assert.match(html, /action="\/workspace\/ho-so\/[^"]+\/thao-tac\/receive"/);
  assert.match(html, /href="\/workspace\/ho-so\/[^"]+\/thao-tac\/request_supplement"/);
  assert.doesNotMatch(html, /thao-tac\/approve/);
  // A specialist of the competent agency may not receive: the action page sends back to the dossier.
  const specialist = await staff('chuyenvien.minhxuan');
  const refused = await specialist.get(`/workspace/ho-so/${code}/thao-tac/receive`);
  assert.ok(refused.statusCode === 303 || refused.statusCode === 404);
});

test('a supplement request names every missing paper with its reason (Mẫu 02)', async () => {
  const receiver = await staff('tiepnhan.minhxuan');
  const form = await receiver.page(`/workspace/ho-so/${code}/thao-tac/request_supplement`);
  assert.match(form.body, /Giấy chứng sinh hoặc giấy tờ thay Giấy chứng sinh/);
  const none = await receiver.post(`/workspace/ho-so/${code}/thao-tac/request_supplement`, {});
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /Vui lòng đánh dấu ít nhất một giấy tờ cần bổ sung\./);
  await receiver.page(`/workspace/ho-so/${code}/thao-tac/request_supplement`);
  const noReason = await receiver.post(`/workspace/ho-so/${code}/thao-tac/request_supplement`, { paper: '1' });
  assert.equal(noReason.statusCode, 422);
  assert.match(noReason.body, /href="#f-reason_1"/);
  await receiver.page(`/workspace/ho-so/${code}/thao-tac/request_supplement`);
  const done = await receiver.post(`/workspace/ho-so/${code}/thao-tac/request_supplement`, {
    paper: '1',
    reason_1: 'Ảnh chụp bị mờ.',
  });
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, `/workspace/ho-so/${code}?xong=request_supplement`);
  const after = await receiver.page(String(done.headers.location));
  assert.match(after.body, /Đã thực hiện: Yêu cầu bổ sung, hoàn thiện hồ sơ/);
  assert.match(after.body, /Yêu cầu bổ sung giấy tờ/);
  assert.match(after.body, /slips\/supplement-request\.pdf/);

  // Issue 13.5–6: the citizen's own dossier page says what is asked, why, and what to do.
  const citizen = new Browser(s.app);
  await citizen.page('/dang-nhap');
  await citizen.post('/dang-nhap', { login: 'thu.ha@example.vn', password: 'mat-khau-dai' });
  const mine = await citizen.page(`/ho-so-cua-toi/${code}`);
  assert.match(mine.body, /cơ quan yêu cầu bạn bổ sung, hoàn thiện hồ sơ với các giấy tờ sau/);
  assert.match(
    mine.body,
    /<strong>Giấy chứng sinh hoặc giấy tờ thay Giấy chứng sinh<\/strong> — lý do: Ảnh chụp bị mờ\./,
  );
  assert.match(mine.body, new RegExp(`href="/ho-so-cua-toi/${code.replaceAll('.', '\\.')}/bo-sung\\?giay=0"`));
  assert.match(mine.body, /<h3 class="timeline-title">Cơ quan yêu cầu bổ sung giấy tờ<\/h3>/);
  assert.match(mine.body, /<strong>Việc của bạn:<\/strong> Bạn cần nộp thêm các giấy tờ nêu dưới đây/);
  // The internal control sheet (Mẫu 06) is the agencies' own paper.
  assert.doesNotMatch(mine.body, /control-sheet/);
  const upload = await citizen.page(`/ho-so-cua-toi/${code}/bo-sung?giay=0`);
  assert.match(upload.body, /<option value="Giấy chứng sinh hoặc giấy tờ thay Giấy chứng sinh" selected>/);
  // The public look-up (code and key) shows no reason or paper list.
  assert.doesNotMatch(
    JSON.stringify(await s.app.inject({ url: `/tra-cuu/${code}` }).then((r) => r.body)),
    /Ảnh chụp bị mờ/,
  );
});

test('counter reception refuses a dossier missing a required paper, then receives it', async () => {
  const receiver = await staff('tiepnhan.minhxuan');
  const search = await receiver.page('/workspace/tiep-nhan?q=khai+sinh');
  assert.match(search.body, /href="\/workspace\/tiep-nhan\/1\.001193">Chọn: Thủ tục đăng ký khai sinh</);
  const form = await receiver.page('/workspace/tiep-nhan/1.001193');
  assert.match(form.body, /<option value="[0-9a-f-]{36}" selected>Ủy ban nhân dân phường Minh Xuân<\/option>/);
  const commune = /name="birthPlace__xa"[\s\S]*?<option value="(\d{5})">Phường Minh Xuân</.exec(form.body)?.[1] ?? '';
  const fields = {
    type: 'citizen',
    fullName: 'Ma Thị Hiền',
    phone: '02033822456',
    childFullName: 'Ma Văn Tùng',
    childBirthDate__ngay: '10',
    childBirthDate__thang: '11',
    childBirthDate__nam: '2026',
    sex: 'Nam',
    birthPlace__tinh: '08',
    birthPlace__xa: commune,
    relation: 'Mẹ',
    nationality: 'Việt Nam',
    nativePlace: 'Xã Hàm Yên, tỉnh Tuyên Quang',
    ethnicity: 'Tày',
  };
  const missing = await receiver.post('/workspace/tiep-nhan/1.001193', { ...fields, papers: ['0'] });
  assert.equal(missing.statusCode, 422);
  assert.match(missing.body, /Chưa nhận giấy tờ bắt buộc: Giấy chứng sinh/);
  await receiver.page('/workspace/tiep-nhan/1.001193');
  const ok = await receiver.post('/workspace/tiep-nhan/1.001193', { ...fields, papers: ['0', '1', '3'] });
  assert.equal(ok.statusCode, 303);
  assert.match(String(ok.headers.location), /^\/workspace\/ho-so\/000\.01\.41\.H60-\d{6}-\d{4}\/quet\?giay-to=0,1,3$/);
  const done = await receiver.page(String(ok.headers.location));
  assert.match(done.body, /Đã tiếp nhận hồ sơ/);
  assert.match(done.body, /slips\/receipt\.pdf/);
  // Issue 13.14: the appointment as the slip writes it, with its session and weekday.
  assert.match(
    done.body,
    /Ngày hẹn trả kết quả: <strong data-appointment="true">\d\d giờ \d\d, (sáng|chiều) (thứ \p{L}+|Chủ nhật), ngày \d\d\/\d\d\/\d{4}<\/strong>/u,
  );
});

test('staff find a dossier by the applicant’s name without diacritics', async () => {
  const receiver = await staff('tiepnhan.minhxuan');
  const res = await receiver.page('/workspace/tim-kiem?q=dinh+thu+ha');
  assert.equal(res.statusCode, 200);
  assert.ok(res.body.includes(code));
  // The search showed personal data: it is audited like a detail read, once (issue 11).
  const searches = (await s.db.db.select().from(auditEvents).where(eq(auditEvents.action, 'search_personal_data')))
    .map((e) => e.data as { query: string; queryKind: string; codes: string[] })
    .filter((d) => d.query === 'dinh thu ha');
  assert.equal(searches.length, 1);
  assert.equal(searches[0]?.queryKind, 'name');
  assert.ok(searches[0]?.codes.includes(code));
  const exact = await receiver.get(`/workspace/tim-kiem?q=${code}`);
  assert.equal(exact.statusCode, 303);
});
