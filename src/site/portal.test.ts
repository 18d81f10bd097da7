import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Browser, type SeededApp, seededApp } from '../web/testing.ts';

let s: SeededApp;

before(async () => {
  s = await seededApp();
});
after(async () => {
  await s.close();
});

/** The CSP allows 'self' only: a page may carry no inline script, no inline style. */
function assertNoInlineCode(html: string) {
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'inline script');
  assert.doesNotMatch(html, /\sstyle=/, 'style attribute');
  assert.doesNotMatch(html, /<style/, 'style element');
  assert.doesNotMatch(html, /https?:\/\/(?!localhost)/, 'a third-party address');
}

test('the home page is Vietnamese, starts with a skip link and searches with a plain GET form', async () => {
  const res = await new Browser(s.app).get('/');
  assert.equal(res.statusCode, 200);
  const html = res.body;
  assert.ok(html.startsWith('<!doctype html><html lang="vi">'));
  assert.match(html, /<body[^>]*><a class="skip-link" href="#noi-dung">Bỏ qua, đến nội dung chính<\/a>/);
  assert.match(html, /<main id="noi-dung" tabindex="-1">/);
  assert.match(html, /<form method="get" action="\/thu-tuc" role="search"/);
  assert.match(html, /<h1>Dịch vụ công trực tuyến<\/h1>/);
  assert.match(html, /tỉnh Tuyên Quang/);
  assert.match(html, /href="\/thu-tuc\/1\.001193">Thủ tục đăng ký khai sinh<\/a>/);
  assert.match(html, /href="\/thu-tuc\?linh-vuc=ho-tich">Hộ tịch<\/a>/);
  assert.equal(html, html.normalize('NFC'));
  assertNoInlineCode(html);
  assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
});

test('English is a switch: ?lang=en renders English and is remembered by a cookie', async () => {
  const browser = new Browser(s.app);
  const first = await browser.get('/?lang=en');
  assert.match(first.body, /<html lang="en">/);
  assert.match(first.body, /<h1>Online public services<\/h1>/);
  assert.match(first.body, /href="\/\?lang=vi"/);
  const next = await browser.get('/tra-cuu');
  assert.match(next.body, /<h1>Track a dossier<\/h1>/);
  const back = await browser.get('/tra-cuu?lang=vi');
  assert.match(back.body, /<h1>Tra cứu hồ sơ<\/h1>/);
});

test('searching without diacritics finds the procedure, and the field filter narrows the list', async () => {
  const browser = new Browser(s.app);
  const res = await browser.get('/thu-tuc?q=dang+ky+khai+sinh');
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Thủ tục đăng ký khai sinh/);
  assert.match(res.body, /role="status"><strong>Tìm thấy \d+ thủ tục<\/strong>/);
  const field = await browser.get('/thu-tuc?linh-vuc=chung-thuc');
  assert.match(field.body, /<h1>Chứng thực<\/h1>/);
  assert.doesNotMatch(field.body, /Thủ tục đăng ký khai sinh/);
  assert.match(field.body, /<option value="chung-thuc" selected>Chứng thực<\/option>/);
  const none = await browser.get('/thu-tuc?q=zzzzqqqq');
  assert.match(none.body, /Không tìm thấy thủ tục phù hợp/);
});

test('issue 13.1: the search page forgives typos and joined words, and says the results are the closest', async () => {
  const browser = new Browser(s.app);
  for (const q of ['khai sihn', 'khaisinh', 'làm giấy khai sinh cho con']) {
    const res = await browser.get(`/thu-tuc?q=${encodeURIComponent(q)}`);
    assert.match(res.body, /href="\/thu-tuc\/1\.001193">Thủ tục đăng ký khai sinh<\/a>/, q);
  }
  const mended = await browser.get('/thu-tuc?q=khaisinh');
  assert.match(mended.body, /các thủ tục gần nhất/);
});

test('issue 13.1: when nothing matches, the page asks "Có phải bạn muốn tìm…" with a link to the closest procedure', async () => {
  const res = await new Browser(s.app).get(`/thu-tuc?q=${encodeURIComponent('ket hon lai voi vo cu')}`);
  assert.match(res.body, /Không tìm thấy thủ tục phù hợp/);
  assert.match(res.body, /Có phải bạn muốn tìm: <a href="\/thu-tuc\/[^"]+">[^<]*kết hôn[^<]*<\/a>/);
});

test('a procedure page shows papers, fees, time limit, where to file, online level and legal bases', async () => {
  const res = await new Browser(s.app).get('/thu-tuc/1.001193');
  assert.equal(res.statusCode, 200);
  const html = res.body;
  for (const text of [
    '<h1>Thủ tục đăng ký khai sinh</h1>',
    'Trực tuyến toàn trình',
    'href="/nop-ho-so/1.001193"',
    'Thành phần hồ sơ',
    'Giấy chứng sinh hoặc giấy tờ thay Giấy chứng sinh',
    'Lệ phí đăng ký khai sinh quá hạn',
    '8.000 đ',
    // issue 23.11: a People's Council amount without its verified resolution says so
    'Mức thu do Hội đồng nhân dân tỉnh quyết định; chưa cập nhật số, ngày nghị quyết nên mức trên chỉ để tham khảo.',
    'trong ngày (nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo)',
    'Nơi nộp hồ sơ',
    'Trung tâm Phục vụ hành chính công phường Minh Xuân',
    'Căn cứ pháp lý',
    'Luật Hộ tịch số 60/2014/QH13',
    'Mẫu đơn, tờ khai',
  ]) {
    assert.ok(html.includes(text), text);
  }
  assertNoInlineCode(html);
  const missing = await new Browser(s.app).get('/thu-tuc/9.999999');
  assert.equal(missing.statusCode, 404);
  assert.match(missing.body, /Không tìm thấy trang/);
});

test('the stylesheet and the script come from the site itself and are cached by version', async () => {
  const browser = new Browser(s.app);
  const html = (await browser.get('/')).body;
  const css = /href="(\/assets\/site\.css\?v=[0-9a-f]+)"/.exec(html)?.[1] ?? '';
  const js = /src="(\/assets\/enhance\.js\?v=[0-9a-f]+)"/.exec(html)?.[1] ?? '';
  const cssRes = await browser.get(css);
  assert.equal(cssRes.statusCode, 200);
  assert.match(String(cssRes.headers['content-type']), /^text\/css/);
  assert.match(String(cssRes.headers['cache-control']), /immutable/);
  assert.match(cssRes.body, /\.skip-link/);
  const jsRes = await browser.get(js);
  assert.match(String(jsRes.headers['content-type']), /^text\/javascript/);
});

test('pages are sent compressed when the browser accepts brotli', async () => {
  const res = await s.app.inject({ url: '/thu-tuc/1.001193', headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(res.headers['content-encoding'], 'br');
  assert.ok(res.rawPayload.length < 7000);
});

test('a citizen registers, confirms by the link sent, is signed in with a new session cookie, and signs out', async () => {
  const browser = new Browser(s.app);
  const res = await browser.register({
    displayName: 'Nguyễn Thị Mai',
    login: '0912 345 601',
    password: 'mat-khau-dai',
    tiep: '/thu-tuc',
  });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/thu-tuc');
  const cookie = res.cookies.find((c) => c.name === 'mocua_session');
  assert.ok(cookie?.value);
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  const page = await browser.page('/');
  assert.match(page.body, /Đã đăng nhập: Nguyễn Thị Mai/);
  assert.match(page.body, /href="\/ho-so-cua-toi"/);
  const out = await browser.post('/dang-xuat', {});
  assert.equal(out.statusCode, 303);
  assert.equal(out.headers.location, '/dang-nhap?da-dang-xuat=1');
  assert.equal(browser.cookies.has('mocua_session'), false);
  const again = await browser.page('/dang-nhap?da-dang-xuat=1');
  assert.match(again.body, /Bạn đã đăng xuất/);
});

test('a wrong password shows the error summary, which takes focus and links to the field', async () => {
  const browser = new Browser(s.app);
  await browser.page('/dang-nhap');
  const res = await browser.post('/dang-nhap', { login: 'khong-co@example.vn', password: 'sai-mat-khau' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /<title>Lỗi: Đăng nhập — Mở Cửa<\/title>/);
  assert.match(res.body, /class="error-summary"[^>]*role="alert"[^>]*tabindex="-1"[^>]*autofocus/);
  assert.match(res.body, /<a href="#f-login">Tên đăng nhập hoặc mật khẩu không đúng\.<\/a>/);
  assert.match(res.body, /aria-invalid="true"/);
  const empty = await browser.post('/dang-nhap', { login: '', password: '' });
  assert.match(empty.body, /Nhập số điện thoại hoặc thư điện tử\./);
  assert.match(empty.body, /Nhập mật khẩu\./);
});

test('a form post without its CSRF token is refused with a page, not processed', async () => {
  const res = await s.app.inject({
    method: 'POST',
    url: '/dang-nhap',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'login=admin&password=MoCua%402026',
  });
  assert.equal(res.statusCode, 403);
  assert.match(String(res.headers['content-type']), /^text\/html/);
  assert.match(res.body, /Phiên làm việc đã hết hạn/);
  assert.equal(
    res.cookies.some((c) => c.name === 'mocua_session' && c.value !== ''),
    false,
  );
});

test('staff sign in at /workspace/dang-nhap; a citizen account is refused there', async () => {
  const staff = new Browser(s.app);
  await staff.page('/workspace/dang-nhap');
  const ok = await staff.post('/workspace/dang-nhap', { login: 'tiepnhan.minhxuan', password: 'MoCua@2026' });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, '/workspace');

  const citizen = new Browser(s.app);
  await citizen.register({ displayName: 'Lê Văn Bình', login: 'binh@example.vn', password: 'mat-khau-dai' });
  await citizen.page('/workspace/dang-nhap');
  const refused = await citizen.post('/workspace/dang-nhap', { login: 'binh@example.vn', password: 'mat-khau-dai' });
  assert.equal(refused.statusCode, 403);
  assert.match(refused.body, /Trang này chỉ dành cho cán bộ/);
});

test('tracking asks for both the code and the key, and a wrong pair says so without a leak', async () => {
  const browser = new Browser(s.app);
  const form = await browser.get('/tra-cuu');
  assert.match(form.body, /<form method="get" action="\/tra-cuu"/);
  const empty = await browser.get('/tra-cuu?ma=&key=');
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /Vui lòng nhập mã hồ sơ\./);
  assert.match(empty.body, /Vui lòng nhập mã tra cứu\./);
  const redirect = await browser.get('/tra-cuu?ma=000.01.41.h60-261122-0001&key=ABC');
  assert.equal(redirect.statusCode, 303);
  assert.equal(redirect.headers.location, '/tra-cuu/000.01.41.H60-261122-0001?key=ABC');
  const wrong = await browser.get('/tra-cuu/000.01.41.H60-261122-0001?key=ABC');
  assert.equal(wrong.statusCode, 404);
  assert.match(wrong.body, /Không tìm thấy hồ sơ với mã số và mã tra cứu này/);
});

test('an unknown workspace address gets an HTML page, and workspace pages need a staff sign-in', async () => {
  const res = await new Browser(s.app).get('/workspace/khong-co');
  assert.equal(res.statusCode, 404);
  assert.match(res.body, /<html lang="vi">/);
});

test('issue 13.1: lists are in Vietnamese alphabetical order: fields with Đ come after D, not after Y', async () => {
  const res = await new Browser(s.app).get('/thu-tuc');
  const select = /<select[^>]*name="linh-vuc">(.*?)<\/select>/.exec(res.body)?.[1] ?? '';
  const fields = [...select.matchAll(/<option value="[a-z-]+">([^<]+)<\/option>/g)].map((m) => m[1] ?? '');
  const at = (name: string) => fields.indexOf(name);
  assert.ok(at('Đất đai') > at('Công thương') && at('Đất đai') < at('Giao thông vận tải'), fields.join(' | '));
  assert.equal(fields.at(-1), 'Y tế');
});
