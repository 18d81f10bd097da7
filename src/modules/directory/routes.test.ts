import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { createAccount } from '../../platform/auth/accounts.ts';
import { anonymous, type Caller } from '../../platform/auth/caller.ts';
import { loadConfig } from '../../platform/config.ts';
import { createHttpApp } from '../../platform/http/app.ts';
import { apiClient } from '../../platform/http/testing.ts';
import { directoryRoutes } from './routes.ts';
import { CODES, type SeededDirectory, seededDirectory } from './testing.ts';

let d: SeededDirectory;
let app: FastifyInstance;
const callers = new Map<string, Caller>();
const ids: Record<string, string> = {};

before(async () => {
  d = await seededDirectory();
  app = await createHttpApp({
    config: loadConfig({ RATE_LIMIT_PER_MINUTE: '1000000' }),
    database: d.t,
    logger: false,
  });
  apiClient(app);
  // Stands in for the auth plugin: `x-test-as: <demo login>` picks the caller.
  // null, not an object: Fastify refuses reference types as request decorations.
  if (!app.hasRequestDecorator('caller')) app.decorateRequest('caller', null as never);
  app.addHook('onRequest', async (request) => {
    const login = request.headers['x-test-as'];
    (request as unknown as { caller: Caller }).caller = (typeof login === 'string' && callers.get(login)) || anonymous;
  });
  await directoryRoutes(app);
  await app.ready();
  for (const login of ['admin', 'admin.tuphap', 'tiepnhan.tinh', 'admin.ttpvhcc'])
    callers.set(login, await d.callerFor(login));
  ids.yte = await d.agencyId(CODES.yte);
  ids.tuphap = await d.agencyId(CODES.tuphap);
  ids.centre = await d.agencyId(CODES.ttpvhcc);
  ids.yteStaff = await d.staffId('chuyenvien.yte');
  ids.tuphapStaff = await d.staffId('chuyenvien.tuphap');
  const counters = await app.inject({ url: `/api/v1/counters?agencyId=${ids.centre}` });
  ids.counter = counters.json().items[0].id;
  ids.ubnd = await d.agencyId(CODES.ubnd);
  const account = await createAccount(d.t.db, {
    provinceCode: '08',
    kind: 'staff',
    login: 'fuzz.account',
    displayName: 'Fuzz',
  });
  ids.account = account.id;
});
after(async () => {
  await app.close();
  await d.t.close();
});

const as = (login: string | null) => (login ? { 'x-test-as': login } : {});

test('anyone reads units, mappings, agencies and counters', async () => {
  const units = await app.inject({ url: '/api/v1/admin-units?provinceCode=08&q=ha%20giang&limit=10' });
  assert.equal(units.statusCode, 200);
  assert.deepEqual(
    units.json().items.map((u: { code: string }) => u.code),
    ['00691', '00694'],
  );
  assert.equal((await app.inject({ url: '/api/v1/admin-units/00694' })).json().name, 'Phường Hà Giang 1');
  assert.equal((await app.inject({ url: '/api/v1/admin-units/99999' })).statusCode, 404);
  const mapping = await app.inject({ url: '/api/v1/admin-unit-mappings?oldCode=00949' });
  assert.equal(mapping.json().items[0].newCode, '00694');
  const agencies = await app.inject({ url: '/api/v1/agencies' });
  assert.equal(agencies.json().items[0].code, CODES.ubnd);
  assert.equal((await app.inject({ url: `/api/v1/agencies/${ids.yte}` })).json().kind, 'health');
  assert.equal((await app.inject({ url: '/api/v1/agencies/not-a-uuid' })).statusCode, 400);
});

test('the staff list needs a staff sign-in', async () => {
  assert.equal((await app.inject({ url: '/api/v1/staff' })).statusCode, 401);
  const res = await app.inject({ url: '/api/v1/staff?role=receiver', headers: as('tiepnhan.tinh') });
  assert.equal(res.statusCode, 200);
  assert.ok(res.json().total >= 5);
});

test('over HTTP too, an admin of Sở Tư pháp cannot change Sở Y tế staff; the province admin can', async () => {
  const patch = (login: string | null, id: string) =>
    app.inject({
      method: 'PATCH',
      url: `/api/v1/staff/${id}`,
      headers: as(login),
      payload: { title: 'Chuyên viên chính' },
    });
  assert.equal((await patch(null, ids.yteStaff ?? '')).statusCode, 401);
  assert.equal((await patch('tiepnhan.tinh', ids.yteStaff ?? '')).statusCode, 403);
  const refused = await patch('admin.tuphap', ids.yteStaff ?? '');
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().error.code, 'FORBIDDEN');
  assert.equal((await patch('admin.tuphap', ids.tuphapStaff ?? '')).statusCode, 200);
  assert.equal((await patch('admin', ids.yteStaff ?? '')).json().title, 'Chuyên viên chính');
});

test('creating: 201 with the record, 409 on a taken code, 400 with Vietnamese field messages', async () => {
  const body = {
    code: '000.00.60.H60',
    name: 'Ban Quản lý dự án',
    level: 'province',
    kind: 'construction',
    parentId: null,
  };
  const created = await app.inject({ method: 'POST', url: '/api/v1/agencies', headers: as('admin'), payload: body });
  assert.equal(created.statusCode, 201);
  assert.equal(created.json().provinceCode, '08');
  const again = await app.inject({ method: 'POST', url: '/api/v1/agencies', headers: as('admin'), payload: body });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().error.message, 'Mã định danh điện tử này đã được dùng cho một cơ quan, đơn vị khác.');
  const bad = await app.inject({
    method: 'POST',
    url: '/api/v1/counters',
    headers: as('admin'),
    payload: { number: 0 },
  });
  assert.equal(bad.statusCode, 400);
  assert.ok(bad.json().error.fields.some((f: { field: string }) => f.field === 'agencyId'));
});

// --- Fuzzing: no request body, however malformed, gets a 5xx. ---

/** Mostly a plausible value (so requests reach the service and its rules), sometimes anything. */
const field = <T>(good: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: good, weight: 15 }, { arbitrary: fc.anything(), weight: 1 });
const nullable = <T>(good: fc.Arbitrary<T>) =>
  field(fc.oneof({ arbitrary: good, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 }));
const text = fc.oneof(
  { arbitrary: fc.string({ minLength: 1, maxLength: 40 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  { arbitrary: fc.constantFrom('', '  ', 'A\u0000B', '\ud800x', 'Sở Tư pháp'.normalize('NFD')), weight: 1 },
);
const knownId = (...keys: string[]) => fc.constantFrom(...keys).map((k) => ids[k] ?? '');
const uuidish = (...keys: string[]) =>
  fc.oneof(
    { arbitrary: knownId(...keys), weight: 4 },
    { arbitrary: fc.uuid(), weight: 1 },
    { arbitrary: fc.string(), weight: 1 },
  );
const code = fc
  .tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 99 }), fc.constantFrom('H60', 'h60', 'H56'))
  .map(([a, b, h]) => `00${a}.${String(b).padStart(2, '0')}.00.${h}`);
const hours = fc.record({
  periods: fc.array(
    fc.record({
      start: fc.constantFrom('07:00', '13:30', '99:99', '12:00'),
      end: fc.constantFrom('11:30', '17:00', '24:00'),
    }),
    {
      minLength: 1,
      maxLength: 3,
    },
  ),
});
const role = fc.constantFrom(
  'receiver',
  'specialist',
  'leader',
  'clerk',
  'hotline_operator',
  'admin',
  'inspector',
  'root',
);

const agencyFields = {
  code: field(fc.oneof({ arbitrary: code, weight: 4 }, { arbitrary: text, weight: 1 })),
  name: field(text),
  shortName: nullable(text),
  level: field(fc.constantFrom('province', 'commune', 'district')),
  kind: field(
    fc.constantFrom('justice', 'commune', 'service_centre', 'science_technology', 'people_committee', 'bank'),
  ),
  parentId: nullable(uuidish('yte', 'tuphap', 'centre', 'ubnd')),
  adminUnitCode: nullable(fc.constantFrom('08', '00694', '02536', '38', '99999')),
  officeHours: nullable(hours),
  address: nullable(text),
  phone: nullable(fc.constantFrom('0207 3822 831', '+84 912 345 678', 'abc')),
  email: nullable(fc.constantFrom('a@b.vn', 'not-an-email')),
};
const agencyCreate = fc.record(agencyFields, { requiredKeys: ['code', 'name', 'level', 'kind'] });
const agencyPatch = fc.record({ ...agencyFields, active: field(fc.boolean()) }, { requiredKeys: [] });

const staffFields = {
  agencyId: field(uuidish('yte', 'tuphap', 'centre', 'ubnd')),
  fullName: field(text),
  title: nullable(text),
  email: nullable(fc.emailAddress()),
  phone: nullable(fc.constantFrom('0912345678', '(0207) 3.822.831')),
  roles: field(fc.array(role, { maxLength: 9 })),
  accountId: nullable(uuidish('account')),
};
const staffCreate = fc.record(staffFields, { requiredKeys: ['agencyId', 'fullName', 'roles'] });
const staffPatch = fc.record({ ...staffFields, active: field(fc.boolean()) }, { requiredKeys: [] });

const counterFields = {
  agencyId: field(uuidish('centre', 'yte')),
  number: field(fc.integer({ min: -5, max: 1200 })),
  name: field(text),
  fields: field(fc.array(text, { maxLength: 4 })),
};
const counterCreate = fc.record(counterFields, { requiredKeys: ['agencyId', 'number', 'name'] });
const { agencyId: _fixedCentre, ...counterPatchFields } = counterFields;
const counterPatch = fc.record({ ...counterPatchFields, active: field(fc.boolean()) }, { requiredKeys: [] });

/** A payload as sent on the wire: JSON of anything, or raw text that may not be JSON at all. */
function wire(body: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: body.map((b) => JSON.stringify(b) ?? 'undefined'), weight: 8 },
    { arbitrary: fc.anything().map((b) => JSON.stringify(b) ?? 'undefined'), weight: 1 },
    { arbitrary: fc.json(), weight: 1 },
    { arbitrary: fc.string({ maxLength: 60 }), weight: 1 },
  );
}

/** Status codes seen while fuzzing, to check that requests also got past validation. */
const seen = new Map<number, number>();

async function fuzz(method: 'POST' | 'PATCH', url: () => fc.Arbitrary<string>, body: fc.Arbitrary<unknown>) {
  const before = new Map(seen);
  await fc.assert(
    fc.asyncProperty(
      url(),
      wire(body),
      fc.constantFrom('admin', 'admin.tuphap', 'admin.ttpvhcc', null),
      async (path, payload, login) => {
        const res = await app.inject({
          method,
          url: path,
          headers: { 'content-type': 'application/json', ...as(login) },
          payload,
        });
        seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
        assert.ok(
          res.statusCode < 500,
          `${method} ${path} as ${login ?? 'anonymous'} with ${payload} → ${res.statusCode} ${res.body}`,
        );
      },
    ),
    { numRuns: 300 },
  );
  // Not only validation errors: some requests reached the service and its rules.
  const reached = [200, 201, 403, 404, 409, 422].reduce((n, s) => n + (seen.get(s) ?? 0) - (before.get(s) ?? 0), 0);
  assert.ok(reached > 0, `no request got past validation: ${JSON.stringify([...seen])}`);
}

const fixed = (u: string) => () => fc.constant(u);
const withId = (prefix: string, known: () => string[]) => () =>
  fc
    .oneof(fc.constantFrom(...known()), fc.uuid(), fc.string({ maxLength: 20 }).map(encodeURIComponent))
    .map((id) => `${prefix}/${id}`);

test('fuzz: POST /api/v1/agencies never answers 5xx', () => fuzz('POST', fixed('/api/v1/agencies'), agencyCreate));
test('fuzz: PATCH /api/v1/agencies/{id} never answers 5xx', () =>
  fuzz(
    'PATCH',
    withId('/api/v1/agencies', () => [ids.yte ?? '', ids.tuphap ?? '', ids.centre ?? '']),
    agencyPatch,
  ));
test('fuzz: POST /api/v1/staff never answers 5xx', () => fuzz('POST', fixed('/api/v1/staff'), staffCreate));
test('fuzz: PATCH /api/v1/staff/{id} never answers 5xx', () =>
  fuzz(
    'PATCH',
    withId('/api/v1/staff', () => [ids.yteStaff ?? '', ids.tuphapStaff ?? '']),
    staffPatch,
  ));
test('fuzz: POST /api/v1/counters never answers 5xx', () => fuzz('POST', fixed('/api/v1/counters'), counterCreate));
test('fuzz: PATCH /api/v1/counters/{id} never answers 5xx', () =>
  fuzz(
    'PATCH',
    withId('/api/v1/counters', () => [ids.counter ?? '']),
    counterPatch,
  ));

test('fuzz: list queries never answer 5xx', async () => {
  const paths = [
    '/api/v1/admin-units',
    '/api/v1/agencies',
    '/api/v1/staff',
    '/api/v1/counters',
    '/api/v1/admin-unit-mappings',
  ];
  const params = fc.dictionary(
    fc.constantFrom(
      'q',
      'provinceCode',
      'kind',
      'level',
      'limit',
      'offset',
      'agencyId',
      'role',
      'includeInactive',
      'oldCode',
    ),
    fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.integer().map(String)),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...paths),
      params,
      fc.constantFrom('tiepnhan.tinh', null),
      async (path, query, login) => {
        const qs = new URLSearchParams(query).toString();
        const res = await app.inject({ url: `${path}?${qs}`, headers: as(login) });
        assert.ok(res.statusCode < 500, `${path}?${qs} → ${res.statusCode} ${res.body}`);
      },
    ),
    { numRuns: 200 },
  );
});

test('fuzzing saw no 5xx at all', (t) => {
  t.diagnostic(`status codes seen: ${JSON.stringify([...seen].sort((a, b) => a[0] - b[0]))}`);
  assert.ok([...seen.keys()].every((s) => s < 500));
});
