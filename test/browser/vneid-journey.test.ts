/**
 * Issue 16: signing in with VNeID in the browser against the national identity provider's
 * stand-in (test/standins/national-idp: oidc-provider configured like Cổng DVCQG), on a 375×812
 * phone, with JavaScript and without it. The citizen already has a password account: the first
 * VNeID sign-in asks whether they have one, they sign in with its password once, and the same
 * account opens — then and at every later VNeID sign-in, with no question. With JavaScript, the
 * citizen then starts a birth registration and takes their own record from the population
 * register's stand-in ("Lấy từ CSDL dân cư", issue 18): consent, then the applicant page filled.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { BrowserContext, Browser as Chromium, Page } from 'playwright-core';
import { createAccount } from '../../src/platform/auth/index.ts';
import { type NationalIdp, startNationalIdp } from '../standins/national-idp/server.ts';
import { startPopulationStandIn } from '../standins/population/server.ts';
import { freePort, type Journey as J, Journey, launchChromium, type Server, startServer } from './harness.ts';
import { BIRTH } from './steps.ts';

const PHONE_375 = { viewport: { width: 375, height: 812 }, locale: 'vi-VN' };
const people = {
  '001192000789': { maxLevel: 2, SoDinhDanh: '001192000789', HoVaTen: 'Phạm Thị Chi', NgayThangNamSinh: '19920311' },
  '001087000456': { maxLevel: 2, SoDinhDanh: '001087000456', HoVaTen: 'Hoàng Văn Dũng', NgayThangNamSinh: '19870922' },
} as const;

let server: Server;
let idp: NationalIdp;
let chromium: Chromium;
let population: Awaited<ReturnType<typeof startPopulationStandIn>>;
const LGSP = { clientId: 'mocua-08', clientSecret: 'bi-mat-lgsp' };
let secrets = '';

before(async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  idp = await startNationalIdp({
    people,
    clients: [
      {
        client_id: 'mocua-08',
        client_secret: 'bi-mat-cua-tinh-08',
        redirect_uris: [`${url}/auth/oidc/callback`],
        post_logout_redirect_uris: [`${url}/dang-nhap?da-dang-xuat=1`, `${url}/workspace/dang-nhap?da-dang-xuat=1`],
      },
    ],
  });
  population = await startPopulationStandIn(
    [
      {
        personalId: '001192000789',
        family: 'Phạm',
        middle: 'Thị',
        given: 'Chi',
        birthDate: '19920311',
        gender: 'Nữ',
        ethnicity: 'Kinh',
        permanentAddress: { provinceCode: '08', communeCode: '02215', detail: 'Số 8 đường Tân Trào, phường Minh Xuân' },
        currentAddress: { provinceCode: '08', communeCode: '02215', detail: 'Số 8 đường Tân Trào, phường Minh Xuân' },
        father: { fullName: 'Phạm Văn Đông', personalId: '001060000111' },
      },
    ],
    LGSP,
  );
  secrets = mkdtempSync(path.join(tmpdir(), 'mocua-vneid-'));
  const connectors = path.join(secrets, 'connectors.json');
  writeFileSync(path.join(secrets, 'lgsp-secret'), LGSP.clientSecret);
  writeFileSync(
    connectors,
    JSON.stringify({
      connectors: [
        {
          id: 'population.citizen',
          title: 'CSDL quốc gia về dân cư',
          register: 'population',
          endpoint: `${population.url}/dancu/CongDanService`,
          auth: {
            kind: 'oauth2',
            tokenUrl: population.tokenUrl,
            clientId: LGSP.clientId,
            clientSecretFile: 'lgsp-secret',
          },
          allow: [{ module: 'dossiers', roles: ['receiver', 'citizen'] }],
        },
      ],
    }),
  );
  server = await startServer(
    {
      PUBLIC_URL: url,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: 'mocua-08',
      OIDC_CLIENT_SECRET: 'bi-mat-cua-tinh-08',
      EXCHANGE_CONNECTORS: connectors,
    },
    port,
  );
  chromium = await launchChromium();
});
after(async () => {
  await chromium?.close();
  await server?.close();
  await idp?.close();
  await population?.close();
  if (secrets) rmSync(secrets, { recursive: true, force: true });
});

/** From the portal's sign-in page through the provider's login form, back to the portal. */
async function signInWithVneid(page: Page, journey: J, personalId: string) {
  await page.goto(`${server.url}/dang-nhap`);
  await journey.check(page, 'sign-in');
  await page.getByRole('link', { name: 'Đăng nhập bằng VNeID / tài khoản Cổng DVCQG' }).click();
  // The provider's own page (the stand-in): not ours to check with axe.
  await page.waitForURL((u) => u.origin === idp.issuer && u.pathname.startsWith('/authenticationendpoint/login'));
  await page.getByLabel('Số định danh').fill(personalId);
  await page.getByLabel('Mật khẩu').fill('mat-khau-vneid');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((u) => u.origin === server.url);
}

async function me(context: BrowserContext) {
  const res = await context.request.get(`${server.url}/api/v1/auth/me`);
  return res.status() === 200 ? ((await res.json()) as { account: { id: string; displayName: string } }) : undefined;
}

for (const script of [true, false]) {
  test(`a citizen signs in with VNeID and links the password account they had (${script ? 'with' : 'without'} JavaScript)`, async () => {
    const journey = new Journey(`vneid-${script ? 'js' : 'no-js'}`);
    journey.noScript = !script;
    const personalId = script ? '001192000789' : '001087000456';
    const person = people[personalId];
    const login = script ? '0912000333' : '0912000444';
    const { id } = await createAccount(server.db.db, {
      provinceCode: '08',
      kind: 'citizen',
      login,
      password: 'mat-khau-cu-cua-toi',
      displayName: person.HoVaTen,
    });

    const context = await chromium.newContext({ ...PHONE_375, javaScriptEnabled: script });
    const page = await journey.newPage(context);
    await signInWithVneid(page, journey, personalId);
    await page.waitForURL((u) => u.pathname === '/dang-nhap/lien-ket');
    await journey.check(page, 'link-question');
    assert.match(
      (await page.locator('main').textContent()) ?? '',
      new RegExp(`VNeID đã xác nhận bạn là ${person.HoVaTen}`),
    );
    assert.equal(await me(context), undefined, 'no session before the answer');

    await page.getByLabel('Số điện thoại hoặc thư điện tử').fill(login);
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau-roi');
    await page.getByRole('button', { name: 'Đăng nhập và liên kết' }).click();
    await page.waitForSelector('.error-summary');
    await journey.check(page, 'link-wrong-password');
    await page.getByLabel('Mật khẩu').fill('mat-khau-cu-cua-toi');
    await page.getByRole('button', { name: 'Đăng nhập và liên kết' }).click();
    await page.waitForURL((u) => u.pathname === '/ho-so-cua-toi');
    await journey.check(page, 'my-dossiers');
    assert.equal((await me(context))?.account.id, id, 'the account the citizen had');
    await context.close();

    // Another day, another phone: VNeID alone opens the same account.
    const later = await chromium.newContext({ ...PHONE_375, javaScriptEnabled: script });
    const again = await journey.newPage(later);
    await signInWithVneid(again, journey, personalId);
    await again.waitForURL((u) => u.pathname === '/ho-so-cua-toi');
    assert.equal((await me(later))?.account.id, id);

    if (script) {
      // Issue 18: a filing takes the citizen's own record from the population register, with consent.
      // Filing asks for level 2; the sign-in above was level 1: step up at the provider, then back here.
      await again.goto(`${server.url}/nop-ho-so/1.001193`);
      await again.locator('main').getByRole('link', { name: 'Đăng nhập bằng VNeID / tài khoản Cổng DVCQG' }).click();
      await again.waitForURL((u) => u.origin === idp.issuer && u.pathname.startsWith('/authenticationendpoint/login'));
      await again.getByLabel('Số định danh').fill(personalId);
      await again.getByLabel('Mật khẩu').fill('mat-khau-vneid');
      await again.getByRole('button', { name: 'Đăng nhập' }).click();
      await again.waitForURL((u) => u.origin === server.url && u.pathname === '/nop-ho-so/1.001193');
      await again.getByRole('link', { name: 'Chọn nơi nộp hồ sơ' }).click();
      await again.waitForURL(/\/noi-nop$/);
      await again.getByLabel(BIRTH.agency, { exact: true }).check();
      await again.getByRole('button', { name: 'Tiếp tục' }).click();
      await again.waitForURL(/\/nguoi-nop$/);
      await again.getByRole('link', { name: 'Lấy từ CSDL dân cư' }).click();
      await again.waitForURL(/\/dan-cu$/);
      await journey.check(again, 'population-consent');
      await again.getByRole('button', { name: 'Đồng ý và lấy thông tin' }).click();
      await again.waitForSelector('.error-summary');
      await again.getByLabel(/^Tôi đồng ý để cơ quan giải quyết thủ tục khai thác thông tin/).check();
      await again.getByRole('button', { name: 'Đồng ý và lấy thông tin' }).click();
      await again.waitForURL(/\/nguoi-nop$/);
      await journey.check(again, 'applicant-from-population');
      assert.match((await again.locator('[data-population-prefill]').textContent()) ?? '', /Cha: Phạm Văn Đông/);
      assert.deepEqual(population.asked, [personalId]);
    }
    journey.assertClean();
    await journey.close();
    await later.close();
  });
}
