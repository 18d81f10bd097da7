import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createAccount, resetPassword } from '../platform/auth/index.ts';
import { Browser, type SeededApp, seededApp } from '../web/testing.ts';

// The embedded demo (shows the messages it queues) and a deployment on https (never does).
let demo: SeededApp;
let live: SeededApp;
before(async () => {
  demo = await seededApp();
  live = await seededApp({ PUBLIC_URL: 'https://dichvucong.example.gov.vn' });
  // On https nothing shows the confirmation link, so the owner's account is made directly.
  await createAccount(live.db.db, {
    provinceCode: '08',
    kind: 'citizen',
    login: 'chu@example.vn',
    password: 'mat-khau-dai',
    displayName: 'Chủ Tài Khoản',
  });
});
after(async () => {
  await demo.close();
  await live.close();
});

/** A page without what changes on every request (CSRF tokens, request ids). */
const stable = (html: string) =>
  html.replace(/name="_csrf" value="[^"]+"/g, '').replace(/data-request-id="[^"]*"|Mã yêu cầu[^<]*/g, '');

test('finding 9: the registration page answers a taken login exactly as a new one', async () => {
  const answer = async (login: string) => {
    const b = new Browser(live.app);
    await b.page('/dang-ky');
    const res = await b.post('/dang-ky', { displayName: 'Người Thử', login, password: 'mat-khau-khac' });
    return [res.statusCode, stable(res.body)] as const;
  };
  const taken = await answer('chu@example.vn');
  const fresh = await answer('moi-tinh@example.vn');
  assert.equal(taken[0], 200);
  assert.deepEqual(taken, fresh);
  assert.match(taken[1], /Hãy xác nhận đăng ký/);
  assert.doesNotMatch(taken[1], /xac-nhan\?ma=/); // the link goes to the phone or inbox only
});

test('issue 13: registration says everything wrong at once (a bad phone does not hide a short password)', async () => {
  const b = new Browser(live.app);
  await b.page('/dang-ky');
  const res = await b.post('/dang-ky', { displayName: 'Lan 99', login: '0123', password: 'ngan' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /href="#f-displayName">Họ và tên chỉ gồm chữ cái và dấu cách/);
  assert.match(res.body, /href="#f-login">Nhập số điện thoại di động Việt Nam/);
  assert.match(res.body, /href="#f-password">Mật khẩu phải có ít nhất 8 ký tự\./);
  // What was typed comes back (the password never does).
  assert.match(res.body, /value="Lan 99"/);
  assert.match(res.body, /value="0123"/);
  assert.doesNotMatch(res.body, /value="ngan"/);
});

test('finding 3: a forgotten password is reset through the link; unknown logins get the same page', async () => {
  const citizen = new Browser(demo.app);
  assert.equal(
    (await citizen.register({ displayName: 'Phan Văn Lợi', login: 'loi@example.vn', password: 'mat-khau-dai' }))
      .statusCode,
    303,
  );
  const signIn = await new Browser(demo.app).page('/dang-nhap');
  assert.match(signIn.body, /href="\/quen-mat-khau"/);

  const b = new Browser(live.app);
  await b.page('/quen-mat-khau');
  const unknown = await b.post('/quen-mat-khau', { login: 'khong-co-ai@example.vn' });
  await b.page('/quen-mat-khau');
  const knownLive = await b.post('/quen-mat-khau', { login: 'chu@example.vn' });
  assert.deepEqual([knownLive.statusCode, stable(knownLive.body)], [unknown.statusCode, stable(unknown.body)]);

  const anon = new Browser(demo.app);
  await anon.page('/quen-mat-khau');
  const sent = await anon.post('/quen-mat-khau', { login: 'loi@example.vn' });
  const link = /href="https?:\/\/[^"/]+(\/dat-lai-mat-khau\?ma=([A-Za-z0-9_-]+))"/.exec(sent.body);
  assert.ok(link?.[1] && link[2], 'the demo shows the reset link it queued');
  const form = await anon.page(link[1]);
  assert.match(form.body, /Đặt mật khẩu mới/);
  const differ = await anon.post('/dat-lai-mat-khau', {
    ma: link[2],
    newPassword: 'moi-moi-moi',
    confirmPassword: 'khac',
  });
  assert.equal(differ.statusCode, 422);
  assert.match(differ.body, /không khớp/);
  const done = await anon.post('/dat-lai-mat-khau', {
    ma: link[2],
    newPassword: 'moi-moi-moi',
    confirmPassword: 'moi-moi-moi',
  });
  assert.equal(done.statusCode, 200);
  assert.match(done.body, /Đã đặt mật khẩu mới/);
  const again = await anon.page(link[1]);
  assert.match(again.body, /đã được dùng hoặc đã hết hạn/);
  // The browser that was signed in is signed out; the new password works.
  assert.equal((await citizen.get('/ho-so-cua-toi')).statusCode, 303);
  await citizen.page('/dang-nhap');
  assert.equal(
    (await citizen.post('/dang-nhap', { login: 'loi@example.vn', password: 'moi-moi-moi' })).statusCode,
    303,
  );
});

test('finding 3: an officer whose password an administrator reset reaches only the change-password page until changing it', async () => {
  await resetPassword(demo.db.db, 'tiepnhan.minhxuan', 'tam-thoi-123');
  const staff = new Browser(demo.app);
  await staff.page('/workspace/dang-nhap');
  const signedIn = await staff.post('/workspace/dang-nhap', { login: 'tiepnhan.minhxuan', password: 'tam-thoi-123' });
  assert.equal(signedIn.statusCode, 303);
  assert.equal(signedIn.headers.location, '/workspace/doi-mat-khau');
  const elsewhere = await staff.get('/workspace');
  assert.equal(elsewhere.statusCode, 303);
  assert.equal(elsewhere.headers.location, '/workspace/doi-mat-khau');
  const api = await staff.get('/api/v1/dossiers');
  assert.equal(api.statusCode, 403);
  const form = await staff.page('/workspace/doi-mat-khau');
  assert.match(form.body, /Mật khẩu này do người khác đặt cho bạn/);
  const wrong = await staff.post('/workspace/doi-mat-khau', {
    currentPassword: 'khong-phai',
    newPassword: 'cua-rieng-toi',
    confirmPassword: 'cua-rieng-toi',
  });
  assert.equal(wrong.statusCode, 422);
  assert.match(wrong.body, /Mật khẩu hiện tại không đúng/);
  await staff.page('/workspace/doi-mat-khau');
  const changed = await staff.post('/workspace/doi-mat-khau', {
    currentPassword: 'tam-thoi-123',
    newPassword: 'cua-rieng-toi',
    confirmPassword: 'cua-rieng-toi',
  });
  assert.equal(changed.statusCode, 200);
  assert.match(changed.body, /Đã đổi mật khẩu/);
  assert.equal((await staff.get('/workspace')).statusCode, 200);
});

// The CSRF cookie's options belong to platform/http (its own test there); these are auth's.
test('lower finding: the session cookies of sign-in, password change and sign-out are Secure when PUBLIC_URL is https', async () => {
  const b = new Browser(live.app);
  await b.page('/dang-nhap');
  const signedIn = await b.post('/dang-nhap', { login: 'chu@example.vn', password: 'mat-khau-dai' });
  assert.equal(signedIn.statusCode, 303);
  await b.page('/doi-mat-khau');
  const changed = await b.post('/doi-mat-khau', {
    currentPassword: 'mat-khau-dai',
    newPassword: 'mat-khau-moi-chu',
    confirmPassword: 'mat-khau-moi-chu',
  });
  assert.equal(changed.statusCode, 200);
  await b.page('/');
  const out = await b.post('/dang-xuat', {});
  const sessionCookies = [signedIn, changed, out].map((r) => r.cookies.find((c) => c.name === 'mocua_session'));
  assert.deepEqual(
    sessionCookies.map((c) => c?.secure),
    [true, true, true],
  );
});
