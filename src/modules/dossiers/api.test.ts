import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { registerCitizen } from '../../platform/auth/testing.ts';
import { loadConfig } from '../../platform/config.ts';
import type { TestDb } from '../../platform/db/testing.ts';
import { apiClient } from '../../platform/http/testing.ts';
import { demoProvinceDb } from '../../web/testing.ts';
import { replayAllDossiers } from './replay.ts';

let t: TestDb;
let app: FastifyInstance;
const dir = mkdtempSync(path.join(tmpdir(), 'mocua-dossier-api-'));

before(async () => {
  t = await demoProvinceDb();
  app = await buildApp({
    config: loadConfig({ DATA_DIR: dir, RATE_LIMIT_PER_MINUTE: '100000', COUNTER_OUTSIDE_HOURS: 'allow' }),
    database: t,
    logger: false,
  });
  apiClient(app);
  await app.ready();
});
after(async () => {
  await app.close();
  await t.close();
});

async function cookieOf(res: { cookies: Array<{ name: string; value: string }> }) {
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

async function citizen() {
  const res = await registerCitizen(app, t.db, {
    login: 'hoa.nguyen@example.vn',
    password: 'MatKhau@2026',
    displayName: 'Nguyễn Thị Hoa',
  });
  assert.equal(res.statusCode, 201, res.body);
  return cookieOf(res);
}

async function staff(login: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { login, password: 'MoCua@2026' },
  });
  assert.equal(res.statusCode, 200, res.body);
  return cookieOf(res);
}

/** The signed-in caller's cookie with a CSRF token, for multipart posts. */
async function withCsrf(cookie: string) {
  const tokenRes = await app.inject({ url: '/api/v1/csrf-token', headers: { cookie } });
  return {
    cookie: [cookie, ...tokenRes.cookies.map((c) => `${c.name}=${c.value}`)].join('; '),
    csrf: String(tokenRes.json().token),
  };
}

/** Stages one PDF per required paper of the procedure, as the portal does before an online filing. */
async function requiredPapers(
  cookie: string,
  procedure: { papers: Array<{ name: string; required: boolean; form: string }> },
) {
  const { pdfBytes } = await import('../../../test/fixtures/files.ts');
  const auth = await withCsrf(cookie);
  const papers: Array<{ attachmentId: string; paperName: string }> = [];
  for (const paper of procedure.papers.filter((p) => p.required && p.form !== 'presented')) {
    const form = new FormData();
    form.append('paperName', paper.name);
    form.append('file', new Blob([Buffer.from(await pdfBytes(paper.name))]), 'giay-to.pdf');
    const req = new Request('http://x/', { method: 'POST', body: form });
    const staged = await app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: {
        cookie: auth.cookie,
        'content-type': req.headers.get('content-type') ?? '',
        'x-csrf-token': auth.csrf,
      },
      payload: Buffer.from(await req.arrayBuffer()),
    });
    assert.equal(staged.statusCode, 201, staged.body);
    papers.push({ attachmentId: staged.json().id, paperName: paper.name });
  }
  return papers;
}

test('a citizen files online with an Idempotency-Key, tracks it, and the receiver prints a signed receipt', async () => {
  const me = await citizen();
  const procedure = (await app.inject({ url: '/api/v1/procedures/1.001193' })).json();
  const commune = procedure.agencies.find((a: { name: string }) => /Minh Xuân/.test(a.name));
  assert.ok(commune, 'khai sinh is implemented by UBND phường Minh Xuân');
  const formData: Record<string, string> = {};
  for (const f of procedure.eform) {
    if (!f.required) continue;
    formData[f.key] = f.type === 'choice' ? f.options[0] : f.type === 'date' ? '2026-11-01' : 'Nguyễn Minh An';
  }
  const body = {
    procedure: '1.001193',
    agencyId: commune.id,
    applicant: { type: 'citizen', fullName: 'Nguyễn Thị Hoa', phone: '0912345678' },
    formData,
    papers: await requiredPapers(me, procedure),
  };
  const first = await app.inject({
    method: 'POST',
    url: '/api/v1/dossiers',
    headers: { cookie: me, 'idempotency-key': 'nop-ho-so-0001' },
    payload: body,
  });
  assert.equal(first.statusCode, 201, first.body);
  const again = await app.inject({
    method: 'POST',
    url: '/api/v1/dossiers',
    headers: { cookie: me, 'idempotency-key': 'nop-ho-so-0001' },
    payload: body,
  });
  assert.equal(again.json().code, first.json().code, 'a retry returns the first dossier');
  const { code, trackingKey } = first.json();

  const tracked = await app.inject({ url: `/api/v1/track/${code}?key=${trackingKey}` });
  assert.equal(tracked.statusCode, 200);
  assert.equal(tracked.json().state, 'submitted');
  assert.doesNotMatch(tracked.body, /Nguyễn Thị Hoa|0912345678/);
  const wrong = await app.inject({ url: `/api/v1/track/${code}?key=ZZZZZZZZ` });
  const unknown = await app.inject({ url: `/api/v1/track/000.00.00.H60-260101-0001?key=ZZZZZZZZ` });
  assert.equal(wrong.statusCode, 404);
  assert.deepEqual({ ...wrong.json().error, requestId: '' }, { ...unknown.json().error, requestId: '' });

  const receiver = await staff('tiepnhan.minhxuan');
  const received = await app.inject({
    method: 'POST',
    url: `/api/v1/dossiers/${code}/actions/receive`,
    headers: { cookie: receiver },
  });
  assert.equal(received.statusCode, 200, received.body);
  assert.equal(received.json().state, 'received');
  const inbox = await app.inject({ url: '/api/v1/dossiers', headers: { cookie: receiver } });
  assert.ok(inbox.json().items.some((i: { code: string }) => i.code === code));

  const slip = await app.inject({
    url: `/api/v1/dossiers/${code}/slips/receipt.pdf?signed=true`,
    headers: { cookie: receiver },
  });
  assert.equal(slip.statusCode, 200, slip.body);
  const file = path.join(dir, 'receipt.pdf');
  writeFileSync(file, slip.rawPayload);
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).normalize('NFC');
  assert.match(text, /Giấy tiếp nhận hồ sơ và hẹn trả kết quả/i);
  assert.match(text, /Nguyễn Thị Hoa/);
  assert.ok(text.includes(code));
  const sig = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  assert.match(sig.stdout, /Signature is Valid\./);
  assert.match(sig.stdout.normalize('NFC'), /Minh Xuân/);
  const tampered = Buffer.from(slip.rawPayload);
  const at = tampered.indexOf(Buffer.from('Tuy'));
  tampered[at] = 't'.charCodeAt(0);
  const tamperedFile = path.join(dir, 'tampered.pdf');
  writeFileSync(tamperedFile, tampered);
  assert.doesNotMatch(spawnSync('pdfsig', [tamperedFile], { encoding: 'utf8' }).stdout, /Signature is Valid\./);
});

test('anonymous callers cannot file, and bad bodies are clear client errors', async () => {
  const anon = await app.inject({
    method: 'POST',
    url: '/api/v1/dossiers',
    payload: { procedure: '1.001193', applicant: { type: 'citizen', fullName: 'Ai đó', phone: '0900000000' } },
  });
  assert.equal(anon.statusCode, 403);
  const me = await staff('tiepnhan.minhxuan');
  const bad = await app.inject({
    method: 'POST',
    url: '/api/v1/dossiers',
    headers: { cookie: me },
    payload: { procedure: 5 },
  });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
  const missing = await app.inject({
    method: 'POST',
    url: '/api/v1/dossiers',
    headers: { cookie: me },
    payload: { procedure: '1.001193', applicant: { type: 'citizen', fullName: 'Lò Văn Sáng' } },
  });
  assert.equal(missing.statusCode, 400, missing.body);
  assert.match(missing.json().error.message, /[ạảãàáâầấậẩẫăằắặẳẵêềếệểễôồốộổỗơờớợởỡưừứựửữđ]/);
});

test('papers are checked by content; a result PDF is signed on upload and its signature reported', async () => {
  const { pngBytes } = await import('../../../test/fixtures/files.ts');
  const receiver = await staff('tiepnhan.minhxuan');
  const procedure = (await app.inject({ url: '/api/v1/procedures/1.001193' })).json();
  const commune = procedure.agencies.find((a: { name: string }) => /Minh Xuân/.test(a.name));
  const formData: Record<string, string> = {};
  for (const f of procedure.eform)
    if (f.required)
      formData[f.key] = f.type === 'choice' ? f.options[0] : f.type === 'date' ? '2026-11-01' : 'Giàng A Sử';
  const filed = await app.inject({
    method: 'POST',
    url: '/api/v1/dossiers',
    headers: { cookie: receiver },
    payload: {
      procedure: '1.001193',
      agencyId: commune.id,
      applicant: { type: 'citizen', fullName: 'Giàng A Sử', phone: '0931234567' },
      formData,
    },
  });
  assert.equal(filed.statusCode, 201, filed.body);
  const { code } = filed.json();
  const tokenRes = await app.inject({ url: '/api/v1/csrf-token', headers: { cookie: receiver } });
  const cookie = [receiver, ...tokenRes.cookies.map((c) => `${c.name}=${c.value}`)].join('; ');
  const csrf = tokenRes.json().token;
  assert.equal(typeof csrf, 'string', tokenRes.body);
  const upload = async (
    fields: Record<string, string>,
    name: string,
    bytes: Uint8Array,
    withToken = true,
    as = { cookie, csrf },
  ) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([Buffer.from(bytes)]), name);
    const req = new Request('http://x/', { method: 'POST', body: form });
    return app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${code}/attachments`,
      headers: {
        cookie: as.cookie,
        'content-type': req.headers.get('content-type') ?? '',
        ...(withToken ? { 'x-csrf-token': as.csrf } : {}),
      },
      payload: Buffer.from(await req.arrayBuffer()),
    });
  };
  const { pdfBytes } = await import('../../../test/fixtures/files.ts');
  assert.equal(
    (await upload({ kind: 'paper', paperName: 'Giấy chứng sinh' }, 'chung-sinh.pdf', await pdfBytes(), false))
      .statusCode,
    403,
    'no CSRF token, no upload',
  );
  const lie = await upload(
    { kind: 'paper' },
    'giay-chung-sinh.pdf',
    new TextEncoder().encode('<html><script>alert(1)</script></html>'),
  );
  assert.equal(lie.statusCode, 415);
  assert.match(lie.json().error.message, /Định dạng tệp không được chấp nhận/);
  const empty = await upload({ kind: 'paper' }, 'rong.pdf', new Uint8Array());
  assert.equal(empty.statusCode, 400);
  const traversal = await upload(
    { kind: 'paper', paperName: 'Giấy chứng sinh' },
    '../../etc/passwd.pdf',
    await pdfBytes(),
  );
  assert.equal(traversal.statusCode, 201, traversal.body);
  assert.equal(traversal.json().fileName, 'passwd.pdf');

  // Walk to the step where the result is attached: reception steps are done by the centre.
  const act = (who: string, action: string, payload: Record<string, unknown> = {}) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${code}/actions/${action}`,
      headers: { cookie: who },
      payload,
    });
  const specialist = await staff('chuyenvien.minhxuan');
  const leader = await staff('lanhdao.minhxuan');
  assert.equal((await act(receiver, 'complete_step', { stepIndex: 0 })).statusCode, 200);
  assert.equal((await act(specialist, 'complete_step', { stepIndex: 1 })).statusCode, 200);
  const noResult = await act(leader, 'approve');
  assert.equal(noResult.statusCode, 409, 'nothing to approve yet');
  assert.equal(noResult.json().error.code, 'APPROVAL_RESULT_REQUIRED');
  // The province hotline operator adds no result: for another agency the dossier does not exist.
  const tongdai = await withCsrf(await staff('tongdai.tinh'));
  const forged = await upload({ kind: 'result', sign: 'true' }, 'forged.pdf', await pdfBytes('Gia mao'), true, tongdai);
  assert.equal(forged.statusCode, 404, forged.body);
  const png = await upload({ kind: 'result' }, 'ket-qua.pdf', pngBytes(), true, await withCsrf(leader));
  assert.equal(png.statusCode, 415, png.body);
  assert.equal(png.json().error.code, 'ATTACHMENT_RESULT_NOT_PDF');
  const draftResult = await upload(
    { kind: 'result' },
    'du-thao.pdf',
    await pdfBytes('Du thao'),
    true,
    await withCsrf(leader),
  );
  assert.equal(draftResult.statusCode, 201, draftResult.body);
  assert.equal((await act(leader, 'approve')).statusCode, 200);
  assert.equal((await act(receiver, 'complete_step', { stepIndex: 3 })).statusCode, 200);
  const result = await upload({ kind: 'result', sign: 'true' }, 'giay-khai-sinh.pdf', await pdfBytes('Giay khai sinh'));
  assert.equal(result.statusCode, 201, result.body);
  assert.equal(result.json().signed, true);
  const report = await app.inject({
    url: `/api/v1/dossiers/${code}/attachments/${result.json().id}/signatures`,
    headers: { cookie: receiver },
  });
  assert.equal(report.statusCode, 200, report.body);
  assert.equal(report.json()[0].integrityValid, true);
  assert.match(report.json()[0].signerSubject, /Minh Xuân/);
  const ready = await act(receiver, 'attach_result', { attachmentIds: [result.json().id], electronic: true });
  assert.equal(ready.json().state, 'result_ready');
  const download = await app.inject({
    url: `/api/v1/dossiers/${code}/attachments/${result.json().id}`,
    headers: { cookie: receiver },
  });
  assert.equal(download.statusCode, 200);
  const file = path.join(dir, 'result.pdf');
  writeFileSync(file, download.rawPayload);
  assert.match(spawnSync('pdfsig', [file], { encoding: 'utf8' }).stdout, /Signature is Valid\./);
});

test('the supplement request (Mẫu 02) and the control sheet (Mẫu 06) come from the dossier record', async () => {
  const receiver = await staff('tiepnhan.minhxuan');
  const procedure = (await app.inject({ url: '/api/v1/procedures/1.001193' })).json();
  const commune = procedure.agencies.find((a: { name: string }) => /Minh Xuân/.test(a.name));
  const formData: Record<string, string> = {};
  for (const f of procedure.eform)
    if (f.required)
      formData[f.key] = f.type === 'choice' ? f.options[0] : f.type === 'date' ? '2026-11-01' : 'Sùng Thị Mỷ';
  const filed = await app.inject({
    method: 'POST',
    url: '/api/v1/dossiers',
    headers: { cookie: receiver },
    payload: {
      procedure: '1.001193',
      agencyId: commune.id,
      applicant: { type: 'citizen', fullName: 'Sùng Thị Mỷ', phone: '0941234567' },
      formData,
    },
  });
  const { code } = filed.json();
  const none = await app.inject({
    url: `/api/v1/dossiers/${code}/slips/supplement-request.pdf`,
    headers: { cookie: receiver },
  });
  assert.equal(none.statusCode, 409);
  const asked = await app.inject({
    method: 'POST',
    url: `/api/v1/dossiers/${code}/actions/request_supplement`,
    headers: { cookie: receiver },
    payload: { missingPapers: [{ name: 'Giấy chứng sinh do cơ sở y tế cấp', reason: 'Bản chụp không rõ dấu đỏ' }] },
  });
  assert.equal(asked.statusCode, 200, asked.body);
  for (const [kind, expected] of [
    ['supplement-request', /yêu cầu bổ sung, hoàn thiện hồ sơ/i],
    ['control-sheet', /kiểm soát quá trình giải quyết hồ sơ/i],
  ] as const) {
    const res = await app.inject({ url: `/api/v1/dossiers/${code}/slips/${kind}.pdf`, headers: { cookie: receiver } });
    assert.equal(res.statusCode, 200, res.body);
    const file = path.join(dir, `${kind}.pdf`);
    writeFileSync(file, res.rawPayload);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).normalize('NFC');
    assert.match(text, expected);
    if (kind === 'supplement-request') assert.match(text, /Giấy chứng sinh do cơ sở y tế cấp/);
    // Issue 13.10: a slip is issued sealed by its agency unless ?signed=false is asked.
    assert.match(res.rawPayload.toString('latin1'), /\/ByteRange/u, `${kind} is signed by default`);
  }
  const unsigned = await app.inject({
    url: `/api/v1/dossiers/${code}/slips/control-sheet.pdf?signed=false`,
    headers: { cookie: receiver },
  });
  assert.doesNotMatch(unsigned.rawPayload.toString('latin1'), /\/ByteRange/u);
});

test('the register (Mẫu 07) lists the agency’s dossiers as Excel', async () => {
  const receiver = await staff('tiepnhan.minhxuan');
  const res = await app.inject({
    url: '/api/v1/dossier-register.xlsx?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z',
    headers: { cookie: receiver },
  });
  assert.equal(res.statusCode, 200, res.body);
  const ExcelJS = (await import('exceljs')).default;
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const text = JSON.stringify(book.worksheets[0]?.getSheetValues());
  assert.match(text, /Sùng Thị Mỷ|Giàng A Sử|Nguyễn Thị Hoa/);
  const anon = await app.inject({
    url: '/api/v1/dossier-register.xlsx?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z',
  });
  assert.equal(anon.statusCode, 401);
});

test('a citizen stages a scan, keeps a draft, edits it and submits it by its id; OpenAPI documents each action', async () => {
  const me = await registerCitizen(app, t.db, {
    login: 'lo.van.sang@example.vn',
    password: 'MatKhau@2026',
    displayName: 'Lò Văn Sáng',
  });
  assert.equal(me.statusCode, 201, me.body);
  const tokenRes = await app.inject({ url: '/api/v1/csrf-token', headers: { cookie: await cookieOf(me) } });
  const cookie = [await cookieOf(me), ...tokenRes.cookies.map((c) => `${c.name}=${c.value}`)].join('; ');
  const { pdfBytes } = await import('../../../test/fixtures/files.ts');
  const form = new FormData();
  form.append('paperName', 'Giấy chứng sinh');
  form.append('file', new Blob([Buffer.from(await pdfBytes('Chung sinh'))]), 'chung-sinh.pdf');
  const req = new Request('http://x/', { method: 'POST', body: form });
  const staged = await app.inject({
    method: 'POST',
    url: '/api/v1/attachments',
    headers: { cookie, 'content-type': req.headers.get('content-type') ?? '', 'x-csrf-token': tokenRes.json().token },
    payload: Buffer.from(await req.arrayBuffer()),
  });
  assert.equal(staged.statusCode, 201, staged.body);
  assert.equal(staged.json().paperName, 'Giấy chứng sinh');
  const procedure = (await app.inject({ url: '/api/v1/procedures/1.001193' })).json();
  const commune = procedure.agencies.find((a: { name: string }) => /Minh Xuân/.test(a.name));
  const draft = await app.inject({
    method: 'POST',
    url: '/api/v1/dossiers',
    headers: { cookie, 'idempotency-key': 'nhap-lo-van-sang-1' },
    payload: {
      procedure: '1.001193',
      agencyId: commune.id,
      applicant: { type: 'citizen', fullName: 'Lò Văn Sáng', phone: '0987000111' },
      papers: [{ attachmentId: staged.json().id }],
      submit: false,
    },
  });
  assert.equal(draft.statusCode, 201, draft.body);
  assert.equal(draft.json().state, 'draft');
  assert.equal(draft.json().attachments.length, 1);
  const { id } = draft.json();
  const formData: Record<string, string> = {};
  for (const f of procedure.eform)
    if (f.required)
      formData[f.key] = f.type === 'choice' ? f.options[0] : f.type === 'date' ? '2026-11-01' : 'Lò Thị Mai';
  const edited = await app.inject({
    method: 'PUT',
    url: `/api/v1/dossiers/${id}`,
    headers: { cookie },
    payload: { formData, papers: await requiredPapers(await cookieOf(me), procedure) },
  });
  assert.equal(edited.statusCode, 200, edited.body);
  const submitted = await app.inject({
    method: 'POST',
    url: `/api/v1/dossiers/${id}/actions/submit`,
    headers: { cookie, 'idempotency-key': 'nop-lo-van-sang-1' },
  });
  assert.equal(submitted.statusCode, 200, submitted.body);
  assert.equal(submitted.json().state, 'submitted');
  assert.match(submitted.json().code, /-\d{6}-\d{4}$/);
  const again = await app.inject({
    method: 'POST',
    url: `/api/v1/dossiers/${id}/actions/submit`,
    headers: { cookie, 'idempotency-key': 'nop-lo-van-sang-1' },
  });
  assert.deepEqual(again.json(), submitted.json(), 'a retried submission answers the same');
  const unknown = await app.inject({
    method: 'POST',
    url: `/api/v1/dossiers/${id}/actions/teleport`,
    headers: { cookie },
  });
  assert.equal(unknown.statusCode, 404);
  const badBody = await app.inject({
    method: 'POST',
    url: `/api/v1/dossiers/${submitted.json().code}/actions/withdraw`,
    headers: { cookie },
    payload: { reason: 5, extra: true },
  });
  assert.equal(badBody.statusCode, 400);
  const docs = (await app.inject({ url: '/api/docs/json' })).json();
  for (const action of ['receive', 'request_supplement', 'apologise_extend', 'attach_result', 'deliver']) {
    const route = docs.paths[`/api/v1/dossiers/{code}/actions/${action}`];
    assert.ok(route?.post, `${action} is documented`);
  }
  assert.ok(docs.paths['/api/v1/dossiers/{code}/actions/request_supplement'].post.requestBody);
  assert.ok(docs.paths['/api/v1/track/{code}'].get.responses['200']);
});

test('every dossier the API made folds back from its action log to its stored snapshot', async () => {
  assert.deepEqual(await replayAllDossiers(t.db, { provinceCode: '08' }), []);
});
