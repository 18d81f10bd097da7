/**
 * Abuse of the submission paths: hostile text in a dossier's applicant and e-form, in feedback,
 * in an upload's file name; malformed and oversize bodies on the Zalo webhook and Open311.
 * Zero 5xx; everything shown back comes out escaped; nothing is stored under a hostile name.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pdfBytes } from '../fixtures/files.ts';
import { clientFetch, csrfFor } from './client.ts';
import { type RunningServer, startSeededServer } from './server.ts';

let s: RunningServer;
before(async () => {
  s = await startSeededServer({
    ZALO_APP_ID: '1234567890',
    ZALO_APP_SECRET: 'app-secret',
    ZALO_OA_ID: '579745863508352884',
    ZALO_OA_SECRET_KEY: 'oa-secret',
  });
});
after(() => s.close());

const SCRIPT = '<script>alert("mocua")</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const SQL = "Robert'); DELETE FROM dossiers WHERE ('1'='1";

/** No hostile markup made it into the page as markup. */
function assertEscaped(html: string, where: string): void {
  assert.ok(!html.includes(SCRIPT), `${where}: a raw <script> came back`);
  assert.ok(!/<img src=x onerror/i.test(html), `${where}: an injected element came back`);
}

async function json(url: string, init: RequestInit & { cookie?: string } = {}) {
  // A script client: its session's CSRF token on every state change.
  const client = await csrfFor(s.url, init.cookie ?? '');
  const res = await clientFetch(s.url, client)(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
  });
  const text = await res.text();
  assert.ok(res.status < 500, `${init.method ?? 'GET'} ${url} gave ${res.status}: ${text}`);
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, text };
}

test('hostile text in a dossier filed at the counter comes back escaped on the officer’s pages', async () => {
  const receiver = await s.signIn('tiepnhan.minhxuan');
  const agencies = (await json('/api/v1/agencies', { cookie: receiver })).body as unknown;
  const list = (Array.isArray(agencies) ? agencies : ((agencies as { items?: unknown[] }).items ?? [])) as Array<{
    id: string;
    name: string;
  }>;
  const minhXuan = list.find((a) => a.name === 'Ủy ban nhân dân phường Minh Xuân');
  assert.ok(minhXuan, 'the receiver’s commune is in the directory');
  // Markup where a person's name goes is no plausible name: refused at the edge, per field.
  const refused = await json('/api/v1/dossiers', {
    method: 'POST',
    cookie: receiver,
    body: JSON.stringify({
      procedure: '1.001193',
      agencyId: minhXuan.id,
      applicant: { type: 'citizen', fullName: `${SCRIPT} ${SQL}`, phone: '0912345678', address: IMG },
      formData: { childFullName: SCRIPT, sex: 'Nữ', birthPlace: IMG, childBirthDate: '2026-11-30', ethnicity: SQL },
    }),
  });
  assert.equal(refused.status, 400, refused.text);
  assert.equal((refused.body.error as { code: string }).code, 'DOSSIER_APPLICANT_INVALID');
  // Free-text fields keep hostile text as data.
  const filed = await json('/api/v1/dossiers', {
    method: 'POST',
    cookie: receiver,
    body: JSON.stringify({
      procedure: '1.001193',
      agencyId: minhXuan.id,
      applicant: { type: 'citizen', fullName: 'Robert Nguyễn', phone: '0912345678', address: `${IMG} ${SQL}` },
      formData: {
        childFullName: 'Ma Văn Tùng',
        sex: 'Nữ',
        birthPlace: `${SCRIPT} ${IMG}`,
        childBirthDate: '2026-11-30',
        ethnicity: 'Tày',
        relation: 'Mẹ',
        nationality: 'Việt Nam',
        nativePlace: 'Xã Hàm Yên, tỉnh Tuyên Quang',
      },
    }),
  });
  assert.equal(filed.status, 201, filed.text);
  const code = String(filed.body.code);
  // Stored as typed (the SQL did nothing), shown escaped.
  const read = await json(`/api/v1/dossiers/${code}`, { cookie: receiver });
  assert.ok(read.text.includes('DELETE FROM dossiers'), 'the text is kept as data');
  for (const page of [
    `/workspace/ho-so/${code}`,
    `/workspace/tim-kiem?q=${encodeURIComponent('Robert')}`,
    '/workspace',
  ]) {
    const res = await fetch(`${s.url}${page}`, { headers: { cookie: receiver }, redirect: 'manual' });
    // An exact code in the search jumps to the dossier (303).
    assert.ok(res.status === 200 || res.status === 303, `${page}: ${res.status}`);
    const html = await res.text();
    assertEscaped(html, page);
    if (page.startsWith('/workspace/ho-so/'))
      assert.ok(html.includes('&lt;script>alert'), 'the place of birth is shown, escaped');
  }
  const still = await json(`/api/v1/dossiers/${code}`, { cookie: receiver });
  assert.equal(still.status, 200, 'the dossiers table is still there');
});

test('hostile feedback is kept as text and escaped on the tracking page', async () => {
  const sent = await json('/api/v1/feedback', {
    method: 'POST',
    body: JSON.stringify({
      kind: 'report',
      subject: `${SCRIPT} tiêu đề`,
      content: `${IMG} ${SQL} nội dung phản ánh đủ dài`,
      sender: { fullName: `${SCRIPT} Nguyễn Văn A`, phone: '0912345678', address: IMG },
    }),
  });
  assert.equal(sent.status, 201, sent.text);
  const page = await fetch(
    `${s.url}/phan-anh-kien-nghi/tra-cuu?code=${sent.body.code}&key=${encodeURIComponent(String(sent.body.trackingKey))}`,
  );
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.ok(html.includes('tiêu đề'), 'the page shows the item');
  assertEscaped(html, 'feedback tracking');
  const list = await fetch(`${s.url}/phan-anh-kien-nghi?q=${encodeURIComponent(SCRIPT)}`);
  assert.ok(list.status < 500);
  assertEscaped(await list.text(), 'published answers search');
});

test('an upload named with a path keeps only a safe base name; a NUL in the name is refused at the edge', async () => {
  const receiver = await s.signIn('tiepnhan.minhxuan');
  const tokenRes = await fetch(`${s.url}/api/v1/csrf-token`, { headers: { cookie: receiver } });
  const { token } = (await tokenRes.json()) as { token: string };
  const csrfCookie = tokenRes.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  for (const name of ['../../../etc/passwd.pdf', '..\\..\\windows\\win.ini.pdf', `${SCRIPT}.pdf`, '\u0000.pdf']) {
    const form = new FormData();
    form.append('kind', 'paper');
    form.append('file', new Blob([Buffer.from(await pdfBytes())], { type: 'application/pdf' }), name);
    const res = await fetch(`${s.url}/api/v1/attachments`, {
      method: 'POST',
      headers: { cookie: `${receiver}; ${csrfCookie}`, 'x-csrf-token': token },
      body: form,
    });
    const text = await res.text();
    if (name.includes('\u0000')) {
      assert.equal(res.status, 400, text);
      assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, 'INVALID_CHARACTERS');
      continue;
    }
    assert.equal(res.status, 201, `${JSON.stringify(name)}: ${text}`);
    const stored = (JSON.parse(text) as { fileName: string }).fileName;
    assert.ok(
      !/[\\/]/.test(stored) && !stored.startsWith('.') && !stored.includes('<') && !stored.includes('\u0000'),
      stored,
    );
  }
});

test('the Zalo webhook answers garbage with 4xx, never 5xx', async () => {
  const bodies: Array<[string, string | Uint8Array<ArrayBuffer>]> = [
    ['application/json', '{"event_name":'],
    ['application/json', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
    ['application/json', '[]'],
    ['text/plain', 'xin chào'],
    ['application/json', JSON.stringify({ event_name: 'follow', timestamp: 'x'.repeat(100_000) })],
  ];
  for (const [type, body] of bodies) {
    const res = await fetch(`${s.url}/webhooks/zalo`, {
      method: 'POST',
      headers: { 'content-type': type, 'x-zevent-signature': `mac=${'a'.repeat(64)}` },
      body,
    });
    assert.ok(res.status >= 400 && res.status < 500, `${type} ${String(body).slice(0, 30)}: ${res.status}`);
  }
});

test('Open311 answers malformed requests in its own error shape, never 5xx', async () => {
  const cases: Array<[string, RequestInit]> = [
    ['/open311/v2/requests.json', { method: 'POST', body: 'api_key=nope&service_code=x' }],
    ['/open311/v2/requests.xml', { method: 'POST', body: `service_code=${encodeURIComponent(SCRIPT)}` }],
    ['/open311/v2/requests/..%2F..%2Fetc%2Fpasswd.json', {}],
    ['/open311/v2/services/%ff%fe.json', {}],
    ['/open311/v2/requests.json?start_date=not-a-date', {}],
  ];
  for (const [url, init] of cases) {
    const res = await fetch(`${s.url}${url}`, {
      ...init,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const text = await res.text();
    assert.ok(res.status < 500, `${url}: ${res.status} ${text}`);
    assertEscaped(text, url);
  }
});
