import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { ZaloStandIn } from '../../../test/standins/zalo/server.ts';
import { createTestDb, type TestDb } from '../db/testing.ts';
import { emailChannel, smsChannel, zaloChannel, znsChannel } from './channels.ts';
import { backoffMs, type Channel, dispatchOutbox, enqueue, type OutboxInput, outbox } from './index.ts';
import { renderEmail, renderSms } from './templates.ts';
import { ZaloClient } from './zalo/client.ts';
import { zaloTokens } from './zalo/schema.ts';
import { createPkcePair, ZaloTokenStore } from './zalo/tokens.ts';

// Dispatch instants after the real clock: rows are due from their insertion time (now()).
const T0 = Date.now() + 60_000;
const later = (minutes: number) => new Date(T0 + minutes * 60_000);

let t: TestDb;
let zalo: ZaloStandIn;
let client: ZaloClient;
let tokens: ZaloTokenStore;
before(async () => {
  t = await createTestDb();
  zalo = await ZaloStandIn.start();
  tokens = new ZaloTokenStore({
    db: t.db,
    oaId: zalo.oaId,
    appId: zalo.appId,
    appSecret: zalo.appSecret,
    oauthBase: zalo.url,
    // As the app wires it: a row lock on PostgreSQL, the in-memory pair on the embedded PGlite.
    lock: t.kind === 'postgres' ? 'database' : 'process',
  });
  const { codeVerifier, codeChallenge } = createPkcePair();
  // Connecting keeps the pair in memory, as the app does at start (tokens.load()).
  await tokens.exchangeAuthorizationCode(zalo.issueAuthorizationCode(codeChallenge), codeVerifier);
  client = new ZaloClient({ tokens, apiBase: zalo.url, znsBase: zalo.url });
});
after(async () => {
  await zalo.close();
  await t.close();
});

const row = async (dedupeKey: string) => (await t.db.select().from(outbox).where(eq(outbox.dedupeKey, dedupeKey)))[0];

async function deliver(
  input: Omit<OutboxInput, 'provinceCode' | 'topic'> & { topic?: string },
  channels: Record<string, Channel>,
  now: Date,
) {
  await enqueue(t.db, { provinceCode: '08', topic: 'dossier.received', ...input });
  return dispatchOutbox(t.db, channels, { now, maxAttempts: 3 });
}

const vars = {
  recipientName: 'Nguyễn Văn <An>',
  agencyName: 'Trung tâm Phục vụ hành chính công tỉnh Tuyên Quang',
  dossierCode: '000.00.12.H56-261123-0001',
  procedureName: 'Đăng ký khai sinh',
  dueAt: new Date('2026-11-25T09:00:00Z'),
  trackingUrl: 'https://dichvucong.tuyenquang.gov.vn/tra-cuu?ma=000.00.12.H56-261123-0001',
};

test('a Zalo message in the outbox reaches the OA API and is marked sent', async () => {
  const now = later(60);
  const result = await deliver(
    {
      channel: 'zalo',
      recipient: '5510185758261927916',
      payload: { text: 'Hồ sơ đã được tiếp nhận.' },
      dedupeKey: 'zalo-1',
    },
    { zalo: zaloChannel(client) },
    now,
  );
  assert.equal(result.sent, 1);
  assert.equal((await row('zalo-1'))?.status, 'sent');
  assert.deepEqual(zalo.requestsTo('/v3.0/oa/message/cs').at(-1)?.body, {
    recipient: { user_id: '5510185758261927916' },
    message: { text: 'Hồ sơ đã được tiếp nhận.' },
  });
  await deliver(
    {
      channel: 'zalo',
      payload: { userId: '77', requestUserInfo: { title: 'Mở Cửa', subtitle: 'Chia sẻ số điện thoại' } },
      dedupeKey: 'zalo-2',
    },
    { zalo: zaloChannel(client) },
    now,
  );
  const body = zalo.requestsTo('/v3.0/oa/message/cs').at(-1)?.body as {
    message: { attachment: { payload: { template_type: string } } };
  };
  assert.equal(body.message.attachment.payload.template_type, 'request_user_info');
});

test('an access token refused during dispatch is refreshed there without blocking the database', async () => {
  const before = (await t.db.select().from(zaloTokens).where(eq(zaloTokens.oaId, zalo.oaId)))[0];
  zalo.expireAccessTokens();
  const result = await deliver(
    {
      channel: 'zalo',
      recipient: '5510185758261927916',
      payload: { text: 'Kết quả đã có.' },
      dedupeKey: 'zalo-refresh',
    },
    { zalo: zaloChannel(client) },
    later(90),
  );
  assert.equal(result.sent, 1);
  await tokens.flush();
  const after = (await t.db.select().from(zaloTokens).where(eq(zaloTokens.oaId, zalo.oaId)))[0];
  assert.equal(after?.version, (before?.version ?? 0) + 1);
  assert.equal(zalo.requestsTo('/v3.0/oa/message/cs').at(-1)?.headers.access_token, after?.accessToken);
});

test('a ZNS message the stand-in keeps failing is retried with backoff, then dead-lettered', async () => {
  let now = later(120);
  zalo.failNext(3, { paths: ['/message/template'] });
  const zns = { zns: znsChannel(client) };
  await deliver(
    {
      channel: 'zns',
      recipient: '0912345678',
      payload: { templateId: '231095', templateData: { ma_ho_so: vars.dossierCode } },
      dedupeKey: 'zns-fail',
    },
    zns,
    now,
  );
  for (let attempt = 1; attempt <= 3; attempt++) {
    const r = await row('zns-fail');
    assert.equal(r?.attempts, attempt);
    assert.match(r?.lastError ?? '', /HTTP 502/);
    if (attempt === 3) {
      assert.equal(r?.status, 'dead');
      break;
    }
    assert.equal(r?.status, 'pending');
    assert.equal(r?.nextAttemptAt.getTime(), now.getTime() + backoffMs(attempt));
    now = r?.nextAttemptAt ?? now;
    await dispatchOutbox(t.db, zns, { now, maxAttempts: 3 });
  }
  assert.equal(zalo.requestsTo('/message/template').length, 3);
});

test('a ZNS message that fails once is sent on the next attempt, with the outbox id as tracking id', async () => {
  let now = later(180);
  zalo.failNext(1, { paths: ['/message/template'] });
  const zns = { zns: znsChannel(client) };
  const first = await deliver(
    {
      channel: 'zns',
      recipient: '+84 912 345 678',
      payload: { templateId: '231095', templateData: { ma_ho_so: vars.dossierCode } },
      dedupeKey: 'zns-once',
    },
    zns,
    now,
  );
  assert.equal(first.retried, 1);
  now = (await row('zns-once'))?.nextAttemptAt ?? now;
  assert.equal((await dispatchOutbox(t.db, zns, { now })).sent, 1);
  const sent = await row('zns-once');
  assert.equal(sent?.status, 'sent');
  assert.deepEqual(zalo.requestsTo('/message/template').at(-1)?.body, {
    phone: '84912345678',
    template_id: '231095',
    template_data: { ma_ho_so: vars.dossierCode },
    tracking_id: String(sent?.id),
  });
});

test('a failure that cannot succeed later is dead-lettered at once', async () => {
  const now = later(240);
  zalo.denyFeature('/v3.0/oa/message/transaction');
  zalo.denyFeature('/v3.0/oa/message/cs');
  const requests = zalo.requests.length;
  await deliver(
    { channel: 'zalo', recipient: '1', payload: { text: 'x' }, dedupeKey: 'tier' },
    { zalo: zaloChannel(client) },
    now,
  );
  const tier = await row('tier');
  assert.equal(tier?.status, 'dead');
  assert.equal(tier?.attempts, 1);
  assert.match(tier?.lastError ?? '', /-224/);
  // A fixed line has no Zalo: refused before any request.
  await deliver(
    { channel: 'zns', recipient: '02439412345', payload: { templateId: '1', templateData: {} }, dedupeKey: 'landline' },
    { zns: znsChannel(client) },
    now,
  );
  assert.equal((await row('landline'))?.status, 'dead');
  // A payload the channel cannot read is a programming error, never retried.
  await deliver(
    { channel: 'zns', recipient: '0912345678', payload: { templateData: {} }, dedupeKey: 'no-template' },
    { zns: znsChannel(client) },
    now,
  );
  assert.equal((await row('no-template'))?.status, 'dead');
  assert.equal(zalo.requests.length, requests + 1);
});

test('an e-mail reaches a real SMTP server with its Vietnamese subject intact', async () => {
  const messages: Buffer[] = [];
  const envelopes: string[][] = [];
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('khong-ton-tai@')) {
        callback(Object.assign(new Error('5.1.1 Mailbox does not exist'), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push(Buffer.concat(chunks));
        envelopes.push(session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  try {
    const port = (smtp.server.address() as AddressInfo).port;
    const email = emailChannel({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: '"Một cửa Tuyên Quang" <noreply@tuyenquang.gov.vn>',
    });
    const now = later(300);
    const content = renderEmail('dossier.received', vars);
    await deliver(
      { channel: 'email', recipient: 'An.Nguyen@Example.vn', payload: content, dedupeKey: 'mail-1' },
      { email },
      now,
    );
    const sent = await row('mail-1');
    assert.equal(sent?.status, 'sent', sent?.lastError ?? '');
    const [raw] = messages;
    assert.ok(raw);
    const headerBlock = raw.toString('latin1').split('\r\n\r\n')[0] ?? '';
    assert.match(headerBlock, /^Subject: =\?UTF-8\?[BQ]\?/im, 'the subject is RFC 2047 encoded');
    const mail = await simpleParser(raw);
    assert.equal(mail.subject, 'Hồ sơ 000.00.12.H56-261123-0001 đã được tiếp nhận');
    assert.equal(mail.messageId, `<outbox-${sent?.id}@tuyenquang.gov.vn>`);
    assert.deepEqual(envelopes[0], ['an.nguyen@example.vn']);
    assert.match(mail.text ?? '', /Ngày hẹn trả kết quả: 25\/11\/2026 16:00\./);
    assert.match(String(mail.html), /Nguyễn Văn &#60;An&#62;/);
    // A mailbox the server refuses (550) will never accept: dead at once.
    await deliver(
      { channel: 'email', recipient: 'khong-ton-tai@example.vn', payload: content, dedupeKey: 'mail-550' },
      { email },
      now,
    );
    const refused = await row('mail-550');
    assert.equal(refused?.status, 'dead');
    assert.match(refused?.lastError ?? '', /550|Mailbox/);
  } finally {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }
});

test('an SMS goes to the gateway as {to, text} with the bearer token; 5xx is retried, 4xx is final', async () => {
  const calls: Array<{ headers: IncomingHttpHeaders; body: unknown }> = [];
  let status = 202;
  const gateway = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      calls.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{"id":"sms-1"}');
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  try {
    const sms = smsChannel({
      url: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`,
      token: 'gw-token',
    });
    let now = later(360);
    const text = renderSms('dossier.received', vars).text;
    await deliver({ channel: 'sms', recipient: '0912 345 678', payload: { text }, dedupeKey: 'sms-1' }, { sms }, now);
    const sent = await row('sms-1');
    assert.equal(sent?.status, 'sent');
    assert.deepEqual(calls[0]?.body, { to: '+84912345678', text });
    assert.equal(calls[0]?.headers.authorization, 'Bearer gw-token');
    assert.equal(calls[0]?.headers['idempotency-key'], `outbox-${sent?.id}`);

    status = 503;
    await deliver({ channel: 'sms', recipient: '0987654321', payload: { text }, dedupeKey: 'sms-503' }, { sms }, now);
    assert.equal((await row('sms-503'))?.status, 'pending');
    status = 200;
    now = (await row('sms-503'))?.nextAttemptAt ?? now;
    await dispatchOutbox(t.db, { sms }, { now });
    assert.equal((await row('sms-503'))?.status, 'sent');
    // The retry carries the same idempotency key, so the gateway can drop a duplicate.
    assert.equal(calls.at(-1)?.headers['idempotency-key'], calls.at(-2)?.headers['idempotency-key']);

    status = 400;
    await deliver({ channel: 'sms', recipient: '0987654322', payload: { text }, dedupeKey: 'sms-400' }, { sms }, now);
    assert.equal((await row('sms-400'))?.status, 'dead');
  } finally {
    await new Promise((resolve) => gateway.close(resolve));
  }
});
