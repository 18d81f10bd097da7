/**
 * Route × role authorisation (issue 11, "Done when"): every route — the OpenAPI document's
 * (API and pages) and the pages hidden from it, from Fastify's route tree — × every persona — the seeded demo staff of each role, anonymous, the
 * citizen who owns the sample records and another citizen — against the modules' route-rule
 * tables (`<module>/route-rules.ts`). A route without a rule fails; a rule without a route
 * fails; a persona the rule does not allow must be refused (401, 403 or 404; a page sends
 * anonymous visitors to its sign-in page); a persona it allows must get past authorisation
 * (neither 401 nor 403).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from './app.ts';
import { catalogRouteRules } from './modules/catalog/route-rules.ts';
import { directoryRouteRules } from './modules/directory/route-rules.ts';
import { documentRouteRules } from './modules/documents/route-rules.ts';
import { dossierRouteRules } from './modules/dossiers/route-rules.ts';
import { exchangeRouteRules } from './modules/exchange/route-rules.ts';
import { feedbackRouteRules } from './modules/feedback/route-rules.ts';
import { insightsRouteRules } from './modules/insights/route-rules.ts';
import { nationalRouteRules } from './modules/national/route-rules.ts';
import { papersRouteRules } from './modules/papers/route-rules.ts';
import { paymentRouteRules } from './modules/payments/route-rules.ts';
import { ratingRouteRules } from './modules/ratings/route-rules.ts';
import { zaloRouteRules } from './modules/zalo/route-rules.ts';
import { createAccount } from './platform/auth/accounts.ts';
import { CITIZEN_PERSONAS, type Persona, type RouteRule, STAFF_PERSONAS } from './platform/auth/route-rules.ts';
import { loadConfig } from './platform/config.ts';
import type { TestDb } from './platform/db/testing.ts';
import { apiClient } from './platform/http/testing.ts';
import { platformRouteRules } from './platform/route-rules.ts';
import { authzSamples, type Samples } from './testing-authz.ts';
import { pageRouteRules } from './web/route-rules.ts';
import { demoProvinceDb } from './web/testing.ts';

const TABLES = {
  platform: platformRouteRules,
  directory: directoryRouteRules,
  catalog: catalogRouteRules,
  dossiers: dossierRouteRules,
  feedback: feedbackRouteRules,
  ratings: ratingRouteRules,
  insights: insightsRouteRules,
  papers: papersRouteRules,
  exchange: exchangeRouteRules,
  zalo: zaloRouteRules,
  national: nationalRouteRules,
  payments: paymentRouteRules,
  documents: documentRouteRules,
  pages: pageRouteRules,
};

const LOGINS: Record<Exclude<Persona, 'anonymous' | 'owner' | 'otherCitizen'>, string> = {
  receiver: 'tiepnhan.minhxuan',
  specialist: 'chuyenvien.tuphap',
  leader: 'lanhdao.tuphap',
  clerk: 'vanthu.tuphap',
  hotline: 'tongdai.tinh',
  agencyAdmin: 'admin.tuphap',
  communeAdmin: 'admin.meovac',
  provinceAdmin: 'admin',
  inspector: 'thanhtra.tinh',
};
const PERSONAS: Persona[] = ['anonymous', ...CITIZEN_PERSONAS, ...STAFF_PERSONAS];

let t: TestDb;
let app: FastifyInstance;
let dataDir: string;
let samples: Samples;
const sessions = new Map<Persona, { cookie: string; csrf: string }>();
interface Route {
  method: string;
  path: string;
  schema: Record<string, unknown> | undefined;
  multipart: boolean;
}
let routes: Route[];
type Described = { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
let description: Described;
/** Error codes the walk met that the description does not list for that operation and status (issue 22). */
const undocumented = new Set<string>();
let errorsChecked = 0;

/** Whether the description lists `code` among the error codes of `route` answering `status`. */
function isDocumented(route: { method: string; path: string }, status: number, code: string): boolean {
  const response = description.paths[route.path]?.[route.method.toLowerCase()]?.responses?.[String(status)];
  return JSON.stringify(response ?? {}).includes(`"${code}"`);
}

const cookiesOf = (res: LightMyRequestResponse) =>
  res.cookies.map((c: { name: string; value: string }) => `${c.name}=${c.value}`).join('; ');

async function session(cookie: string): Promise<{ cookie: string; csrf: string }> {
  const res = await app.inject({ url: '/api/v1/csrf-token', headers: cookie ? { cookie } : {} });
  const token = (res.json() as { token: string }).token;
  const csrfCookie = cookiesOf(res);
  return { cookie: [cookie, csrfCookie].filter(Boolean).join('; '), csrf: token };
}

async function signIn(login: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login, password } });
  assert.equal(res.statusCode, 200, `sign-in ${login}: ${res.body}`);
  return cookiesOf(res);
}

before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'mocua-authz-'));
  t = await demoProvinceDb();
  const config = loadConfig({ DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '1000000' });
  app = await buildApp({ config, database: t, logger: false });
  await app.ready();
  apiClient(app);
  const doc = app.swagger() as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
  description = doc as unknown as Described;
  const documented: Route[] = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const content = (op.requestBody as { content?: Record<string, { schema?: Record<string, unknown> }> } | undefined)
        ?.content;
      return {
        method: method.toUpperCase(),
        path: p,
        schema: content?.['application/json']?.schema,
        multipart: content !== undefined && 'multipart/form-data' in content,
      };
    }),
  );
  // Pages hidden from the OpenAPI document (`hide: true`) are routes too: Fastify's own list
  // adds them, so a new hidden page without a rule fails as well.
  const shape = (p: string) => p.replace(/\{\w+\}|:[\w|:]+/g, '{}');
  const known = new Set(documented.map((r) => `${r.method} ${shape(r.path)}`));
  const hidden = fastifyRoutes(app)
    .filter((r) => !known.has(`${r.method} ${shape(r.path)}`))
    .map((r) => ({ ...r, schema: undefined, multipart: false }));
  routes = [...documented, ...hidden];
  const password = 'Cong-dan-2026!';
  let ownerId = '';
  for (const [persona, login] of [
    ['owner', 'owner.authz@example.vn'],
    ['otherCitizen', 'other.authz@example.vn'],
  ] as const) {
    const account = await createAccount(t.db, {
      provinceCode: '08',
      kind: 'citizen',
      login,
      password,
      displayName: 'Công Dân',
    });
    if (persona === 'owner') ownerId = account.id;
    sessions.set(persona, await session(await signIn(login, password)));
  }
  for (const [persona, login] of Object.entries(LOGINS) as Array<[Persona, string]>) {
    sessions.set(persona, await session(await signIn(login, 'MoCua@2026')));
  }
  sessions.set('anonymous', await session(''));
  samples = await authzSamples(t, ownerId, app.deps.services.blobs);
});
after(async () => {
  await app?.close();
  await t?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/**
 * Every route Fastify serves, from its route tree (`printRoutes`), as `{ method, path }` with
 * `{param}`s; HEAD (automatic) and Swagger UI's own files (`/api/docs…`) left out.
 */
function fastifyRoutes(server: FastifyInstance): Array<{ method: string; path: string }> {
  const out: Array<{ method: string; path: string }> = [];
  const stack: string[] = [];
  for (const line of server.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(m[2] ?? '');
    const path = stack.join('').replace(/\/+/g, '/');
    const full = path.startsWith('/') ? path : `/${path}`;
    if (full.startsWith('/api/docs') || full.includes('*')) continue;
    for (const method of (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD')) {
      out.push({ method, path: full.replace(/:(\w+)(\|:\w+)*/g, '{$1}') });
    }
  }
  return out;
}

function ruleOf(route: { method: string; path: string }): RouteRule | undefined {
  for (const table of Object.values(TABLES)) {
    const rule = table[key(route)];
    if (rule) return rule;
  }
  return undefined;
}

test('every route, documented or hidden, has exactly one rule, and every rule a route', () => {
  const missing = routes.filter((r) => !ruleOf(r)).map(key);
  assert.deepEqual(missing, [], 'routes without a rule: add them to their module’s route-rules.ts');
  const known = new Set(routes.map(key));
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const [module, table] of Object.entries(TABLES)) {
    for (const k of Object.keys(table)) {
      if (!known.has(k)) problems.push(`${module}: ${k} has no route`);
      const other = seen.get(k);
      if (other) problems.push(`${k} in ${other} and ${module}`);
      seen.set(k, module);
    }
  }
  assert.deepEqual(problems, []);
});

function allowed(rule: RouteRule, persona: Persona): boolean {
  const a = rule.allow;
  if (a === 'everyone') return true;
  if (a === 'signedIn') return persona !== 'anonymous';
  if (a === 'staff') return (STAFF_PERSONAS as readonly string[]).includes(persona);
  if (a === 'citizens') return (CITIZEN_PERSONAS as readonly string[]).includes(persona);
  if (a === 'credential') return false;
  return a.includes(persona);
}

/** A value that passes the JSON schema, for the common shapes of TypeBox schemas. */
function sampleOf(schema: Record<string, unknown> | undefined): unknown {
  if (!schema) return undefined;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ('default' in schema) return schema.default;
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = schema[k];
    if (Array.isArray(list) && list.length > 0) return sampleOf(list[0] as Record<string, unknown>);
  }
  switch (schema.type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      const required = (schema.required ?? []) as string[];
      return Object.fromEntries(required.map((name) => [name, sampleOf(props[name])]));
    }
    case 'array':
      return Array.from({ length: Number(schema.minItems ?? 0) }, () =>
        sampleOf(schema.items as Record<string, unknown>),
      );
    case 'string': {
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'date') return '2026-12-01';
      if (schema.format === 'email') return 'authz@example.vn';
      return 'Thử nghiệm phân quyền'.slice(
        0,
        Math.max(Number(schema.minLength ?? 1), Math.min(20, Number(schema.maxLength ?? 20))),
      );
    }
    case 'integer':
    case 'number':
      return Number(schema.minimum ?? 1);
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/** `$name` strings replaced by the sample records, deeply. */
function fill(value: unknown): unknown {
  if (typeof value === 'string') return value in samples.values ? samples.values[value] : value;
  if (Array.isArray(value)) return value.map(fill);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
  return value;
}

/** The route's path with the sample records in its parameters. */
function urlOf(route: { path: string }, rule: RouteRule): string {
  const filled = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => samples.param(route.path, name));
  const query = rule.query?.replace(/\$\w+/g, (m) => String(samples.values[m] ?? m));
  return query ? `${filled}?${query}` : filled;
}

// A page refuses by sending the visitor to a sign-in page, or an officer to their workspace.
const ELSEWHERE = /dang-nhap|^\/workspace\/?(\?|$)/;
const isDenied = (res: LightMyRequestResponse) =>
  [401, 403, 404].includes(res.statusCode) ||
  ([302, 303].includes(res.statusCode) && ELSEWHERE.test(String(res.headers.location ?? '')));

/** A small PDF as a multipart upload (file and the usual fields of the upload routes). */
function multipart(): { payload: Buffer; contentType: string } {
  const boundary = `----authz${randomUUID()}`;
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  const field = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head = `${field('kind', 'paper')}${field('paperName', 'Giấy chứng sinh')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), pdf, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function call(route: Route, rule: RouteRule, persona: Persona) {
  const s = sessions.get(persona);
  assert.ok(s);
  const unsafe = !['GET', 'HEAD'].includes(route.method);
  const upload = unsafe && (route.multipart || rule.upload) ? multipart() : undefined;
  const body = upload ? upload.payload : fill(rule.body ?? sampleOf(route.schema));
  return app.inject({
    method: route.method as 'GET',
    url: urlOf(route, rule),
    headers: {
      ...(s.cookie ? { cookie: s.cookie } : {}),
      ...(unsafe ? { 'x-csrf-token': s.csrf, 'idempotency-key': randomUUID() } : {}),
      ...(upload ? { 'content-type': upload.contentType } : {}),
    },
    ...(unsafe && body !== undefined ? { payload: body as Record<string, unknown> } : {}),
  });
}

// Sign-out ends the persona's session: those routes go last.
const LAST = /sign-out|dang-xuat/;
const ENTRY = /sign-out|dang-xuat|dang-nhap/;

/**
 * One walk over every route (one walk: sign-out ends the sessions). Failures of rules with a
 * `knownGap` are kept apart: they are reported as a to-do, not as a failure.
 */
async function walk(): Promise<{ honoured: string[]; open: string[] }> {
  const honoured: string[] = [];
  const open: string[] = [];
  const discover = process.env.AUTHZ_DISCOVER === '1';
  const ordered = [...routes].sort((a, b) => Number(LAST.test(a.path)) - Number(LAST.test(b.path)));
  for (const route of ordered) {
    const rule = ruleOf(route) ?? (discover ? { allow: 'everyone' as const, why: '' } : undefined);
    if (!rule) continue;
    const failures = rule.knownGap ? open : honoured;
    const row: string[] = [];
    for (const persona of PERSONAS) {
      const res = await call(route, rule, persona);
      row.push(`${persona}=${res.statusCode}`);
      const described = description.paths[route.path]?.[route.method.toLowerCase()] !== undefined;
      const code = res.statusCode >= 400 && described ? errorCodeOf(res) : undefined;
      if (code && !route.path.startsWith('/open311/')) {
        errorsChecked++;
        if (!isDocumented(route, res.statusCode, code)) undocumented.add(`${key(route)} ${res.statusCode} ${code}`);
      }
      const where = `${key(route)} ${persona}: ${res.statusCode}${res.headers.location ? ` → ${res.headers.location}` : ''}`;
      if (res.statusCode >= 500) failures.push(`${where} ${res.body.slice(0, 200)}`);
      else if (rule.allow === 'credential') {
        // No session opens these: without the credential every persona is refused.
        if (!(res.statusCode >= 400 || isDenied(res))) failures.push(`${where}, without the credential`);
      } else if (allowed(rule, persona)) {
        // Signing in or out moves the visitor on (a signed-in officer to the workspace): success.
        if (isDenied(res) && res.statusCode !== 404 && !ENTRY.test(route.path))
          failures.push(`${where}, allowed by the rule ${res.body.slice(0, 160)}`);
      } else {
        const refusal =
          isDenied(res) || (rule.seenBy?.includes(persona) === true && [409, 422].includes(res.statusCode));
        if (!refusal) failures.push(`${where}, not allowed by the rule`);
      }
    }
    if (discover) console.log(`${key(route)} :: ${row.join(' ')}`);
  }
  return { honoured, open };
}

let gaps: string[] = [];

function errorCodeOf(res: LightMyRequestResponse): string | undefined {
  try {
    const code = (res.json() as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

test('each route refuses every persona its rule does not allow, and lets the others past authorisation', async () => {
  const { honoured, open } = await walk();
  gaps = open;
  assert.deepEqual(honoured, []);
});

test('every error the walk met is one the description lists for that operation and status', () => {
  assert.ok(errorsChecked > 300, `the walk met ${errorsChecked} errors: it should meet hundreds of refusals`);
  assert.deepEqual([...undocumented].sort(), [], 'add the codes to the module’s operations.ts');
});

test('the known gaps, stated in the rules, are still open', {
  todo: 'findings fixed on other branches (see knownGap)',
}, () => {
  assert.deepEqual(gaps, []);
});
