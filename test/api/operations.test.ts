/**
 * Issue 19.5, operations: every log line of a request carries its request id, the lines of a
 * request that changed a dossier name it, and none holds a value the caller sent; /metrics
 * shows the business figures after real filings, actions and feedback, read from the database
 * where the truth is there (the outbox, the national portal's queue).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { seededApp } from '../../src/web/testing.ts';

const lines: Record<string, unknown>[] = [];
const stream = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
let s: Awaited<ReturnType<typeof seededApp>>;
let app: FastifyInstance;

before(async () => {
  s = await seededApp({}, { level: 'info', stream });
  app = s.app;
});
after(() => s.close());

const cookieOf = (res: { cookies: Array<{ name: string; value: string }> }) =>
  res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');

async function staff(login: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { login, password: 'MoCua@2026' },
  });
  assert.equal(res.statusCode, 200, res.body);
  return cookieOf(res);
}

// Values a caller sends: none may reach a log line or a metric label.
const SECRET_NAME = 'Sùng Thị Mỷ Riêngtư';
const SECRET_PHONE = '0941234599';

let code = '';
let fileRequestId = '';
let actionRequestId = '';

test('a counter filing, an action (sent twice) and a feedback item', async () => {
  const receiver = await staff('tiepnhan.minhxuan');
  const procedure = (await app.inject({ url: '/api/v1/procedures/1.001193' })).json();
  const commune = procedure.agencies.find((a: { name: string }) => /Minh Xuân/.test(a.name));
  const formData: Record<string, string> = {};
  for (const f of procedure.eform)
    if (f.required)
      formData[f.key] = f.type === 'choice' ? f.options[0] : f.type === 'date' ? '2026-11-01' : SECRET_NAME;
  const filed = await app.inject({
    method: 'POST',
    url: '/api/v1/dossiers',
    headers: { cookie: receiver, 'x-request-id': 'ops-file-0001' },
    payload: {
      procedure: '1.001193',
      agencyId: commune.id,
      applicant: { type: 'citizen', fullName: SECRET_NAME, phone: SECRET_PHONE },
      formData,
    },
  });
  assert.equal(filed.statusCode, 201, filed.body);
  code = filed.json().code;
  fileRequestId = String(filed.headers['x-request-id']);
  assert.equal(fileRequestId, 'ops-file-0001');
  for (let i = 0; i < 2; i++) {
    const asked = await app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${code}/actions/request_supplement`,
      headers: { cookie: receiver, 'idempotency-key': 'ops-supplement-1' },
      payload: { missingPapers: [{ name: 'Giấy chứng sinh do cơ sở y tế cấp', reason: 'Bản chụp không rõ dấu đỏ' }] },
    });
    assert.equal(asked.statusCode, 200, asked.body);
    if (i === 0) actionRequestId = String(asked.headers['x-request-id']);
  }
  const feedback = await app.inject({
    method: 'POST',
    url: '/api/v1/feedback',
    payload: {
      kind: 'report',
      categoryCode: 'moi-truong',
      subject: 'Rác thải ở tổ 5',
      content: 'Rác thải tồn đọng ba ngày chưa được thu gom ở tổ 5.',
      sender: { fullName: SECRET_NAME, phone: SECRET_PHONE, address: 'Tổ 5, phường Minh Xuân' },
    },
  });
  assert.equal(feedback.statusCode, 201, feedback.body);
});

test('every log line of a request carries its request id; the lines of a change name the dossier; no value is logged', () => {
  const ofFiling = lines.filter((l) => l.reqId === fileRequestId);
  assert.ok(ofFiling.length >= 2, 'incoming request and request completed');
  const completed = ofFiling.find((l) => l.msg === 'request completed');
  assert.equal(completed?.record, `dossier:${code}`);
  const ofAction = lines.filter((l) => l.reqId === actionRequestId);
  assert.equal(ofAction.find((l) => l.msg === 'request completed')?.record, `dossier:${code}`);
  // A request that changed nothing names no record.
  const lookup = lines.find((l) => (l.req as { route?: string } | undefined)?.route === '/api/v1/procedures/:id');
  assert.ok(lookup);
  assert.equal(lines.find((l) => l.reqId === lookup.reqId && l.msg === 'request completed')?.record, undefined);
  for (const line of lines.filter((l) => 'req' in l || 'res' in l)) assert.equal(typeof line.reqId, 'string');
  const all = JSON.stringify(lines);
  assert.doesNotMatch(all, /Riêngtư|0941234599|MoCua@2026/);
});

/** The value of one series of /metrics, or undefined when it is not there. */
function seriesValue(text: string, series: string): number | undefined {
  const escaped = series.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`^${escaped} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

test('/metrics: filings by channel, actions by action (a replay not counted), feedback, outbox, dead letters, national sync', async () => {
  // What the database says, to compare with.
  const [outbox] = (
    await s.db.executeSql(`select count(*)::int as n from outbox where status = 'pending' and channel = 'event'`)
  ).rows as { n: number }[];
  await s.db.db.execute(
    sql`update outbox set status = 'dead', last_error = 'gone' where id = (select min(id) from outbox where channel = 'event')`,
  );
  const [dossier] = (await s.db.executeSql(`select id from dossiers where code = $1`, [code])).rows as { id: string }[];
  await s.db.db.execute(sql`insert into national_dossier_sync (dossier_id, province_code, dossier_code, queued_seq, sent_seq, payload, updated_at)
    values (${dossier?.id}::uuid, '08', ${code}, 3, 1, '{}'::jsonb, now() - interval '90 seconds')`);

  const res = await app.inject({ url: '/metrics' });
  assert.equal(res.statusCode, 200);
  const text = res.body;
  assert.equal(seriesValue(text, 'mocua_filings_total{channel="counter"}'), 1);
  assert.equal(seriesValue(text, 'mocua_filings_total{channel="online"}'), undefined);
  assert.equal(seriesValue(text, 'mocua_dossier_actions_total{action="request_supplement"}'), 1);
  assert.equal(seriesValue(text, 'mocua_feedback_items_total{channel="portal"}'), 1);
  assert.ok((outbox?.n ?? 0) >= 2, 'the filing and the action wrote events');
  assert.equal(seriesValue(text, 'mocua_outbox_pending{channel="event"}'), (outbox?.n ?? 0) - 1);
  assert.ok((seriesValue(text, 'mocua_outbox_lag_seconds') ?? -1) >= 0);
  assert.equal(seriesValue(text, 'mocua_outbox_dead{channel="event"}'), 1);
  assert.equal(seriesValue(text, 'mocua_national_sync_pending'), 1);
  assert.ok((seriesValue(text, 'mocua_national_sync_lag_seconds') ?? 0) >= 90);
  assert.doesNotMatch(text, /Riêngtư|0941234599/);
});
