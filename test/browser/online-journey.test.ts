/**
 * Issue 4, done when: a citizen files online → the receiver asks for a missing paper → the
 * citizen supplements → the receiver receives → a specialist completes the step → the leader
 * approves and signs → the result is delivered electronically → the citizen downloads the
 * signed PDF and rates the service. Citizen on a 360 px phone, staff on a desk screen.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifyPdf } from '../../src/platform/pdf/index.ts';
import { DESK, Journey, PHONE, startedForFile } from './harness.ts';
import {
  BIRTH,
  fileBirthRegistration,
  openAction,
  openStaffDossier,
  pdfFile,
  pngFile,
  signInStaff,
  submitAction,
} from './steps.ts';

const live = startedForFile();

test('online filing to a signed electronic result, with one supplement request on the way', async () => {
  const journey = new Journey('online-journey');
  const citizen = await journey.newPage(await live.browser.newContext({ ...PHONE, acceptDownloads: true }));
  const receiver = await journey.newPage(await live.browser.newContext(DESK));
  const specialist = await journey.newPage(await live.browser.newContext(DESK));
  const leader = await journey.newPage(await live.browser.newContext(DESK));

  // The citizen finds the procedure and files it online.
  await citizen.goto(`${live.server.url}/thu-tuc/${BIRTH.code}`);
  await journey.check(citizen, 'procedure');
  const { code } = await fileBirthRegistration(citizen, journey, {
    name: 'Hoàng Thị Lan',
    login: 'lan.hoang@example.vn',
  });

  // The receiver at the ward's service centre asks for a paper again, with the reason.
  await receiver.goto(live.server.url);
  await signInStaff(receiver, journey, 'tiepnhan.minhxuan', 'receiver');
  await openStaffDossier(receiver, code);
  await journey.check(receiver, 'receiver-dossier');
  // Issue 13.4: the e-form is the declaration, kept with the dossier as the legal form's PDF.
  assert.match(
    (await receiver.locator('main').textContent()) ?? '',
    new RegExp(`${BIRTH.declaration}: to-khai-dang-ky-khai-sinh\\.pdf`),
  );
  await openAction(receiver, journey, 'Yêu cầu bổ sung, hoàn thiện hồ sơ', 'request-supplement');
  await receiver.getByLabel(BIRTH.birthCertificate, { exact: true }).check();
  await receiver
    .getByLabel(`Lý do, yêu cầu đối với: ${BIRTH.birthCertificate}`)
    .fill('Ảnh chụp bị mờ, không đọc được số giấy chứng sinh.');
  await submitAction(receiver, journey, 'Yêu cầu bổ sung, hoàn thiện hồ sơ', 'supplement-requested');

  // The citizen sees what is missing and sends it.
  await citizen.goto(`${live.server.url}/ho-so-cua-toi`);
  await journey.check(citizen, 'my-dossiers');
  await citizen.getByRole('link', { name: BIRTH.name }).click();
  await journey.check(citizen, 'dossier-needs-papers');
  // Issue 13.5: the request is on the page itself: which paper, why, and what to do.
  const asked = (await citizen.locator('main .inset').first().textContent()) ?? '';
  assert.match(asked, /cơ quan yêu cầu bạn bổ sung, hoàn thiện hồ sơ/);
  assert.match(asked, /Giấy chứng sinh hoặc giấy tờ thay Giấy chứng sinh — lý do: Ảnh chụp bị mờ/);
  assert.match(asked, /Thời gian chờ bạn bổ sung không tính vào thời hạn giải quyết/);
  await citizen.getByRole('link', { name: `Nộp giấy tờ này ${BIRTH.birthCertificate}` }).click();
  await citizen.waitForURL(/\/bo-sung\?giay=0$/);
  await journey.check(citizen, 'supplement');
  // The paper asked for is already chosen.
  assert.equal(await citizen.getByLabel('Tệp này là giấy tờ nào?').inputValue(), BIRTH.birthCertificate);
  await citizen.getByLabel('Chọn tệp').setInputFiles(pngFile('giay-chung-sinh-ro-net.png'));
  await citizen.getByRole('button', { name: 'Tải lên', exact: true }).click();
  await citizen.waitForURL(/\/bo-sung(\?giay=0)?$/);
  await citizen.getByRole('button', { name: 'Gửi bổ sung' }).click();
  await citizen.waitForURL(/\?xong=bo-sung$/);
  await journey.check(citizen, 'supplement-sent');

  // The receiver receives it (due date, receipt) and finishes the intake step.
  await openStaffDossier(receiver, code);
  await openAction(receiver, journey, 'Tiếp nhận hồ sơ', 'receive');
  await journey.check(receiver, 'received');
  await openAction(receiver, journey, 'Hoàn thành bước xử lý', 'complete-intake-step');
  await submitAction(receiver, journey, 'Hoàn thành bước xử lý', 'intake-step-done');

  // The specialist of the ward's People's Committee drafts the result with its number and
  // completes the appraisal step (issue 13.11).
  await specialist.goto(live.server.url);
  await signInStaff(specialist, journey, 'chuyenvien.minhxuan', 'specialist');
  await openStaffDossier(specialist, code);
  await openAction(specialist, journey, 'Hoàn thành bước xử lý', 'complete-appraisal');
  await specialist.getByLabel('Số văn bản kết quả').fill('125/2026/GKS');
  await specialist
    .getByLabel('Tải lên tệp kết quả (PDF)')
    .setInputFiles(await pdfFile('giay-khai-sinh.pdf', 'Giay khai sinh ban dien tu'));
  await specialist.getByRole('button', { name: 'Tải lên', exact: true }).click();
  await specialist.waitForURL(/\/thao-tac\/complete_step$/);
  await journey.check(specialist, 'result-drafted');
  await specialist.getByLabel('Ghi chú').fill('Đã ghi Sổ đăng ký khai sinh, cấp số định danh cá nhân cho trẻ.');
  await submitAction(specialist, journey, 'Hoàn thành bước xử lý', 'appraisal-done');

  // The leader previews the draft and approves and signs it in one action.
  await leader.goto(live.server.url);
  await signInStaff(leader, journey, 'lanhdao.minhxuan', 'leader');
  await openStaffDossier(leader, code);
  await openAction(leader, journey, 'Phê duyệt và ký số kết quả', 'approve');
  assert.match((await leader.locator('[data-draft-results]').textContent()) ?? '', /Số: 125\/2026\/GKS/);
  await submitAction(leader, journey, 'Phê duyệt và ký số kết quả', 'approved');

  // The receiver closes the hand-over step (the dossier has its result: no separate action)
  // and delivers it electronically.
  await openStaffDossier(receiver, code);
  await openAction(receiver, journey, 'Hoàn thành bước xử lý', 'complete-delivery-step');
  await submitAction(receiver, journey, 'Hoàn thành bước xử lý', 'delivery-step-done');
  assert.equal(await receiver.locator('main').getByText('Có kết quả giải quyết', { exact: true }).count(), 0);
  await openAction(receiver, journey, 'Trả kết quả', 'deliver');
  await receiver.getByLabel('Trực tuyến (bản điện tử)').check();
  await submitAction(receiver, journey, 'Trả kết quả', 'delivered');

  // The citizen downloads the signed PDF and rates the service.
  await citizen.goto(`${live.server.url}/ho-so-cua-toi/${code}`);
  await journey.check(citizen, 'dossier-delivered');
  // Beside the result, its signature as verified (issue 14): a DEMO key chains to no national root.
  // Two signatures (issue 14 §2): the leader's own, then the ward's seal.
  const verdicts = citizen.getByText('Chưa xác định được chữ ký số');
  await verdicts.first().waitFor();
  assert.equal(await verdicts.count(), 2, 'the leader’s signature and the seal');
  await citizen
    .getByText(/không thuộc tổ chức chứng thực được tin cậy/u)
    .first()
    .waitFor();
  // Issue 13.6: the citizen's timeline leaves out the agencies' internal steps and sheet.
  const timeline = (await citizen.locator('.timeline').textContent()) ?? '';
  assert.doesNotMatch(timeline, /Hoàn thành bước xử lý|Phân công|Trả lại bước trước|Phê duyệt/);
  assert.match(timeline, /Đã trả kết quả/);
  assert.match(timeline, /Việc của bạn:/);
  assert.equal(await citizen.locator('a[href$="control-sheet.pdf"]').count(), 0);
  const [download] = await Promise.all([
    citizen.waitForEvent('download'),
    citizen.getByRole('link', { name: 'giay-khai-sinh.pdf' }).click(),
  ]);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  const reports = await verifyPdf(new Uint8Array(readFileSync(path)));
  assert.equal(reports.length, 2, 'the leader’s signature, then the seal');
  assert.deepEqual(
    reports.map((r) => r.integrityValid),
    [true, true],
  );
  assert.equal(reports[0]?.signerName, 'Đào Xuân Trường', 'the leader signed first');
  assert.equal(reports[0]?.changesAfterSigning, 'signatures-only', 'the seal kept the leader’s signature valid');
  await citizen.getByRole('link', { name: 'Đánh giá sự hài lòng' }).click();
  await citizen.waitForURL(/\/danh-gia\//);
  await journey.check(citizen, 'rating');
  // Issue 13.7: questions read as questions, without the report's codes.
  const form = (await citizen.locator('main form').textContent()) ?? '';
  assert.match(form, /Bạn thấy việc làm thủ tục này thuận tiện đến đâu\?/);
  assert.doesNotMatch(form, /chỉ số|ông\/bà/i);
  await citizen
    .getByRole('group', { name: /đánh giá thế nào/ })
    .getByLabel('Rất hài lòng')
    .check();
  await citizen.getByRole('button', { name: /Gửi đánh giá/ }).click();
  await citizen.waitForURL(/sent=1/);
  await journey.check(citizen, 'rated');

  // Public tracking shows the end, without personal data.
  await citizen.goto(`${live.server.url}/tra-cuu`);
  journey.assertClean();
});
