/**
 * Regression tests of issue 11's HTTP-edge findings: proxy trust (5), CSRF on every state
 * change (6), text no one types (7), and the "lower" ones: HSTS and Secure cookies behind TLS,
 * /metrics access, client request ids.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { ConfigError, loadConfig } from '../config.ts';
import { createTestDb, type TestDb } from '../db/testing.ts';
import { createHttpApp, typed } from './app.ts';
import { withCsrf } from './testing.ts';

let t: TestDb;
const apps: FastifyInstance[] = [];

async function appWith(env: Record<string, string>): Promise<FastifyInstance> {
  const app = await createHttpApp({
    config: loadConfig({ RATE_LIMIT_PER_MINUTE: '1000', ...env }),
    database: t,
    logger: false,
    ownAuthentication: [{ method: 'POST', url: '/test/webhook', by: 'a signature' }],
  });
  const r = typed(app);
  r.get('/test/ip', async (request) => ({ ip: request.ip }));
  r.post('/test/withdraw', async () => ({ withdrawn: true }));
  r.delete('/test/thing', async () => ({ deleted: true }));
  r.post('/test/webhook', async () => ({ received: true }));
  r.get('/test/cookie', async (_request, reply) => {
    reply.setCookie('mocua_lang', 'vi', { path: '/' });
    return { ok: true };
  });
  await app.ready();
  apps.push(app);
  return app;
}

let plain: FastifyInstance;
before(async () => {
  t = await createTestDb();
  plain = await appWith({});
});
after(async () => {
  for (const app of apps) await app.close();
  await t.close();
});

const cookieHeader = (res: { cookies: Array<{ name: string; value: string }> }) =>
  res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');

/** A proxied deployment needs its public address (config.ts); plain http keeps HSTS and Secure cookies off. */
const SITE = 'http://dichvucong.example.gov.vn';

test('finding 5: TRUST_PROXY=true is refused; a rotated leftmost X-Forwarded-For does not change the client address', async () => {
  assert.throws(() => loadConfig({ TRUST_PROXY: 'true' }), ConfigError);
  assert.throws(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' }), ConfigError);
  assert.equal(loadConfig({ TRUST_PROXY: '1', PUBLIC_URL: SITE }).trustProxy, 1);
  assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7', PUBLIC_URL: SITE }).trustProxy, [
    '10.0.0.0/8',
    '192.168.1.7',
  ]);

  const oneHop = await appWith({ TRUST_PROXY: '1', PUBLIC_URL: SITE });
  const seen = new Set<string>();
  for (const forged of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) {
    const res = await oneHop.inject({
      url: '/test/ip',
      remoteAddress: '10.0.0.5',
      headers: { 'x-forwarded-for': `${forged}, 203.0.113.9` },
    });
    seen.add(res.json().ip);
  }
  // The proxy appended the address it saw (203.0.113.9); what the client wrote is ignored.
  assert.deepEqual([...seen], ['203.0.113.9']);

  const byAddress = await appWith({ TRUST_PROXY: '10.0.0.0/8', PUBLIC_URL: SITE });
  const viaProxy = await byAddress.inject({
    url: '/test/ip',
    remoteAddress: '10.1.2.3',
    headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' },
  });
  assert.equal(viaProxy.json().ip, '203.0.113.9');
  const direct = await byAddress.inject({
    url: '/test/ip',
    remoteAddress: '198.51.100.4',
    headers: { 'x-forwarded-for': '6.6.6.6' },
  });
  assert.equal(direct.json().ip, '198.51.100.4', 'a client that is not a proxy cannot claim another address');

  const untrusted = await plain.inject({
    url: '/test/ip',
    remoteAddress: '198.51.100.4',
    headers: { 'x-forwarded-for': '6.6.6.6' },
  });
  assert.equal(untrusted.json().ip, '198.51.100.4');
});

test('finding 6: a POST with no body and no content type needs the CSRF token, like any state change', async () => {
  const bare = await plain.inject({ method: 'POST', url: '/test/withdraw' });
  assert.equal(bare.statusCode, 403);
  assert.match(bare.json().error.code, /^CSRF_INVALID$/);
  const json = await plain.inject({ method: 'DELETE', url: '/test/thing', payload: { a: 1 } });
  assert.equal(json.statusCode, 403, 'JSON is no exemption');
  const ok = await plain.inject(await withCsrf(plain, { method: 'POST', url: '/test/withdraw' }));
  assert.equal(ok.statusCode, 200);
  const del = await plain.inject(await withCsrf(plain, { method: 'DELETE', url: '/test/thing' }));
  assert.equal(del.statusCode, 200);
});

test('finding 6: the token is tied to the session; a token read under another session is refused', async () => {
  const asked = await plain.inject({ url: '/api/v1/csrf-token', cookies: { mocua_session: 'session-a' } });
  const token = asked.json().token;
  const secret = asked.cookies.find((c) => c.name === 'mocua_csrf')?.value ?? '';
  const post = (session: string) =>
    plain.inject({
      method: 'POST',
      url: '/test/withdraw',
      cookies: { mocua_session: session, mocua_csrf: secret },
      headers: { 'x-csrf-token': token },
    });
  assert.equal((await post('session-a')).statusCode, 200);
  assert.equal((await post('session-b')).statusCode, 403);
  const anonymous = await plain.inject({
    method: 'POST',
    url: '/test/withdraw',
    cookies: { mocua_csrf: secret },
    headers: { 'x-csrf-token': token },
  });
  assert.equal(anonymous.statusCode, 403, 'signing out changes the binding too');
});

test('finding 6: Sec-Fetch-Site cross-site and a foreign Origin are refused even with a valid token', async () => {
  const valid = await withCsrf(plain, { method: 'POST', url: '/test/withdraw' });
  const cross = await plain.inject({ ...valid, headers: { ...valid.headers, 'sec-fetch-site': 'cross-site' } });
  assert.equal(cross.statusCode, 403);
  assert.equal(cross.json().error.code, 'CROSS_SITE_REFUSED');
  assert.match(cross.json().error.message, /trang web khác/);
  const foreign = await plain.inject({ ...valid, headers: { ...valid.headers, origin: 'https://evil.example' } });
  assert.equal(foreign.json().error.code, 'CROSS_SITE_REFUSED');
  const own = await plain.inject({
    ...valid,
    headers: { ...valid.headers, origin: 'http://localhost:80', host: 'localhost:80', 'sec-fetch-site': 'same-origin' },
  });
  assert.equal(own.statusCode, 200, own.body);
  // Our pages are no-referrer: browsers post their forms with Origin: null.
  const opaque = await plain.inject({
    ...valid,
    headers: { ...valid.headers, origin: 'null', 'sec-fetch-site': 'same-origin' },
  });
  assert.equal(opaque.statusCode, 200, opaque.body);
  const opaqueCross = await plain.inject({
    ...valid,
    headers: { ...valid.headers, origin: 'null', 'sec-fetch-site': 'cross-site' },
  });
  assert.equal(opaqueCross.statusCode, 403);
  const publicApp = await appWith({ PUBLIC_URL: 'https://dichvucong.example.gov.vn' });
  const fromPublic = await withCsrf(publicApp, { method: 'POST', url: '/test/withdraw' });
  const res = await publicApp.inject({
    ...fromPublic,
    headers: { ...fromPublic.headers, origin: 'https://dichvucong.example.gov.vn' },
  });
  assert.equal(res.statusCode, 200);
});

test('finding 6: a route that authenticates itself is declared once and needs no token', async () => {
  const res = await plain.inject({
    method: 'POST',
    url: '/test/webhook',
    payload: {},
    headers: { origin: 'https://elsewhere.example' },
  });
  assert.equal(res.statusCode, 200);
});

test('finding 7: NUL and lone surrogates are refused at the edge with 400 naming the field', async () => {
  const cases: Array<[InjectOptions, string]> = [
    [{ url: '/test/ip?q=a%00b' }, 'query.q'],
    [
      { method: 'POST', url: '/test/withdraw', payload: { applicant: { fullName: 'An\u0000' } } },
      'body.applicant.fullName',
    ],
    [
      {
        method: 'POST',
        url: '/test/withdraw',
        payload: JSON.stringify({ list: ['ok', '\udfff'] }),
        headers: { 'content-type': 'application/json' },
      },
      'body.list.1',
    ],
    [
      {
        method: 'POST',
        url: '/test/withdraw',
        payload: 'name=a%00',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      'body.name',
    ],
  ];
  for (const [request, field] of cases) {
    const res = await plain.inject(request);
    assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
    const error = res.json().error;
    assert.equal(error.code, 'INVALID_CHARACTERS');
    assert.equal(error.details.fields[0].field, field);
    assert.match(error.message, /ký tự không hợp lệ/);
  }
});

test('lower: HSTS and Secure cookies when a trusted proxy serves an https PUBLIC_URL', async () => {
  const tls = await appWith({ TRUST_PROXY: '1', PUBLIC_URL: 'https://dichvucong.example.gov.vn' });
  const res = await tls.inject({ url: '/test/cookie' });
  assert.match(String(res.headers['strict-transport-security']), /max-age=31536000/);
  const token = await tls.inject({ url: '/api/v1/csrf-token' });
  for (const c of [...res.cookies, ...token.cookies]) assert.equal(c.secure, true, `${c.name} is Secure`);
  const http = await plain.inject({ url: '/test/cookie' });
  assert.equal(http.headers['strict-transport-security'], undefined);
});

test('lower: /metrics only to METRICS_ALLOW addresses or with the METRICS_TOKEN bearer', async () => {
  const token = 'm'.repeat(40);
  const app = await appWith({ METRICS_ALLOW: '10.8.0.0/16', METRICS_TOKEN: token });
  assert.equal((await app.inject({ url: '/metrics', remoteAddress: '10.8.3.4' })).statusCode, 200);
  const stranger = await app.inject({ url: '/metrics', remoteAddress: '198.51.100.4' });
  assert.equal(stranger.statusCode, 403);
  assert.doesNotMatch(stranger.body, /process_cpu/);
  const wrong = await app.inject({
    url: '/metrics',
    remoteAddress: '198.51.100.4',
    headers: { authorization: 'Bearer nope' },
  });
  assert.equal(wrong.statusCode, 403);
  const bearer = await app.inject({
    url: '/metrics',
    remoteAddress: '198.51.100.4',
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(bearer.statusCode, 200);
  assert.equal((await plain.inject({ url: '/metrics', remoteAddress: '198.51.100.4' })).statusCode, 403);
});

test('lower: a client x-request-id is kept only when it is a short token of safe characters', async () => {
  const kept = await plain.inject({ url: '/test/ip', headers: { 'x-request-id': 'lb-7f3a.42' } });
  assert.equal(kept.headers['x-request-id'], 'lb-7f3a.42');
  for (const bad of ['<script>', 'a b', 'x'.repeat(65), 'id\u00e9']) {
    const res = await plain.inject({ url: '/test/ip', headers: { 'x-request-id': bad } });
    assert.notEqual(res.headers['x-request-id'], bad);
    assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  }
  const cookie = cookieHeader(await plain.inject({ url: '/test/cookie' }));
  assert.equal(typeof cookie, 'string');
});
