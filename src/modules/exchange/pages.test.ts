import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { verifyExchangeCommand } from '../../cli/exchange.ts';
import { Browser, type SeededApp, seededApp } from '../../web/testing.ts';
import { CLIENT, type Registers, sampleCitizen, startRegisters } from './testing.ts';
import { dossiersUsingPopulationData } from './use-prefill.ts';
import { ARCHIVE_WARNINGS, verifyExchangeArchive } from './verify-archive.ts';

let s: SeededApp;
let registers: Registers;
before(async () => {
  registers = await startRegisters();
  // The province's connectors file, as docs/exchange.md shows it.
  const file = path.join(registers.secretsDir, 'connectors.json');
  writeFileSync(
    file,
    JSON.stringify({
      connectors: [
        {
          id: 'population.citizen',
          title: 'CSDL quốc gia về dân cư — tra cứu thông tin công dân',
          register: 'population',
          endpoint: `${registers.population.url}/dancu/CongDanService`,
          auth: {
            kind: 'oauth2',
            tokenUrl: registers.population.tokenUrl,
            clientId: CLIENT.clientId,
            clientSecretFile: 'lgsp-secret',
          },
          timeoutMs: 500,
          retries: 0,
          circuitFailures: 2,
          circuitOpenSeconds: 1,
          allow: [{ module: 'dossiers', roles: ['receiver'] }],
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

async function staff(login: string): Promise<Browser> {
  const b = new Browser(s.app);
  await b.page('/workspace/dang-nhap');
  const res = await b.post('/workspace/dang-nhap', { login, password: 'MoCua@2026' });
  assert.equal(res.headers.location, '/workspace');
  return b;
}

const COUNTER = '/workspace/tiep-nhan/1.001193';
const LOOKUP = '/workspace/dan-cu?thu-tuc=1.001193';

test('“Lấy từ CSDL dân cư”: refused without consent, then prefills the counter form and marks the filed dossier', async () => {
  const receiver = await staff('tiepnhan.minhxuan');
  const form = await receiver.page(COUNTER);
  assert.match(form.body, /href="\/workspace\/dan-cu\?thu-tuc=1.001193"[^>]*>Lấy từ CSDL dân cư</);
  await receiver.page(LOOKUP);
  const noConsent = await receiver.post('/workspace/dan-cu', {
    procedure: '1.001193',
    personalId: sampleCitizen.personalId,
  });
  assert.equal(noConsent.statusCode, 422);
  assert.match(noConsent.body, /Cần có sự đồng ý của công dân/);
  assert.deepEqual(registers.population.asked, []);

  const found = await receiver.post('/workspace/dan-cu', {
    procedure: '1.001193',
    personalId: sampleCitizen.personalId,
    consent: 'yes',
  });
  assert.equal(found.statusCode, 303);
  const location = String(found.headers.location);
  assert.match(location, /^\/workspace\/tiep-nhan\/1\.001193\?dan-cu=[0-9a-f-]{36}$/);
  const filled = await receiver.page(location);
  assert.match(filled.body, /name="fullName"[^>]*value="Nguyễn Thị Hoa"/);
  assert.match(filled.body, /name="personalId"[^>]*value="008085001234"/);
  assert.match(filled.body, /Cha: Nguyễn Văn Bình — số định danh 008055000111/);
  const prefillId = /name="danCu" value="([0-9a-f-]{36})"/.exec(filled.body)?.[1] ?? '';
  assert.ok(prefillId);
  const commune = /name="birthPlace__xa"[\s\S]*?<option value="(\d{5})">Phường Minh Xuân</.exec(filled.body)?.[1] ?? '';
  const filed = await receiver.post(COUNTER, {
    danCu: prefillId,
    type: 'citizen',
    fullName: 'Nguyễn Thị Hoa',
    personalId: sampleCitizen.personalId,
    phone: '02073822456',
    childFullName: 'Nguyễn Minh Khang',
    childBirthDate__ngay: '2',
    childBirthDate__thang: '12',
    childBirthDate__nam: '2026',
    sex: 'Nam',
    birthPlace__tinh: '08',
    birthPlace__xa: commune,
    relation: 'Mẹ',
    nationality: 'Việt Nam',
    nativePlace: 'Xã Hàm Yên, tỉnh Tuyên Quang',
    ethnicity: 'Tày',
    papers: ['0', '1', '3'],
  });
  assert.equal(filed.statusCode, 303, filed.body.slice(0, 500));
  const used = await dossiersUsingPopulationData(s.db.db, '08');
  assert.equal(used.length, 1);
  assert.equal(used[0]?.procedureCode, '1.001193');
});

test('register down: the page says to enter by hand, the circuit opens, the counter still receives by hand, and the look-up comes back', async () => {
  const receiver = await staff('tiepnhan.minhxuan');
  registers.population.down();
  for (let i = 0; i < 2; i++) {
    await receiver.page(LOOKUP);
    const down = await receiver.post('/workspace/dan-cu', {
      procedure: '1.001193',
      personalId: sampleCitizen.personalId,
      consent: 'yes',
    });
    assert.equal(down.statusCode, 503);
    assert.match(down.body, /nhập tay/);
    assert.match(down.body, /href="\/workspace\/tiep-nhan\/1\.001193"[^>]*>Nhập tay thông tin người nộp</);
  }
  const asked = registers.population.asked.length;
  await receiver.page(LOOKUP);
  const open = await receiver.post('/workspace/dan-cu', {
    procedure: '1.001193',
    personalId: sampleCitizen.personalId,
    consent: 'yes',
  });
  assert.equal(open.statusCode, 503);
  assert.equal(registers.population.asked.length, asked, 'the open circuit sends nothing');
  const manual = await receiver.page(COUNTER);
  assert.equal(manual.statusCode, 200);
  assert.doesNotMatch(manual.body, /name="danCu"/);

  registers.population.up();
  await sleep(1_100);
  await receiver.page(LOOKUP);
  const back = await receiver.post('/workspace/dan-cu', {
    procedure: '1.001193',
    personalId: sampleCitizen.personalId,
    consent: 'yes',
  });
  assert.equal(back.statusCode, 303);
});

test('the exchange log: administrators and inspectors filter and export it, the export verifies offline, /metrics has the figures', async () => {
  const receiver = await staff('tiepnhan.minhxuan');
  assert.equal((await receiver.get('/workspace/trao-doi-du-lieu')).statusCode, 403);
  const inspector = await staff('thanhtra.tinh');
  const all = await inspector.page('/workspace/trao-doi-du-lieu');
  assert.equal(all.statusCode, 200);
  assert.match(all.body, /Tạm ngắt \(nhập tay\)/);
  assert.match(all.body, /tiepnhan|staff|receiver/);
  assert.doesNotMatch(all.body, /Nguyễn Thị Hoa|008085001234/);
  const open = await inspector.page('/workspace/trao-doi-du-lieu?ket-qua=circuit_open&dich-vu=population.citizen');
  const rows = (open.body.match(/<td data-label="Thời điểm">/g) ?? []).length;
  assert.ok(rows >= 1);
  assert.doesNotMatch(open.body.split('id="nhat-ky"')[1] ?? '', />Thành công</);

  const exported = await inspector.get('/workspace/trao-doi-du-lieu/ket-xuat');
  assert.equal(exported.statusCode, 200);
  assert.match(String(exported.headers['content-disposition']), /attachment; filename="nhat-ky-trao-doi-du-lieu-/);
  const report = verifyExchangeArchive(exported.body);
  assert.deepEqual(
    report.problems.filter((p) => !ARCHIVE_WARNINGS.has(p.kind)),
    [],
  );
  assert.equal(report.records, 5, JSON.stringify(report.problems.slice(0, 3)));

  // The same file through the command an inspector runs: nothing altered, but not sealed yet (exit 3).
  const file = path.join(registers.secretsDir, 'export.jsonl');
  writeFileSync(file, exported.body);
  const printed: string[] = [];
  const log = console.log;
  console.log = (text: string) => printed.push(text);
  try {
    const exit = await verifyExchangeCommand({
      config: s.app.deps.config,
      positionals: [file],
      option: () => undefined,
      flag: () => false,
    });
    assert.equal(exit, 3);
  } finally {
    console.log = log;
  }
  assert.match(printed.join('\n'), /CHƯA ĐẦY ĐỦ/);

  const metrics = await s.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
  assert.match(metrics.body, /exchange_calls_total\{service="population.citizen",result="circuit_open"\} 1/);
});
