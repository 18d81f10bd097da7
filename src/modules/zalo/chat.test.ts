/**
 * The Zalo journey, driven by signed webhook events from the Zalo stand-in: the webhook checks
 * the signature and replays, answers at once, and the background chat answers through the
 * outbox and the real Zalo client, against the stand-in's OA API.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { ZaloStandIn } from '../../../test/standins/zalo/server.ts';
import { loadConfig } from '../../platform/config.ts';
import { rows } from '../../platform/db/index.ts';
import { createHttpApp } from '../../platform/http/app.ts';
import { zaloChannel } from '../../platform/notify/channels.ts';
import { dispatchOutbox, outbox } from '../../platform/notify/index.ts';
import { subscribersOf } from '../../platform/notify/preferences.ts';
import { EventBus } from '../../platform/notify/wiring.ts';
import { ZaloClient } from '../../platform/notify/zalo/client.ts';
import type { ZaloEvent } from '../../platform/notify/zalo/signature.ts';
import { createPkcePair, ZaloTokenStore } from '../../platform/notify/zalo/tokens.ts';
import { ownAuthenticationRoutes } from '../../site/routes.ts';
import { feedbackItems } from '../feedback/schema.ts';
import { dossierRatings } from '../ratings/schema.ts';
import { CODES, insertDossier, type RatingsTestDb, ratingsTestDb } from '../ratings/testing.ts';
import { handleZaloEvent } from './chat.ts';
import { zaloWebhookRoutes } from './routes.ts';
import { zaloFollowers } from './schema.ts';

let tb: RatingsTestDb;
let zalo: ZaloStandIn;
let app: FastifyInstance;
let url: string;
let deliver: () => Promise<void>;

before(async () => {
  tb = await ratingsTestDb();
  zalo = await ZaloStandIn.start();
  const config = loadConfig({
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'mocua-zalo-')),
    RATE_LIMIT_PER_MINUTE: '100000',
    ZALO_APP_ID: zalo.appId,
    ZALO_APP_SECRET: zalo.appSecret,
    ZALO_OA_ID: zalo.oaId,
    ZALO_OA_SECRET_KEY: zalo.oaSecretKey,
  });
  app = await createHttpApp({ config, database: tb.t, logger: false, ownAuthentication: ownAuthenticationRoutes });
  await zaloWebhookRoutes(app);
  url = `${await app.listen({ host: '127.0.0.1', port: 0 })}/webhooks/zalo`;

  // The background half, as src/jobs.ts wires it: the event bus and the real client.
  const tokens = new ZaloTokenStore({
    db: tb.t.db,
    oaId: zalo.oaId,
    appId: zalo.appId,
    appSecret: zalo.appSecret,
    oauthBase: zalo.url,
    lock: 'process',
  });
  const { codeVerifier, codeChallenge } = createPkcePair();
  await tokens.exchangeAuthorizationCode(zalo.issueAuthorizationCode(codeChallenge), codeVerifier);
  const bus = new EventBus();
  bus.subscribe('zalo.event', (message) =>
    handleZaloEvent(tb.t.db, message.payload as ZaloEvent, {
      provinceCode: '08',
      publicUrl: 'https://dichvucong.example.vn',
    }),
  );
  const channels = {
    event: bus.channel,
    zalo: zaloChannel(new ZaloClient({ tokens, apiBase: zalo.url, znsBase: zalo.url })),
  };
  deliver = async () => {
    // Events first, then the replies they enqueued.
    for (let i = 0; i < 3; i++) await dispatchOutbox(tb.t.db, channels);
  };
});
after(async () => {
  await app?.close();
  await zalo?.close();
  await tb?.t.close();
});

/** The consultation messages the OA sent to a user, in order: text, or the form's title. */
function sentTo(userId: string): string[] {
  return zalo
    .requestsTo('/v3.0/oa/message/cs')
    .map((r) => r.body as { recipient: { user_id: string }; message: Record<string, unknown> })
    .filter((b) => b.recipient.user_id === userId)
    .map((b) => {
      const m = b.message as { text?: string; attachment?: { payload?: { elements?: Array<{ title?: string }> } } };
      return m.text ?? `[form] ${m.attachment?.payload?.elements?.[0]?.title ?? ''}`;
    });
}

async function deliveredDossier(key: string): Promise<{ id: string; code: string }> {
  const dossier = await insertDossier(tb.t.db, { receivingAgencyId: await tb.agencyId(CODES.tuphap) });
  await tb.t.db.execute(
    sql`update dossiers set tracking_key = ${key}, procedure_snapshot = '{"name":"Đăng ký khai sinh"}'::jsonb
        where id = ${dossier.id}`,
  );
  return dossier;
}

test('a missing, malformed or wrong signature is refused with 401 and nothing is queued', async () => {
  const event = zalo.events.follow('7000000000000000001');
  const body = JSON.stringify(event);
  const before = await tb.t.db.$count(outbox);
  const post = (headers: Record<string, string>, raw = body) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
  assert.equal((await post({})).status, 401);
  assert.equal((await post({ 'X-ZEvent-Signature': 'mac=nothex' })).status, 401);
  const wrong = zalo.signature(body).replace(/.$/, (c) => (c === '0' ? '1' : '0'));
  assert.equal((await post({ 'X-ZEvent-Signature': wrong })).status, 401);
  // Signed for one body, sent with another (one byte changed).
  const tampered = body.replace('oa_profile', 'oa_profilf');
  const res = await post({ 'X-ZEvent-Signature': zalo.signature(body) }, tampered);
  assert.equal(res.status, 401);
  const answer = (await res.json()) as { error: { code: string; message: string } };
  assert.equal(answer.error.code, 'ZALO_SIGNATURE_INVALID');
  assert.equal(await tb.t.db.$count(outbox), before);
});

test('a replayed message id and a stale timestamp are answered 200 and dropped', async () => {
  const user = '7000000000000000002';
  const event = zalo.events.userSendText(user, 'xin chào', { msgId: 'replayed-msg-1' });
  assert.equal((await zalo.postWebhook(url, event)).status, 200);
  const again = await zalo.postWebhook(url, event);
  assert.equal(again.status, 200);
  assert.match(again.text, /duplicate/);
  const stale = await zalo.postWebhook(url, zalo.events.userSendText(user, 'cũ', { at: Date.now() - 3_600_000 }));
  assert.equal(stale.status, 200);
  assert.match(stale.text, /stale/);
  await deliver();
  // One answer for the one accepted event: the help text.
  const sent = sentTo(user);
  assert.equal(sent.length, 1);
  assert.match(sent[0] ?? '', /TRA CỨU <mã số hồ sơ> <mã tra cứu>/);
});

test('follow: a welcome in Vietnamese', async () => {
  const user = '7000000000000000003';
  assert.equal((await zalo.postWebhook(url, zalo.events.follow(user))).status, 200);
  await deliver();
  assert.match(sentTo(user)[0] ?? '', /^Cảm ơn ông\/bà đã quan tâm Cổng dịch vụ công/);
  const [follower] = await tb.t.db.select().from(zaloFollowers).where(eq(zaloFollowers.userId, user));
  assert.ok(follower?.followedAt);
});

test('lookup by code and key gives the state, without personal data; a wrong key says so', async () => {
  const user = '7000000000000000004';
  const dossier = await deliveredDossier('ABCD2345');
  await zalo.postWebhook(url, zalo.events.userSendText(user, `tra cuu ${dossier.code.toLowerCase()} abcd-2345`));
  await zalo.postWebhook(url, zalo.events.userSendText(user, `TRA CỨU ${dossier.code} ABCD-2346`));
  await deliver();
  const [found, wrong] = sentTo(user);
  assert.match(found ?? '', new RegExp(`^Hồ sơ ${dossier.code.replaceAll('.', '\\.')}: Đăng ký khai sinh\\.`));
  assert.match(found ?? '', /Tình trạng: /);
  assert.doesNotMatch(found ?? '', /Nguyễn Thị Hoa/);
  assert.match(wrong ?? '', /Không tìm thấy hồ sơ với mã số và mã tra cứu này/);
});

test('feedback: the OA asks for name and phone, then files it with them and sends the receipt', async () => {
  const user = '7000000000000000005';
  const text = 'PHẢN ÁNH: Bộ phận một cửa xã Minh Xuân hẹn trả kết quả khai sinh quá lâu';
  await zalo.postWebhook(url, zalo.events.userSendText(user, text));
  await deliver();
  assert.deepEqual(sentTo(user), ['[form] Thông tin người gửi phản ánh, kiến nghị']);
  assert.equal(await tb.t.db.$count(feedbackItems), 0);

  const info = zalo.events.userSubmitInfo(user, {
    name: 'Hoàng Văn Sình',
    phone: '84912345678',
    address: 'Thôn Nà Mìn',
    ward: 'Xã Minh Xuân',
    city: 'Tuyên Quang',
  });
  assert.equal((await zalo.postWebhook(url, info)).status, 200);
  await deliver();
  const [item] = await tb.t.db.select().from(feedbackItems);
  assert.ok(item);
  assert.equal(item.channel, 'zalo');
  assert.equal(item.content, 'Bộ phận một cửa xã Minh Xuân hẹn trả kết quả khai sinh quá lâu');
  assert.deepEqual(item.sender, {
    fullName: 'Hoàng Văn Sình',
    phone: '0912345678',
    address: 'Thôn Nà Mìn, Xã Minh Xuân, Tuyên Quang',
    zaloUserId: user,
  });
  const receipt = sentTo(user)[1] ?? '';
  assert.match(receipt, new RegExp(`Đã tiếp nhận phản ánh, kiến nghị|${item.code}`));
  assert.ok(receipt.includes(item.code), receipt);

  // A second feedback from a known follower is filed at once; a retried event files nothing twice.
  const second = zalo.events.userSendText(user, 'Kiến nghị: mở thêm quầy tiếp nhận sáng thứ Bảy cho bà con ở xa');
  await zalo.postWebhook(url, second);
  await deliver();
  await handleZaloEvent(tb.t.db, second as ZaloEvent, { provinceCode: '08' });
  const items = await tb.t.db.select().from(feedbackItems);
  assert.equal(items.length, 2);
  assert.equal(items.find((i) => i.id !== item.id)?.kind, 'proposal');
});

test('rating a delivered dossier by code and key; a wrong key is refused in Vietnamese', async () => {
  const user = '7000000000000000006';
  const dossier = await deliveredDossier('WXYZ6789');
  await zalo.postWebhook(url, zalo.events.userSendText(user, `Đánh giá ${dossier.code} WXYZ-6789 1`));
  await zalo.postWebhook(url, zalo.events.userSendText(user, `Đánh giá ${dossier.code} WXYZ-6788 3`));
  await deliver();
  const [thanks, refused] = sentTo(user);
  assert.match(thanks ?? '', /^Cảm ơn ông\/bà đã đánh giá hồ sơ .*: Rất hài lòng\./);
  assert.match(refused ?? '', /Mã số hồ sơ hoặc mã tra cứu không đúng/);
  const [rating] = await tb.t.db.select().from(dossierRatings).where(eq(dossierRatings.dossierId, dossier.id));
  assert.equal(rating?.level, 'very_satisfied');
  assert.equal(rating?.channel, 'zalo');
  const audit = await rows<{ actor_role: string }>(
    tb.t.db,
    sql`select actor_role from audit_events where stream = ${`dossier:${dossier.code}`} and action = 'rating.created'`,
  );
  assert.deepEqual(
    audit.map((a) => a.actor_role),
    ['key:zalo'],
  );
});

test('following a dossier subscribes the follower to its notices; stopping removes it', async () => {
  const user = '7000000000000000007';
  const dossier = await deliveredDossier('MNPQ2345');
  await zalo.postWebhook(url, zalo.events.userSendText(user, `theo dõi ${dossier.code} MNPQ-2344`));
  await zalo.postWebhook(url, zalo.events.userSendText(user, `Theo dõi ${dossier.code} MNPQ-2345`));
  await deliver();
  assert.deepEqual(await subscribersOf(tb.t.db, `dossier:${dossier.code}`), [{ channel: 'zalo', recipient: user }]);
  await zalo.postWebhook(url, zalo.events.userSendText(user, `Hủy theo dõi ${dossier.code}`));
  await deliver();
  assert.deepEqual(await subscribersOf(tb.t.db, `dossier:${dossier.code}`), []);
  const [wrong, following, stopped] = sentTo(user);
  assert.match(wrong ?? '', /Không tìm thấy hồ sơ/);
  assert.match(following ?? '', /^Ông\/bà sẽ nhận thông báo về hồ sơ .* qua Zalo\./);
  assert.match(stopped ?? '', /đã dừng nhận thông báo/);
});
