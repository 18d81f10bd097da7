/**
 * Issue 18, the look-ups left after the counter's: the citizen's own "Lấy từ CSDL dân cư" on
 * the online filing (a VNeID session, consent, own record only; the filed dossier counts for
 * 4.5a/4.5b), and the staff pages of the business and land registers (purpose in the log, the
 * allow-list, the register down → "nhập tay"), over HTTP on the demo province with the three
 * register stand-ins behind a connectors file.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import { pdfBytes } from '../../../test/fixtures/files.ts';
import { createAccount, createSession, SESSION_COOKIE } from '../../platform/auth/index.ts';
import { Browser, birthFormPost, type SeededApp, seededApp, workspaceStaff } from '../../web/testing.ts';
import { exchangeConsents, exchangeMessages } from './schema.ts';
import { CLIENT, type Registers, sampleCitizen, startRegisters } from './testing.ts';
import { dossiersUsingPopulationData } from './use-prefill.ts';

let s: SeededApp;
let registers: Registers;
before(async () => {
  registers = await startRegisters();
  const file = path.join(registers.secretsDir, 'connectors.json');
  const common = (tokenUrl: string) => ({
    auth: { kind: 'oauth2', tokenUrl, clientId: CLIENT.clientId, clientSecretFile: 'lgsp-secret' },
    timeoutMs: 3_000,
    retries: 0,
    circuitFailures: 2,
    circuitOpenSeconds: 30,
  });
  writeFileSync(
    file,
    JSON.stringify({
      connectors: [
        {
          id: 'population.citizen',
          title: 'CSDL quốc gia về dân cư — tra cứu thông tin công dân',
          register: 'population',
          endpoint: `${registers.population.url}/dancu/CongDanService`,
          ...common(registers.population.tokenUrl),
          allow: [{ module: 'dossiers', roles: ['receiver', 'citizen'] }],
        },
        {
          id: 'business.enterprise',
          title: 'CSDL quốc gia về đăng ký doanh nghiệp',
          register: 'business',
          endpoint: registers.business.url,
          ...common(registers.business.tokenUrl),
          allow: [{ module: 'dossiers', roles: ['receiver', 'specialist'] }],
        },
        {
          id: 'land.parcel',
          title: 'Hệ thống thông tin đất đai — thửa đất',
          register: 'land',
          endpoint: registers.land.url,
          ...common(registers.land.tokenUrl),
          allow: [{ module: 'dossiers', roles: ['specialist'] }],
        },
      ],
    }),
  );
  s = await seededApp({ EXCHANGE_CONNECTORS: file });
});
after(async () => {
  await s.close();
  await registers.close();
});

/** A citizen whose session came from the national sign-in, which vouched for this personal id. */
async function vneidCitizen(login: string, personalId: string | undefined): Promise<Browser> {
  const { id } = await createAccount(s.db.db, {
    provinceCode: '08',
    kind: 'citizen',
    login,
    password: 'mat-khau-dai',
    displayName: 'Nguyễn Thị Hoa',
  });
  const { token } = await createSession(
    s.db.db,
    {
      accountId: id,
      ...(personalId ? { assuranceLevel: 2, identity: { personalId, fullName: 'Nguyễn Thị Hoa' } } : {}),
    },
    { ttlHours: 2 },
  );
  const b = new Browser(s.app);
  b.cookies.set(SESSION_COOKIE, token);
  return b;
}

const P = '/nop-ho-so/1.001193';
const agencyIdOf = (html: string, name: string) => {
  const m = new RegExp(`value="([0-9a-f-]{36})"[^>]*/><label class="choice-label" for="[^"]+">${name}<`).exec(html);
  assert.ok(m?.[1], name);
  return m[1];
};

test('online “Lấy từ CSDL dân cư”: own record only, consent first; the answer fills the applicant page and the filed dossier counts as using population data', async () => {
  // A password session: nothing can be looked up, the page says why.
  const plain = await vneidCitizen('0912000771', undefined);
  const why = await plain.page(`${P}/dan-cu`);
  assert.equal(why.statusCode, 200);
  assert.match(
    why.body,
    /Chỉ lấy được thông tin của chính bạn, khi bạn đăng nhập bằng tài khoản định danh điện tử VNeID/,
  );
  assert.doesNotMatch(why.body, /name="consent"/);
  const posted = await plain.post(`${P}/dan-cu`, { personalId: sampleCitizen.personalId, consent: 'yes' });
  assert.equal(posted.statusCode, 422);
  assert.match(posted.body, /Chỉ lấy được thông tin của chính bạn/);

  const b = await vneidCitizen('0912000772', sampleCitizen.personalId);
  const where = await b.page(`${P}/noi-nop`);
  await b.post(`${P}/noi-nop`, { agencyId: agencyIdOf(where.body, 'Ủy ban nhân dân phường Minh Xuân') });
  const applicant = await b.page(`${P}/nguoi-nop`);
  assert.match(applicant.body, /href="\/nop-ho-so\/1\.001193\/dan-cu"[^>]*>Lấy từ CSDL dân cư</);
  const consentPage = await b.page(`${P}/dan-cu`);
  assert.match(consentPage.body, /008085001234/);
  const noConsent = await b.post(`${P}/dan-cu`, { personalId: sampleCitizen.personalId });
  assert.equal(noConsent.statusCode, 422);
  assert.match(noConsent.body, /Cần có sự đồng ý của công dân/);
  await b.page(`${P}/dan-cu`);
  // Someone else's personal id (a relative's, say) is not looked up online, even with the box ticked.
  const other = await b.post(`${P}/dan-cu`, { personalId: '008055000111', consent: 'yes' });
  assert.equal(other.statusCode, 403);
  assert.match(other.body, /chỉ lấy được thông tin của chính mình/);
  assert.deepEqual(registers.population.asked, [], 'nothing was asked of the register');
  assert.equal((await s.db.db.select().from(exchangeConsents)).length, 0);

  await b.page(`${P}/dan-cu`);
  const found = await b.post(`${P}/dan-cu`, { personalId: sampleCitizen.personalId, consent: 'yes' });
  assert.equal(
    found.statusCode,
    303,
    found.body
      .split('<main')[1]
      ?.replace(/<[^>]*>/g, ' ')
      .slice(0, 600),
  );
  assert.equal(found.headers.location, `${P}/nguoi-nop`);
  assert.deepEqual(registers.population.asked, [sampleCitizen.personalId]);
  const [consent] = await s.db.db.select().from(exchangeConsents);
  assert.equal(consent?.method, 'online_checkbox');
  const [message] = await s.db.db.select().from(exchangeMessages).orderBy(desc(exchangeMessages.seq)).limit(1);
  assert.equal(message?.actorRole, 'citizen');
  assert.equal(message?.result, 'ok');

  const filled = await b.page(`${P}/nguoi-nop`);
  assert.match(filled.body, /Số 12 đường Tân Trào, phường Minh Xuân/);
  assert.match(filled.body, /Cha: Nguyễn Văn Bình — số định danh 008055000111/);
  assert.doesNotMatch(filled.body, />Lấy từ CSDL dân cư</);
  await b.post(`${P}/nguoi-nop`, {
    type: 'citizen',
    phone: '0912000772',
    address: 'Số 12 đường Tân Trào, phường Minh Xuân',
  });
  const form = await b.page(`${P}/to-khai`);
  const commune = /name="birthPlace__xa"[\s\S]*?<option value="(\d{5})">Phường Minh Xuân</.exec(form.body)?.[1] ?? '';
  const sent = await b.post(`${P}/to-khai`, birthFormPost(commune));
  assert.equal(sent.statusCode, 303, sent.body.slice(0, 500));
  await b.page(`${P}/giay-to`);
  const up = await b.upload(`${P}/giay-to/tai-len/1`, {
    field: 'file-1',
    name: 'giay-chung-sinh.pdf',
    type: 'application/pdf',
    bytes: await pdfBytes('giay chung sinh'),
  });
  assert.equal(up.statusCode, 303);
  await b.page(`${P}/giay-to`);
  await b.post(`${P}/giay-to`, {});
  await b.page(`${P}/kiem-tra`);
  const filed = await b.post(`${P}/kiem-tra`, {});
  assert.equal(filed.statusCode, 303, filed.body.slice(0, 400));
  const used = await dossiersUsingPopulationData(s.db.db, '08');
  assert.equal(used.length, 1, 'indicators 4.5a/4.5b count the online dossier');
  assert.equal(used[0]?.procedureCode, '1.001193');
});

test('business and land look-ups at the counter: results in Vietnamese, the purpose in the log, the allow-list, and “nhập tay” when the register is down', async () => {
  const specialist = await workspaceStaff(s.app, 'chuyenvien.minhxuan');
  await specialist.page('/workspace/doanh-nghiep');
  const noPurpose = await specialist.post('/workspace/doanh-nghiep', { taxCode: '5000123456' });
  assert.equal(noPurpose.statusCode, 422);
  assert.match(noPurpose.body, /Vui lòng ghi mục đích khai thác dữ liệu/);
  const firm = await specialist.post('/workspace/doanh-nghiep', {
    taxCode: '5000123456',
    purpose: 'Thẩm định hồ sơ cấp giấy phép',
    dossier: 'H08.01-261206-0001',
  });
  assert.equal(firm.statusCode, 200);
  assert.match(firm.body, /Công ty TNHH Chè Tân Trào/);
  assert.match(firm.body, /Lý Văn Sáng, Giám đốc/);
  assert.match(firm.body, /02\/05\/2019/);
  const [logged] = await s.db.db
    .select()
    .from(exchangeMessages)
    .where(eq(exchangeMessages.serviceId, 'business.enterprise'))
    .orderBy(desc(exchangeMessages.seq))
    .limit(1);
  assert.equal(logged?.purpose, 'Thẩm định hồ sơ cấp giấy phép');
  assert.equal(logged?.dossierRef, 'H08.01-261206-0001');
  assert.equal(logged?.actorRole, 'specialist');
  const unknown = await specialist.post('/workspace/doanh-nghiep', {
    taxCode: '5000999999',
    purpose: 'Thẩm định hồ sơ',
  });
  assert.equal(unknown.statusCode, 404);
  assert.match(unknown.body, /Không tìm thấy doanh nghiệp có mã số 5000999999/);

  const landPage = await specialist.page('/workspace/thua-dat');
  const minhXuan = /<option value="(\d{5})"[^>]*>Phường Minh Xuân</.exec(landPage.body)?.[1] ?? '';
  assert.equal(minhXuan, '02215', 'the stand-in’s parcel lies in Minh Xuân');
  const parcel = await specialist.post('/workspace/thua-dat', {
    commune: minhXuan,
    sheet: '12',
    parcel: '345',
    purpose: 'Thẩm định hồ sơ đăng ký biến động đất đai',
  });
  assert.equal(parcel.statusCode, 200, parcel.body.slice(0, 400));
  assert.match(parcel.body, /Thửa đất số 345, tờ bản đồ số 12/);
  assert.match(parcel.body, /180,5 m²/);
  assert.match(parcel.body, /Đất ở tại nông thôn \(ONT\)/);
  assert.match(parcel.body, /DĐ 123456/);

  // The land connector's allow-list names specialists only: the receiver is refused, and the refusal is logged.
  const receiver = await workspaceStaff(s.app, 'tiepnhan.minhxuan');
  await receiver.page('/workspace/thua-dat');
  const refused = await receiver.post('/workspace/thua-dat', {
    commune: minhXuan,
    sheet: '12',
    parcel: '345',
    purpose: 'Tiếp nhận hồ sơ',
  });
  assert.equal(refused.statusCode, 403);
  assert.match(refused.body, /không có trong danh sách được phép gọi dịch vụ/);
  const refusals = await s.db.db
    .select()
    .from(exchangeMessages)
    .where(and(eq(exchangeMessages.serviceId, 'land.parcel'), eq(exchangeMessages.result, 'refused')));
  assert.equal(refusals.length, 1);
  // Others are refused the pages themselves.
  const leader = await workspaceStaff(s.app, 'lanhdao.minhxuan');
  assert.equal((await leader.get('/workspace/doanh-nghiep')).statusCode, 403);

  // The business register goes down: two failures open the circuit; the page offers "nhập tay" throughout.
  registers.business.down();
  for (let i = 0; i < 3; i++) {
    await specialist.page('/workspace/doanh-nghiep');
    const down = await specialist.post('/workspace/doanh-nghiep', {
      taxCode: '5000123456',
      purpose: 'Thẩm định hồ sơ',
    });
    assert.equal(down.statusCode, 503);
    assert.match(down.body, /data-manual-entry/);
    assert.match(down.body, /Nhập tay:/);
  }
  const open = await s.db.db
    .select()
    .from(exchangeMessages)
    .where(and(eq(exchangeMessages.serviceId, 'business.enterprise'), eq(exchangeMessages.result, 'circuit_open')));
  assert.equal(open.length, 1, 'the third call was not sent: the circuit was open');
  registers.business.up();
});
