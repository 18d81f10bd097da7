import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { loadConfig } from '../config.ts';
import { createTestDb, type TestDb } from '../db/testing.ts';
import { DomainError, registerErrors } from '../errors.ts';
import { createHttpApp, typed } from './app.ts';

let t: TestDb;
let app: FastifyInstance;

registerErrors({ TEST_DOSSIER_ALREADY_RECEIVED: { status: 409, vi: 'Hồ sơ đã được tiếp nhận.' } });

before(async () => {
  t = await createTestDb();
  app = await createHttpApp({ config: loadConfig({ RATE_LIMIT_PER_MINUTE: '40' }), database: t, logger: false });
  const r = typed(app);
  r.post(
    '/test/echo',
    {
      schema: {
        body: Type.Object({
          name: Type.String({ minLength: 2 }),
          age: Type.Integer({ minimum: 0 }),
          code: Type.String(),
        }),
      },
    },
    async (req) => req.body,
  );
  r.get('/test/domain', async () => {
    throw new DomainError('TEST_DOSSIER_ALREADY_RECEIVED', { code: 'X' });
  });
  r.get('/test/crash', async () => {
    throw new Error('boom');
  });
  r.get('/test/form', async (_req, reply) => ({ csrf: reply.generateCsrf() }));
  r.post('/test/form', async () => ({ ok: true }));
  await app.ready();
});
after(async () => {
  await app.close();
  await t.close();
});

test('a validation error lists every bad field in Vietnamese', async () => {
  const res = await app.inject({ method: 'POST', url: '/test/echo', payload: { name: 'A', age: -1 } });
  assert.equal(res.statusCode, 400);
  const body = res.json();
  assert.equal(body.error.code, 'VALIDATION_FAILED');
  const fields = body.error.fields.map((f: { field: string }) => f.field).sort();
  assert.deepEqual(fields, ['age', 'code', 'name']);
  assert.ok(
    body.error.fields.every(
      (f: { message: string }) =>
        /[ạảãàáâầấậẩẫăằắặẳẵêềếệểễôồốộổỗơờớợởỡưừứựửữđ]/i.test(f.message) || f.message.length > 0,
    ),
  );
});

test('a domain error keeps its code, status and Vietnamese message', async () => {
  const res = await app.inject({ url: '/test/domain' });
  assert.equal(res.statusCode, 409);
  assert.deepEqual(res.json().error.code, 'TEST_DOSSIER_ALREADY_RECEIVED');
  assert.equal(res.json().error.message, 'Hồ sơ đã được tiếp nhận.');
  assert.equal(res.json().error.requestId, res.headers['x-request-id']);
});

test('an unexpected fault is a 500 without internals', async () => {
  const res = await app.inject({ url: '/test/crash' });
  assert.equal(res.statusCode, 500);
  assert.equal(res.json().error.code, 'INTERNAL');
  assert.doesNotMatch(res.body, /boom/);
});

test('malformed JSON and unsupported types are client errors', async () => {
  const bad = await app.inject({
    method: 'POST',
    url: '/test/echo',
    headers: { 'content-type': 'application/json' },
    payload: '{"name":',
  });
  assert.equal(bad.statusCode, 400);
  const plain = await app.inject({
    method: 'POST',
    url: '/test/echo',
    headers: { 'content-type': 'text/plain' },
    payload: 'x',
  });
  assert.equal(plain.statusCode, 415);
});

test('a form post without the CSRF token is refused; with it, accepted', async () => {
  const refused = await app.inject({
    method: 'POST',
    url: '/test/form',
    payload: 'a=1',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().error.code, 'CSRF_INVALID');
  const page = await app.inject({ url: '/test/form' });
  const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const ok = await app.inject({
    method: 'POST',
    url: '/test/form',
    payload: `a=1&_csrf=${encodeURIComponent(page.json().csrf)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
  });
  assert.equal(ok.statusCode, 200);
});

test('health, readiness, metrics and OpenAPI answer', async () => {
  assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
  assert.equal((await app.inject({ url: '/readyz' })).json().status, 'ready');
  assert.match((await app.inject({ url: '/metrics' })).body, /process_cpu_user_seconds_total/);
  assert.equal((await app.inject({ url: '/api/docs/json' })).json().openapi, '3.1.0');
});

test('the rate limit answers 429 with a Vietnamese message', async () => {
  let last = 0;
  let body = '';
  for (let i = 0; i < 45; i++) {
    const res = await app.inject({ url: '/test/domain', remoteAddress: '10.9.9.9' });
    last = res.statusCode;
    body = res.body;
  }
  assert.equal(last, 429);
  assert.equal(JSON.parse(body).error.code, 'RATE_LIMITED');
});
