import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { anonymous, type Caller } from '../../platform/auth/caller.ts';
import { loadConfig } from '../../platform/config.ts';
import { createHttpApp } from '../../platform/http/app.ts';
import { apiClient } from '../../platform/http/testing.ts';
import { ownAuthenticationRoutes } from '../../site/routes.ts';
import { kioskRoutes } from './kiosk-routes.tsx';
import { ratingRoutes } from './routes.ts';
import { dossierRatings } from './schema.ts';
import { createKioskToken } from './service.ts';
import { CODES, citizen, insertDossier, type RatingsTestDb, ratingsTestDb } from './testing.ts';
import { ratingToken } from './tokens.ts';

const secret = 'r'.repeat(40);
let d: RatingsTestDb;
let app: FastifyInstance;
const callers = new Map<string, Caller>();
const ids = { counter: '', tuphap: '', token: '', hoa: '' };

before(async () => {
  d = await ratingsTestDb();
  app = await createHttpApp({
    config: loadConfig({ RATE_LIMIT_PER_MINUTE: '1000000', RATING_LINK_SECRET: secret }),
    database: d.t,
    logger: false,
    ownAuthentication: ownAuthenticationRoutes,
  });
  apiClient(app);
  // Stands in for the auth plugin: `x-test-as: <demo login or citizen id>` picks the caller.
  if (!app.hasRequestDecorator('caller')) app.decorateRequest('caller', null as never);
  app.addHook('onRequest', async (request) => {
    const who = request.headers['x-test-as'];
    (request as unknown as { caller: Caller }).caller = (typeof who === 'string' && callers.get(who)) || anonymous;
  });
  await ratingRoutes(app);
  await kioskRoutes(app);
  await app.ready();
  for (const login of ['admin', 'admin.tuphap', 'admin.ttpvhcc', 'tiepnhan.tinh'])
    callers.set(login, await d.callerFor(login));
  const hoa = citizen();
  ids.hoa = hoa.id;
  callers.set('hoa', hoa);
  const [counter] = await d.centreCounters();
  assert.ok(counter);
  ids.counter = counter.id;
  ids.tuphap = await d.agencyId(CODES.tuphap);
  ids.token = (await createKioskToken(d.t.db, await d.callerFor('admin.ttpvhcc'), { counterId: counter.id })).token;
});
after(async () => {
  await app.close();
  await d.t.close();
});

const as = (who: string) => ({ 'x-test-as': who });
const cookiesOf = (res: { cookies: Array<{ name: string; value: string }> }) =>
  res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

test('the kiosk page shows three large buttons, the officer and a CSRF token, with no inline script', async () => {
  await app.inject({ method: 'POST', url: `/api/v1/counters/${ids.counter}/session`, headers: as('tiepnhan.tinh') });
  const res = await app.inject({ url: `/kiosk/${ids.counter}?token=${ids.token}` });
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] ?? '', /text\/html/);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
  const html = res.body;
  const buttons = [...html.matchAll(/<button type="submit" name="level" value="([a-z_]+)"[^>]*>([^<]+)</g)];
  assert.deepEqual(
    buttons.map((m) => [m[1], m[2]]),
    [
      ['very_satisfied', 'Rất hài lòng'],
      ['satisfied', 'Hài lòng'],
      ['unsatisfied', 'Không hài lòng'],
    ],
  );
  assert.ok(csrfOf(html).length > 10);
  assert.match(html, /Hoàng Thị Thu Trang/);
  assert.match(html, /<html lang="vi">/);
  assert.match(html, /<script src="\/kiosk\/assets\/kiosk\.js\?v=[0-9a-f]{12}" defer><\/script>/);
  assert.doesNotMatch(html, /<script>|<script [^>]*>[^<]+<\/script>|style="/, 'no inline script or style (CSP)');
  assert.match(html, /Cảm ơn bạn đã đánh giá/);
  const js = await app.inject({ url: '/kiosk/assets/kiosk.js' });
  assert.equal(js.statusCode, 200);
  assert.match(js.headers['content-type'] ?? '', /javascript/);
  assert.match(js.body, /localStorage/);
});

test('a kiosk page without a valid token explains itself instead of showing buttons', async () => {
  const res = await app.inject({ url: `/kiosk/${ids.counter}?token=kiosk_wrong` });
  assert.equal(res.statusCode, 401);
  assert.match(res.body, /Máy đánh giá chưa sẵn sàng/);
  assert.doesNotMatch(res.body, /name="level"/);
});

test('the plain kiosk form needs the CSRF token, thanks the citizen and comes back by itself', async () => {
  const page = await app.inject({ url: `/kiosk/${ids.counter}?token=${ids.token}` });
  const cookie = cookiesOf(page);
  const clientId = /name="clientId" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const form = (extra: Record<string, string>) =>
    new URLSearchParams({ token: ids.token, level: 'satisfied', clientId, ...extra }).toString();
  const headers = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
  const noCsrf = await app.inject({ method: 'POST', url: `/kiosk/${ids.counter}`, headers, payload: form({}) });
  assert.equal(noCsrf.statusCode, 403);
  const ok = await app.inject({
    method: 'POST',
    url: `/kiosk/${ids.counter}`,
    headers,
    payload: form({ _csrf: csrfOf(page.body) }),
  });
  assert.equal(ok.statusCode, 200);
  assert.match(ok.body, /Cảm ơn bạn đã đánh giá/);
  assert.match(ok.body, /<meta http-equiv="refresh" content="4;url=\/kiosk\//);
  // A double tap sends the same form again: still one rating.
  const again = await app.inject({
    method: 'POST',
    url: `/kiosk/${ids.counter}`,
    headers,
    payload: form({ _csrf: csrfOf(page.body) }),
  });
  assert.equal(again.statusCode, 200);
  // A second tap on another button before the page changed: the first answer stands.
  const other = await app.inject({
    method: 'POST',
    url: `/kiosk/${ids.counter}`,
    headers,
    payload: form({ _csrf: csrfOf(page.body), level: 'unsatisfied' }),
  });
  assert.equal(other.statusCode, 200);
  const summary = await app.inject({
    url: `/api/v1/ratings/summary?groupBy=counter&quarter=${quarterNow()}`,
    headers: as('admin'),
  });
  assert.equal(summary.json().total.forms, 1);
});

function quarterNow(): string {
  const local = new Date(Date.now() + 7 * 3_600_000);
  return `${local.getUTCFullYear()}-Q${Math.floor(local.getUTCMonth() / 3) + 1}`;
}

test('the kiosk API stores a rating once per client id and needs the kiosk token header', async () => {
  const body = { clientId: randomUUID(), level: 'very_satisfied', ratedAt: new Date().toISOString() };
  const url = `/api/v1/kiosk/${ids.counter}/ratings`;
  const headers = { 'x-kiosk-token': ids.token };
  const first = await app.inject({ method: 'POST', url, headers, payload: body });
  assert.equal(first.statusCode, 201, first.body);
  assert.equal(first.json().duplicate, false);
  const retry = await app.inject({ method: 'POST', url, headers, payload: body });
  assert.equal(retry.statusCode, 200);
  assert.equal(retry.json().id, first.json().id);
  const anonymousPost = await app.inject({ method: 'POST', url, payload: body });
  assert.equal(anonymousPost.statusCode, 401);
  assert.equal(anonymousPost.json().error.code, 'KIOSK_TOKEN_INVALID');
  const status = await app.inject({ url: `/api/v1/kiosk/${ids.counter}`, headers });
  assert.equal(status.json().officer.name, 'Hoàng Thị Thu Trang');
});

test('the applicant rates a delivered dossier over the API; anonymous callers must sign in', async () => {
  const { code } = await insertDossier(d.t.db, { receivingAgencyId: ids.tuphap, applicantAccountId: ids.hoa });
  const url = `/api/v1/dossiers/${code}/rating`;
  const payload = { level: 'very_satisfied', overall: 'satisfied', channel: 'portal' };
  assert.equal((await app.inject({ method: 'POST', url, payload })).statusCode, 401);
  const res = await app.inject({ method: 'POST', url, payload, headers: as('hoa') });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().overall, 'satisfied');
  const context = await app.inject({ url, headers: as('hoa') });
  assert.equal(context.json().canRate, true);
  const bad = await app.inject({ method: 'POST', url, payload: { ...payload, level: 'meh' }, headers: as('hoa') });
  assert.equal(bad.statusCode, 400);
});

test('the rating link page works without signing in and without script', async () => {
  const { id, code } = await insertDossier(d.t.db, { receivingAgencyId: ids.tuphap, applicantAccountId: null });
  const link = `/danh-gia/${code}?t=${ratingToken(id, secret)}&k=zalo`;
  const page = await app.inject({ url: link });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /type="radio"[^>]*name="level"|name="level"[^>]*type="radio"/);
  // Questions as questions, in the portal's one form of address, without report codes.
  assert.match(page.body, /Bạn thấy việc làm thủ tục này thuận tiện đến đâu\?/);
  assert.doesNotMatch(page.body, /chỉ số|ông\/bà/i);
  const cookie = cookiesOf(page);
  const headers = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
  const missing = await app.inject({
    method: 'POST',
    url: link,
    headers,
    payload: new URLSearchParams({ _csrf: csrfOf(page.body) }).toString(),
  });
  assert.equal(missing.statusCode, 400);
  assert.match(missing.body, /Chọn mức độ hài lòng/);
  const sent = await app.inject({
    method: 'POST',
    url: link,
    headers,
    payload: new URLSearchParams({
      _csrf: csrfOf(page.body),
      level: 'satisfied',
      convenience: 'very_satisfied',
    }).toString(),
  });
  assert.equal(sent.statusCode, 303);
  assert.match(String(sent.headers.location), /k=zalo&sent=1$/);
  const after = await app.inject({ url: String(sent.headers.location) });
  assert.match(after.body, /Cảm ơn bạn đã đánh giá/);
  assert.match(after.body, /Bạn đã đánh giá: <strong>Hài lòng<\/strong>/);
  const wrong = await app.inject({ url: `/danh-gia/${code}?t=${ratingToken('x', secret)}` });
  assert.equal(wrong.statusCode, 403);
  assert.match(wrong.body, /<html/);
});

test('the link in the delivery notice rates with the receipt’s tracking key; a wrong key is refused', async () => {
  const { id, code } = await insertDossier(d.t.db, { receivingAgencyId: ids.tuphap, applicantAccountId: null });
  await d.t.db.execute(sql`update dossiers set tracking_key = 'HJKM2345' where id = ${id}`);
  const link = `/danh-gia/${code}?key=HJKM-2345&k=sms`;
  const page = await app.inject({ url: link });
  assert.equal(page.statusCode, 200, page.body);
  const sent = await app.inject({
    method: 'POST',
    url: link,
    headers: { cookie: cookiesOf(page), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfOf(page.body), level: 'very_satisfied' }).toString(),
  });
  assert.equal(sent.statusCode, 303, sent.body);
  assert.match(String(sent.headers.location), /key=HJKM-2345&k=sms&sent=1$/);
  const [row] = await d.t.db.select().from(dossierRatings).where(eq(dossierRatings.dossierId, id));
  assert.equal(row?.channel, 'sms');
  const wrong = await app.inject({ url: `/danh-gia/${code}?key=HJKM2346` });
  assert.equal(wrong.statusCode, 403);
  assert.match(wrong.body, /Mã số hồ sơ hoặc mã tra cứu không đúng/);
});

test('evaluation points over HTTP: the agency admin self-assesses, appraisal needs the province admin', async () => {
  const url = `/api/v1/evaluations/${ids.tuphap}/2026-Q4/6`;
  const self = await app.inject({ method: 'PUT', url, payload: { self: 2 }, headers: as('admin.tuphap') });
  assert.equal(self.statusCode, 200, self.body);
  assert.equal(self.json().criteria[5].self, 2);
  const appraise = await app.inject({ method: 'PUT', url, payload: { appraised: 1 }, headers: as('admin.tuphap') });
  assert.equal(appraise.statusCode, 403);
  assert.equal(
    (await app.inject({ method: 'PUT', url, payload: { appraised: 1 }, headers: as('admin') })).statusCode,
    200,
  );
  assert.equal((await app.inject({ method: 'PUT', url, payload: {}, headers: as('admin') })).statusCode, 400);
  const read = await app.inject({
    url: `/api/v1/evaluations?agency=${ids.tuphap}&quarter=2026-Q4`,
    headers: as('tiepnhan.tinh'),
  });
  assert.equal(read.statusCode, 200);
  assert.equal(read.json().criteria.length, 9);
  assert.equal((await app.inject({ url: `/api/v1/evaluations?agency=${ids.tuphap}&quarter=2026-Q4` })).statusCode, 401);
});

test('counter sessions and kiosk tokens over HTTP', async () => {
  assert.equal(
    (await app.inject({ method: 'POST', url: `/api/v1/counters/${ids.counter}/session`, headers: as('hoa') }))
      .statusCode,
    403,
  );
  const token = await app.inject({
    method: 'POST',
    url: `/api/v1/counters/${ids.counter}/kiosk-tokens`,
    payload: { label: 'Máy quầy 1' },
    headers: as('admin.ttpvhcc'),
  });
  assert.equal(token.statusCode, 201, token.body);
  assert.match(token.json().kioskPath, /^\/kiosk\//);
  const revoke = await app.inject({
    method: 'DELETE',
    url: `/api/v1/kiosk-tokens/${token.json().id}`,
    headers: as('admin.tuphap'),
  });
  assert.equal(revoke.statusCode, 403);
  const revoked = await app.inject({
    method: 'DELETE',
    url: `/api/v1/kiosk-tokens/${token.json().id}`,
    headers: as('admin.ttpvhcc'),
  });
  assert.equal(revoked.statusCode, 204);
});
