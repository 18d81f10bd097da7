import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../config.ts';
import { createTestDb, type TestDb } from '../db/testing.ts';
import { apiClient } from '../http/testing.ts';

let t: TestDb;
let app: FastifyInstance;
before(async () => {
  t = await createTestDb();
  app = await buildApp({ config: loadConfig({ RATE_LIMIT_PER_MINUTE: '1000000' }), database: t, logger: false });
  apiClient(app);
  await app.ready();
});
after(async () => {
  await app.close();
  await t.close();
});

const due = (query: string) => app.inject({ url: `/api/v1/calendar/due?${query}` });

test('a dossier received at 16:45 (after the 15:00 cut-off) on the Friday before Tết 2026 with 1 working day is due at the end of Monday 23/02', async () => {
  const res = await due('from=2026-02-13T16:45:00%2B07:00&amount=1&unit=working_days');
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.dueAt, '2026-02-23T10:00:00.000Z');
  assert.ok(
    body.skipped.some((d: { date: string; reason: string }) => d.date === '2026-02-17' && /Tết/.test(d.reason)),
  );
});

test('working hours jump the lunch break', async () => {
  const body = (await due('from=2026-11-23T11:00:00%2B07:00&amount=1&unit=working_hours')).json();
  assert.equal(body.dueAt, '2026-11-23T07:00:00.000Z'); // 14:00 in Hà Nội time
});

test('an unknown agency and a bad instant are clear client errors', async () => {
  const unknown = await due('from=2026-11-23T08:00:00Z&amount=1&unit=working_days&agency=000.00.00.H99');
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().error.code, 'CALENDAR_AGENCY_NOT_FOUND');
  const bad = await due('from=2026-13-45T99:00:00Z&amount=1&unit=working_days');
  assert.equal(bad.statusCode, 400);
  const missing = await due('amount=1');
  assert.equal(missing.statusCode, 400);
  assert.deepEqual(
    missing
      .json()
      .error.fields.map((f: { field: string }) => f.field)
      .sort(),
    ['querystring.from'],
  );
  const noLimit = await due('from=2026-11-23T08:00:00Z');
  assert.equal(noLimit.statusCode, 400);
  assert.equal(noLimit.json().error.code, 'CALENDAR_LIMIT_REQUIRED');
});

test('days off of 2026 include Giỗ Tổ made up on Monday 27/04', async () => {
  const body = (await app.inject({ url: '/api/v1/calendar/days-off?year=2026' })).json();
  assert.ok(body.daysOff.some((d: { date: string }) => d.date === '2026-04-27'));
});

test('no query string, however malformed, gets a 5xx from the calendar API', async () => {
  const value = fc.oneof(
    fc.string(),
    fc.integer().map(String),
    fc.double().map(String),
    fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid' : d.toISOString())),
    fc.constantFrom(
      'working_days',
      'working_hours',
      'calendar_days',
      '000.00.00.H08',
      '-1',
      '1e400',
      'NaN',
      '%00',
      '%ZZ',
    ),
  );
  const params = fc.dictionary(fc.constantFrom('from', 'amount', 'unit', 'agency', 'skipHolidays', 'x'), value);
  await fc.assert(
    fc.asyncProperty(params, async (p) => {
      const query = Object.entries(p)
        .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
        .join('&');
      const res = await due(query);
      assert.ok(res.statusCode < 500, `${res.statusCode} for ?${query}: ${res.body}`);
    }),
    { numRuns: 300 },
  );
  const raw = ['from=%E0%A4%A&amount=1', 'amount=1&amount=2&unit=working_days&from=2026-01-01T00:00:00Z', 'from[]=x'];
  for (const q of raw) assert.ok((await due(q)).statusCode < 500, q);
});

test('editing a schedule needs a signed-in administrator', async () => {
  const res = await app.inject({ method: 'PUT', url: '/api/v1/calendar/schedules', payload: { year: 2028 } });
  assert.equal(res.statusCode, 401);
});
