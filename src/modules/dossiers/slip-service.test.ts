import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { asc, eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { assertOneA4Page, pdfSig, pdfToText } from '../../platform/pdf/testing.ts';
import type { ProcedureView } from '../catalog/index.ts';
import { procedureContent } from '../catalog/testing.ts';
import { takeAction } from './actions.ts';
import { slipNumbers } from './schema.ts';
import { dossierSlip, type SlipKind } from './slip-service.ts';
import { type DossierFixture, dossierFixture, file, txId } from './testing.ts';

let f: DossierFixture;
let procedure: ProcedureView;
let receiver: Caller;
let specialist: Caller;
let leader: Caller;

before(async () => {
  f = await dossierFixture();
  const papers = procedureContent().papers;
  procedure = await f.procedure({
    papers: [
      ...papers,
      { name: 'Văn bản ủy quyền', form: 'certified_copy', copies: 1, template: null, reusable: false, required: false },
    ],
  });
  receiver = await f.staffAt('minhxuanCentre', ['receiver'], 'Nguyễn Thị Kim Oanh');
  specialist = await f.staffAt('minhxuan', ['specialist'], 'Phan Văn Cường');
  leader = await f.staffAt('minhxuan', ['leader'], 'Đào Xuân Trường');
});
after(() => f.t.close());

const act = (who: Caller, code: string, action: Parameters<typeof takeAction>[3], iso: string) =>
  takeAction(f.db, who, code, action, { transactionId: txId('act') }, f.at(iso));
const slip = (who: Caller, code: string, kind: SlipKind, signed = false) =>
  dossierSlip(f.db, who, code, kind, { signed, publicUrl: 'https://dichvucong.example' });
const text = async (who: Caller, code: string, kind: SlipKind) => {
  const bytes = await slip(who, code, kind);
  assertOneA4Page(bytes);
  return pdfToText(bytes).replace(/\s+/gu, ' ');
};

test('slips are numbered per issuing agency and year without gaps, and a slip printed again keeps its number', async () => {
  const first = await file(f, receiver, procedure, '2026-12-08T02:00:00Z');
  const second = await file(f, receiver, procedure, '2026-12-08T02:05:00Z');
  const third = await file(f, receiver, procedure, '2026-12-08T02:10:00Z');
  assert.match(await text(receiver, first.code, 'receipt'), /Số: 01\/TNHS-TTPVHCC/u);
  // Two prints of the same slip at once, and another slip beside them: one number each.
  const [a, b, c] = await Promise.all([
    text(receiver, second.code, 'receipt'),
    text(receiver, second.code, 'receipt'),
    text(receiver, third.code, 'receipt'),
  ]);
  const numberOf = (t: string) => /Số: (\d+)\/TNHS/u.exec(t)?.[1];
  assert.equal(numberOf(a), numberOf(b), 'the same slip, the same number');
  assert.deepEqual([numberOf(a), numberOf(c)].sort(), ['02', '03']);
  assert.match(await text(receiver, first.code, 'receipt'), /Số: 01\/TNHS-TTPVHCC/u);
  const seqs = (
    await f.db
      .select({ seq: slipNumbers.seq })
      .from(slipNumbers)
      .where(eq(slipNumbers.agencyId, f.agency.minhxuanCentre))
      .orderBy(asc(slipNumbers.seq))
  ).map((r) => r.seq);
  assert.deepEqual(seqs, [1, 2, 3]);
});

test('the receipt (Mẫu 01) lists the required papers and only the optional ones handed in, on one A4 page', async () => {
  const v = await file(f, receiver, procedure, '2026-12-08T02:00:00Z');
  const receipt = await text(receiver, v.code, 'receipt');
  assert.ok(receipt.includes('Giấy chứng sinh'), receipt);
  assert.ok(!receipt.includes('Văn bản ủy quyền'), 'an optional paper not handed in is not listed');
  assert.ok(
    receipt.includes('Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00, sáng thứ Sáu, ngày 11/12/2026'),
    receipt,
  );
});

test('the stop notice (Mẫu 05) is headed, numbered and signed by the competent people’s committee', async () => {
  const v = await file(f, receiver, procedure, '2026-12-08T02:00:00Z');
  await act(receiver, v.code, { type: 'complete_step', stepIndex: 0 }, '2026-12-08T03:00:00Z');
  await act(leader, v.code, { type: 'stop', reason: 'Người yêu cầu đề nghị dừng giải quyết' }, '2026-12-09T02:00:00Z');
  const notice = await text(leader, v.code, 'stop-notice');
  for (const phrase of [
    'ỦY BAN NHÂN DÂN PHƯỜNG MINH XUÂN',
    'Số: 01/TB-UBND',
    'Ủy ban nhân dân phường Minh Xuân thông báo dừng giải quyết',
    'TM. ỦY BAN NHÂN DÂN',
    'CHỦ TỊCH',
    'Đào Xuân Trường',
  ])
    assert.ok(notice.includes(phrase), `missing "${phrase}" in:\n${notice}`);
  assert.ok(!/TRUNG TÂM PHỤC VỤ|Trung tâm Phục vụ/u.test(notice), `the service centre does not issue it:\n${notice}`);
  assert.match(pdfSig(await slip(leader, v.code, 'stop-notice', true)), /Ủy ban nhân dân phường Minh Xuân/u);
});

test('the apology (Mẫu 04) comes from the agency that is late and names the receiving centre among its recipients', async () => {
  const v = await file(f, receiver, procedure, '2026-12-08T02:00:00Z');
  await act(receiver, v.code, { type: 'complete_step', stepIndex: 0 }, '2026-12-08T03:00:00Z');
  const newDueAt = new Date('2026-12-15T00:00:00Z'); // 07:00 Tuesday: due by the end of Monday
  await act(specialist, v.code, { type: 'apologise_extend', reason: 'Cần xác minh', newDueAt }, '2026-12-09T02:00:00Z');
  const apology = await text(specialist, v.code, 'apology');
  for (const phrase of [
    'ỦY BAN NHÂN DÂN PHƯỜNG MINH XUÂN',
    'Trung tâm Phục vụ hành chính công phường Minh Xuân tiếp nhận hồ sơ',
    'hẹn trả kết quả giải quyết hồ sơ vào 17 giờ 00, chiều thứ Hai, ngày 14/12/2026',
    'Nơi nhận:',
    '- Trung tâm Phục vụ hành chính công phường Minh Xuân',
    '- Lưu: VT.',
  ])
    assert.ok(apology.includes(phrase), `missing "${phrase}" in:\n${apology}`);
  assert.doesNotMatch(apology, /thủ tục\W+Thủ tục/iu);
  // One series for all the committee's papers of the year: the stop notice above may hold 01.
  assert.match(apology, /Số: \d{2}\/UBND /u);
});

test('the control sheet (Mẫu 06) marks a step done before its due day "Trước hạn" and leaves room for both signatures', async () => {
  const v = await file(f, receiver, procedure, '2026-12-08T02:00:00Z');
  await act(receiver, v.code, { type: 'complete_step', stepIndex: 0 }, '2026-12-08T03:00:00Z');
  await act(specialist, v.code, { type: 'complete_step', stepIndex: 1 }, '2026-12-08T04:00:00Z');
  const sheet = await text(receiver, v.code, 'control-sheet');
  for (const phrase of ['/KSHS-TTPVHCC', 'Người giao (ký, ghi rõ họ tên)', 'Người nhận (ký, ghi rõ họ tên)'])
    assert.ok(sheet.includes(phrase), `missing "${phrase}" in:\n${sheet}`);
  // The column header reads "Trước hạn/ Đúng hạn/ Quá hạn"; a cell holds one of them alone.
  assert.match(sheet, /Trước hạn Thẩm định hồ sơ/u, sheet);
  assert.ok(sheet.includes('Nguyễn Thị Kim Oanh'), 'the receiver who handed the dossier over is named');
});

test('the supplement request (Mẫu 02) prints the time the officer gave as "Thời hạn bổ sung", not as a reason', async () => {
  const v = await file(f, receiver, procedure, '2026-12-08T02:00:00Z');
  const note = 'Hồ sơ chưa đủ thành phần. Đề nghị bổ sung trong thời hạn 30 ngày kể từ ngày nhận phiếu này.';
  const missingPapers = [{ name: 'Giấy chứng sinh', reason: 'Bản chụp không rõ dấu đỏ' }];
  await act(receiver, v.code, { type: 'request_supplement', missingPapers, note }, '2026-12-08T02:10:00Z');
  const request = await text(receiver, v.code, 'supplement-request');
  assert.ok(request.includes('Lý do: Hồ sơ chưa đủ thành phần.'), request);
  assert.ok(request.includes('Thời hạn bổ sung: Đề nghị bổ sung trong thời hạn 30 ngày'), request);
  assert.doesNotMatch(request, /Lý do:[^:]*30 ngày/u);
  assert.match(request, /Số: \d{2}\/BSHS-TTPVHCC/u);
});
