import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { anonymous, type Caller } from '../../platform/auth/caller.ts';
import { loadConfig } from '../../platform/config.ts';
import { createHttpApp } from '../../platform/http/app.ts';
import { apiClient } from '../../platform/http/testing.ts';
import { importCatalog } from './import.ts';
import { catalogRoutes } from './routes.ts';
import {
  type CatalogTestDb,
  catalogTestDb,
  PROVINCE,
  procedureContent,
  sampleFiles,
  staffCaller,
  stepsFor,
  writeCatalogDir,
} from './testing.ts';

let c: CatalogTestDb;
let app: FastifyInstance;
const callers = new Map<string, Caller>();

before(async () => {
  c = await catalogTestDb();
  await importCatalog(c.t.db, { provinceCode: PROVINCE, dir: writeCatalogDir(sampleFiles()) });
  app = await createHttpApp({ config: loadConfig({ RATE_LIMIT_PER_MINUTE: '1000000' }), database: c.t, logger: false });
  apiClient(app);
  // Stands in for the auth plugin: `x-test-as: <name>` picks the caller.
  if (!app.hasRequestDecorator('caller')) app.decorateRequest('caller', null as never);
  app.addHook('onRequest', async (request) => {
    const who = request.headers['x-test-as'];
    (request as unknown as { caller: Caller }).caller = (typeof who === 'string' && callers.get(who)) || anonymous;
  });
  await catalogRoutes(app);
  await app.ready();
  callers.set('admin', c.admin);
  callers.set('receiver', staffCaller(c.agencyIds.minhxuan, ['receiver']));
});
after(async () => {
  await app.close();
  await c.t.close();
});

const as = (who: string | null) => (who ? { 'x-test-as': who } : {});

test('anyone searches procedures; the query folds diacritics and the best match comes first', async () => {
  const res = await app.inject({ url: '/api/v1/procedures?q=dang%20ky%20khai%20sinh&level=commune&limit=2' });
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.items[0].name, 'Thủ tục đăng ký khai sinh');
  assert.deepEqual(body.items[0].field, { code: 'ho-tich', name: 'Hộ tịch' });
  assert.deepEqual(body.items[0].timeLimit, { amount: 3, unit: 'working_days' });
  assert.deepEqual(
    { total: body.total, limit: body.limit, shown: body.items.length },
    { total: 3, limit: 2, shown: 2 },
  );
  const byAgency = await app.inject({ url: `/api/v1/procedures?agency=${c.agencyIds.nnmt}` });
  assert.equal(byAgency.json().total, 1);
});

test('search parameters are checked: limit at most 100, known levels only, nothing unknown', async () => {
  assert.equal((await app.inject({ url: '/api/v1/procedures?limit=101' })).statusCode, 400);
  assert.equal((await app.inject({ url: '/api/v1/procedures?level=district' })).statusCode, 400);
  assert.equal((await app.inject({ url: '/api/v1/procedures?sort=name' })).statusCode, 400);
});

test('one procedure by national code, with its process and implementing agencies; fields list', async () => {
  const res = await app.inject({ url: '/api/v1/procedures/1.001193' });
  assert.equal(res.statusCode, 200);
  const p = res.json();
  assert.equal(p.name, 'Thủ tục đăng ký khai sinh');
  assert.equal(p.currentVersion, 1);
  assert.equal(p.process.length, 4);
  assert.equal(p.agencies.length, 2);
  const missing = await app.inject({ url: '/api/v1/procedures/9.999999' });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().error.code, 'PROCEDURE_NOT_FOUND');
  const fieldList = await app.inject({ url: '/api/v1/fields' });
  assert.deepEqual(
    fieldList
      .json()
      .items.map((f: { code: string }) => f.code)
      .sort(),
    ['dat-dai', 'ho-tich'],
  );
});

test('PUT creates then replaces a procedure, for administrators only', async () => {
  const id = randomUUID();
  const body = { ...procedureContent({ nationalCode: '1.200001', name: 'Thủ tục tạo qua API' }), fieldCode: 'ho-tich' };
  assert.equal((await app.inject({ method: 'PUT', url: `/api/v1/procedures/${id}`, payload: body })).statusCode, 401);
  assert.equal(
    (await app.inject({ method: 'PUT', url: `/api/v1/procedures/${id}`, payload: body, headers: as('receiver') }))
      .statusCode,
    403,
  );
  const created = await app.inject({
    method: 'PUT',
    url: `/api/v1/procedures/${id}`,
    payload: body,
    headers: as('admin'),
  });
  assert.equal(created.statusCode, 201);
  assert.equal(created.json().id, id);
  const replaced = await app.inject({
    method: 'PUT',
    url: `/api/v1/procedures/${id}`,
    payload: { ...body, resultName: 'Kết quả mới' },
    headers: as('admin'),
  });
  assert.equal(replaced.statusCode, 200);
  assert.equal(replaced.json().resultName, 'Kết quả mới');
  const unknownKey = await app.inject({
    method: 'PUT',
    url: `/api/v1/procedures/${id}`,
    payload: { ...body, extra: 1 },
    headers: as('admin'),
  });
  assert.equal(unknownKey.statusCode, 400);
});

test('PUT refuses step budgets that do not add up, with the totals in the message', async () => {
  const body = {
    ...procedureContent({
      nationalCode: '1.200002',
      name: 'Thủ tục sai ngân sách qua API',
      process: stepsFor({ amount: 2, unit: 'working_days' }),
    }),
    fieldCode: 'ho-tich',
  };
  const res = await app.inject({
    method: 'PUT',
    url: `/api/v1/procedures/${randomUUID()}`,
    payload: body,
    headers: as('admin'),
  });
  assert.equal(res.statusCode, 422);
  const { error } = res.json();
  assert.equal(error.code, 'PROCESS_BUDGET_MISMATCH');
  assert.match(error.message, /16 giờ làm việc.*3 ngày làm việc, tức 24 giờ làm việc/);
  assert.deepEqual(
    { expected: error.details.expectedHours, actual: error.details.actualHours },
    { expected: 24, actual: 16 },
  );
});

test('a new process template version is published; version 1 stays readable', async () => {
  const p = (await app.inject({ url: '/api/v1/procedures/1.000894' })).json();
  const steps = stepsFor(p.timeLimit).map((s) => (s.role === 'leader' ? { ...s, name: 'Lãnh đạo UBND xã ký' } : s));
  const url = `/api/v1/procedures/${p.id}/process-templates`;
  assert.equal((await app.inject({ method: 'POST', url, payload: { steps } })).statusCode, 401);
  const res = await app.inject({ method: 'POST', url, payload: { steps, expectedVersion: 1 }, headers: as('admin') });
  assert.equal(res.statusCode, 201);
  assert.equal(res.json().version, 2);
  const again = await app.inject({ method: 'POST', url, payload: { steps, expectedVersion: 1 }, headers: as('admin') });
  assert.equal(again.statusCode, 409);
  const v1 = await app.inject({ url: `${url}/1` });
  assert.equal(v1.statusCode, 200);
  assert.deepEqual(v1.json().steps, p.process);
  assert.equal((await app.inject({ url: `${url}/9` })).statusCode, 404);
});
