import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { ZaloStandIn } from '../../../../test/standins/zalo/server.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { toZnsPhone, ZaloClient } from './client.ts';
import { ZaloApiError } from './errors.ts';
import { zaloTokens } from './schema.ts';
import { codeChallengeFor, createPkcePair, ZaloTokenStore, type ZaloTokenStoreOptions } from './tokens.ts';

let t: TestDb;
let zalo: ZaloStandIn;
before(async () => {
  t = await createTestDb();
});
after(() => t.close());
afterEach(async () => {
  await zalo?.close();
});

async function connect(options: Partial<ZaloTokenStoreOptions> = {}): Promise<ZaloTokenStore> {
  const store = storeFor(options);
  const { codeVerifier, codeChallenge } = createPkcePair();
  await store.exchangeAuthorizationCode(zalo.issueAuthorizationCode(codeChallenge), codeVerifier);
  return store;
}

function storeFor(options: Partial<ZaloTokenStoreOptions> = {}): ZaloTokenStore {
  return new ZaloTokenStore({
    db: t.db,
    oaId: zalo.oaId,
    appId: zalo.appId,
    appSecret: zalo.appSecret,
    oauthBase: zalo.url,
    lock: 'database',
    ...options,
  });
}

const clientFor = (tokens: ZaloTokenStore) => new ZaloClient({ tokens, apiBase: zalo.url, znsBase: zalo.url });
const refreshRequests = () =>
  zalo
    .requestsTo('/v4/oa/access_token')
    .filter((r) => (r.body as { grant_type?: string }).grant_type === 'refresh_token');
const storedRow = async () => (await t.db.select().from(zaloTokens).where(eq(zaloTokens.oaId, zalo.oaId)))[0];

test('the permission link carries app id, redirect URI, S256 challenge and state; the code exchange stores the pair', async () => {
  zalo = await ZaloStandIn.start();
  const store = storeFor();
  const { codeVerifier, codeChallenge } = createPkcePair();
  assert.match(codeVerifier, /^[A-Za-z0-9]{43}$/);
  assert.equal(codeChallenge, codeChallengeFor(codeVerifier));
  assert.match(codeChallenge, /^[A-Za-z0-9_-]{43}$/); // base64url of 32 bytes, no padding
  const link = new URL(
    store.buildPermissionUrl({ redirectUri: 'https://mocua.example.vn/zalo/callback', codeChallenge, state: 's-1' }),
  );
  assert.equal(link.pathname, '/v4/oa/permission');
  assert.deepEqual(Object.fromEntries(link.searchParams), {
    app_id: zalo.appId,
    redirect_uri: 'https://mocua.example.vn/zalo/callback',
    code_challenge: codeChallenge,
    state: 's-1',
  });
  const code = zalo.issueAuthorizationCode(codeChallenge);
  await assert.rejects(store.exchangeAuthorizationCode(code, createPkcePair().codeVerifier), ZaloApiError);
  const good = zalo.issueAuthorizationCode(codeChallenge);
  const pair = await store.exchangeAuthorizationCode(good, codeVerifier);
  const request = zalo.requestsTo('/v4/oa/access_token').at(-1);
  assert.equal(request?.headers.secret_key, zalo.appSecret);
  assert.match(String(request?.headers['content-type']), /^application\/x-www-form-urlencoded/);
  assert.deepEqual(request?.body, {
    grant_type: 'authorization_code',
    code: good,
    code_verifier: codeVerifier,
    app_id: zalo.appId,
  });
  assert.deepEqual(await storedRow(), pair);
  // expires_in "90000" (seconds) → about 25 hours.
  assert.ok(Math.abs(pair.accessExpiresAt.getTime() - Date.now() - 90_000_000) < 60_000);
});

test('a consultation message is sent with the access_token header and the documented body', async () => {
  zalo = await ZaloStandIn.start();
  const client = clientFor(await connect());
  const sent = await client.sendConsultation('5510185758261927916', 'Hồ sơ của ông/bà đã được tiếp nhận.');
  assert.match(sent.messageId, /^[0-9a-f]{32}$/);
  const [request] = zalo.requestsTo('/v3.0/oa/message/cs');
  assert.equal(request?.headers.access_token, (await storedRow())?.accessToken);
  assert.equal(request?.headers.authorization, undefined);
  assert.deepEqual(request?.body, {
    recipient: { user_id: '5510185758261927916' },
    message: { text: 'Hồ sơ của ông/bà đã được tiếp nhận.' },
  });
});

test('the request-user-info form is the request_user_info template', async () => {
  zalo = await ZaloStandIn.start();
  const client = clientFor(await connect());
  await client.sendRequestUserInfo('5510185758261927916', {
    title: 'Mở Cửa',
    subtitle: 'Xin số điện thoại để gửi kết quả hồ sơ',
  });
  const [request] = zalo.requestsTo('/v3.0/oa/message/cs');
  assert.deepEqual(request?.body, {
    recipient: { user_id: '5510185758261927916' },
    message: {
      attachment: {
        type: 'template',
        payload: {
          template_type: 'request_user_info',
          elements: [{ title: 'Mở Cửa', subtitle: 'Xin số điện thoại để gửi kết quả hồ sơ' }],
        },
      },
    },
  });
});

for (const style of ['error-216', 'http-401'] as const) {
  test(`an expired access token (${style}) is refreshed once and the call retried once`, async () => {
    zalo = await ZaloStandIn.start({ tokenFailure: style });
    const store = await connect();
    const before = await storedRow();
    zalo.expireAccessTokens();
    const from = zalo.requests.length;
    await clientFor(store).sendConsultation('5510185758261927916', 'Xin chào');
    const calls = zalo.requests.slice(from).map((r) => r.path);
    assert.deepEqual(calls, ['/v3.0/oa/message/cs', '/v4/oa/access_token', '/v3.0/oa/message/cs']);
    const after = await storedRow();
    assert.equal(after?.version, (before?.version ?? 0) + 1);
    assert.notEqual(after?.refreshToken, before?.refreshToken);
    assert.equal(zalo.requestsTo('/v3.0/oa/message/cs').at(-1)?.headers.access_token, after?.accessToken);
  });
}

test('a token refused again after the refresh is not refreshed a second time', async () => {
  zalo = await ZaloStandIn.start();
  const store = await connect();
  // The fresh token is refused too (revoked at once), so the retry fails as well.
  zalo.expireAccessTokens();
  const realRefresh = store.refreshTokens.bind(store);
  store.refreshTokens = async (seen) => {
    const pair = await realRefresh(seen);
    zalo.expireAccessTokens();
    return pair;
  };
  await assert.rejects(
    clientFor(store).sendConsultation('1', 'x'),
    (err: unknown) => err instanceof ZaloApiError && err.code === -216,
  );
  assert.equal(refreshRequests().length, 1);
});

test('two processes refreshing at once use the refresh token once and end with the same new pair', async () => {
  zalo = await ZaloStandIn.start({ tokenDelayMs: 50 });
  await connect();
  const version = (await storedRow())?.version ?? 0;
  // Two stores stand for two processes: separate memory, one database.
  const [a, b] = [storeFor(), storeFor()];
  const [pa, pb] = await Promise.all([a.refreshTokens(version), b.refreshTokens(version)]);
  assert.equal(refreshRequests().length, 1);
  assert.equal(pa.accessToken, pb.accessToken);
  assert.equal(pa.refreshToken, pb.refreshToken);
  assert.equal(pa.version, version + 1);
  assert.deepEqual(await storedRow(), pa);
  // Within one process, callers share one refresh too (process lock, no row lock).
  const single = storeFor({ lock: 'process' });
  const many = await Promise.all([1, 2, 3, 4].map(() => single.refreshTokens(version + 1)));
  assert.equal(refreshRequests().length, 2);
  assert.equal(new Set(many.map((p) => p.accessToken)).size, 1);
  await single.flush();
  assert.equal((await storedRow())?.accessToken, many[0]?.accessToken);
});

test('a reused refresh token is refused with -14020 and nothing is stored', async () => {
  zalo = await ZaloStandIn.start();
  const store = await connect();
  const old = await storedRow();
  await store.refreshTokens();
  const fresh = await storedRow();
  await t.db
    .update(zaloTokens)
    .set({ refreshToken: old?.refreshToken ?? '' })
    .where(eq(zaloTokens.oaId, zalo.oaId));
  const again = storeFor();
  await assert.rejects(again.refreshTokens(), (err: unknown) => err instanceof ZaloApiError && err.code === -14020);
  const kept = await storedRow();
  assert.equal(kept?.version, fresh?.version);
  assert.equal(kept?.accessToken, fresh?.accessToken);
});

test('an access token close to expiry is refreshed before use', async () => {
  zalo = await ZaloStandIn.start({ accessTokenLifetimeS: 120 });
  const store = await connect();
  const { version } = await store.getAccessToken();
  assert.equal(refreshRequests().length, 1);
  assert.equal(version, (await storedRow())?.version);
});

test('ZNS phone numbers are sent as 84 and the mobile number; anything else is refused before sending', async () => {
  for (const raw of ['0912345678', '0912 345 678', '0912.345.678', '+84912345678', '84912345678', '0084 912 345 678']) {
    assert.equal(toZnsPhone(raw), '84912345678', raw);
  }
  for (const raw of ['02439412345', '912345678', '091234567', '+1 415 555 0100', ''])
    assert.equal(toZnsPhone(raw), undefined, raw);
  zalo = await ZaloStandIn.start({ znsTemplates: { '231095': ['dossier_code', 'due_date'] } });
  const client = clientFor(await connect());
  const sent = await client.sendZns({
    phone: '0912 345 678',
    templateId: '231095',
    templateData: { dossier_code: '000.00.12.H56-261123-0001', due_date: '25/11/2026' },
    trackingId: '42',
  });
  assert.match(sent.msgId, /^[0-9a-f]{20}$/);
  const [request] = zalo.requestsTo('/message/template');
  assert.deepEqual(request?.body, {
    phone: '84912345678',
    template_id: '231095',
    template_data: { dossier_code: '000.00.12.H56-261123-0001', due_date: '25/11/2026' },
    tracking_id: '42',
  });
  await assert.rejects(
    client.sendZns({ phone: '024 3941 2345', templateId: '231095', templateData: {}, trackingId: '43' }),
    (err: unknown) => err instanceof ZaloApiError && err.code === -108 && !err.retryable,
  );
  assert.equal(zalo.requestsTo('/message/template').length, 1);
  await assert.rejects(
    client.sendZns({ phone: '0912345678', templateId: '999', templateData: {}, trackingId: '44' }),
    (err: unknown) => err instanceof ZaloApiError && err.code === -109 && !err.retryable,
  );
});

test('failures are typed: -224 (OA tier) is final, a gateway error is retryable', async () => {
  zalo = await ZaloStandIn.start();
  const client = clientFor(await connect());
  zalo.failNext(1);
  await assert.rejects(
    client.sendConsultation('1', 'x'),
    (err: unknown) => err instanceof ZaloApiError && err.code === 'http' && err.retryable,
  );
  zalo.denyFeature('/v3.0/oa/message/cs');
  await assert.rejects(
    client.sendConsultation('1', 'x'),
    (err: unknown) =>
      err instanceof ZaloApiError && err.code === -224 && err.retryable === false && err.httpStatus === 200,
  );
});

test('a profile comes back with the shared information as text', async () => {
  zalo = await ZaloStandIn.start();
  zalo.addUser('5510185758261927916', {
    displayName: 'Trần Văn Đức',
    sharedInfo: { name: 'Trần Văn Đức', phone: 84912345678 },
  });
  const profile = await clientFor(await connect()).getProfile('5510185758261927916');
  assert.equal(profile.displayName, 'Trần Văn Đức');
  assert.equal(profile.sharedInfo?.phone, '84912345678');
  const [request] = zalo.requestsTo('/v2.0/oa/getprofile');
  assert.equal(request?.query.data, '{"user_id":"5510185758261927916"}');
});
