/**
 * Issue 14 §2 and issue 13.11 through the workspace pages: the leader uploads a signature image,
 * the province's administrator the ward's seal image (checked by content), the specialist drafts
 * the numbered result, and the leader approves and signs it in one action. The issued PDF carries
 * the leader's signature, then the seal: both valid in pdfsig, with both images (pdfimages lists
 * them with their transparency masks).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pdfBytes } from '../../../../../test/fixtures/files.ts';
import { rgbaPng } from '../../../../../test/fixtures/images.ts';
import { pdfImagesList, pdfSig } from '../../../../platform/pdf/testing.ts';
import { type Browser, birthFiledOnline, type SeededApp, seededApp, workspaceStaff } from '../../../../web/testing.ts';

let s: SeededApp;
let code = '';

before(async () => {
  s = await seededApp();
  code = await birthFiledOnline(s, {
    login: 'gia.bao@example.vn',
    personalId: '008195004322',
    phone: '0912555667',
    transactionId: 'signature-pages-0001',
  });
});
after(async () => {
  await s.close();
});

const staff = (login: string): Promise<Browser> => workspaceStaff(s.app, login);

const png = (bytes: Uint8Array) => ({ field: 'file', name: 'anh.png', type: 'image/png', bytes });

/** Opens an action's page and takes it with the form's own transaction id. */
async function act(b: Browser, type: string, fields: Record<string, string | string[]> = {}) {
  const page = await b.page(`/workspace/ho-so/${code}/thao-tac/${type}`);
  assert.equal(page.statusCode, 200, `${type}: ${page.body.slice(0, 200)}`);
  const txn = /name="txn" value="([^"]+)"/u.exec(page.body)?.[1] ?? '';
  const res = await b.post(`/workspace/ho-so/${code}/thao-tac/${type}`, { txn, ...fields });
  assert.equal(res.statusCode, 303, `${type}: ${res.body.slice(0, 2000)}`);
  return page;
}

test('an officer uploads their signature image, an administrator the seal image; both checked by content', async () => {
  const leader = await staff('lanhdao.minhxuan');
  const page = await leader.page('/workspace/chu-ky-so');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Ảnh chữ ký của tôi/u);
  assert.doesNotMatch(page.body, /Ảnh con dấu của cơ quan/u, 'a leader sets no seal image');
  assert.match(page.body, /data-own-image[^>]*>Chưa có ảnh\./u);

  // A PDF named .png is refused by its content, and said so beside the field.
  const fake = await leader.upload('/workspace/chu-ky-so/anh-chu-ky', png(await pdfBytes('không phải ảnh')));
  assert.equal(fake.statusCode, 422);
  assert.match(fake.body, /phải là tệp PNG hoặc JPEG hợp lệ/u);

  await leader.page('/workspace/chu-ky-so');
  const saved = await leader.upload('/workspace/chu-ky-so/anh-chu-ky', png(rgbaPng(120, 40, [0, 0, 200])));
  assert.equal(saved.statusCode, 303);
  const after = await leader.page(String(saved.headers.location));
  assert.match(after.body, /Đã lưu ảnh/u);
  assert.match(after.body, /data-own-image[^>]*>Đã có ảnh \(120 × 40 điểm ảnh\)/u);

  // The province's administrator sets the ward's seal image; a specialist may not.
  const admin = await staff('admin');
  const adminPage = await admin.page('/workspace/chu-ky-so');
  const ward = /<option value="([^"]+)"[^>]*>Ủy ban nhân dân phường Minh Xuân<\/option>/u.exec(adminPage.body)?.[1];
  assert.ok(ward, 'the ward is among the agencies the administrator may choose');
  const seal = await admin.upload('/workspace/chu-ky-so/anh-con-dau', png(rgbaPng(90, 90, [200, 0, 0])), {
    agencyId: ward,
  });
  assert.equal(seal.statusCode, 303, seal.body.slice(0, 500));
  const specialist = await staff('chuyenvien.minhxuan');
  await specialist.page('/workspace/chu-ky-so');
  const refused = await specialist.upload('/workspace/chu-ky-so/anh-con-dau', png(rgbaPng(90, 90, [200, 0, 0])), {
    agencyId: ward,
  });
  assert.equal(refused.statusCode, 403);
});

test('the leader previews the numbered draft and approves and signs it in one action: own signature, then the seal', async () => {
  const receiver = await staff('tiepnhan.minhxuan');
  await act(receiver, 'receive');
  await act(receiver, 'complete_step');

  const specialist = await staff('chuyenvien.minhxuan');
  const draftPage = await specialist.page(`/workspace/ho-so/${code}/thao-tac/complete_step`);
  assert.match(draftPage.body, /Số văn bản kết quả/u, 'the specialist enters the result’s number');
  const uploaded = await specialist.upload(
    `/workspace/ho-so/${code}/thao-tac/complete_step/tai-len`,
    { field: 'file', name: 'giay-khai-sinh.pdf', type: 'application/pdf', bytes: await pdfBytes('Giay khai sinh') },
    { resultNumber: '125/2026/GKS' },
  );
  assert.equal(uploaded.statusCode, 303, uploaded.body.slice(0, 500));
  await act(specialist, 'complete_step');

  const leader = await staff('lanhdao.minhxuan');
  const approvePage = await leader.page(`/workspace/ho-so/${code}/thao-tac/approve`);
  assert.equal(approvePage.statusCode, 200);
  assert.match(approvePage.body, /data-draft-results[\s\S]*Số: 125\/2026\/GKS[\s\S]*Xem dự thảo/u);
  assert.match(approvePage.body, /chữ ký số cá nhân của lãnh đạo phê duyệt, sau đó đóng dấu/u);
  assert.doesNotMatch(approvePage.body, /chưa có chứng thư số cá nhân/u, 'the demo leader has a personal key');
  assert.doesNotMatch(approvePage.body, /Có kết quả giải quyết/u);
  const draftId = /name="result"[^>]*value="([^"]+)"/u.exec(approvePage.body)?.[1];
  assert.ok(draftId);
  await act(leader, 'approve', { result: draftId, electronic: 'yes', sign: 'yes' });

  const dossierPage = await leader.page(`/workspace/ho-so/${code}`);
  assert.doesNotMatch(dossierPage.body, /thao-tac\/attach_result/u, 'no "Có kết quả giải quyết" action');
  const file = await leader.get(`/api/v1/dossiers/${code}/attachments/${draftId}`);
  assert.equal(file.statusCode, 200, `download: ${file.statusCode}`);
  const bytes = new Uint8Array(file.rawPayload);
  const report = pdfSig(bytes);
  assert.match(
    report,
    /Signature #1:[\s\S]*Signature is Valid\.[\s\S]*Signature #2:[\s\S]*Signature is Valid\./u,
    report,
  );
  assert.match(report, /Signature #2:[\s\S]*Ủy ban nhân dân phường Minh Xuân/u);
  const images = pdfImagesList(bytes);
  assert.ok(
    images.some((i) => i.type === 'image' && i.width === 120 && i.height === 40),
    JSON.stringify(images),
  );
  assert.ok(images.some((i) => i.type === 'image' && i.width === 90 && i.height === 90));
  assert.equal(images.filter((i) => i.type === 'smask').length, 2, 'transparent backgrounds kept');
});
