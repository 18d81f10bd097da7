import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';
import { takeFeedbackAction } from './actions.ts';
import { createOpen311Key, revokeOpen311Key } from './open311-keys.ts';
import { type FeedbackTestbed, feedbackTestbed, MINH_XUAN, txId } from './testing.ts';
import { feedbackApp } from './testing-http.ts';

let tb: FeedbackTestbed;
let app: FastifyInstance;
let apiKey: string;
const parser = new XMLParser({
  parseTagValue: false,
  isArray: (name) =>
    ['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format', 'request_update'].includes(name),
});

before(async () => {
  tb = await feedbackTestbed();
  app = await feedbackApp(tb);
  const admin = await tb.callerFor('admin');
  apiKey = (await createOpen311Key(tb.t.db, admin, { provinceCode: '08', name: 'Ứng dụng Phản ánh hiện trường' }))
    .apiKey;
});
after(async () => {
  await app.close();
  await tb.t.close();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (format: 'json' | 'xml', fields: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url: `/open311/v2/requests.${format}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    payload: form(fields),
  });

const complete = () => ({
  api_key: apiKey,
  service_code: 'giao-thong',
  lat: '22.8233',
  long: '104.9784',
  address_string: 'Tổ 5, phường Minh Xuân',
  description: 'Ổ gà lớn giữa đường, xe máy đã ngã hai lần trong tuần.',
  first_name: 'Văn An',
  last_name: 'Nguyễn',
  email: 'an.nguyen@gmail.com',
  'attribute[commune_code]': MINH_XUAN,
});

const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];

test('discovery names the GeoReport v2 endpoint and both formats, in JSON and XML', async () => {
  const json = await app.inject({ url: '/open311/v2/discovery.json' });
  assert.equal(json.statusCode, 200);
  assert.match(json.headers['content-type'] ?? '', /^application\/json/);
  const doc = json.json();
  assert.equal(doc.endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');
  assert.equal(doc.endpoints[0].url, 'https://dichvucong.example.vn/open311/v2');
  assert.deepEqual(doc.endpoints[0].formats, ['text/xml', 'application/json']);
  const xml = await app.inject({ url: '/open311/v2/discovery.xml' });
  assert.match(xml.headers['content-type'] ?? '', /^text\/xml; charset=utf-8/);
  assert.match(xml.body, /^<\?xml version="1.0" encoding="utf-8"\?>/);
  const parsed = parser.parse(xml.body);
  assert.equal(parsed.discovery.endpoints.endpoint[0].type, 'production');
  assert.deepEqual(parsed.discovery.endpoints.endpoint[0].formats.format, ['text/xml', 'application/json']);
});

test('services list every category with the GeoReport v2 fields, in JSON and XML', async () => {
  const json = (await app.inject({ url: '/open311/v2/services.json' })).json();
  const traffic = json.find((s: { service_code: string }) => s.service_code === 'giao-thong');
  assert.deepEqual(Object.keys(traffic).sort(), [
    'description',
    'group',
    'keywords',
    'metadata',
    'service_code',
    'service_name',
    'type',
  ]);
  assert.equal(traffic.service_name, 'Giao thông, hạ tầng');
  assert.equal(traffic.type, 'realtime');
  assert.equal(traffic.metadata, true);
  const xml = parser.parse((await app.inject({ url: '/open311/v2/services.xml' })).body);
  assert.equal(xml.services.service.length, json.length);
  assert.equal(
    xml.services.service.find((s: { service_code: string }) => s.service_code === 'giao-thong').metadata,
    'true',
  );
});

test('a service definition lists its attributes with their values', async () => {
  const json = (await app.inject({ url: '/open311/v2/services/giao-thong.json' })).json();
  assert.equal(json.service_code, 'giao-thong');
  const kind = json.attributes.find((a: { code: string }) => a.code === 'kind');
  assert.deepEqual(Object.keys(kind).sort(), [
    'code',
    'datatype',
    'datatype_description',
    'description',
    'order',
    'required',
    'values',
    'variable',
  ]);
  assert.deepEqual(kind.values, [
    { key: 'report', name: 'Phản ánh' },
    { key: 'proposal', name: 'Kiến nghị' },
  ]);
  const xml = parser.parse((await app.inject({ url: '/open311/v2/services/giao-thong.xml' })).body);
  const attr = xml.service_definition.attributes.attribute.find((a: { code: string }) => a.code === 'kind');
  assert.equal(attr.datatype, 'singlevaluelist');
  assert.equal(attr.values.value[1].name, 'Kiến nghị');
  const missing = await app.inject({ url: '/open311/v2/services/khong-co.xml' });
  assert.equal(missing.statusCode, 404);
  assert.equal(parser.parse(missing.body).errors.error[0].code, '404');
});

test('POST requests files a report and answers with its id, in JSON and XML', async () => {
  const res = await post('json', complete());
  assert.equal(res.statusCode, 200, res.body);
  const [created] = res.json();
  assert.match(created.service_request_id, /^PAKN-\d{6}-\d{4}$/);
  assert.match(created.service_notice, /Ủy ban nhân dân phường Minh Xuân/);
  assert.equal(created.account_id, null);
  const xml = await post('xml', { ...complete(), description: 'Cống thoát nước tổ 9 bị tắc, nước tràn lên đường.' });
  assert.equal(xml.statusCode, 200, xml.body);
  const parsed = parser.parse(xml.body);
  assert.match(parsed.service_requests.request[0].service_request_id, /^PAKN-/);
  assert.match(xml.body, /<account_id\/>/);
});

test('errors come as a list of {code, description} with the HTTP status, in the format asked for', async () => {
  const noKey = await post('json', { ...complete(), api_key: 'sai' });
  assert.equal(noKey.statusCode, 403);
  assert.deepEqual(noKey.json(), [{ code: 403, description: 'Khóa API (api_key) không hợp lệ hoặc đã bị thu hồi.' }]);
  const noService = await post('xml', { ...complete(), service_code: '' });
  assert.equal(noService.statusCode, 400);
  assert.match(noService.headers['content-type'] ?? '', /^text\/xml/);
  assert.deepEqual(parser.parse(noService.body).errors.error, [
    { code: '400', description: 'Thiếu service_code: mã nhóm nội dung phản ánh, kiến nghị.' },
  ]);
  const { lat: _lat, long: _long, address_string: _a, ...nowhere } = complete();
  const noPlace = await post('json', nowhere);
  assert.equal(noPlace.statusCode, 400);
  assert.match(noPlace.json()[0].description, /Thiếu vị trí/);
  const unknown = await post('json', { ...complete(), service_code: 'khong-co' });
  assert.equal(unknown.statusCode, 404);
  const notFound = await app.inject({ url: '/open311/v2/requests/PAKN-000000-0000.json' });
  assert.equal(notFound.statusCode, 404);
  assert.equal(notFound.json()[0].code, 404);
  const badDate = await app.inject({ url: '/open311/v2/requests.xml?start_date=hôm-qua' });
  assert.equal(badDate.statusCode, 400);
  assert.equal(parser.parse(badDate.body).errors.error[0].code, '400');
  const tooLong = await app.inject({
    url: '/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z',
  });
  assert.equal(tooLong.statusCode, 400);
  assert.equal((await app.inject({ url: '/open311/v2/nothing.json' })).statusCode, 404);
});

test('a request without the sender details of Decree 20/2008 is refused with a clear Vietnamese description', async () => {
  const { email: _e, first_name: _f, last_name: _l, ...anonymous } = complete();
  const res = await post('json', anonymous);
  assert.equal(res.statusCode, 400);
  assert.deepEqual(res.json(), [
    {
      code: 400,
      description:
        'Phản ánh, kiến nghị phải có thông tin người gửi (Nghị định 20/2008/NĐ-CP); phản ánh, kiến nghị nặc danh không được xử lý. Còn thiếu hoặc chưa đúng: họ và tên, số điện thoại hoặc thư điện tử.',
    },
  ]);
});

test('a revoked key can no longer post', async () => {
  const admin = await tb.callerFor('admin');
  const key = await createOpen311Key(tb.t.db, admin, { provinceCode: '08', name: 'Ứng dụng tạm' });
  assert.equal((await post('json', { ...complete(), api_key: key.apiKey })).statusCode, 200);
  await revokeOpen311Key(tb.t.db, admin, { provinceCode: '08', id: key.id });
  assert.equal((await post('json', { ...complete(), api_key: key.apiKey })).statusCode, 403);
});

test('GET requests carries every GeoReport v2 field, shows no text before an officer publishes, and maps states to open/closed', async () => {
  const raw = 'Tôi là Nguyễn Văn An, CCCD 008190000123, số 0912345678: nhà bà Trần Thị Bình số 12 ngõ 3 lấn đường.';
  const [created] = (await post('json', { ...complete(), description: raw })).json();
  const id: string = created.service_request_id;
  const one = await app.inject({ url: `/open311/v2/requests/${id}.json` });
  const [request] = one.json();
  assert.deepEqual(Object.keys(request), REQUEST_FIELDS);
  assert.equal(request.status, 'open');
  // Unreviewed: the service, the status and the commune, no text (issue 11, Medium 8).
  assert.equal(request.service_code, 'giao-thong');
  assert.equal(request.address_id, MINH_XUAN);
  for (const field of ['description', 'address', 'lat', 'long', 'media_url'] as const) {
    assert.equal(request[field], null, field);
  }
  for (const url of [
    `/open311/v2/requests/${id}.json`,
    `/open311/v2/requests/${id}.xml`,
    `/open311/v2/requests.json?service_request_id=${id}&extensions=true`,
    '/open311/v2/servicerequestupdates.json',
  ]) {
    const body = (await app.inject({ url })).body;
    for (const secret of ['Nguyễn Văn An', '008190000123', '0912345678', 'Trần Thị Bình', 'ngõ 3', 'Tổ 5']) {
      assert.ok(!body.includes(secret), `${url} shows ${secret}`);
    }
  }
  assert.match(request.requested_datetime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
  const xml = parser.parse((await app.inject({ url: `/open311/v2/requests/${id}.xml` })).body);
  assert.deepEqual(Object.keys(xml.service_requests.request[0]), REQUEST_FIELDS);

  const leader = await tb.callerFor('lanhdao.minhxuan');
  const specialist = await tb.callerFor('chuyenvien.minhxuan');
  const ctx = tb.ctx(new Date());
  const draft = { type: 'draft_answer', answer: 'Đã thay bóng đèn.' } as const;
  await takeFeedbackAction(tb.t.db, specialist, id, draft, { transactionId: txId() }, ctx);
  // A draft waiting for the leader is the agency's own step: the request is still in progress.
  const drafted = (
    await app.inject({ url: `/open311/v2/requests.json?service_request_id=${id}&extensions=true` })
  ).json();
  assert.equal(drafted[0].status, 'open');
  assert.equal(drafted[0].extended_attributes.state, 'in_progress');
  assert.equal(drafted[0].status_notes, 'Đang xử lý');
  await takeFeedbackAction(tb.t.db, leader, id, { type: 'answer', answer: '' }, { transactionId: txId() }, ctx);
  const closed = (
    await app.inject({ url: `/open311/v2/requests.json?service_request_id=${id}&extensions=true` })
  ).json();
  assert.equal(closed[0].status, 'closed');
  assert.equal(closed[0].extended_attributes.detailed_status, 'closed');
  assert.equal(closed[0].extended_attributes.state, 'answered');
  // Answered is not published: still no text.
  assert.equal(closed[0].description, null);
  await takeFeedbackAction(tb.t.db, leader, id, { type: 'publish' }, { transactionId: txId() }, ctx);
  const [published] = (await app.inject({ url: `/open311/v2/requests/${id}.json` })).json();
  assert.equal(
    published.description,
    'Tôi là N.V.A, CCCD *********123, số 09******78: nhà bà Trần Thị Bình số 12 ngõ 3 lấn đường.',
    'the published copy, masked as the portal masks it',
  );
  assert.equal(published.status_notes, 'Đã thay bóng đèn.');
  assert.deepEqual(Object.keys(published), REQUEST_FIELDS);
  const open = (await app.inject({ url: '/open311/v2/requests.json?status=open&service_code=giao-thong' })).json();
  assert.ok(open.length > 0);
  assert.ok(
    open.every((r: { status: string; service_code: string }) => r.status === 'open' && r.service_code === 'giao-thong'),
  );
  assert.ok(!open.some((r: { service_request_id: string }) => r.service_request_id === id));
  const closedOnly = (await app.inject({ url: '/open311/v2/requests.json?status=closed' })).json();
  assert.ok(closedOnly.some((r: { service_request_id: string }) => r.service_request_id === id));
});

test('servicerequestupdates lists each status change with mySociety’s extended status', async () => {
  const [created] = (await post('json', complete())).json();
  const id: string = created.service_request_id;
  const leader = await tb.callerFor('lanhdao.minhxuan');
  const ctx = tb.ctx(new Date());
  await takeFeedbackAction(tb.t.db, leader, id, { type: 'accept' }, { transactionId: txId() }, ctx);
  // Drafting and returning a draft are not status changes the public sees.
  const draft = { type: 'draft_answer', answer: 'Dự thảo.' } as const;
  await takeFeedbackAction(tb.t.db, leader, id, draft, { transactionId: txId() }, ctx);
  const back = { type: 'return_answer', reason: 'Bổ sung.' } as const;
  await takeFeedbackAction(tb.t.db, leader, id, back, { transactionId: txId() }, ctx);
  const json = (await app.inject({ url: '/open311/v2/servicerequestupdates.json' })).json();
  const mine = json.filter((u: { service_request_id: string }) => u.service_request_id === id);
  assert.deepEqual(
    mine.map((u: { status: string; external_status_code: string }) => [u.status, u.external_status_code]),
    [
      ['open', 'received'],
      ['investigating', 'in_progress'],
    ],
  );
  assert.deepEqual(Object.keys(mine[0]).sort(), [
    'description',
    'external_status_code',
    'media_url',
    'service_request_id',
    'status',
    'update_id',
    'updated_datetime',
  ]);
  const xml = parser.parse((await app.inject({ url: '/open311/v2/servicerequestupdates.xml' })).body);
  assert.ok(
    xml.service_request_updates.request_update.some((u: { service_request_id: string }) => u.service_request_id === id),
  );
});
