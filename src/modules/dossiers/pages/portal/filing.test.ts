import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pdfBytes, pngBytes } from '../../../../../test/fixtures/files.ts';
import { pdfToText } from '../../../../platform/pdf/testing.ts';
import { Browser, birthFormPost, type SeededApp, seededApp } from '../../../../web/testing.ts';

let s: SeededApp;

before(async () => {
  s = await seededApp();
});
after(async () => {
  await s.close();
});

const P = '/nop-ho-so/1.001193';

async function citizen(login: string, name = 'Nguyễn Văn Nam'): Promise<Browser> {
  const b = new Browser(s.app);
  const res = await b.register({ displayName: name, login, password: 'mat-khau-dai' });
  assert.equal(res.statusCode, 303);
  return b;
}

const agencyIdOf = (html: string, name: string) => {
  const m = new RegExp(`value="([0-9a-f-]{36})"[^>]*/><label class="choice-label" for="[^"]+">${name}<`).exec(html);
  assert.ok(m?.[1], name);
  return m[1];
};

/** Fills every page up to the check-answers page; returns the browser on it. */
async function fillUpToCheck(b: Browser) {
  const where = await b.page(`${P}/noi-nop`);
  await b.post(`${P}/noi-nop`, { agencyId: agencyIdOf(where.body, 'Ủy ban nhân dân phường Minh Xuân') });
  await b.page(`${P}/nguoi-nop`);
  await b.post(`${P}/nguoi-nop`, { type: 'citizen', fullName: 'Nguyễn Văn Nam', phone: '0912000111' });
  const form = await b.page(`${P}/to-khai`);
  // The home province is chosen until the citizen says otherwise: its communes are listed at once.
  const commune = /name="birthPlace__xa"[\s\S]*?<option value="(\d{5})">Phường Minh Xuân</.exec(form.body)?.[1] ?? '';
  const sent = await b.post(`${P}/to-khai`, birthFormPost(commune));
  assert.equal(sent.statusCode, 303, sent.body.slice(0, 2000));
  await b.page(`${P}/giay-to`);
  const pdf = await pdfBytes('to khai');
  // Paper 0 is the declaration the e-form fills: not uploaded again (issue 13.4).
  for (const paper of [1]) {
    const up = await b.upload(`${P}/giay-to/tai-len/${paper}`, {
      field: `file-${paper}`,
      name: `giay-${paper}.pdf`,
      type: 'application/pdf',
      bytes: pdf,
    });
    assert.equal(up.statusCode, 303, up.body.slice(0, 200));
    await b.page(`${P}/giay-to`);
  }
  const next = await b.post(`${P}/giay-to`, {});
  assert.equal(next.headers.location, `${P}/kiem-tra`);
  return b.page(`${P}/kiem-tra`);
}

test('filing online needs a signed-in citizen; the pages come in order', async () => {
  const anonymous = await new Browser(s.app).get(`${P}/nguoi-nop`);
  assert.equal(anonymous.statusCode, 303);
  assert.equal(anonymous.headers.location, `/dang-nhap?tiep=${encodeURIComponent(`${P}/nguoi-nop`)}`);

  const b = await citizen('0912000101');
  const tasks = await b.page(P);
  assert.match(tasks.body, /<h1>Nộp hồ sơ trực tuyến<\/h1>/);
  assert.match(tasks.body, /href="\/nop-ho-so\/1\.001193\/noi-nop"/);
  assert.match(tasks.body, /Chưa thể làm/);
  // A later page before the earlier ones are done sends the citizen back to the first one not done.
  const skipped = await b.get(`${P}/kiem-tra`);
  assert.equal(skipped.statusCode, 303);
  assert.equal(skipped.headers.location, `${P}/noi-nop`);
});

test('each page checks its answers with the dossier rules and says what is wrong, in place', async () => {
  const b = await citizen('0912000102');
  await b.page(`${P}/noi-nop`);
  const noAgency = await b.post(`${P}/noi-nop`, {});
  assert.equal(noAgency.statusCode, 422);
  assert.match(noAgency.body, /<a href="#f-agencyId">Vui lòng chọn nơi nộp hồ sơ\.<\/a>/);
  const where = await b.page(`${P}/noi-nop`);
  await b.post(`${P}/noi-nop`, { agencyId: agencyIdOf(where.body, 'Ủy ban nhân dân phường Minh Xuân') });
  const applicant = await b.page(`${P}/nguoi-nop`);
  assert.match(applicant.body, /value="Nguyễn Văn Nam"/);
  assert.match(applicant.body, /value="0912000102"/);
  const bad = await b.post(`${P}/nguoi-nop`, { type: 'citizen', fullName: 'N', personalId: '12345' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /href="#f-fullName"/);
  assert.match(bad.body, /href="#f-personalId"/);
  assert.match(bad.body, /href="#f-phone">Nhập số điện thoại hoặc thư điện tử/);
  // Every field's own message at once, and what was typed comes back.
  const all = await b.post(`${P}/nguoi-nop`, {
    type: 'citizen',
    fullName: 'Nguyen 123',
    phone: '12345',
    email: 'ten@',
    address: 'Tổ 3',
  });
  assert.equal(all.statusCode, 422);
  assert.match(all.body, /href="#f-fullName">Họ và tên chỉ gồm chữ cái và dấu cách/);
  assert.match(all.body, /href="#f-phone">Nhập số điện thoại Việt Nam, ví dụ 0912 345 678\./);
  assert.match(all.body, /href="#f-email">Nhập địa chỉ thư điện tử đúng dạng/);
  assert.match(all.body, /value="Nguyen 123"/);
  assert.match(all.body, /value="ten@"/);
  assert.match(all.body, /value="Tổ 3"/);
  await b.page(`${P}/nguoi-nop`);
  const ok = await b.post(`${P}/nguoi-nop`, { type: 'citizen', fullName: 'Nguyễn Văn Nam', phone: '0912000102' });
  assert.equal(ok.headers.location, `${P}/to-khai`);
  await b.page(`${P}/to-khai`);
  const empty = await b.post(`${P}/to-khai`, { childFullName: '' });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /href="#f-childFullName">Nhập họ, chữ đệm và tên của trẻ\./);
  assert.match(empty.body, /href="#f-sex">Chọn giới tính\./);
  assert.match(empty.body, /href="#f-childBirthDate">Nhập ngày, tháng, năm sinh\./);
  // A date is three boxes (GOV.UK), never the browser's date picker.
  assert.doesNotMatch(empty.body, /type="date"/);
  assert.match(empty.body, /name="childBirthDate__ngay"/);
  const future = await b.post(`${P}/to-khai`, {
    childFullName: 'Khôi 2',
    childBirthDate__ngay: '31',
    childBirthDate__thang: '12',
    childBirthDate__nam: '2999',
    sex: 'Nam',
  });
  assert.match(future.body, /href="#f-childFullName">Họ, chữ đệm và tên của trẻ chỉ gồm chữ cái/);
  assert.match(future.body, /href="#f-childBirthDate">Ngày, tháng, năm sinh phải là hôm nay hoặc một ngày đã qua\./);
  assert.match(future.body, /name="childBirthDate__nam"[^>]*value="2999"|value="2999"[^>]*name="childBirthDate__nam"/);
  assert.match(future.body, /value="Nam" checked/);
  const unreal = await b.post(`${P}/to-khai`, {
    childBirthDate__ngay: '31',
    childBirthDate__thang: '2',
    childBirthDate__nam: '2026',
  });
  assert.match(unreal.body, /href="#f-childBirthDate">Ngày, tháng, năm sinh phải là một ngày có thật/);
  // Issue 13.4: every question of the legal declaration, each with its own message, all at once.
  for (const message of [
    /href="#f-relation">Chọn quan hệ với người được khai sinh\./,
    /href="#f-nationality">Nhập quốc tịch\./,
    /href="#f-nativePlace">Nhập quê quán\./,
    /href="#f-ethnicity">Chọn dân tộc\./,
  ])
    assert.match(empty.body, message);
  // The birth place: no province posted, so the error points at the province list; with the
  // province chosen (as a browser posts the select), at that province's communes.
  assert.match(empty.body, /href="#f-birthPlace__tinh">Chọn nơi sinh\./);
  assert.match(empty.body, /<select class="select input-error" id="f-birthPlace__tinh"/);
  const inProvince = await b.post(`${P}/to-khai`, { birthPlace__tinh: '08' });
  assert.match(inProvince.body, /href="#f-birthPlace__xa">Chọn nơi sinh\./);
  assert.match(inProvince.body, /<select class="select input-error" id="f-birthPlace__xa"/);
  // A parent named needs the year of birth and the rest; a parent left out asks nothing.
  const mother = await b.post(`${P}/to-khai`, { motherFullName: 'Ma Thị Hồng', motherBirthYear: '2999' });
  assert.match(mother.body, /href="#f-motherBirthYear">Năm sinh của mẹ phải là một năm từ 1900 đến năm nay/);
  assert.match(mother.body, /href="#f-motherEthnicity">Chọn dân tộc của mẹ\./);
  assert.match(mother.body, /href="#f-motherResidence">Nhập nơi cư trú của mẹ\./);
  assert.doesNotMatch(mother.body, /href="#f-father/);
  const early = await b.get(`${P}/giay-to`);
  assert.equal(early.statusCode, 303, 'the e-form is not done yet: back to it');
  assert.equal(early.headers.location, `${P}/to-khai`);
});

test('issue 13.4: the birth place is anywhere in the country: another province, then its communes (no script needed)', async () => {
  const b = await citizen('0912000108', 'Lý Thị Mai');
  const where = await b.page(`${P}/noi-nop`);
  await b.post(`${P}/noi-nop`, { agencyId: agencyIdOf(where.body, 'Ủy ban nhân dân phường Minh Xuân') });
  await b.page(`${P}/nguoi-nop`);
  await b.post(`${P}/nguoi-nop`, { type: 'citizen', fullName: 'Lý Thị Mai', phone: '0912000108' });
  const form = await b.page(`${P}/to-khai`);
  // The 34 provinces of 2025, in Vietnamese order; the home province chosen.
  const provinces = [
    ...(/<select[^>]*name="birthPlace__tinh"[^>]*>([\s\S]*?)<\/select>/.exec(form.body)?.[1] ?? '').matchAll(
      /<option value="(\d{2})"/g,
    ),
  ];
  assert.equal(provinces.length, 34);
  assert.match(
    form.body,
    /<option value="08" selected>Tỉnh Tuyên Quang<\/option>|<option value="08" selected>Tuyên Quang<\/option>/,
  );
  // The questions in the declaration's groups, each under its heading.
  const headings = [...form.body.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
  assert.deepEqual(headings, [
    'Người yêu cầu đăng ký khai sinh',
    'Người được khai sinh',
    'Thông tin về mẹ',
    'Thông tin về cha',
    'Bản sao Trích lục khai sinh',
  ]);
  // 21 questions, three lists of 54 groups, 34 provinces and a province's communes: still light (about 25 KB).
  assert.ok(Buffer.byteLength(form.body) < 60_000, `${Buffer.byteLength(form.body)} bytes`);
  const hanoi = /<option value="(\d{2})">(Thành phố )?Hà Nội<\/option>/.exec(form.body)?.[1];
  assert.ok(hanoi, 'Hà Nội is offered');
  // Choosing Hà Nội without a commune: the page comes back with Hà Nội's communes to choose from.
  const back = await b.post(`${P}/to-khai`, birthFormPost('', { birthPlace__tinh: hanoi }));
  assert.equal(back.statusCode, 422);
  assert.match(back.body, /href="#f-birthPlace__xa">Chọn nơi sinh\./);
  assert.doesNotMatch(back.body, />Phường Minh Xuân</);
  const commune = /name="birthPlace__xa"[\s\S]*?<option value="(\d{5})">(Phường Hoàn Kiếm)</.exec(back.body);
  assert.ok(commune?.[1], 'the communes of Hà Nội');
  // Another province's commune code with Hà Nội is not a place: refused, not mixed up.
  const mixed = await b.post(`${P}/to-khai`, birthFormPost('02509', { birthPlace__tinh: hanoi }));
  assert.equal(mixed.statusCode, 422);
  const ok = await b.post(
    `${P}/to-khai`,
    birthFormPost(commune[1], { birthPlace__tinh: hanoi, birthPlace__ct: 'Bệnh viện Phụ sản Hà Nội' }),
  );
  assert.equal(ok.statusCode, 303, ok.body.slice(0, 1000));
  const again = await b.page(`${P}/to-khai`);
  assert.match(again.body, new RegExp(`<option value="${commune[1]}" selected>Phường Hoàn Kiếm</option>`));
  assert.match(again.body, /value="Bệnh viện Phụ sản Hà Nội"/);
});

test('papers are uploaded one per form, checked by content, and refused when not a PDF or image', async () => {
  const b = await citizen('0912000103');
  await fillUpToCheck(b);
  const papers = await b.page(`${P}/giay-to`);
  // Issue 13.4: the declaration is the e-form; it is not asked for again as an upload.
  assert.match(papers.body, /Không cần tải lên “Tờ khai đăng ký khai sinh theo mẫu”/);
  assert.doesNotMatch(papers.body, /giay-to\/tai-len\/0\?/);
  assert.equal(
    (
      await b.upload(`${P}/giay-to/tai-len/0`, {
        field: 'file-0',
        name: 'x.pdf',
        type: 'application/pdf',
        bytes: await pdfBytes('x'),
      })
    ).statusCode,
    404,
  );
  await b.page(`${P}/giay-to`);
  const text = await b.upload(`${P}/giay-to/tai-len/2`, {
    field: 'file-2',
    name: 'gia-mao.pdf',
    type: 'application/pdf',
    bytes: new TextEncoder().encode('không phải PDF'),
  });
  assert.equal(text.statusCode, 422);
  assert.match(text.body, /Định dạng tệp không được chấp nhận/);
  const none = await b.upload(`${P}/giay-to/tai-len/1`, {
    field: 'file-1',
    name: '',
    type: 'application/octet-stream',
    bytes: new Uint8Array(),
  });
  assert.match(none.body, /Vui lòng chọn tệp để tải lên\./);
  const png = await b.upload(`${P}/giay-to/tai-len/2`, {
    field: 'file-2',
    name: 'anh.png',
    type: 'image/png',
    bytes: pngBytes(),
  });
  assert.equal(png.statusCode, 303);
});

test('check answers lists everything with change links, then the dossier is filed once with its papers', async () => {
  const b = await citizen('0912000104');
  const check = await fillUpToCheck(b);
  for (const text of [
    'Ủy ban nhân dân phường Minh Xuân',
    'Nguyễn Minh An',
    '01/11/2026',
    'Tổ 5, Phường Minh Xuân, Tỉnh Tuyên Quang',
    'giay-1.pdf',
  ]) {
    assert.ok(check.body.includes(text), text);
  }
  assert.match(check.body, /href="\/nop-ho-so\/1\.001193\/nguoi-nop\?sua=1">Thay đổi/);
  const sent = await b.post(`${P}/kiem-tra`, {});
  assert.equal(sent.statusCode, 303);
  const confirmation = String(sent.headers.location);
  assert.match(confirmation, /^\/ho-so-cua-toi\/000\.01\.41\.H60-\d{6}-\d{4}\/da-nop$/);
  // The draft is gone with the submission.
  assert.doesNotMatch((await b.page('/ho-so-cua-toi')).body, /Hồ sơ đang soạn/);
  const page = await b.page(confirmation);
  assert.match(page.body, /<h1 class="panel-title">Đã gửi hồ sơ<\/h1>/);
  assert.match(page.body, /<svg class="qr" role="img" aria-label="Mã QR mở trang tra cứu hồ sơ/);
  const code = confirmation.split('/')[2] ?? '';
  const dossier = await b.page(`/ho-so-cua-toi/${code}`);
  assert.match(dossier.body, /Đã gửi, đang chờ tiếp nhận/);
  assert.match(dossier.body, /Giấy chứng sinh hoặc giấy tờ thay Giấy chứng sinh: giay-1\.pdf/);
  // Issue 13.4: the e-form is the declaration, drawn as the legal template and kept as that paper.
  const declaration = /href="([^"]+)"[^>]*>Tờ khai đăng ký khai sinh theo mẫu: to-khai-dang-ky-khai-sinh\.pdf</.exec(
    dossier.body,
  )?.[1];
  assert.ok(declaration, 'the declaration is listed with the papers');
  const pdf = await b.get(declaration.replaceAll('&amp;', '&'));
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  const text = pdfToText(pdf.rawPayload).replace(/\s+/gu, ' ');
  for (const phrase of [
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'TỜ KHAI ĐĂNG KÝ KHAI SINH',
    'Kính gửi: Ủy ban nhân dân phường Minh Xuân',
    'Họ, chữ đệm, tên người yêu cầu: Nguyễn Văn Nam',
    'Quan hệ với người được khai sinh: Mẹ',
    'Họ, chữ đệm, tên: NGUYỄN MINH AN',
    'Ngày, tháng, năm sinh: 01/11/2026; ghi bằng chữ: ngày một tháng mười một năm hai nghìn không trăm hai mươi sáu',
    'Giới tính: Nam; Dân tộc: Kinh; Quốc tịch: Việt Nam',
    'Nơi sinh: Tổ 5, Phường Minh Xuân, Tỉnh Tuyên Quang',
    'Họ, chữ đệm, tên người mẹ: NGUYỄN THỊ HOA',
    'Năm sinh: 1996; Dân tộc: Kinh; Quốc tịch: Việt Nam',
    'NGƯỜI YÊU CẦU',
  ])
    assert.ok(text.includes(phrase), `missing "${phrase}" in:\n${text}`);
  // The officer of the commune reads the same paper on the dossier's page.
  const officer = new Browser(s.app);
  await officer.page('/workspace/dang-nhap');
  await officer.post('/workspace/dang-nhap', { login: 'tiepnhan.minhxuan', password: 'MoCua@2026' });
  const staffPage = await officer.page(`/workspace/ho-so/${code}`);
  assert.match(staffPage.body, /Tờ khai đăng ký khai sinh theo mẫu: to-khai-dang-ky-khai-sinh\.pdf/);
  const list = await b.page('/ho-so-cua-toi');
  assert.ok(list.body.includes(code));
  // Another citizen does not see it; the public page needs the key and shows no personal data.
  const other = await citizen('0912000105', 'Trần Thị Bình');
  assert.equal((await other.get(`/ho-so-cua-toi/${code}`)).statusCode, 404);
  const key = /Mã tra cứu: <strong class="code">([A-Z0-9]+)</.exec(page.body)?.[1] ?? '';
  const track = await new Browser(s.app).get(`/tra-cuu/${code}?key=${key}`);
  assert.equal(track.statusCode, 200);
  assert.doesNotMatch(track.body, /Nguyễn Văn Nam|0912000104/);
});

test('issue 13.3: a draft belongs to the account: it survives signing out, opens on a second device, is listed with "Tiếp tục"', async () => {
  const first = await citizen('0912000106', 'Hà Thị Thu');
  const where = await first.page(`${P}/noi-nop`);
  await first.post(`${P}/noi-nop`, { agencyId: agencyIdOf(where.body, 'Ủy ban nhân dân phường Minh Xuân') });
  await first.page(`${P}/nguoi-nop`);
  await first.post(`${P}/nguoi-nop`, { type: 'citizen', fullName: 'Hà Thị Thu', phone: '0912000106' });
  // Nothing of it is kept in the browser.
  assert.equal(first.cookies.has('mocua_nop'), false);
  const list = await first.page('/ho-so-cua-toi');
  assert.match(list.body, /Hồ sơ đang soạn, chưa gửi/);
  assert.match(
    list.body,
    /<a href="\/nop-ho-so\/1\.001193">Tiếp tục<span class="visually-hidden"> — Thủ tục đăng ký khai sinh/,
  );
  const bye = await first.post('/dang-xuat', {});
  assert.equal(bye.headers.location, '/dang-nhap?da-dang-xuat=1');
  assert.equal((await first.get(`${P}/to-khai`)).statusCode, 303, 'signed out: to the sign-in page');
  // A second device: a fresh browser, the same account.
  const second = new Browser(s.app);
  await second.page('/dang-nhap');
  const signedIn = await second.post('/dang-nhap', { login: '0912000106', password: 'mat-khau-dai' });
  assert.equal(signedIn.statusCode, 303);
  const next = await second.get(`${P}/to-khai`);
  assert.equal(next.statusCode, 200, 'the agency and the applicant were kept: the e-form opens');
  const applicant = await second.page(`${P}/nguoi-nop`);
  assert.match(applicant.body, /value="0912000106"/);
  // Another account has no draft: it starts at the beginning.
  const other = await citizen('0912000107', 'Vũ Văn Hải');
  const skipped = await other.get(`${P}/to-khai`);
  assert.equal(skipped.headers.location, `${P}/noi-nop`);
  assert.doesNotMatch((await other.page('/ho-so-cua-toi')).body, /Hồ sơ đang soạn/);
});

test('staff cannot file online: they are sent to counter reception', async () => {
  const staff = new Browser(s.app);
  await staff.page('/workspace/dang-nhap');
  await staff.post('/workspace/dang-nhap', { login: 'tiepnhan.minhxuan', password: 'MoCua@2026' });
  const res = await staff.get(P);
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /tiếp nhận tại quầy/);
});
