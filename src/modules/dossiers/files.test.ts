import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { docxBytes, jpegBytes, pdfBytes, pngBytes } from '../../../test/fixtures/files.ts';
import { auditTrail } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import { pdfSig, pdfToText } from '../../platform/pdf/testing.ts';
import { sha256 } from '../../platform/storage/index.ts';
import type { ProcedureView } from '../catalog/index.ts';
import { takeAction } from './actions.ts';
import { addAttachment, attachmentSignatures, readAttachment, stageAttachment } from './attachments.ts';
import { dossierRegister } from './register-service.ts';
import { signingKeys } from './schema.ts';
import { seedDossiers } from './signing-keys.ts';
import { dossierSlip } from './slip-service.ts';
import { type DossierFixture, dossierFixture, file, txId } from './testing.ts';

let f: DossierFixture;
let procedure: ProcedureView;
let receiver: Caller;
let specialist: Caller;
let leader: Caller;
let clerk: Caller;

before(async () => {
  f = await dossierFixture();
  procedure = await f.procedure();
  receiver = await f.staffAt('minhxuanCentre', ['receiver'], 'Nguyễn Thị Kim Oanh');
  specialist = await f.staffAt('minhxuan', ['specialist'], 'Phan Văn Cường');
  leader = await f.staffAt('minhxuan', ['leader'], 'Đào Xuân Trường');
  clerk = await f.staffAt('minhxuanCentre', ['clerk'], 'Vũ Thị Hoa');
  // Nothing mints a key on demand (issue 11): signing needs installed keys, here the demo seed's.
  await seedDossiers(f.db, { provinceCode: '08' });
});
after(() => f.t.close());

const MAX = 64 * 1024;
const stage = (who: Caller, fileName: string, bytes: Uint8Array, kind: 'paper' | 'result' = 'paper') =>
  stageAttachment(f.db, f.blobs, who, { kind, fileName, bytes }, { maxBytes: MAX, provinceCode: '08' });
const act = (who: Caller, code: string, action: Parameters<typeof takeAction>[3], iso: string, sign = false) =>
  takeAction(f.db, who, code, action, { transactionId: txId('act'), signResult: sign }, f.at(iso));
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof DomainError ? { code: e.code, status: e.status, message: e.message } : e),
  );
/** One byte changed in the middle of the first signed range (the document before the signature). */
function tamper(pdf: Uint8Array): Uint8Array {
  const range = /\/ByteRange\s*\[\s*0\s+(\d+)/.exec(Buffer.from(pdf).toString('latin1'));
  const at = Math.floor(Number(range?.[1] ?? Number.NaN) / 2);
  assert.ok(Number.isInteger(at) && at > 0, 'a signed PDF has a /ByteRange');
  const copy = new Uint8Array(pdf);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

test('PDF, JPEG, PNG and DOCX are recognised by their content and stored under their sha256', async () => {
  const citizen = f.citizen();
  for (const [name, bytes, mime] of [
    ['to-khai.pdf', await pdfBytes(), 'application/pdf'],
    ['anh.jpg', jpegBytes(), 'image/jpeg'],
    ['ANH-CHUP.PNG', pngBytes(), 'image/png'],
    ['to-khai', await docxBytes(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ] as const) {
    const staged = await stage(citizen, name, bytes);
    assert.equal(staged.mime, mime, name);
    assert.equal(staged.sha256, sha256(bytes));
    assert.deepEqual(await f.blobs.get(staged.sha256), bytes);
  }
});

test('a file that lies about its type, one too large and an empty one are refused in plain Vietnamese', async () => {
  const citizen = f.citizen();
  const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
  const lie = await refusal(stage(citizen, 'giay-chung-sinh.pdf', html));
  assert.deepEqual(lie, {
    code: 'UPLOAD_TYPE_NOT_ALLOWED',
    status: 415,
    message: 'Định dạng tệp không được chấp nhận. Chỉ nhận tệp PDF, JPEG, PNG hoặc DOCX.',
  });
  const exe = await refusal(stage(citizen, 'anh.png', Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0])));
  assert.equal((exe as { code: string }).code, 'UPLOAD_TYPE_NOT_ALLOWED');
  const big = new Uint8Array(MAX + 1);
  big.set(await pdfBytes());
  const large = await refusal(stage(citizen, 'ban-scan.pdf', big));
  assert.equal((large as { status: number }).status, 413);
  assert.match((large as { message: string }).message, /^Tệp "ban-scan\.pdf" nặng .*, vượt quá giới hạn .* MB\.$/);
  const empty = await refusal(stage(citizen, 'rong.pdf', new Uint8Array()));
  assert.deepEqual(empty, { code: 'UPLOAD_EMPTY', status: 400, message: 'Tệp đính kèm trống. Vui lòng chọn lại tệp.' });
  const citizenResult = await refusal(stage(citizen, 'ket-qua.pdf', await pdfBytes(), 'result'));
  assert.equal((citizenResult as { code: string }).code, 'ATTACHMENT_NOT_ALLOWED');
});

test('a result is signed on attach_result once approved: pdfsig accepts it, one changed byte breaks it', async () => {
  const citizen = f.citizen();
  const v = await file(f, citizen, procedure, '2026-12-07T02:00:00Z');
  await act(receiver, v.code, { type: 'receive' }, '2026-12-07T02:05:00Z');
  await act(receiver, v.code, { type: 'complete_step', stepIndex: 0 }, '2026-12-07T02:10:00Z');
  await act(specialist, v.code, { type: 'complete_step', stepIndex: 1 }, '2026-12-07T03:00:00Z');
  const draft = await addAttachment(
    f.db,
    f.blobs,
    leader,
    v.code,
    { kind: 'result', fileName: 'giay-khai-sinh.pdf', bytes: await pdfBytes('Giay khai sinh'), sign: true },
    { maxBytes: MAX },
  ).then(
    () => 'signed',
    (e: DomainError) => e.code,
  );
  assert.equal(draft, 'ATTACHMENT_SIGN_NOT_APPROVED', 'nothing is sealed before the leader approves');
  await addAttachment(
    f.db,
    f.blobs,
    leader,
    v.code,
    { kind: 'result', fileName: 'giay-khai-sinh.pdf', bytes: await pdfBytes('Du thao giay khai sinh') },
    { maxBytes: MAX },
  );
  await act(leader, v.code, { type: 'approve' }, '2026-12-07T03:10:00Z');
  await act(receiver, v.code, { type: 'complete_step', stepIndex: 3 }, '2026-12-07T03:20:00Z');
  const result = await stage(clerk, 'giay-khai-sinh.pdf', await pdfBytes('Giay khai sinh Nguyen Minh An'), 'result');
  const ready = await act(
    clerk,
    v.code,
    { type: 'attach_result', attachmentIds: [result.id], electronic: true },
    '2026-12-07T03:30:00Z',
    true,
  );
  assert.equal(ready.state, 'result_ready');
  const stored = ready.attachments.find((a) => a.id === result.id);
  assert.equal(stored?.signed, true);
  assert.notEqual(stored?.sha256, result.sha256, 'the signed bytes are a new blob');
  const { bytes } = await readAttachment(f.db, f.blobs, citizen, v.code, result.id);
  const report = pdfSig(bytes);
  assert.match(report, /Signature is Valid\./);
  assert.match(report, /Ủy ban nhân dân phường Minh Xuân/);
  assert.doesNotMatch(pdfSig(tamper(bytes)), /Signature is Valid\./);
  const [signature] = await attachmentSignatures(f.db, f.blobs, receiver, v.code, result.id);
  assert.equal(signature?.signer, 'Ủy ban nhân dân phường Minh Xuân');
  assert.equal(signature?.integrityValid, true);
  assert.equal(signature?.signingTime, '2026-12-07T03:30:00.000Z');
  assert.match(signature?.signerSubject ?? '', /UBND tỉnh Tuyên Quang/);
  // A DEMO certificate chains to no configured national root: reported as such, in Vietnamese.
  assert.equal(signature?.chainTrusted, false);
  assert.equal(signature?.verdict, 'indeterminate');
  assert.ok(signature?.reasons.includes('chứng thư số không thuộc tổ chức chứng thực được tin cậy'));
  assert.equal(signature?.changesAfterSigning, 'none');
});

test('the receipt (Mẫu 01) reads back in Vietnamese, carries the tracking link, and verifies when signed', async () => {
  const v = await file(f, receiver, procedure, '2026-12-08T02:00:00Z');
  const slip = await dossierSlip(f.db, receiver, v.code, 'receipt', {
    signed: true,
    publicUrl: 'https://dichvucong.example',
  });
  const text = pdfToText(slip).replace(/\s+/gu, ' ');
  for (const phrase of [
    'UBND PHƯỜNG MINH XUÂN',
    'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    v.code,
    'Nguyễn Thị Hoa',
    'Tổ 5, phường Minh Xuân, tỉnh Tuyên Quang',
    'Giấy chứng sinh',
    'Nguyễn Thị Kim Oanh',
    '3 ngày làm việc',
    'Tuyên Quang, ngày',
  ]) {
    assert.ok(text.includes(phrase), `missing "${phrase}" in:\n${text}`);
  }
  assert.ok(text.includes(`tra-cuu/${v.code}?key=`), 'the QR link is printed under the code');
  assert.match(pdfSig(slip), /Signature is Valid\./);
  assert.doesNotMatch(pdfSig(tamper(slip)), /Signature is Valid\./);
  const reads = (await auditTrail(f.db, `dossier:${v.code}`)).filter((e) => e.action === 'read_personal_data');
  assert.equal(reads.length, 1, 'a slip shows personal data: the staff download is audited');
});

test('the supplement request (Mẫu 02) and the apology (Mẫu 04) come from the actions that issued them', async () => {
  const v = await file(f, receiver, procedure, '2026-12-08T02:00:00Z'); // due Friday 11/12 09:00
  await assert.rejects(
    dossierSlip(f.db, receiver, v.code, 'supplement-request', { signed: false, publicUrl: '' }),
    (e: unknown) => e instanceof DomainError && e.code === 'DOSSIER_SLIP_NOT_ISSUED',
  );
  const missing = [{ name: 'Giấy chứng sinh do cơ sở y tế cấp', reason: 'Bản chụp không rõ dấu đỏ' }];
  await act(receiver, v.code, { type: 'request_supplement', missingPapers: missing }, '2026-12-08T02:10:00Z');
  const supplement = pdfToText(
    await dossierSlip(f.db, receiver, v.code, 'supplement-request', { signed: false, publicUrl: '' }),
  );
  assert.match(supplement.replace(/\s+/gu, ' '), /Giấy chứng sinh do cơ sở y tế cấp/);
  assert.match(supplement.replace(/\s+/gu, ' '), /Bản chụp không rõ dấu đỏ/);
  const scan = await stage(receiver, 'chung-sinh.pdf', await pdfBytes('Chung sinh ro net'));
  await act(receiver, v.code, { type: 'supplement', attachmentIds: [scan.id] }, '2026-12-08T03:10:00Z');
  await act(receiver, v.code, { type: 'complete_step', stepIndex: 0 }, '2026-12-08T03:20:00Z');
  const reason = 'Cần xác minh nơi sinh tại cơ sở y tế';
  await act(
    specialist,
    v.code,
    { type: 'apologise_extend', reason, newDueAt: new Date('2026-12-16T02:00:00Z') },
    '2026-12-09T02:00:00Z',
  );
  const apology = pdfToText(
    await dossierSlip(f.db, specialist, v.code, 'apology', { signed: false, publicUrl: '' }),
  ).replace(/\s+/gu, ' ');
  assert.ok(apology.includes(reason), apology);
  assert.ok(apology.includes('09 giờ 00, sáng thứ Tư, ngày 16/12/2026'), 'the new date');
  assert.ok(
    apology.includes('10 giờ 00, sáng thứ Sáu, ngày 11/12/2026'),
    `the appointment it replaces (the hour of supplementing added):\n${apology}`,
  );
});

test('the register (Mẫu 07) lists the centre’s receptions; other agencies’ staff may not read it', async () => {
  const xlsx = await dossierRegister(f.db, receiver, {
    from: new Date('2026-12-01T00:00:00Z'),
    to: new Date('2026-12-31T00:00:00Z'),
  });
  const ExcelJS = (await import('exceljs')).default;
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(xlsx) as unknown as ArrayBuffer);
  const text = JSON.stringify(book.worksheets[0]?.getSheetValues());
  assert.match(text, /Nguyễn Thị Hoa/);
  assert.match(text, /000\.01\.41\.H60-2612/);
  await assert.rejects(
    dossierRegister(f.db, specialist, { from: new Date(0), to: new Date(), agencyId: f.agency.minhxuanCentre }),
    (e: unknown) => e instanceof DomainError && e.code === 'FORBIDDEN',
  );
});

test('the seed gives every signing agency a demo certificate with a Vietnamese subject', async () => {
  await seedDossiers(f.db, { provinceCode: '08' });
  const keys = await f.db.select().from(signingKeys);
  assert.ok(keys.length >= 7);
  const [tuphap] = await f.db.select().from(signingKeys).where(eq(signingKeys.agencyId, f.agency.tuphap));
  assert.equal(
    tuphap?.subject,
    'CN=Sở Tư pháp tỉnh Tuyên Quang, OU=DEMO, O=UBND tỉnh Tuyên Quang, L=Tuyên Quang, C=VN',
  );
  assert.equal(tuphap?.demo, true);
  // issue 11: no password, no private key in clear in the database.
  const row = JSON.stringify(tuphap);
  assert.doesNotMatch(row, /password|demo-/iu);
  assert.equal(tuphap?.provider, 'pkcs12');
  assert.ok(
    tuphap?.sealedKey && !Buffer.from(tuphap.sealedKey, 'base64').includes(Buffer.from([0x02, 0x01, 0x00, 0x30])),
  );
});
