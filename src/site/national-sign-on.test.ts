/**
 * National sign-on end to end (issue 16 item 3): the portal and the stand-in of the national
 * identity provider (test/standins/national-idp, oidc-provider configured like Cổng DVCQG) both
 * listening on 127.0.0.1, driven through the browser redirects with fetch.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { pdfBytes } from '../../test/fixtures/files.ts';
import { Browser } from '../../test/standins/national-idp/browser.ts';
import { type NationalIdp, startNationalIdp } from '../../test/standins/national-idp/server.ts';
import { getProcedure } from '../modules/catalog/index.ts';
import { fileDossier } from '../modules/dossiers/index.ts';
import { auditTrail } from '../platform/audit/index.ts';
import { accounts, createAccount } from '../platform/auth/index.ts';
import { resolveAccount } from '../platform/auth/oidc-linking.ts';
import { sessions } from '../platform/auth/schema.ts';
import { type SeededApp, seededApp } from '../web/testing.ts';

const P = '/nop-ho-so/1.001193';
const people = {
  // Level 2 reachable (chip ID card + face check); level 1 when only level 1 is asked.
  an: { maxLevel: 2, SoDinhDanh: '001190012345', HoVaTen: 'Trần Thị An', NgayThangNamSinh: '19900215' },
  // Self-registered in the VNeID app: level 1 at most.
  binh: { maxLevel: 1, SoDinhDanh: '001085000123', HoVaTen: 'Lê Văn Bình', NgayThangNamSinh: '19850704' },
  // Registered on the portal with a password first, then signs in through VNeID.
  chi: { maxLevel: 2, SoDinhDanh: '001192000789', HoVaTen: 'Phạm Thị Chi', NgayThangNamSinh: '19920311' },
  dung: { maxLevel: 2, SoDinhDanh: '001087000456', HoVaTen: 'Hoàng Văn Dũng', NgayThangNamSinh: '19870922' },
} as const;

let idp: NationalIdp;
let s: SeededApp;
let appUrl: string;

before(async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  appUrl = `http://127.0.0.1:${port}`;
  idp = await startNationalIdp({
    people,
    clients: [
      {
        client_id: 'mocua-08',
        client_secret: 'bi-mat-cua-tinh-08',
        redirect_uris: [`${appUrl}/auth/oidc/callback`],
        post_logout_redirect_uris: [
          `${appUrl}/dang-nhap?da-dang-xuat=1`,
          `${appUrl}/workspace/dang-nhap?da-dang-xuat=1`,
        ],
        backchannel_logout_uri: `${appUrl}/auth/oidc/backchannel-logout`,
        backchannel_logout_session_required: true,
      },
    ],
  });
  s = await seededApp({
    PUBLIC_URL: appUrl,
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: 'mocua-08',
    OIDC_CLIENT_SECRET: 'bi-mat-cua-tinh-08',
  });
  await s.app.listen({ port, host: '127.0.0.1' });
});
after(async () => {
  await s.close();
  await idp.close();
});

const atCallback = (u: URL) => u.origin === appUrl && u.pathname === '/auth/oidc/callback';

type Run = Awaited<ReturnType<Browser['run']>>;
const LINK = '/dang-nhap/lien-ket';

/**
 * A person's first national sign-on asks whether they already have an account here
 * (platform/auth/oidc-linking.ts): this answers "no, a new one"; any later sign-in goes through.
 */
async function settle(b: Browser, run: Run): Promise<Run> {
  if (run.res.headers.get('location') !== LINK) return run;
  const page = await (await b.request(`${appUrl}${LINK}`)).text();
  const res = await b.request(`${appUrl}${LINK}/tai-khoan-moi`, {
    method: 'POST',
    body: new URLSearchParams({ _csrf: csrfOf(page) }),
  });
  return { ...run, res };
}

/** The sign-in page's button, followed to the provider and back. */
async function signIn(b: Browser, login: string, returnTo = '/ho-so-cua-toi', firstTime: 'new' | 'ask' = 'new') {
  const page = await b.request(`${appUrl}/dang-nhap?tiep=${encodeURIComponent(returnTo)}`);
  const html = await page.text();
  const button = /<a href="(\/auth\/oidc\/start[^"]+)" class="button button-primary"[^>]*>([^<]+)</.exec(html);
  assert.ok(button?.[1], 'the sign-in page offers the national sign-on');
  assert.equal(button[2], 'Đăng nhập bằng VNeID / tài khoản Cổng DVCQG');
  const run = await b.run(`${appUrl}${button[1].replaceAll('&amp;', '&')}`, login, atCallback);
  return firstTime === 'new' ? settle(b, run) : run;
}

async function me(b: Browser) {
  const res = await b.request(`${appUrl}/api/v1/auth/me`);
  return { status: res.status, body: res.status === 200 ? await res.json() : undefined };
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function post(b: Browser, path: string, fields: Record<string, string>) {
  const page = await (await b.request(`${appUrl}${path}`)).text();
  return b.request(`${appUrl}${path}`, {
    method: 'POST',
    body: new URLSearchParams({ _csrf: csrfOf(page), ...fields }),
  });
}

test('LoA 1 is refused for a procedure that needs LoA 2; the stronger sign-in returns to the filing', async () => {
  const b = new Browser();
  const first = await signIn(b, 'an');
  const authorize = new URL(first.visited.find((u) => u.includes('/oauth2/authorize')) ?? '');
  assert.equal(authorize.searchParams.get('scope'), 'openid');
  assert.equal(authorize.searchParams.get('acr_values'), 'LoA1');
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(authorize.searchParams.get('nonce') && authorize.searchParams.get('state'));
  assert.equal(first.res.headers.get('location'), '/ho-so-cua-toi');
  const signedIn = await me(b);
  assert.equal(signedIn.body.account.displayName, 'Trần Thị An');

  const refused = await b.request(`${appUrl}${P}`);
  assert.equal(refused.status, 403);
  const html = await refused.text();
  assert.match(
    html,
    /yêu cầu đăng nhập bằng tài khoản định danh điện tử mức độ 2\. Lần đăng nhập này chỉ đạt mức độ 1\./,
  );
  const stepUp = /href="(\/auth\/oidc\/start\?kind=citizen&amp;level=2&amp;returnTo=[^"]+)"/.exec(html)?.[1];
  assert.ok(stepUp);

  const second = await settle(b, await b.run(`${appUrl}${stepUp.replaceAll('&amp;', '&')}`, 'an', atCallback));
  assert.equal(
    new URL(second.visited.find((u) => u.includes('/oauth2/authorize')) ?? '').searchParams.get('acr_values'),
    'LoA2',
  );
  assert.ok(
    second.visited.some((u) => u.includes('/authenticationendpoint/login')),
    'the provider asked again',
  );
  assert.equal(second.res.headers.get('location'), P);
  const accepted = await b.request(`${appUrl}${P}`);
  assert.equal(accepted.status, 200);
  assert.equal((await me(b)).body.account.id, signedIn.body.account.id, 'the same account, a stronger session');

  // The filing use case refuses the same case for any other caller (the JSON API).
  const procedure = await getProcedure(s.db.db, '1.001193', { provinceCode: '08' });
  await assert.rejects(
    fileDossier(
      s.db.db,
      { kind: 'citizen', id: signedIn.body.account.id, assurance: 1 },
      { procedure: procedure.id, applicant: { type: 'citizen', fullName: 'Trần Thị An', phone: '0912000111' } },
      { transactionId: randomUUID() },
      { provinceCode: '08', assuranceRequired: true },
    ),
    { code: 'ASSURANCE_TOO_LOW' },
  );
});

test('an account that only reaches level 1 is told so after the stronger sign-in', async () => {
  const b = new Browser();
  const start = `${appUrl}/auth/oidc/start?kind=citizen&level=2&returnTo=${encodeURIComponent(P)}`;
  const { res } = await settle(b, await b.run(start, 'binh', atCallback));
  assert.equal(res.headers.get('location'), P);
  const refused = await b.request(`${appUrl}${P}`);
  assert.equal(refused.status, 403);
  assert.match(await refused.text(), /Lần đăng nhập này chỉ đạt mức độ 1\./);
});

test('name, personal id and birth date come from the national identity and are filed as they came', async () => {
  const b = new Browser();
  await settle(
    b,
    await b.run(`${appUrl}/auth/oidc/start?kind=citizen&level=2&returnTo=${encodeURIComponent(P)}`, 'an', atCallback),
  );
  const where = await (await b.request(`${appUrl}${P}/noi-nop`)).text();
  const agency =
    /value="([0-9a-f-]{36})"[^>]*\/><label class="choice-label" for="[^"]+">Ủy ban nhân dân phường Minh Xuân</.exec(
      where,
    )?.[1];
  assert.ok(agency);
  await post(b, `${P}/noi-nop`, { agencyId: agency });
  const page = await (await b.request(`${appUrl}${P}/nguoi-nop`)).text();
  assert.match(page, /Thông tin từ tài khoản định danh điện tử/);
  assert.match(page, /<dd class="summary-value">Trần Thị An<\/dd>/);
  assert.match(page, /<dd class="summary-value">001190012345<\/dd>/);
  assert.match(page, /<dd class="summary-value">15\/02\/1990<\/dd>/);
  assert.doesNotMatch(page, /name="fullName"|name="personalId"/);
  // Typed-in values for what the identity vouched for are not taken.
  const saved = await post(b, `${P}/nguoi-nop`, {
    type: 'citizen',
    fullName: 'Kẻ Mạo Danh',
    personalId: '079200000001',
    phone: '0912000111',
  });
  assert.equal(saved.status, 303);
  const form = await (await b.request(`${appUrl}${P}/to-khai`)).text();
  const commune = /name="birthPlace__xa"[\s\S]*?<option value="(\d{5})">Phường Minh Xuân</.exec(form)?.[1] ?? '';
  await post(b, `${P}/to-khai`, {
    childFullName: 'Trần Minh Khôi',
    childBirthDate__ngay: '1',
    childBirthDate__thang: '11',
    childBirthDate__nam: '2026',
    sex: 'Nam',
    birthPlace__tinh: '08',
    birthPlace__xa: commune,
    relation: 'Mẹ',
    nationality: 'Việt Nam',
    nativePlace: 'Xã Hàm Yên, tỉnh Tuyên Quang',
    birthPlace__ct: 'Tổ 5',
    ethnicity: 'Kinh',
  });
  const papers = await (await b.request(`${appUrl}${P}/giay-to`)).text();
  const upload = new FormData();
  upload.append(
    'file-1',
    new Blob([Buffer.from(await pdfBytes('giay chung sinh'))], { type: 'application/pdf' }),
    'giay-1.pdf',
  );
  const jar = [...(b.jars.get(appUrl) ?? [])].map(([k, v]) => `${k}=${v}`).join('; ');
  const up = await fetch(`${appUrl}${P}/giay-to/tai-len/1?_csrf=${encodeURIComponent(csrfOf(papers))}`, {
    method: 'POST',
    body: upload,
    headers: { cookie: jar },
    redirect: 'manual',
  });
  assert.equal(up.status, 303);
  await post(b, `${P}/giay-to`, {});
  const filed = await post(b, `${P}/kiem-tra`, {});
  assert.equal(filed.status, 303, 'filed');
  const code = decodeURIComponent(
    /\/ho-so-cua-toi\/([^/]+)\/da-nop/.exec(filed.headers.get('location') ?? '')?.[1] ?? '',
  );
  const rows = await s.db.db.execute<{ applicant: Record<string, string> }>(
    sql`select applicant from dossiers where code = ${code}`,
  );
  const applicant = (rows as unknown as { rows: Array<{ applicant: Record<string, string> }> }).rows[0]?.applicant;
  assert.deepEqual(
    { fullName: applicant?.fullName, personalId: applicant?.personalId, birthDate: applicant?.birthDate },
    { fullName: 'Trần Thị An', personalId: '001190012345', birthDate: '1990-02-15' },
  );
});

test('signing out ends the session here and at the provider (RP-initiated logout)', async () => {
  const b = new Browser();
  await signIn(b, 'an');
  const page = await (await b.request(`${appUrl}/ho-so-cua-toi`)).text();
  const res = await b.request(`${appUrl}/dang-xuat`, {
    method: 'POST',
    body: new URLSearchParams({ _csrf: csrfOf(page) }),
  });
  assert.equal(res.status, 303);
  const logout = new URL(res.headers.get('location') ?? '');
  assert.equal(`${logout.origin}${logout.pathname}`, `${idp.issuer}/oidc/logout`);
  assert.ok(logout.searchParams.get('id_token_hint'));
  assert.equal(logout.searchParams.get('post_logout_redirect_uri'), `${appUrl}/dang-nhap?da-dang-xuat=1`);
  assert.equal((await me(b)).status, 401);
  const back = await b.run(logout.href, 'an', (u) => u.origin === appUrl);
  assert.equal(back.url, `${appUrl}/dang-nhap?da-dang-xuat=1`);
  assert.match(await back.res.text(), /Bạn đã đăng xuất\./);
  // The provider's session is gone too: signing in again asks for the credentials.
  const again = await b.request(`${appUrl}/auth/oidc/start?kind=citizen`);
  const authorize = await b.request(again.headers.get('location') ?? '');
  assert.equal(authorize.status, 303);
  assert.match(authorize.headers.get('location') ?? '', /\/authenticationendpoint\/login\//);
});

test('a forged, foreign-signed or expired ID token is refused and opens no session', async () => {
  for (const kind of ['claims_changed', 'foreign_key', 'expired'] as const) {
    idp.tamper(kind);
    try {
      const b = new Browser();
      const { res } = await b.run(`${appUrl}/auth/oidc/start?kind=citizen`, 'binh', atCallback);
      assert.equal(res.status, 502, kind);
      assert.match(await res.text(), /Không nhận được xác nhận từ nhà cung cấp định danh/);
      assert.equal(b.cookie(appUrl, 'mocua_session'), undefined, kind);
    } finally {
      idp.tamper(undefined);
    }
  }
});

/** The session row of the browser's cookie (its level of assurance, its provider session). */
async function sessionOf(b: Browser) {
  const token = b.cookie(appUrl, 'mocua_session') ?? '';
  const rows = await s.db.db
    .select()
    .from(sessions)
    .where(eq(sessions.id, createHash('sha256').update(token).digest('hex')));
  return rows[0];
}

test('a citizen with a password account links it by signing in with the password once: one account, audited', async () => {
  const { id } = await createAccount(s.db.db, {
    provinceCode: '08',
    kind: 'citizen',
    login: '0912000333',
    password: 'mat-khau-cua-chi',
    displayName: 'Phạm Thị Chi',
  });
  const b = new Browser();
  const first = await signIn(b, 'chi', '/ho-so-cua-toi', 'ask');
  assert.equal(first.res.headers.get('location'), LINK, 'no account is opened before the person answers');
  assert.equal(b.cookie(appUrl, 'mocua_session'), undefined);
  const page = await (await b.request(`${appUrl}${LINK}`)).text();
  assert.match(page, /VNeID đã xác nhận bạn là Phạm Thị Chi\./);

  const wrong = await b.request(`${appUrl}${LINK}`, {
    method: 'POST',
    body: new URLSearchParams({ _csrf: csrfOf(page), login: '0912000333', password: 'khong-dung-mat-khau' }),
  });
  assert.equal(wrong.status, 422);
  assert.match(await wrong.text(), /Thông tin đăng nhập không đúng|không đúng/);
  assert.equal((await me(b)).status, 401, 'a wrong password links nothing');

  const linked = await b.request(`${appUrl}${LINK}`, {
    method: 'POST',
    body: new URLSearchParams({ _csrf: csrfOf(page), login: '0912 000 333', password: 'mat-khau-cua-chi' }),
  });
  assert.equal(linked.status, 303);
  assert.equal(linked.headers.get('location'), '/ho-so-cua-toi');
  assert.equal((await me(b)).body.account.id, id, 'the password account, not a second one');
  const session = await sessionOf(b);
  assert.equal(session?.assuranceLevel, 1, 'the session is the national sign-on’s, with its level');
  assert.equal(session?.identity?.personalId, '001192000789');
  const trail = await auditTrail(s.db.db, `account:${id}`);
  const link = trail.find((e) => e.action === 'account.oidc_linked');
  assert.deepEqual(link?.data, { issuer: idp.issuer, by: 'password' });

  // Next time VNeID alone opens the same account, with no question.
  const later = new Browser();
  const again = await signIn(later, 'chi', '/ho-so-cua-toi', 'ask');
  assert.equal(again.res.headers.get('location'), '/ho-so-cua-toi');
  assert.equal((await me(later)).body.account.id, id);
  const [{ n }] = (await s.db.db
    .select({ n: sql<number>`count(*)::int` })
    .from(accounts)
    .where(eq(accounts.displayName, 'Phạm Thị Chi'))) as [{ n: number }];
  assert.equal(n, 1);
});

test('a password account already linked to another person cannot be taken by a second VNeID identity', async () => {
  const b = new Browser();
  await signIn(b, 'dung', '/ho-so-cua-toi', 'ask');
  const page = await (await b.request(`${appUrl}${LINK}`)).text();
  const refused = await b.request(`${appUrl}${LINK}`, {
    method: 'POST',
    body: new URLSearchParams({ _csrf: csrfOf(page), login: '0912000333', password: 'mat-khau-cua-chi' }),
  });
  assert.equal(refused.status, 422);
  assert.match(await refused.text(), /đã được liên kết với một tài khoản định danh điện tử khác/);
  assert.equal((await me(b)).status, 401);
  // The answer "no account": a new one, which VNeID then opens directly.
  const fresh = await b.request(`${appUrl}${LINK}/tai-khoan-moi`, {
    method: 'POST',
    body: new URLSearchParams({ _csrf: csrfOf(page) }),
  });
  assert.equal(fresh.status, 303);
  const created = (await me(b)).body.account;
  assert.equal(created.displayName, 'Hoàng Văn Dũng');
  const again = new Browser();
  assert.equal((await signIn(again, 'dung', '/ho-so-cua-toi', 'ask')).res.headers.get('location'), '/ho-so-cua-toi');
  assert.equal((await me(again)).body.account.id, created.id);
});

test('the same person under another subject or issuer finds the account by its verified personal id', async () => {
  const [chi] = await s.db.db.select().from(accounts).where(eq(accounts.verifiedPersonalId, '001192000789'));
  assert.ok(chi);
  const resolved = await resolveAccount(
    s.db.db,
    'citizen',
    {
      provinceCode: '08',
      issuer: 'https://sso.dancuquocgia.example/auth/realms/citizen',
      claims: { sub: 'f3a1c2d4-vneid', SoDinhDanh: '001192000789', HoVaTen: 'Phạm Thị Chi' },
      identity: { personalId: '001192000789', fullName: 'Phạm Thị Chi' },
      sid: undefined,
      level: 2,
      idToken: 'unused',
      returnTo: '/',
    },
    new Date(),
  );
  assert.ok('account' in resolved);
  assert.equal(resolved.account.id, chi.id);
  const trail = await auditTrail(s.db.db, `account:${chi.id}`);
  assert.deepEqual(trail.at(-1)?.data, {
    issuer: 'https://sso.dancuquocgia.example/auth/realms/citizen',
    by: 'verified_personal_id',
  });
  // Nobody else's id: a person the provider has not seen here is held for the question.
  const unknown = await resolveAccount(
    s.db.db,
    'citizen',
    {
      provinceCode: '08',
      issuer: idp.issuer,
      claims: { sub: 'someone-new' },
      identity: { personalId: '001299000001', fullName: 'Ngô Văn Em' },
      sid: undefined,
      level: 2,
      idToken: 'unused',
      returnTo: '/',
    },
    new Date(),
  );
  assert.deepEqual(unknown, { hold: true });
});

test('signing out at the national portal ends the session here too (back-channel logout, by sid)', async () => {
  const b = new Browser();
  await signIn(b, 'an');
  const other = new Browser();
  await signIn(other, 'an');
  const session = await sessionOf(b);
  assert.ok(session?.oidcSid, 'the session keeps the provider session it came from');
  assert.equal((await me(b)).status, 200);
  // A forged token ends nothing.
  const forged = await fetch(`${appUrl}/auth/oidc/backchannel-logout`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ logout_token: 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln' }),
  });
  assert.equal(forged.status, 400);
  assert.equal((await me(b)).status, 200);
  // The person signs out on the provider's own page (no id_token_hint: not through us).
  const out = await b.run(
    `${idp.issuer}/oidc/logout`,
    'an',
    (u) => u.origin === appUrl || u.pathname.endsWith('/success'),
  );
  assert.ok(out.visited.length > 0);
  assert.deepEqual(idp.backchannelErrors, [], `visited ${out.visited.join(' → ')}`);
  assert.equal((await me(b)).status, 401, 'the provider told us; this session is gone');
  assert.equal((await me(other)).status, 200, 'another provider session of the same person stays');
  const [account] = await s.db.db.select().from(sessions).where(eq(sessions.id, session.id));
  assert.equal(account, undefined);
  const trail = await auditTrail(s.db.db, `account:${session.accountId}`);
  assert.deepEqual(trail.at(-1)?.data, { issuer: idp.issuer, by: 'sid' });
});
