import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { authPlugin } from '../auth/index.ts';
import { registerCitizen } from '../auth/testing.ts';
import { loadConfig } from '../config.ts';
import { createTestDb, type TestDb } from '../db/testing.ts';
import { createHttpApp } from '../http/app.ts';
import { apiClient } from '../http/testing.ts';
import { notifyRoutes } from './routes.ts';

let t: TestDb;
let app: FastifyInstance;
before(async () => {
  t = await createTestDb();
  app = await createHttpApp({ config: loadConfig({ RATE_LIMIT_PER_MINUTE: '1000000' }), database: t, logger: false });
  apiClient(app);
  await authPlugin(app, {
    resolveCaller: async (a) =>
      a.kind === 'staff'
        ? { kind: 'staff', id: a.id, provinceCode: a.provinceCode, agencyId: 'agency-1', roles: ['receiver'] }
        : { kind: 'citizen', id: a.id },
  });
  await notifyRoutes(app);
  await app.ready();
});
after(async () => {
  await app.close();
  await t.close();
});

const URL = '/api/v1/me/notification-preferences';

test('a citizen reads the default, chooses SMS then e-mail, then nothing', async () => {
  const registered = await registerCitizen(app, t.db, {
    login: '0912345678',
    password: 'mat-khau-dai-du',
    displayName: 'Nguyễn Thị Hoa',
  });
  assert.equal(registered.statusCode, 201, registered.body);
  const cookies = Object.fromEntries(registered.cookies.map((c) => [c.name, c.value]));
  const first = await app.inject({ url: URL, cookies });
  assert.deepEqual(first.json(), { channels: [], chosen: false });
  const set = await app.inject({ method: 'PUT', url: URL, cookies, payload: { channels: ['sms', 'email'] } });
  assert.equal(set.statusCode, 200, set.body);
  assert.deepEqual((await app.inject({ url: URL, cookies })).json(), { channels: ['sms', 'email'], chosen: true });
  await app.inject({ method: 'PUT', url: URL, cookies, payload: { channels: [] } });
  assert.deepEqual((await app.inject({ url: URL, cookies })).json(), { channels: [], chosen: true });
});

test('an unknown channel is a validation error; without a session it is 401', async () => {
  assert.equal((await app.inject({ url: URL })).statusCode, 401);
  const bad = await app.inject({ method: 'PUT', url: URL, payload: { channels: ['fax'] } });
  assert.ok(bad.statusCode === 400 || bad.statusCode === 401, bad.body);
});
