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

const PATH = '/ho-so-cua-toi/thong-bao';

test('a citizen chooses SMS only, then no notices; the page shows the choice', async () => {
  const b = new Browser(s.app);
  assert.equal(
    (await b.register({ displayName: 'Lò Thị Mai', login: 'mai@example.vn', password: 'mat-khau-dai' })).statusCode,
    303,
  );
  const first = await b.page(PATH);
  assert.equal(first.statusCode, 200);
  assert.match(first.body, /Hiện đang dùng mặc định: thư điện tử nếu hồ sơ có/);
  const saved = await b.post(PATH, { channels: 'sms' });
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, `${PATH}?xong=1`);
  const after = await b.page(`${PATH}?xong=1`);
  assert.match(after.body, /Đã lưu lựa chọn của bạn\./);
  assert.match(after.body, /value="sms" checked/);
  assert.doesNotMatch(after.body, /Hiện đang dùng mặc định/);
  await b.post(PATH, { channels: 'none' });
  assert.match((await b.page(PATH)).body, /value="none" checked/);
});

test('without a session the page sends to sign-in; a post without the form token is refused', async () => {
  const anonymous = await new Browser(s.app).get(PATH);
  assert.equal(anonymous.statusCode, 303);
  assert.match(String(anonymous.headers.location), /dang-nhap/);
  const forged = await s.app.inject({
    method: 'POST',
    url: PATH,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'channels=none',
  });
  assert.equal(forged.statusCode, 403);
});
