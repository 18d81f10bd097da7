/**
 * Every route, attacked (issue 11, finding 7). The routes come from the OpenAPI document and
 * from Fastify's own route list (pages included), so a route added tomorrow is attacked
 * without anyone adding it here. Each method of each route gets NUL and lone surrogates
 * (percent-encoded in the path and query, raw in JSON, in form and multipart fields and file
 * names), oversize text and malformed bodies, anonymously and as a signed-in administrator
 * with a valid CSRF token (so the input reaches the handlers). Zero 5xx; text no one types is
 * refused with INVALID_CHARACTERS naming the field; and no log line written meanwhile holds
 * any value sent (each value carries a unique canary).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Client, clientFetch, csrfFor } from './client.ts';
import { type RunningServer, startSeededServer } from './server.ts';

const logLines: string[] = [];
let s: RunningServer;
before(async () => {
  s = await startSeededServer({ LOG_LEVEL: 'info' }, { logLines });
});
after(() => s.close());

const CANARY = 'canary7q';
let serial = 0;
/** A unique, greppable value: if it shows up in a log line, a value was logged. */
const canary = () => `${CANARY}${(serial++).toString(36)}`;
const LONE_SURROGATE_URL = '%ED%BF%BF'; // U+DFFF as (invalid) UTF-8 bytes: no valid encoding exists
const COMMON_QUERY = ['q', 'key', 'code', 'page', 'status', 'from', 'to', 'agencyId', 'procedure', 'login', 'next'];
const COMMON_FIELDS = ['login', 'password', 'name', 'fullName', 'content', 'title', 'code', 'phone', 'email', 'q'];

interface Route {
  method: string;
  url: string;
  query: string[];
  body?: Record<string, unknown>;
}

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
}

/** A body shaped like the schema, with every string replaced by `text()`. */
function shaped(schema: Schema | undefined, text: () => string, depth = 0): unknown {
  if (!schema || depth > 4) return text();
  const alt = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (alt) return shaped(alt, text, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' || schema.properties) {
    return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, shaped(v, text, depth + 1)]));
  }
  if (type === 'array') return [shaped(schema.items, text, depth + 1)];
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  return text();
}

function fill(pattern: string, value: () => string): string {
  return pattern.replace(/:\w+(\([^)]*\))?/g, () => value()).replace(/\*$/, () => value());
}

async function routesUnderAttack(): Promise<Route[]> {
  const doc = (await (await fetch(`${s.url}/api/docs/json`)).json()) as {
    paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }>; requestBody?: unknown }>>;
  };
  const fromDoc = new Map<string, Route>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    const url = path.replace(/\{(\w+)\}/g, ':$1');
    for (const [method, op] of Object.entries(ops)) {
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const json = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content?.[
        'application/json'
      ]?.schema;
      fromDoc.set(`${method.toUpperCase()} ${url}`, {
        method: method.toUpperCase(),
        url,
        query,
        ...(json ? { body: json as Record<string, unknown> } : {}),
      });
    }
  }
  const all = new Map<string, Route>();
  const bare = (key: string) => (key.length > 1 && key.endsWith('/') ? key.slice(0, -1) : key);
  const documented = new Map([...fromDoc].map(([k, v]) => [bare(k), v]));
  for (const r of s.app.routeList()) {
    if (r.method === 'HEAD') continue;
    const key = bare(`${r.method} ${r.url}`);
    all.set(key, documented.get(key) ?? { method: r.method, url: r.url, query: [] });
  }
  // Every documented operation is a route the server has (the document is not a second list).
  for (const key of documented.keys()) assert.ok(all.has(key), `${key} is in the OpenAPI document but not routed`);
  return [...all.values()];
}

interface Attempt {
  what: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
  /** The field the text guard must name, when the hostile text is the request's only problem. */
  refusedAt?: 'query' | 'params' | 'body';
}

function attempts(route: Route): Attempt[] {
  const { method, url } = route;
  const hasParams = /:\w|\*$/.test(url);
  const plain = () => canary();
  const names = [...new Set([...route.query, ...COMMON_QUERY])];
  const query = (suffix: string) => names.map((n) => `${n}=${canary()}${suffix}`).join('&');
  const out: Attempt[] = [
    { what: 'NUL in the query', method, path: `${fill(url, plain)}?${query('%00')}`, refusedAt: 'query' },
    {
      what: 'lone surrogate in the query',
      method,
      path: `${fill(url, plain)}?${query(LONE_SURROGATE_URL)}`,
    },
    { what: 'oversize query', method, path: `${fill(url, plain)}?q=${canary()}${'x'.repeat(20_000)}` },
  ];
  if (hasParams) {
    out.push(
      { what: 'NUL in a path parameter', method, path: fill(url, () => `${canary()}%00`), refusedAt: 'params' },
      { what: 'lone surrogate in a path parameter', method, path: fill(url, () => `${canary()}${LONE_SURROGATE_URL}`) },
      { what: 'oversize path parameter', method, path: fill(url, () => `${canary()}${'x'.repeat(300)}`) },
      { what: 'plain values in path parameters', method, path: fill(url, plain) },
    );
  }
  if (method !== 'GET') {
    const path = fill(url, plain);
    const shape = route.body ?? { type: 'object', properties: Object.fromEntries(COMMON_FIELDS.map((f) => [f, {}])) };
    const json = (text: () => string) => JSON.stringify(shaped(shape as Schema, text));
    const jsonType = { 'content-type': 'application/json' };
    const nulJson = json(() => `${canary()}\u0000`);
    const surrogateJson = json(() => `${canary()}\udfff`);
    const refusedIfText = (body: string) => (body.includes(CANARY) ? { refusedAt: 'body' as const } : {});
    out.push(
      // A schema with no text field (numbers only) has nothing for the guard to refuse.
      { what: 'NUL in JSON', method, path, headers: jsonType, body: nulJson, ...refusedIfText(nulJson) },
      {
        what: 'lone surrogate in JSON',
        method,
        path,
        headers: jsonType,
        body: surrogateJson,
        ...refusedIfText(surrogateJson),
      },
      {
        what: 'oversize text in JSON',
        method,
        path,
        headers: jsonType,
        body: json(() => `${canary()}${'x'.repeat(100_000)}`),
      },
      { what: 'malformed JSON', method, path, headers: jsonType, body: `{"${canary()}": ` },
      { what: 'JSON that is not an object', method, path, headers: jsonType, body: `["${canary()}"]` },
      { what: 'no body at all', method, path },
      {
        what: 'NUL in a form field',
        method,
        path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: COMMON_FIELDS.map((f) => `${f}=${canary()}%00`).join('&'),
        refusedAt: 'body',
      },
    );
    const boundary = `----abuse${canary()}`;
    const multipart = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${canary()}\u0000\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${canary()}\u0000\udfff.pdf"\r\n` +
        `Content-Type: application/pdf\r\n\r\n%PDF-1.4 ${canary()}\r\n--${boundary}--\r\n`,
    );
    out.push({
      what: 'NUL in a multipart field and file name',
      method,
      path,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: multipart,
    });
  }
  return out;
}

async function attack(
  routes: Route[],
  as: () => Promise<Client>,
  alive: (client: Client) => Promise<boolean> = async () => true,
): Promise<{ fiveHundreds: string[]; unguarded: string[]; sent: number }> {
  let sent = 0;
  const fiveHundreds: string[] = [];
  const unguarded: string[] = [];
  let client = await as();
  for (const route of routes) {
    for (const a of attempts(route)) {
      const send = clientFetch(s.url, client);
      const res = await send(a.path, {
        method: a.method,
        ...(a.headers ? { headers: a.headers } : {}),
        ...(a.body !== undefined ? { body: a.body } : {}),
        redirect: 'manual',
      });
      const text = await res.text();
      sent++;
      const where = `${a.method} ${route.url} — ${a.what}: ${res.status}`;
      if (res.status >= 500) fiveHundreds.push(`${where} ${text.slice(0, 200)}`);
      if (a.refusedAt && res.status !== 400 && res.status !== 413 && res.status !== 404 && res.status !== 429) {
        unguarded.push(where);
      } else if (a.refusedAt && res.status === 400 && text.startsWith('{')) {
        const body = JSON.parse(text) as { error?: { code?: string; details?: { fields?: Array<{ field: string }> } } };
        const field = body.error?.details?.fields?.[0]?.field ?? '';
        if (body.error?.code === 'INVALID_CHARACTERS' && !field.startsWith(a.refusedAt)) {
          unguarded.push(`${where} names ${field}`);
        }
      }
    }
    // An attempt may have ended the session (sign-out takes no input): carry on signed in.
    // Sign-in is rate-limited per address, so only then is a new session opened.
    if (!(await alive(client))) client = await as();
  }
  return { fiveHundreds, unguarded, sent };
}

test('the issue’s own requests are refused with 400 and the field named', async () => {
  const anon = await csrfFor(s.url);
  const send = clientFetch(s.url, anon);
  const cases: Array<[string, RequestInit, string]> = [
    ['/api/v1/track/%00?key=%00', {}, 'params.code'],
    ['/api/v1/feedback/published?q=%00', {}, 'query.q'],
    // Open311 answers in its own error format (GeoReport v2): the status and message are checked.
    ['/open311/v2/requests/%00.json', {}, ''],
    [
      '/api/v1/auth/sign-in',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'admin\u0000', password: 'x' }),
      },
      'body.login',
    ],
    [
      '/api/v1/auth/citizens',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'a@example.vn', password: 'MatKhau@2026', displayName: '\udfff' }),
      },
      'body.displayName',
    ],
  ];
  for (const [path, init, field] of cases) {
    const res = await send(path, init);
    const text = await res.text();
    assert.equal(res.status, 400, `${path}: ${text.slice(0, 300)}`);
    assert.match(text, /ký tự không hợp lệ/);
    if (!field) continue;
    const body = JSON.parse(text) as {
      error: { code: string; message: string; details: { fields: Array<{ field: string }> } };
    };
    assert.equal(body.error?.code, 'INVALID_CHARACTERS', `${path}: ${text.slice(0, 300)}`);
    assert.match(body.error.message, /ký tự không hợp lệ/);
    assert.ok(body.error.details.fields[0]?.field.startsWith(field), `${path}: ${body.error.details.fields[0]?.field}`);
  }
  const page = await fetch(`${s.url}/tra-cuu/%00`);
  assert.equal(page.status, 400, '/tra-cuu/%00');
});

test('every route and method meets NUL, lone surrogates, oversize and malformed input with no 5xx', async (t) => {
  const routes = await routesUnderAttack();
  assert.ok(routes.length > 80, `only ${routes.length} routes found`);
  assert.ok(
    routes.some((r) => r.url === '/tra-cuu/:code') || routes.some((r) => r.url.startsWith('/tra-cuu')),
    'page routes are in the list',
  );
  // Signed in first: the anonymous pass spends the sign-in route's per-address rate limit.
  const signedIn = async (client: Client) =>
    (await fetch(`${s.url}/api/v1/auth/me`, { headers: { cookie: client.cookie } })).status === 200;
  const admin = await attack(routes, async () => csrfFor(s.url, await s.signIn('admin')), signedIn);
  const anonymous = await attack(routes, () => csrfFor(s.url));
  t.diagnostic(`${routes.length} routes, ${anonymous.sent + admin.sent} hostile requests`);
  const fiveHundreds = [...anonymous.fiveHundreds, ...admin.fiveHundreds];
  assert.deepEqual(fiveHundreds, [], `${fiveHundreds.length} answers were 5xx`);
  const unguarded = [...anonymous.unguarded, ...admin.unguarded];
  assert.deepEqual(unguarded, [], 'NUL reached past the edge');
});

test('no log line holds a value sent to any route', () => {
  // Runs after the attacks above (node:test keeps a file's tests in order).
  assert.ok(logLines.length > 100, `the server logged (${logLines.length} lines)`);
  const leaking = logLines.filter((line) => line.includes(CANARY));
  assert.deepEqual(leaking.slice(0, 5), [], `${leaking.length} log lines hold a value sent`);
});
