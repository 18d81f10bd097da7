/**
 * Abuse: oversize bodies, malformed JSON and forms, invalid UTF-8, hostile text that pages
 * show back, floods against the rate limits. Zero 5xx, zero stored script.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { clientFetch, csrfFor } from './client.ts';
import { type RunningServer, startSeededServer } from './server.ts';

let s: RunningServer;
let admin: string;
before(async () => {
  s = await startSeededServer();
  admin = await s.signIn('admin');
});
after(() => s.close());

const hostile = [
  '<script>alert("mocua")</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE agencies; --",
  "Robert'); DELETE FROM dossiers WHERE ('1'='1",
  '{{constructor.constructor("alert(1)")()}}',
  '<svg/onload=alert(1)>',
  'javascript:alert(1)',
];

/** Sends raw bytes and returns the status code of the answer. */
function rawRequest(url: string, head: string, body: Buffer): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(Buffer.concat([Buffer.from(head.replaceAll('\n', '\r\n')), body]));
    });
    let data = '';
    socket.on('data', (d) => {
      data += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data);
      if (m) {
        socket.destroy();
        resolve(Number(m[1]));
      }
    });
    socket.on('error', reject);
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error('timeout'));
    });
  });
}

test('hostile text in every agency field comes back escaped on the pages that show it', async () => {
  const body: unknown = await (await fetch(`${s.url}/api/v1/agencies`, { headers: { cookie: admin } })).json();
  const list = (Array.isArray(body) ? body : ((body as { items?: unknown[] }).items ?? [])) as Array<{
    id: string;
    level: string;
  }>;
  const root = list.find((a) => a.level === 'province');
  assert.ok(root, 'the demo province has agencies');
  let n = 50;
  const send = clientFetch(s.url, await csrfFor(s.url, admin));
  for (const text of hostile) {
    const res = await send('/api/v1/agencies', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        code: `000.00.${String(n++).padStart(2, '0')}.H60`,
        name: `Sở thử nghiệm ${text}`,
        shortName: text.slice(0, 40),
        level: 'province',
        kind: 'justice',
        parentId: root.id,
        address: text,
      }),
    });
    assert.ok(res.status < 500, `${res.status} for ${text}`);
  }
  // The portal lists the agencies on /co-quan.
  const home = await (await fetch(`${s.url}/co-quan`)).text();
  assert.ok(!home.includes('<script>alert'), 'no stored script on the agencies page');
  assert.ok(!/<img src=x onerror/i.test(home), 'no injected element');
  assert.ok(!/<svg\/onload/i.test(home), 'no injected svg');
  assert.ok(home.includes('&lt;script&gt;') || home.includes('&lt;script>'), 'the text is shown, escaped');
  // The SQL-looking text was stored as text: the agencies table is still there.
  assert.equal((await fetch(`${s.url}/api/v1/agencies`, { headers: { cookie: admin } })).status, 200);
});

test('an oversize JSON body is refused with 413', async () => {
  const big = JSON.stringify({ name: 'x'.repeat(12 * 1024 * 1024) });
  const res = await fetch(`${s.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: big,
  });
  assert.equal(res.status, 413);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'PAYLOAD_TOO_LARGE');
});

test('malformed JSON, forms and content types are client errors', async () => {
  const cases: Array<[string, string]> = [
    ['application/json', '{"login": "a", '],
    ['application/json', '[1,2,'],
    ['application/json', '"just a string"'],
    ['application/json', 'null'],
    ['application/json', '{"__proto__": {"polluted": true}, "login": "x", "password": "y"}'],
    ['application/x-www-form-urlencoded', 'login=%E0%A4%A&password=%'],
    ['application/x-www-form-urlencoded', 'a[b][c][d][e][f][g]=1&a=2'],
    ['multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb'],
    ['application/xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'],
  ];
  // With a valid CSRF token, so that the body is what gets refused.
  const send = clientFetch(s.url, await csrfFor(s.url, admin));
  for (const path of ['/api/v1/auth/sign-in', '/api/v1/agencies', '/api/v1/auth/citizens']) {
    for (const [type, body] of cases) {
      const res = await send(path, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
      assert.ok(res.status >= 400 && res.status < 500, `${path} ${type} ${body.slice(0, 30)} → ${res.status}`);
    }
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
});

test('invalid UTF-8 in bodies, paths and query strings never gives a 5xx', async () => {
  const bad = Buffer.from([0x7b, 0x22, 0x6c, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d]);
  const status = await rawRequest(
    s.url,
    `POST /api/v1/auth/sign-in HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: ${bad.length}\nConnection: close\n\n`,
    bad,
  );
  assert.ok(status >= 400 && status < 500, `body: ${status}`);
  for (const target of [
    '/api/v1/agencies/%C3%28',
    '/api/v1/calendar/due?from=%FF%FE&amount=1&unit=working_days',
    '/%E0%80%AF',
    '/api/v1/admin-units/%00',
  ]) {
    const st = await rawRequest(s.url, `GET ${target} HTTP/1.1\nHost: x\nConnection: close\n\n`, Buffer.alloc(0));
    assert.ok(st < 500, `${target}: ${st}`);
  }
});

test('path traversal in a path parameter finds nothing and leaks nothing', async () => {
  for (const target of [
    '/assets/..%2f..%2fpackage.json',
    '/assets/../../etc/passwd',
    '/api/v1/admin-units/..%2F..%2Fetc%2Fpasswd',
  ]) {
    const res = await fetch(`${s.url}${target}`);
    assert.ok(res.status < 500, `${target}: ${res.status}`);
    const text = await res.text();
    assert.ok(!text.includes('root:x:0:0') && !text.includes('"dependencies"'), `${target} leaked a file`);
  }
});

test('a sign-in flood meets the rate limit (429), never a 5xx', async () => {
  const statuses: number[] = [];
  const send = clientFetch(s.url, await csrfFor(s.url));
  for (let i = 0; i < 40; i++) {
    const res = await send('/api/v1/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: `khong-ton-tai-${i}@example.vn`, password: 'sai-mat-khau' }),
    });
    statuses.push(res.status);
  }
  assert.ok(statuses.includes(429), `statuses: ${[...new Set(statuses)].join(',')}`);
  assert.ok(statuses.every((st) => st < 500));
});
