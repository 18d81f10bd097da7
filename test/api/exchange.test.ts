/**
 * The integrator's exchange of docs/integrators.md, with the generated client (client/index.ts)
 * against a real server on loopback (issue 22): sign in, upload the papers, file a dossier with
 * an Idempotency-Key (a retry gets the same dossier), track it by its code and tracking key, and
 * an error answered with a documented code. Paths, parameters, bodies and answers are typed
 * from the OpenAPI description, so a route that drifts from its description fails tsc (`npm run
 * check`) or this test.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { sessionClient } from '../../client/index.ts';
import { createAccount } from '../../src/platform/auth/accounts.ts';
import { type RunningServer, startSeededServer } from '../abuse/server.ts';
import { birthFilingParts } from './filing-kit.ts';

let server: RunningServer;
const login = 'tich.hop@example.vn';
const password = 'Tich-hop-2026!';

before(async () => {
  server = await startSeededServer();
  await createAccount(server.db.db, {
    provinceCode: '08',
    kind: 'citizen',
    login,
    password,
    displayName: 'Lò Văn Tích',
  });
});
after(async () => server?.close());

test('a citizen signs in, uploads the papers, files a dossier once with an Idempotency-Key and tracks it', async () => {
  const api = sessionClient(server.url);

  const signedIn = await api.POST('/api/v1/auth/sign-in', { body: { login, password } });
  assert.equal(signedIn.response.status, 200, JSON.stringify(signedIn.error));
  const me = await api.GET('/api/v1/auth/me');
  assert.equal(me.data?.account.login, login);

  const { procedure, agency, papers, formData } = await birthFilingParts(api, 'Lò Thị Mai');
  const filing = {
    procedure: '1.001193',
    agencyId: agency.id,
    applicant: {
      type: 'citizen' as const,
      fullName: 'Lò Văn Tích',
      phone: '0912345678',
      address: 'Tổ 3, phường Minh Xuân',
    },
    formData,
    papers,
  };
  const key = randomUUID();
  const filed = await api.POST('/api/v1/dossiers', { params: { header: { 'idempotency-key': key } }, body: filing });
  assert.equal(filed.response.status, 201, JSON.stringify(filed.error));
  assert.ok(filed.data);
  const { code, trackingKey } = filed.data;
  assert.ok(trackingKey, 'the applicant gets the tracking key');

  // A retry after a lost answer (same key) is the same dossier, not a second one.
  const retried = await api.POST('/api/v1/dossiers', { params: { header: { 'idempotency-key': key } }, body: filing });
  assert.equal(retried.data?.code, code);
  const mine = await api.GET('/api/v1/dossiers');
  assert.equal(mine.data?.items.filter((d) => d.code === code).length, 1);

  // Anyone with the code and the key tracks it, signed in or not.
  const tracked = await sessionClient(server.url).GET('/api/v1/track/{code}', {
    params: { path: { code }, query: { key: trackingKey } },
  });
  assert.equal(tracked.response.status, 200, JSON.stringify(tracked.error));
  assert.equal(tracked.data?.code, code);
  assert.equal(tracked.data?.procedureName, procedure.name);
});

test('errors come back in the shared shape, with a code the description lists for the operation', async () => {
  const anonymous = sessionClient(server.url);
  const wrongKey = await anonymous.GET('/api/v1/track/{code}', {
    params: { path: { code: 'X' }, query: { key: 'SAI' } },
  });
  assert.equal(wrongKey.response.status, 404);
  assert.equal(wrongKey.error?.error.code, 'DOSSIER_TRACKING_NOT_FOUND');
  assert.equal(wrongKey.error?.error.requestId, wrongKey.response.headers.get('x-request-id'));

  const unsigned = await anonymous.GET('/api/v1/dossiers');
  assert.equal(unsigned.response.status, 401);
  assert.equal(unsigned.error?.error.code, 'UNAUTHENTICATED');

  // The rate-limit headers the description documents are the ones sent.
  assert.match(unsigned.response.headers.get('ratelimit-limit') ?? '', /^\d+$/);
  assert.match(unsigned.response.headers.get('ratelimit-remaining') ?? '', /^\d+$/);
});

test('every list pages one way: limit, and the Link rel="next" header until the last page', async () => {
  const api = sessionClient(server.url);
  const seen = new Set<string>();
  let page = await api.GET('/api/v1/procedures', { params: { query: { limit: 20 } } });
  const total = page.data?.total ?? 0;
  assert.ok(total > 20, `the demo catalog has more than one page (${total})`);
  for (let pages = 0; pages < 100; pages++) {
    for (const p of page.data?.items ?? []) seen.add(p.id);
    const link = /^<([^>]+)>; rel="next"$/.exec(page.response.headers.get('link') ?? '');
    if (!link?.[1]) break;
    const next = new URL(link[1], server.url);
    page = await api.GET('/api/v1/procedures', {
      params: {
        query: { limit: Number(next.searchParams.get('limit')), offset: Number(next.searchParams.get('offset')) },
      },
    });
  }
  assert.equal(seen.size, total, 'following next visits every procedure once');
});
