/**
 * The OpenAPI description's contract (issue 22, "Done when"): every API route Fastify serves
 * is in the description, every operation has a stable id and a summary from its module's
 * operations table (and every table entry a route), every error code it documents is one the
 * error catalog defines with the status it is documented under, and every state change
 * declares how it is authorised. The recommended lint rules run in `npm run check`.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { loadConfig } from './platform/config.ts';
import { type DbHandle, openDatabase } from './platform/db/index.ts';
import { errorEntry } from './platform/errors.ts';
import { isApiPath, openApiPath } from './platform/http/openapi.ts';
import { platformOperations } from './platform/operations.ts';
import { moduleOperations } from './site/routes.ts';

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, unknown>>;
};

let database: DbHandle;
let app: FastifyInstance;
let doc: Document;
const operations = { ...platformOperations, ...moduleOperations };

before(async () => {
  database = await openDatabase({ dir: 'memory' });
  app = await buildApp({
    config: loadConfig({ PUBLIC_URL: 'https://dichvucong.mocua.invalid' }),
    database,
    logger: false,
  });
  await app.ready();
  doc = app.swagger() as unknown as Document;
});
after(async () => {
  await app?.close();
  await database?.close();
});

const described = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );

test('every API route Fastify serves is in the description, and only API routes are', () => {
  const served = new Set(
    app
      .routeList()
      .filter((r) => r.method !== 'HEAD' && isApiPath(r.url))
      .map((r) => `${r.method} ${openApiPath(r.url)}`),
  );
  const inDescription = new Set(described().map((d) => d.key));
  assert.deepEqual(
    [...served].filter((k) => !inDescription.has(k)),
    [],
    'routes missing from the description',
  );
  assert.deepEqual(
    [...inDescription].filter((k) => !served.has(k)),
    [],
    'described operations that no API route serves (pages must stay out)',
  );
});

test('every operation has its table entry: a unique verb-first id, a Vietnamese summary and a tag', () => {
  const ids = new Map<string, string>();
  for (const { key, op } of described()) {
    const entry = operations[key];
    assert.ok(entry, `${key} has no entry in its module's operations.ts`);
    assert.equal(op.operationId, entry.id);
    assert.match(entry.id, /^[a-z]+[A-Z0-9][A-Za-z0-9]*$/, `${key}: camelCase, verb first`);
    assert.equal(ids.get(entry.id), undefined, `${entry.id} used twice`);
    ids.set(entry.id, key);
    assert.equal(op.summary, entry.summary);
    assert.match(entry.summary, /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i, key);
    assert.ok((op.tags ?? []).length > 0, `${key} has no tag`);
  }
  const keys = new Set(described().map((d) => d.key));
  assert.deepEqual(
    Object.keys(operations).filter((k) => !keys.has(k)),
    [],
    'table entries without an operation',
  );
});

/** Every `enum` of an error's `code` in a response schema, with the response's status. */
function documentedCodes(): Array<{ key: string; status: string; code: string }> {
  const out: Array<{ key: string; status: string; code: string }> = [];
  const walk = (node: unknown, visit: (codes: unknown[]) => void): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n, visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const code = (node as { properties?: { code?: { enum?: unknown[] } } }).properties?.code;
    if (Array.isArray(code?.enum)) visit(code.enum);
    for (const value of Object.values(node)) walk(value, visit);
  };
  for (const { key, op } of described()) {
    for (const [status, response] of Object.entries(op.responses)) {
      if (!/^[45]/.test(status)) continue;
      walk(response.content, (codes) => {
        for (const code of codes) out.push({ key, status, code: String(code) });
      });
    }
  }
  return out;
}

test('every documented error code is in the error catalog, under its own status', () => {
  const codes = documentedCodes();
  assert.ok(codes.length > 500, `only ${codes.length} documented codes: the walk finds nothing`);
  const wrong = codes.filter(({ status, code }) => String(errorEntry(code)?.status) !== status);
  assert.deepEqual(wrong, [], 'codes not in the catalog, or documented under another status');
});

test('every error answer uses the shared Error schema, except Open311 (GeoReport v2 has its own)', () => {
  for (const { key, op } of described()) {
    for (const [status, response] of Object.entries(op.responses)) {
      if (!/^[45]/.test(status)) continue;
      const json = JSON.stringify(response.content);
      const schema = key.includes(' /open311/') ? 'Open311Errors' : 'Error';
      assert.ok(json.includes(`"#/components/schemas/${schema}"`), `${key} ${status} does not use ${schema}`);
    }
  }
});

test('every state change declares its credential: the CSRF token, or a credential of its own', () => {
  for (const { key, op } of described()) {
    assert.ok(Array.isArray(op.security), `${key} declares no security`);
    if (key.startsWith('GET ')) continue;
    const ok = (op.security ?? []).every((r) => 'csrfToken' in r || Object.keys(r).some((s) => s !== 'session'));
    assert.ok(ok && (op.security ?? []).length > 0, `${key}: ${JSON.stringify(op.security)}`);
  }
  for (const requirement of described().flatMap((d) => d.op.security ?? [])) {
    for (const scheme of Object.keys(requirement)) assert.ok(doc.components.securitySchemes?.[scheme], scheme);
  }
});

test('servers is PUBLIC_URL; licence and contact are given', () => {
  const full = doc as unknown as { servers: Array<{ url: string }>; info: { license?: { name: string } } };
  assert.deepEqual(
    full.servers.map((s) => s.url),
    ['https://dichvucong.mocua.invalid'],
  );
  assert.equal(full.info.license?.name, 'AGPL-3.0-or-later');
});
