/**
 * The pages over HTTP on the demo province: a citizen files with an upload, the receiver
 * receives it, the paper enters the store; on the next filing the papers page offers it
 * ("Có thể dùng lại từ kho dữ liệu"), one button takes it without an upload, and the dossier
 * is filed with it marked reused. "Giấy tờ của tôi" shows the paper and its uses; a legal
 * result cannot be removed. The receiver's counter pages for the dossier.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { jpegBytes, pdfBytes } from '../../../test/fixtures/files.ts';
import { type StaffRole, staffRoles } from '../../platform/auth/caller.ts';
import { accounts } from '../../platform/auth/schema.ts';
import { outbox } from '../../platform/notify/schema.ts';
import { Browser, type SeededApp, seededApp } from '../../web/testing.ts';
import { procedures } from '../catalog/schema.ts';
import { staff } from '../directory/schema.ts';
import { dossierFacts, takeAction } from '../dossiers/index.ts';
import { dossierAttachments, dossiers } from '../dossiers/schema.ts';
import { ingestDossierPapers } from './ingest-dossier-papers.ts';
import { personalPapers } from './schema.ts';

const P = '/nop-ho-so/1.001193';
let s: SeededApp;
let b: Browser;
let firstCode = '';

before(async () => {
  s = await seededApp();
  // The demo's khai sinh asks for the birth paper (paper 1); make it reusable (tái sử dụng).
  await s.db.db
    .update(procedures)
    .set({ papers: sql`jsonb_set(${procedures.papers}, '{1,reusable}', 'true')` })
    .where(eq(procedures.nationalCode, '1.001193'));
  b = new Browser(s.app);
  const res = await b.register({ displayName: 'Lê Thị Mai', login: '0912000555', password: 'mat-khau-dai' });
  assert.equal(res.statusCode, 303);
});
after(async () => {
  await s.close();
});

const agencyIdOf = (html: string, name: string) => {
  const m = new RegExp(`value="([0-9a-f-]{36})"[^>]*/><label class="choice-label" for="[^"]+">${name}<`).exec(html);
  assert.ok(m?.[1], name);
  return m[1];
};

/** The pages up to the papers page. */
async function fillUpToPapers() {
  const where = await b.page(`${P}/noi-nop`);
  await b.post(`${P}/noi-nop`, { agencyId: agencyIdOf(where.body, 'Ủy ban nhân dân phường Minh Xuân') });
  await b.page(`${P}/nguoi-nop`);
  await b.post(`${P}/nguoi-nop`, {
    type: 'citizen',
    fullName: 'Lê Thị Mai',
    personalId: '008190005555',
    phone: '0912000555',
  });
  const form = await b.page(`${P}/to-khai`);
  const commune = /name="birthPlace__xa"[\s\S]*?<option value="(\d{5})">Phường Minh Xuân</.exec(form.body)?.[1] ?? '';
  await b.post(`${P}/to-khai`, {
    childFullName: 'Lê Minh Khang',
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
  return b.page(`${P}/giay-to`);
}

async function fileFromCheck(): Promise<string> {
  const next = await b.post(`${P}/giay-to`, {});
  assert.equal(next.headers.location, `${P}/kiem-tra`);
  await b.page(`${P}/kiem-tra`);
  const filed = await b.post(`${P}/kiem-tra`, {});
  assert.equal(filed.statusCode, 303, filed.body.slice(0, 300));
  const code = /\/ho-so-cua-toi\/([^/]+)\/da-nop/.exec(String(filed.headers.location))?.[1];
  assert.ok(code);
  return decodeURIComponent(code);
}

async function receiverCaller() {
  const [row] = await s.db.db
    .select({ id: accounts.id, agencyId: staff.agencyId, roles: staff.roles })
    .from(accounts)
    .innerJoin(staff, sql`${staff.accountId} = ${accounts.id}::text`)
    .where(eq(accounts.login, 'tiepnhan.minhxuan'));
  assert.ok(row);
  const roles = row.roles.filter((r): r is StaffRole => (staffRoles as readonly string[]).includes(r));
  return { kind: 'staff' as const, id: String(row.id), provinceCode: '08', agencyId: row.agencyId, roles };
}

async function receiveAndFeed(code: string) {
  const receiver = await receiverCaller();
  await takeAction(
    s.db.db,
    receiver,
    code,
    { type: 'receive' },
    { transactionId: `receive-${code}` },
    { provinceCode: '08', publicUrl: s.app.deps.services.publicUrl, blobs: s.app.deps.services.blobs },
  );
  const [row] = await s.db.db.select({ id: dossiers.id }).from(dossiers).where(eq(dossiers.code, code));
  assert.ok(row);
  await ingestDossierPapers(s.db.db, row.id);
  return row.id;
}

test('the next filing offers the paper from the store and takes it without an upload, marked reused', async () => {
  // First filing: the birth paper is uploaded.
  const first = await fillUpToPapers();
  assert.doesNotMatch(first.body, /Có thể dùng lại từ kho dữ liệu của bạn/, 'nothing in the store yet');
  const up = await b.upload(`${P}/giay-to/tai-len/1`, {
    field: 'file-1',
    name: 'giay-chung-sinh.pdf',
    type: 'application/pdf',
    bytes: await pdfBytes('giay chung sinh'),
  });
  assert.equal(up.statusCode, 303);
  await b.page(`${P}/giay-to`);
  firstCode = await fileFromCheck();
  await receiveAndFeed(firstCode);

  // Second filing: the papers page offers it; one button takes it.
  const papersPage = await fillUpToPapers();
  assert.match(papersPage.body, /Có thể dùng lại từ kho dữ liệu của bạn, không cần tải lên:/);
  assert.ok(papersPage.body.includes(`từ hồ sơ ${firstCode}`));
  const paperId = /name="paperId" value="([0-9a-f-]{36})"/.exec(papersPage.body)?.[1];
  assert.ok(paperId);
  const wrong = await b.post(`${P}/giay-to/dung-lai/1`, { paperId: '00000000-0000-4000-8000-000000000000' });
  assert.equal(wrong.statusCode, 422);
  assert.match(wrong.body, /Giấy tờ này không dùng được cho thành phần hồ sơ đã chọn/);
  await b.page(`${P}/giay-to`);
  const taken = await b.post(`${P}/giay-to/dung-lai/1`, { paperId });
  assert.equal(taken.statusCode, 303);
  const after = await b.page(`${P}/giay-to`);
  assert.match(after.body, /Dùng lại từ kho/);
  const secondCode = await fileFromCheck();

  const [second] = await s.db.db.select({ id: dossiers.id }).from(dossiers).where(eq(dossiers.code, secondCode));
  assert.ok(second);
  const files = await s.db.db
    .select()
    .from(dossierAttachments)
    .where(and(eq(dossierAttachments.dossierId, second.id), eq(dossierAttachments.kind, 'paper')));
  // The birth paper from the store, and the declaration the e-form filled (issue 13.4).
  assert.deepEqual(
    files.map((f) => f.fileName).sort(),
    ['giay-chung-sinh.pdf', 'to-khai-dang-ky-khai-sinh.pdf'].sort(),
  );
  const birthPaper = files.find((f) => f.fileName !== 'to-khai-dang-ky-khai-sinh.pdf');
  assert.equal(birthPaper?.reused, true, 'the birth paper is the store’s, marked reused');
  const staged = await s.db.db.select().from(dossierAttachments).where(sql`dossier_id is null`);
  assert.equal(staged.length, 0, 'nothing was uploaded for the second filing');

  // "Giấy tờ của tôi": the paper, where it came from and its use on the second dossier.
  await receiveAndFeed(secondCode);
  const mine = await b.page('/giay-to-cua-toi');
  assert.equal(mine.statusCode, 200);
  assert.match(mine.body, /<h1>Giấy tờ của tôi<\/h1>/);
  assert.ok(mine.body.includes(firstCode));
  assert.ok(mine.body.includes(secondCode), 'the use names the second dossier');
  assert.match(mine.body, /Dùng lại cho hồ sơ mới, không phải nộp lại/);
  // Removing it: a page, then the paper is no longer listed.
  const removed = await b.post(`/giay-to-cua-toi/${paperId}/xoa`, {});
  assert.equal(removed.statusCode, 303);
  const afterRemoval = await b.page('/giay-to-cua-toi?da-xoa=1');
  assert.match(afterRemoval.body, /Đã xóa giấy tờ khỏi kho/);
  assert.doesNotMatch(afterRemoval.body, new RegExp(`giay-to-${paperId}`));
});

test('the receiver digitises a paper of the dossier and reads the applicant’s papers; others may not', async () => {
  const receiver = new Browser(s.app);
  await receiver.page('/workspace/dang-nhap');
  await receiver.post('/workspace/dang-nhap', { login: 'tiepnhan.minhxuan', password: 'MoCua@2026' });
  const dossierPage = await receiver.page(`/workspace/ho-so/${firstCode}`);
  assert.match(dossierPage.body, /Số hóa giấy tờ \(quét, đối chiếu, ký số\)/);
  const form = await receiver.page(`/workspace/ho-so/${firstCode}/so-hoa`);
  assert.equal(form.statusCode, 200);
  const missing = await receiver.upload(
    `/workspace/ho-so/${firstCode}/so-hoa`,
    { field: 'file', name: 'cccd.jpg', type: 'image/jpeg', bytes: jpegBytes() },
    { paperName: '' },
  );
  assert.equal(missing.statusCode, 422);
  assert.match(missing.body, /Vui lòng nhập tên giấy tờ\./);
  await receiver.page(`/workspace/ho-so/${firstCode}/so-hoa`);
  const done = await receiver.upload(
    `/workspace/ho-so/${firstCode}/so-hoa`,
    { field: 'file', name: 'cccd.jpg', type: 'image/jpeg', bytes: jpegBytes() },
    { paperName: 'Thẻ căn cước', validUntil: '2040-01-01' },
  );
  assert.equal(done.statusCode, 303, done.body.slice(0, 300));
  const [paper] = await s.db.db.select().from(personalPapers).where(eq(personalPapers.name, 'Thẻ căn cước'));
  assert.equal(paper?.origin, 'digitised');
  assert.equal(paper?.signed, true);
  const read = await receiver.page(`/workspace/ho-so/${firstCode}/giay-to-cong-dan`);
  assert.equal(read.statusCode, 200);
  assert.match(read.body, /Thẻ căn cước/);
  // A specialist is refused both pages.
  const specialist = new Browser(s.app);
  await specialist.page('/workspace/dang-nhap');
  await specialist.post('/workspace/dang-nhap', { login: 'chuyenvien.minhxuan', password: 'MoCua@2026' });
  for (const page of ['so-hoa', 'giay-to-cong-dan']) {
    const res = await specialist.get(`/workspace/ho-so/${firstCode}/${page}`);
    assert.ok([403, 404].includes(res.statusCode), `${page}: ${res.statusCode}`);
  }
  // The citizen sees the digitised copy and the receiver's read of their papers.
  const mine = await b.page('/giay-to-cua-toi');
  assert.match(mine.body, /Bản số hóa từ bản chính, có chứng nhận/);
  assert.match(mine.body, /Cán bộ tiếp nhận xem khi giải quyết hồ sơ/);
  assert.match(mine.body, /01\/01\/2040/);
});

test('at the counter the receiver takes a paper of the applicant’s store for a new dossier: consent first, no upload, marked reused and counted', async () => {
  const receiver = new Browser(s.app);
  await receiver.page('/workspace/dang-nhap');
  await receiver.post('/workspace/dang-nhap', { login: 'tiepnhan.minhxuan', password: 'MoCua@2026' });
  // The birth paper presented with the first dossier, digitised and attested at the counter.
  const birthPaper = 'Giấy chứng sinh hoặc giấy tờ thay Giấy chứng sinh';
  await receiver.page(`/workspace/ho-so/${firstCode}/so-hoa`);
  const digitised = await receiver.upload(
    `/workspace/ho-so/${firstCode}/so-hoa`,
    { field: 'file', name: 'giay-chung-sinh.jpg', type: 'image/jpeg', bytes: jpegBytes() },
    { paperName: birthPaper },
  );
  assert.equal(digitised.statusCode, 303, digitised.body.slice(0, 300));

  // The same mother files a new dossier at the counter.
  const counter = await receiver.page('/workspace/tiep-nhan/1.001193');
  const commune =
    /name="birthPlace__xa"[\s\S]*?<option value="(\d{5})">Phường Minh Xuân</.exec(counter.body)?.[1] ?? '';
  const filed = await receiver.post('/workspace/tiep-nhan/1.001193', {
    type: 'citizen',
    fullName: 'Lê Thị Mai',
    personalId: '008190005555',
    phone: '0912000555',
    childFullName: 'Lê Minh Châu',
    childBirthDate__ngay: '3',
    childBirthDate__thang: '12',
    childBirthDate__nam: '2026',
    sex: 'Nữ',
    birthPlace__tinh: '08',
    birthPlace__xa: commune,
    relation: 'Mẹ',
    nationality: 'Việt Nam',
    nativePlace: 'Xã Hàm Yên, tỉnh Tuyên Quang',
    ethnicity: 'Kinh',
    papers: ['0', '1', '3'],
  });
  assert.equal(filed.statusCode, 303, filed.body.slice(0, 500));
  const code = decodeURIComponent(/\/workspace\/ho-so\/([^/]+)\/quet/.exec(String(filed.headers.location))?.[1] ?? '');
  assert.ok(code);

  const store = await receiver.page(`/workspace/ho-so/${code}/giay-to-cong-dan`);
  assert.match(store.body, /Dùng giấy tờ trong kho cho hồ sơ này/);
  const [stored] = await s.db.db
    .select()
    .from(personalPapers)
    .where(and(eq(personalPapers.name, birthPaper), eq(personalPapers.origin, 'digitised')));
  assert.ok(stored);
  assert.ok(store.body.includes(`value="${stored.id}"`));
  const action = `/workspace/ho-so/${code}/giay-to-cong-dan/dung-lai`;
  const noConsent = await receiver.post(action, { paperId: stored.id });
  assert.equal(noConsent.statusCode, 422);
  assert.match(noConsent.body, /Cần người nộp có mặt và đồng ý/);
  const [row] = await s.db.db.select({ id: dossiers.id }).from(dossiers).where(eq(dossiers.code, code));
  assert.ok(row);
  const papersOf = () =>
    s.db.db
      .select()
      .from(dossierAttachments)
      .where(and(eq(dossierAttachments.dossierId, row.id), eq(dossierAttachments.kind, 'paper')));
  assert.equal((await papersOf()).length, 0, 'nothing taken without consent');

  await receiver.page(`/workspace/ho-so/${code}/giay-to-cong-dan`);
  const taken = await receiver.post(action, { paperId: stored.id, consent: 'yes' });
  assert.equal(taken.statusCode, 303, taken.body.slice(0, 300));
  const files = await papersOf();
  assert.equal(files.length, 1);
  assert.equal(files[0]?.reused, true);
  assert.equal(files[0]?.reusedFrom, stored.attachmentId);
  assert.equal(files[0]?.blobKey, stored.blobKey, 'the same bytes: nothing uploaded');
  assert.equal(files[0]?.signed, true, 'the attested copy stays signed');
  // Counted by the reuse rate (indicator 4.3): the facts say so, and an event tells the read models.
  const [facts] = await dossierFacts(s.db.db, { ids: [row.id] });
  assert.equal(facts?.reusedPapers, 1);
  const events = await s.db.db.select().from(outbox).where(eq(outbox.topic, 'dossier.paper_reused'));
  assert.equal(events.length, 1);
  // The owner sees the use; taking it again adds nothing; a dossier does not reuse its own paper.
  const mine = await b.page('/giay-to-cua-toi');
  assert.ok(mine.body.includes(code), 'the use names the counter dossier');
  const again = await receiver.post(action, { paperId: stored.id, consent: 'yes' }, store.body);
  assert.equal(again.statusCode, 303);
  assert.equal((await papersOf()).length, 1, 'the same paper is taken once');
  await receiver.page(`/workspace/ho-so/${firstCode}/giay-to-cong-dan`);
  const own = await receiver.post(`/workspace/ho-so/${firstCode}/giay-to-cong-dan/dung-lai`, {
    paperId: stored.id,
    consent: 'yes',
  });
  assert.equal(own.statusCode, 422);
  assert.match(own.body, /Giấy tờ này không dùng được/);
});
