/**
 * Issue 19.5, traces: with OTEL_EXPORTER_OTLP_ENDPOINT set, a filing reaches a real OTLP/HTTP
 * receiver (test/standins/otlp) as a server span named after its route pattern with the
 * database statements as its children, a job as a span with its outbound call below it, and no
 * value a caller sent in any span.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { startJobs } from '../../src/platform/jobs/index.ts';
import { flushTracing, startTracing, stopTracing } from '../../src/platform/telemetry/index.ts';
import { seededApp } from '../../src/web/testing.ts';
import { type OtlpStandIn, type ReceivedSpan, startOtlpStandIn } from '../standins/otlp/server.ts';

let receiver: OtlpStandIn;
let s: Awaited<ReturnType<typeof seededApp>>;
let app: FastifyInstance;

before(async () => {
  receiver = await startOtlpStandIn();
  // As `mocua start` does, before the database opens.
  assert.equal(await startTracing({ endpoint: receiver.url, serviceName: 'mocua-test' }), true);
  s = await seededApp({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
  app = s.app;
});
after(async () => {
  await s.close();
  await stopTracing();
  await receiver.close();
});

const SECRET_NAME = 'Giàng Thị Bímật';
const SECRET_PHONE = '0977000123';
const SECRET_ID = '001099012345';

/** The spans received until one matches `found` (the batch processor sends on flush). */
async function spansUntil(found: (spans: readonly ReceivedSpan[]) => boolean): Promise<readonly ReceivedSpan[]> {
  for (let i = 0; i < 50 && !found(receiver.spans); i++) {
    await flushTracing();
    await new Promise((r) => setTimeout(r, 50));
  }
  return receiver.spans;
}

test('a filing is a server span named after its route, with its database statements as children, and no value in any attribute', async () => {
  const signIn = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { login: 'tiepnhan.minhxuan', password: 'MoCua@2026' },
  });
  assert.equal(signIn.statusCode, 200);
  const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const procedure = (await app.inject({ url: '/api/v1/procedures/1.001193' })).json();
  const commune = procedure.agencies.find((a: { name: string }) => /Minh Xuân/.test(a.name));
  const formData: Record<string, string> = {};
  for (const f of procedure.eform)
    if (f.required)
      formData[f.key] = f.type === 'choice' ? f.options[0] : f.type === 'date' ? '2026-11-01' : SECRET_NAME;
  const filed = await app.inject({
    method: 'POST',
    url: '/api/v1/dossiers',
    headers: { cookie, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    payload: {
      procedure: '1.001193',
      agencyId: commune.id,
      applicant: { type: 'citizen', fullName: SECRET_NAME, phone: SECRET_PHONE, personalId: SECRET_ID },
      formData,
    },
  });
  assert.equal(filed.statusCode, 201, filed.body);
  const { code, trackingKey } = filed.json();
  const tracked = await app.inject({ url: `/api/v1/track/${code}?key=${trackingKey}` });
  assert.equal(tracked.statusCode, 200);

  const isFiling = (span: ReceivedSpan) => span.kind === 2 && span.name === 'POST /api/v1/dossiers';
  const spans = await spansUntil((all) => all.some(isFiling) && all.some((x) => x.name === 'GET /api/v1/track/:code'));
  const server = spans.find(isFiling);
  assert.ok(server, 'the filing’s server span');
  assert.equal(server.attributes['http.route'], '/api/v1/dossiers');
  assert.equal(server.attributes['http.request.method'], 'POST');
  assert.equal(server.attributes['http.response.status_code'], 201);
  assert.equal(server.resource['service.name'], 'mocua-test');
  // The caller's traceparent is continued: the proxy's trace goes on through Mở Cửa.
  assert.equal(server.traceId, '0af7651916cd43dd8448eb211c80319c');
  assert.equal(server.parentSpanId, 'b7ad6b7169203331');
  const statements = spans.filter((x) => x.parentSpanId === server.spanId && x.kind === 3);
  assert.ok(statements.length >= 3, `database spans under the filing: ${statements.length}`);
  for (const st of statements) {
    assert.equal(st.attributes['db.system.name'], 'postgresql');
    assert.match(String(st.attributes['db.operation.name']), /^[A-Z]+$/);
    assert.equal(st.name, st.attributes['db.operation.name']);
  }
  const operations = new Set(statements.map((x) => x.name));
  assert.ok(operations.has('INSERT') || operations.has('WITH'), [...operations].join(','));
  const tracking = spans.find((x) => x.name === 'GET /api/v1/track/:code');
  assert.equal(tracking?.attributes['http.route'], '/api/v1/track/:code');

  const everything = JSON.stringify(spans);
  for (const value of [SECRET_NAME, SECRET_PHONE, SECRET_ID, code, trackingKey, 'MoCua@2026']) {
    assert.ok(!everything.includes(value), `a span holds a value: ${value}`);
  }
  assert.equal(receiver.refused, 0);
});

test('a job is a span of its own, and its outbound call a child span that keeps only the origin', async () => {
  const jobs = await startJobs(s.db);
  try {
    const done = new Promise<void>((resolve, reject) => {
      void jobs.work(
        'test-register-lookup',
        async () => {
          const res = await fetch(`${receiver.url}/registers/citizens/${SECRET_ID}?phone=${SECRET_PHONE}`);
          await res.arrayBuffer();
          if (res.status === 404) resolve();
          else reject(new Error(`unexpected ${res.status}`));
        },
        { pollingIntervalSeconds: 0.5 },
      );
    });
    await jobs.send('test-register-lookup', {});
    await done;
  } finally {
    await jobs.stop();
  }
  const spans = await spansUntil((all) => all.some((x) => x.name === 'job test-register-lookup'));
  const job = spans.find((x) => x.name === 'job test-register-lookup');
  assert.ok(job);
  assert.equal(job.attributes['messaging.destination.name'], 'test-register-lookup');
  const call = spans.find((x) => x.parentSpanId === job.spanId && x.attributes['url.full'] !== undefined);
  assert.ok(call, 'the outbound call under the job');
  assert.equal(call.attributes['url.full'], receiver.url);
  assert.equal(call.attributes['http.response.status_code'], 404);
  const everything = JSON.stringify(spans);
  assert.ok(!everything.includes(SECRET_ID) && !everything.includes(SECRET_PHONE));
});
