import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { ZaloStandIn } from '../../../../test/standins/zalo/server.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { type SignatureResult, verifyZaloSignature, ZaloReplayGuard, zaloEventKey } from './signature.ts';

let t: TestDb;
let zalo: ZaloStandIn;
before(async () => {
  t = await createTestDb();
  zalo = await ZaloStandIn.start();
});
after(async () => {
  await zalo.close();
  await t.close();
});

const verify = (rawBody: string, header: string | undefined): SignatureResult =>
  verifyZaloSignature({
    rawBody: Buffer.from(rawBody, 'utf8'),
    header,
    appId: zalo.appId,
    oaSecretKey: zalo.oaSecretKey,
  });

test('an event signed as Zalo signs it is accepted, with or without the mac= prefix', () => {
  const body = JSON.stringify(zalo.events.userSendText('5510185758261927916', 'Cho tôi hỏi hồ sơ đến đâu rồi ạ?'));
  const header = zalo.signature(body);
  assert.match(header, /^mac=[0-9a-f]{64}$/);
  for (const h of [header, header.slice(4), header.toUpperCase().replace('MAC=', 'mac=')]) {
    const result = verify(body, h);
    assert.equal(result.ok, true, h);
    if (result.ok) assert.equal(result.event.message?.text, 'Cho tôi hỏi hồ sơ đến đâu rồi ạ?');
  }
});

test('a body changed by one byte, another secret or another app id is a mismatch', () => {
  const body = JSON.stringify(zalo.events.userSendText('5510185758261927916', 'Xin chào'));
  const header = zalo.signature(body);
  assert.deepEqual(verify(body.replace('Xin chào', 'Xin chàO'), header), { ok: false, reason: 'mismatch' });
  const raw = Buffer.from(body);
  assert.deepEqual(
    verifyZaloSignature({ rawBody: raw, header, appId: zalo.appId, oaSecretKey: 'app-secret-standin' }),
    { ok: false, reason: 'mismatch' },
  );
  assert.deepEqual(verifyZaloSignature({ rawBody: raw, header, appId: '999', oaSecretKey: zalo.oaSecretKey }), {
    ok: false,
    reason: 'mismatch',
  });
});

test('the raw bytes are hashed: the same JSON re-serialised with other spacing does not verify', () => {
  const event = zalo.events.follow('1646843870823903717');
  const spaced = JSON.stringify(event, null, 2);
  const header = zalo.signature(spaced);
  assert.equal(verify(spaced, header).ok, true);
  assert.deepEqual(verify(JSON.stringify(event), header), { ok: false, reason: 'mismatch' });
});

test('a missing header is "missing"; a header or body that cannot be checked is "malformed"', () => {
  const body = JSON.stringify(zalo.events.follow('1646843870823903717'));
  assert.deepEqual(verify(body, undefined), { ok: false, reason: 'missing' });
  assert.deepEqual(verify(body, '  '), { ok: false, reason: 'missing' });
  assert.deepEqual(verify(body, 'mac=xyz'), { ok: false, reason: 'malformed' });
  assert.deepEqual(verify('not json', zalo.signature(body)), { ok: false, reason: 'malformed' });
  const noTimestamp = JSON.stringify({ event_name: 'follow' });
  assert.deepEqual(verify(noTimestamp, `mac=${'0'.repeat(64)}`), { ok: false, reason: 'malformed' });
});

test('an event POSTed by the stand-in verifies from the raw request body and header', async () => {
  const seen: SignatureResult[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const header = req.headers['x-zevent-signature'];
      seen.push(
        verifyZaloSignature({
          rawBody: Buffer.concat(chunks),
          header: typeof header === 'string' ? header : undefined,
          appId: zalo.appId,
          oaSecretKey: zalo.oaSecretKey,
        }),
      );
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zalo`;
    const info = zalo.events.userSubmitInfo('5510185758261927916', { name: 'Nguyễn Thị Hằng', phone: '84912345678' });
    const answer = await zalo.postWebhook(url, info);
    assert.equal(answer.status, 200);
    const [result] = seen;
    assert.ok(result?.ok);
    assert.equal(result.event.event_name, 'user_submit_info');
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test('a replayed message id is refused, across guards sharing the database', async () => {
  const now = Date.parse('2026-11-23T02:00:00Z');
  const a = new ZaloReplayGuard(t.db, { now: () => new Date(now) });
  const b = new ZaloReplayGuard(t.db, { now: () => new Date(now + 30_000) });
  const event = zalo.events.userSendText('5510185758261927916', 'Xin chào', { at: now, msgId: 'e2a641af6661713b2874' });
  assert.deepEqual(await a.check(event), { ok: true });
  assert.deepEqual(await b.check(event), { ok: false, reason: 'duplicate' });
  // Two deliveries of the same message at once: exactly one wins.
  const twin = zalo.events.userSendText('5510185758261927916', 'Xin chào', { at: now, msgId: 'f3af2263f0673c3f6570' });
  const results = await Promise.all([a.check(twin), b.check(twin), a.check(twin)]);
  assert.equal(results.filter((r) => r.ok).length, 1);
});

test('an event outside the timestamp window, in the past or the future, is refused as stale', async () => {
  const now = Date.parse('2026-11-23T02:00:00Z');
  const guard = new ZaloReplayGuard(t.db, { now: () => new Date(now), windowMs: 5 * 60_000 });
  const old = zalo.events.userSendText('1', 'cũ', { at: now - 5 * 60_000 - 1 });
  const future = zalo.events.userSendText('1', 'tương lai', { at: now + 5 * 60_000 + 1 });
  const edge = zalo.events.userSendText('1', 'vừa kịp', { at: now - 5 * 60_000 });
  assert.deepEqual(await guard.check(old), { ok: false, reason: 'stale' });
  assert.deepEqual(await guard.check(future), { ok: false, reason: 'stale' });
  assert.deepEqual(await guard.check(edge), { ok: true });
});

test('events without a message id are keyed by name, timestamp and sender', async () => {
  const now = Date.parse('2026-11-23T03:00:00Z');
  const guard = new ZaloReplayGuard(t.db, { now: () => new Date(now) });
  const follow = zalo.events.follow('1646843870823903717', { at: now });
  assert.equal(zaloEventKey(follow), `evt:follow:${now}:1646843870823903717`);
  assert.deepEqual(await guard.check(follow), { ok: true });
  assert.deepEqual(await guard.check({ ...follow }), { ok: false, reason: 'duplicate' });
  assert.deepEqual(await guard.check(zalo.events.follow('42', { at: now })), { ok: true });
  // A ZNS delivery receipt carries msg_id at the top level.
  assert.equal(
    zaloEventKey({ event_name: 'user_received_message', timestamp: '1', msg_id: 'a4d0243f' }),
    'msg:a4d0243f',
  );
});

test('cleanup deletes only keys too old for their events to pass the timestamp check', async () => {
  let now = Date.parse('2026-11-24T00:00:00Z');
  const guard = new ZaloReplayGuard(t.db, { now: () => new Date(now), windowMs: 60_000 });
  await guard.check(zalo.events.userSendText('7', 'một', { at: now, msgId: 'cleanup-1' }));
  now += 90_000;
  await guard.check(zalo.events.userSendText('7', 'hai', { at: now, msgId: 'cleanup-2' }));
  now += 60_000;
  const before = await guard.size();
  assert.equal(await guard.cleanup(), before - 1);
  // The younger key is kept, so its duplicate is still refused.
  assert.deepEqual(await guard.check(zalo.events.userSendText('7', 'hai', { at: now - 30_000, msgId: 'cleanup-2' })), {
    ok: false,
    reason: 'duplicate',
  });
});
