import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { cleanImageMetadata } from '../../platform/storage/image-metadata.ts';
import { CODES, type FeedbackTestbed, feedbackTestbed, MINH_XUAN } from './testing.ts';
import { feedbackApp, signIn } from './testing-http.ts';

let tb: FeedbackTestbed;
let app: FastifyInstance;
const cookies: Record<string, string> = {};
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

before(async () => {
  tb = await feedbackTestbed();
  app = await feedbackApp(tb);
  for (const login of [
    'chuyenvien.nnmt',
    'lanhdao.nnmt',
    'tongdai.tinh',
    'admin',
    'chuyenvien.tuphap',
    'vanthu.tuphap',
  ]) {
    cookies[login] = await signIn(app, login);
  }
});
after(async () => {
  await app.close();
  await tb.t.close();
});

const body = {
  kind: 'report',
  categoryCode: 'dat-dai',
  subject: 'Chậm cấp giấy chứng nhận',
  content: 'Hồ sơ cấp giấy chứng nhận quyền sử dụng đất của tôi đã quá hẹn hai tháng.',
  sender: { fullName: 'Nguyễn Văn An', phone: '0912345678', address: 'Tổ 5, phường Minh Xuân' },
};

async function submit(extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/feedback', payload: { ...body, ...extra }, headers });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { code: string; trackingKey: string; agency: { id: string } };
}

test('POST /api/v1/feedback: anyone files from the portal; a retry with the same Idempotency-Key gets the same code', async () => {
  const a = await submit({}, { 'idempotency-key': 'portal-form-0001' });
  const b = await submit({}, { 'idempotency-key': 'portal-form-0001' });
  assert.equal(a.code, b.code);
  assert.equal(a.agency.id, await tb.agencyId(CODES.nnmt));
});

test('POST /api/v1/feedback: the same Idempotency-Key with another body is refused with 422; the same body still gets the first answer', async () => {
  const headers = { 'idempotency-key': 'portal-form-0002' };
  const first = await submit({}, headers);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/feedback',
    payload: { ...body, content: 'Một phản ánh khác hẳn, về đèn đường tổ 9.' },
    headers,
  });
  assert.equal(res.statusCode, 422, res.body);
  assert.equal(res.json().error.code, 'IDEMPOTENCY_KEY_REUSED');
  assert.equal((await submit({}, headers)).code, first.code, 'the same body still gets the first answer');
});

test('POST /api/v1/feedback: a missing sender gets 400 with the Vietnamese message and the fields', async () => {
  const res = await app.inject({ method: 'POST', url: '/api/v1/feedback', payload: { ...body, sender: undefined } });
  assert.equal(res.statusCode, 400);
  const { error } = res.json();
  assert.equal(error.code, 'FEEDBACK_SENDER_INCOMPLETE');
  assert.match(error.message, /Còn thiếu hoặc chưa đúng: họ và tên, địa chỉ, số điện thoại hoặc thư điện tử\./);
  assert.deepEqual(
    error.details.fields.map((f: { field: string }) => f.field),
    ['sender.fullName', 'sender.address', 'sender.phone'],
  );
});

test('POST /api/v1/feedback/photos takes a PNG or JPEG; the photo key then goes with the report', async () => {
  const up = await app.inject({
    method: 'POST',
    url: '/api/v1/feedback/photos',
    payload: PNG,
    headers: { 'content-type': 'image/png' },
  });
  assert.equal(up.statusCode, 201, up.body);
  const { key } = up.json();
  assert.match(key, /^[0-9a-f]{64}$/);
  const r = await submit({ photos: [key] });
  assert.match(r.code, /^PAKN-/);
  const fake = await app.inject({
    method: 'POST',
    url: '/api/v1/feedback/photos',
    payload: Buffer.from('not an image at all'),
    headers: { 'content-type': 'image/png' },
  });
  assert.equal(fake.statusCode, 415);
  const unknown = await app.inject({
    method: 'POST',
    url: '/api/v1/feedback',
    payload: { ...body, photos: ['a'.repeat(64)] },
  });
  assert.equal(unknown.statusCode, 400);
});

test('POST /api/v1/feedback/photos: a WebP too, stored without its metadata; the position only with keepLocation=true', async () => {
  const webp = readFileSync(path.join(import.meta.dirname, '../../../test/fixtures/images/pothole.webp'));
  const upload = (query: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/feedback/photos${query}`,
      payload: webp,
      headers: { 'content-type': 'image/webp' },
    });
  const plain = await upload('');
  assert.equal(plain.statusCode, 201, plain.body);
  assert.equal(plain.json().mime, 'image/webp');
  assert.equal(plain.json().locationKept, false);
  const stored = (await app.deps.services.blobs.get(plain.json().key)) ?? new Uint8Array();
  assert.ok(!Buffer.from(stored).toString('latin1').includes('SN123456789'));
  assert.equal(cleanImageMetadata(stored, 'webp', { keepLocation: true }).location, undefined);
  const kept = await upload('?keepLocation=true');
  assert.equal(kept.json().locationKept, true);
  const withGps = (await app.deps.services.blobs.get(kept.json().key)) ?? new Uint8Array();
  assert.ok(cleanImageMetadata(withGps, 'webp', { keepLocation: true }).location);
  const broken = await app.inject({
    method: 'POST',
    url: '/api/v1/feedback/photos',
    payload: webp.subarray(0, 60),
    headers: { 'content-type': 'image/webp' },
  });
  assert.equal(broken.statusCode, 400);
  assert.equal(broken.json().error.code, 'IMAGE_INVALID');
});

test('GET /api/v1/feedback/:code: the sender with the key, the handling staff with the details; a stranger gets 401', async () => {
  const r = await submit();
  const byKey = await app.inject({ url: `/api/v1/feedback/${r.code}?key=${r.trackingKey}` });
  assert.equal(byKey.statusCode, 200);
  assert.deepEqual(byKey.json().sender, { display: 'N.V.A' });
  assert.equal((await app.inject({ url: `/api/v1/feedback/${r.code}` })).statusCode, 401);
  const staff = await app.inject({
    url: `/api/v1/feedback/${r.code}`,
    headers: { cookie: cookies['chuyenvien.nnmt'] ?? '' },
  });
  assert.equal(staff.json().sender.phone, '0912345678');
});

test('POST /api/v1/feedback/:code/actions/:action: the handler drafts, the leader approves and publishes, others are refused', async () => {
  const r = await submit();
  const act = (login: string, action: string, payload: Record<string, unknown> = {}) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/feedback/${r.code}/actions/${action}`,
      payload,
      headers: { cookie: cookies[login] ?? '' },
    });
  assert.equal((await act('chuyenvien.tuphap', 'draft_answer', { answer: 'x' })).statusCode, 403);
  const noAnswer = await act('chuyenvien.nnmt', 'draft_answer', {});
  assert.equal(noAnswer.statusCode, 400);
  assert.equal(noAnswer.json().error.message, 'Vui lòng nhập nội dung trả lời.');
  const direct = await act('chuyenvien.nnmt', 'answer', { answer: 'x' });
  assert.equal(direct.statusCode, 403);
  assert.equal(direct.json().error.code, 'FEEDBACK_APPROVER_REQUIRED');
  const drafted = await act('chuyenvien.nnmt', 'draft_answer', { answer: 'Văn phòng đăng ký đất đai đã trả kết quả.' });
  assert.equal(drafted.statusCode, 200);
  assert.equal(drafted.json().state, 'answer_drafted');
  assert.equal(drafted.json().stateLabel, 'Đang xử lý', 'the answer is the citizen-facing label');
  assert.equal((await act('lanhdao.nnmt', 'answer', {})).statusCode, 200);
  assert.equal((await act('chuyenvien.nnmt', 'publish')).statusCode, 403);
  const published = await act('lanhdao.nnmt', 'publish');
  assert.equal(published.statusCode, 200, published.body);
  assert.equal(published.json().state, 'published');
  const list = (await app.inject({ url: '/api/v1/feedback/published?q=dang ky dat dai' })).json();
  assert.ok(list.items.some((i: { code: string }) => i.code === r.code));
  const like = await app.inject({
    method: 'POST',
    url: `/api/v1/feedback/${r.code}/reactions`,
    payload: { reaction: 'like', trackingKey: r.trackingKey },
  });
  assert.deepEqual(like.json(), { likes: 1, dislikes: 0, reaction: 'like' });
  const again = await app.inject({
    method: 'POST',
    url: `/api/v1/feedback/${r.code}/reactions`,
    payload: { reaction: 'dislike', trackingKey: r.trackingKey },
  });
  assert.equal(again.statusCode, 409);
});

test('POST /api/v1/feedback/letters is for staff; POST /api/v1/feedback/hotline-calls for hotline operators', async () => {
  assert.equal((await app.inject({ method: 'POST', url: '/api/v1/feedback/letters', payload: body })).statusCode, 401);
  const letter = await app.inject({
    method: 'POST',
    url: '/api/v1/feedback/letters',
    payload: body,
    headers: { cookie: cookies['vanthu.tuphap'] ?? '' },
  });
  assert.equal(letter.statusCode, 201, letter.body);
  const call = {
    outcome: 'feedback',
    callerPhone: '0912000333',
    feedback: {
      ...body,
      categoryCode: 'moi-truong',
      sender: { fullName: 'Lò Văn Sơn', address: 'Bản Khuổi' },
      place: { communeCode: MINH_XUAN },
    },
  };
  const logged = await app.inject({
    method: 'POST',
    url: '/api/v1/feedback/hotline-calls',
    payload: call,
    headers: { cookie: cookies['tongdai.tinh'] ?? '' },
  });
  assert.equal(logged.statusCode, 201, logged.body);
  assert.match(logged.json().feedbackCode, /^PAKN-/);
  const refused = await app.inject({
    method: 'POST',
    url: '/api/v1/feedback/hotline-calls',
    payload: call,
    headers: { cookie: cookies['chuyenvien.tuphap'] ?? '' },
  });
  assert.equal(refused.statusCode, 403);
  const calls = await app.inject({
    url: '/api/v1/feedback/hotline-calls',
    headers: { cookie: cookies['tongdai.tinh'] ?? '' },
  });
  assert.ok(calls.json().length >= 1);
});

test('GET /api/v1/feedback: the inbox of the handling agency, not of another', async () => {
  const r = await submit();
  const own = (
    await app.inject({ url: '/api/v1/feedback', headers: { cookie: cookies['chuyenvien.nnmt'] ?? '' } })
  ).json();
  assert.ok(own.items.some((i: { code: string }) => i.code === r.code));
  const other = (
    await app.inject({ url: '/api/v1/feedback', headers: { cookie: cookies['chuyenvien.tuphap'] ?? '' } })
  ).json();
  assert.ok(!other.items.some((i: { code: string }) => i.code === r.code));
  assert.equal((await app.inject({ url: '/api/v1/feedback' })).statusCode, 401);
});

test('settings and Open311 keys are for the province administrator only', async () => {
  const put = (cookie: string) =>
    app.inject({
      method: 'PUT',
      url: '/api/v1/feedback/settings',
      payload: { effectiveFrom: '2027-01-01', answerDays: 10 },
      headers: { cookie },
    });
  assert.equal((await put(cookies['chuyenvien.nnmt'] ?? '')).statusCode, 403);
  const saved = await put(cookies.admin ?? '');
  assert.equal(saved.statusCode, 200, saved.body);
  assert.equal(saved.json().answerDays, 10);
  assert.equal(saved.json().refuseDays, 2);
  const key = await app.inject({
    method: 'POST',
    url: '/api/v1/feedback/open311-keys',
    payload: { name: 'Ứng dụng thử' },
    headers: { cookie: cookies.admin ?? '' },
  });
  assert.equal(key.statusCode, 201);
  assert.match(key.json().apiKey, /^o311_/);
  const list = await app.inject({ url: '/api/v1/feedback/open311-keys', headers: { cookie: cookies.admin ?? '' } });
  assert.ok(!list.body.includes(key.json().apiKey), 'the secret is shown once');
  const forbidden = await app.inject({
    method: 'POST',
    url: '/api/v1/feedback/open311-keys',
    payload: { name: 'x y' },
    headers: { cookie: cookies['tongdai.tinh'] ?? '' },
  });
  assert.equal(forbidden.statusCode, 403);
});

test('GET /api/v1/feedback/indicators gives staff of the province the counts of 5.1–5.3', async () => {
  const res = await app.inject({
    url: '/api/v1/feedback/indicators?from=2020-01-01&to=2099-12-31',
    headers: { cookie: cookies['lanhdao.nnmt'] ?? '' },
  });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.ok(body.received.rules > 0);
  assert.ok(typeof body.handling.rate === 'number');
  assert.equal(
    (await app.inject({ url: '/api/v1/feedback/indicators?from=2020-01-01&to=2099-12-31' })).statusCode,
    401,
  );
});

test('the public page lists published answers and the tracking page shows the sender their item', async () => {
  const page = await app.inject({ url: '/phan-anh-kien-nghi?q=giay chung nhan' });
  assert.equal(page.statusCode, 200);
  assert.match(page.headers['content-type'] ?? '', /text\/html/);
  assert.match(page.body, /Trả lời phản ánh, kiến nghị/);
  assert.ok(!page.body.includes('0912345678'));
  const r = await submit();
  const track = await app.inject({ url: `/phan-anh-kien-nghi/tra-cuu?code=${r.code}&key=${r.trackingKey}` });
  assert.equal(track.statusCode, 200);
  assert.match(track.body, /Đã tiếp nhận/);
  const wrong = await app.inject({ url: `/phan-anh-kien-nghi/tra-cuu?code=${r.code}&key=ZZZZ2222` });
  assert.equal(wrong.statusCode, 404);
  assert.equal((await app.inject({ url: `/phan-anh-kien-nghi/${r.code}` })).statusCode, 404, 'not published yet');
});

test('GET /api/v1/feedback/categories/suggest: a pothole is a road matter; no match is null; hostile length is 400', async () => {
  const ask = (text: string) =>
    app.inject({ url: `/api/v1/feedback/categories/suggest?text=${encodeURIComponent(text)}` });
  assert.deepEqual((await ask('Đường vào tổ 3 có ổ gà lớn')).json(), {
    code: 'giao-thong',
    name: 'Giao thông, hạ tầng',
  });
  assert.deepEqual((await ask('Tôi yêu cầu được trả lời sớm')).json(), { code: null, name: null });
  assert.equal((await ask('x'.repeat(2001))).statusCode, 400);
});
