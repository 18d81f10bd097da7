import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDemoCertificate, signPdf, verifyPdf } from '../../../platform/pdf/index.ts';
import { assertOneA4Page, pdfSig, pdfToText } from '../../../platform/pdf/testing.ts';
import { renderApology } from './apology.ts';
import { renderControlSheet } from './control-sheet.ts';
import { apologyInput, controlSheetInput, particulars, RECEIVED_AT, receiptInput } from './fixtures.ts';
import { renderIntakeRefusal } from './intake-refusal.ts';
import { renderReceiptSlip } from './receipt.ts';
import { renderStopNotice } from './stop-notice.ts';
import { renderSupplementRequest } from './supplement-request.ts';

/** pdftotext text with line breaks and runs of spaces folded, so wrapped phrases still match. */
function readBack(bytes: Uint8Array): string {
  return pdfToText(bytes).replace(/\s+/gu, ' ');
}

function assertContains(text: string, expected: readonly string[]): void {
  for (const phrase of expected) assert.ok(text.includes(phrase), `missing "${phrase}" in:\n${text}`);
}

const HEADER = [
  'UBND TỈNH TUYÊN QUANG',
  'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH',
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
];

test('Mẫu 01 receipt: number, title, code, applicant, papers, intake and return times, on one A4 page', async () => {
  const bytes = await renderReceiptSlip(receiptInput({ dueAt: new Date('2026-12-07T10:00:00Z') }));
  assertOneA4Page(bytes);
  const text = readBack(bytes);
  assertContains(text, [
    ...HEADER,
    'Số: 07/TNHS-TTPVHCC',
    'Tuyên Quang, ngày 05 tháng 3 năm 2025',
    'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    'Mã hồ sơ: 000.00.12.H62-250305-0001',
    'Trung tâm Phục vụ hành chính công tỉnh tiếp nhận hồ sơ của: Nguyễn Thị Hường',
    'Thôn Đồng Mán, xã Yên Sơn, tỉnh Tuyên Quang',
    'Nội dung yêu cầu giải quyết: Đăng ký khai sinh',
    'Giấy chứng nhận kết hôn của cha, mẹ',
    'Bản sao chứng thực',
    '05 ngày làm việc',
    'Thời gian nhận hồ sơ: 09 giờ 15 phút, ngày 05 tháng 3 năm 2025',
    'Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00, chiều thứ Hai, ngày 07/12/2026',
    'Tra cứu tình trạng hồ sơ',
    'NGƯỜI NỘP HỒ SƠ',
    'NGƯỜI TIẾP NHẬN HỒ SƠ',
    'Trần Thị Bình',
  ]);
  // pdftotext output is compared in NFC: the text must not come back decomposed.
  assert.ok(text.includes('Giấy tiếp nhận hồ sơ'.normalize('NFC').toUpperCase()));
});

test('Mẫu 02 supplement request lists every missing paper, its reason and its time limit apart', async () => {
  const bytes = await renderSupplementRequest({
    ...particulars(),
    receivedAt: RECEIVED_AT,
    requirements: [
      { paper: 'Giấy chứng sinh', detail: 'nộp bản chính; bản đã nộp là bản chụp không rõ nét' },
      { paper: 'Giấy chứng nhận kết hôn của cha, mẹ', detail: 'bổ sung bản sao có chứng thực' },
    ],
    reason: 'Hồ sơ chưa đủ thành phần theo quy định',
    supplementPeriod: 'Trong 30 ngày kể từ ngày nhận phiếu này',
    officerName: 'Trần Thị Bình',
    contact: 'bà Trần Thị Bình, số điện thoại 0207 3822 123',
  });
  assertOneA4Page(bytes);
  const text = readBack(bytes);
  assert.doesNotMatch(text, /Lý do:[^:]*30 ngày/u, 'the time limit is not printed as a reason');
  assertContains(text, [
    ...HEADER,
    'Số: 07/TNHS-TTPVHCC',
    'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
    'Thời hạn bổ sung: Trong 30 ngày kể từ ngày nhận phiếu này',
    'Hồ sơ của: Nguyễn Thị Hường',
    '1. Giấy chứng sinh: nộp bản chính',
    '2. Giấy chứng nhận kết hôn của cha, mẹ: bổ sung bản sao có chứng thực',
    'Lý do: Hồ sơ chưa đủ thành phần theo quy định',
    'không tính vào thời hạn giải quyết',
    'NGƯỜI HƯỚNG DẪN',
  ]);
});

test('Mẫu 03 intake refusal states its reasons', async () => {
  const bytes = await renderIntakeRefusal({
    ...particulars(),
    reasons: [
      'Thủ tục không thuộc thẩm quyền giải quyết của cơ quan tiếp nhận',
      'Người nộp không có giấy ủy quyền hợp lệ',
    ],
    officerName: 'Trần Thị Bình',
  });
  assertOneA4Page(bytes);
  assertContains(readBack(bytes), [
    ...HEADER,
    'Số: 07/TNHS-TTPVHCC',
    'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
    'từ chối tiếp nhận giải quyết hồ sơ này vì lý do sau',
    '1. Thủ tục không thuộc thẩm quyền giải quyết của cơ quan tiếp nhận',
    '2. Người nộp không có giấy ủy quyền hợp lệ',
  ]);
});

test('Mẫu 04 apology: issuer under its superior body, old and new dates, reason, the receiving centre among the recipients', async () => {
  const bytes = await renderApology(apologyInput());
  assertOneA4Page(bytes);
  const text = readBack(bytes);
  assert.doesNotMatch(text, /thủ tục\W+Thủ tục/iu, 'the procedure name does not repeat "thủ tục"');
  assertContains(text, [
    'UBND TỈNH TUYÊN QUANG SỞ TƯ PHÁP TỈNH TUYÊN QUANG',
    'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT',
    'Số: 15/STP',
    'Tuyên Quang, ngày 11 tháng 3 năm 2025',
    'Trung tâm Phục vụ hành chính công tỉnh Tuyên Quang tiếp nhận hồ sơ đề nghị giải quyết thủ tục “Đăng ký khai sinh”',
    'Thời hạn trả kết quả theo giấy hẹn: 16 giờ 30, chiều thứ Tư, ngày 12/03/2025',
    'Lý do: Cần xác minh thông tin nơi cư trú của người mẹ tại xã Hòa An.',
    'Sở Tư pháp tỉnh Tuyên Quang trân trọng xin lỗi ông/bà',
    '16 giờ 30, chiều thứ Tư, ngày 19/03/2025',
    'Nơi nhận:',
    '- Trung tâm Phục vụ hành chính công tỉnh Tuyên Quang;',
    '- Lưu: VT.',
    'GIÁM ĐỐC',
    'Lê Văn Đức',
  ]);
});

test("Mẫu 05 stop notice is issued and signed by the competent people's committee, with time and reason", async () => {
  const bytes = await renderStopNotice({
    ...particulars({
      agency: { name: 'Ủy ban nhân dân xã Tân Trào', place: 'Tuyên Quang' },
      reference: 'Số: 03/TB-UBND',
    }),
    receivedAt: RECEIVED_AT,
    stoppedAt: new Date('2025-03-06T08:00:00Z'),
    reason: 'Theo đề nghị rút hồ sơ của ông/bà ngày 06/03/2025',
    returnedPapers: [{ name: 'Giấy chứng sinh', form: 'Bản chính' }],
    signatory: { title: 'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH', name: '' },
  });
  assertOneA4Page(bytes);
  const text = readBack(bytes);
  assert.ok(!text.includes('TRUNG TÂM PHỤC VỤ'), 'the service centre does not head the notice');
  assertContains(text, [
    'ỦY BAN NHÂN DÂN XÃ TÂN TRÀO',
    'Số: 03/TB-UBND',
    'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
    'Ủy ban nhân dân xã Tân Trào thông báo dừng giải quyết',
    'TM. ỦY BAN NHÂN DÂN',
    'CHỦ TỊCH',
    'dừng giải quyết hồ sơ nêu trên kể từ 15 giờ 00 phút, ngày 06 tháng 3 năm 2025',
    'Lý do: Theo đề nghị rút hồ sơ của ông/bà ngày 06/03/2025',
    'Giấy tờ trả lại cho ông/bà',
  ]);
});

test('Mẫu 06 control sheet shows each hand-over with Trước hạn / Đúng hạn / Quá hạn and room for both signatures', async () => {
  const bytes = await renderControlSheet(controlSheetInput());
  assertOneA4Page(bytes);
  const text = readBack(bytes);
  assertContains(text, [
    'Số: 07/TNHS-TTPVHCC',
    'Người giao (ký, ghi rõ họ tên)',
    'Người nhận (ký, ghi rõ họ tên)',
    'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
    'Cơ quan (bộ phận) giải quyết hồ sơ: Sở Tư pháp tỉnh Tuyên Quang',
    'Cơ quan phối hợp giải quyết hồ sơ: Công an tỉnh Tuyên Quang',
    '1. Giao:',
    '2. Nhận:',
    'Phòng Hành chính tư pháp',
    'Trần Thị Bình',
    'Phạm Quốc Hưng',
    '10:00 05/03/2025',
    'Trước hạn',
    'Đúng hạn',
    'Quá hạn',
    'Chờ xác minh',
  ]);
});

test('a slip signed with the agency certificate verifies in pdfsig and keeps its text', async () => {
  const agency = await createDemoCertificate({
    commonName: 'Trung tâm Phục vụ hành chính công tỉnh Tuyên Quang',
    organization: 'UBND tỉnh Tuyên Quang',
    locality: 'Tuyên Quang',
    password: 'demo',
  });
  const signed = await signPdf(await renderReceiptSlip(receiptInput()), {
    pkcs12: agency.pkcs12,
    password: 'demo',
    reason: 'Tiếp nhận hồ sơ',
    location: 'Tuyên Quang',
  });
  assert.match(pdfSig(signed), /Signature is Valid\./u);
  const [report] = await verifyPdf(signed);
  assert.equal(report?.signerCommonName, 'Trung tâm Phục vụ hành chính công tỉnh Tuyên Quang');
  assert.equal(report?.integrityValid, true);
  assert.ok(readBack(signed).includes('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ'));
});

test('a long list of papers flows onto a second page and keeps the header row', async () => {
  const papers = Array.from({ length: 40 }, (_, i) => ({
    name: `Giấy tờ số ${i + 1}: bản kê khai tài sản, thu nhập`,
    form: 'Bản sao',
  }));
  const text = pdfToText(await renderReceiptSlip(receiptInput({ papers })));
  assert.ok(text.includes('Giấy tờ số 40'));
  assert.equal(text.split('Tên giấy tờ').length - 1, 2, 'the table header repeats on the new page');
});

test('agency names in the heading break between words that read as one, never inside "HÀNH CHÍNH CÔNG" or the place', async () => {
  const bytes = await renderReceiptSlip(
    receiptInput({
      agency: {
        parentName: 'UBND tỉnh Tuyên Quang',
        name: 'Trung tâm Phục vụ hành chính công tỉnh Tuyên Quang',
        place: 'Tuyên Quang',
      },
    }),
  );
  const lines = pdfToText(bytes).split('\n');
  assert.ok(lines.includes('HÀNH CHÍNH CÔNG'), lines.slice(0, 8).join('\n'));
  assert.ok(lines.includes('TỈNH TUYÊN QUANG'), lines.slice(0, 8).join('\n'));
  assert.ok(!lines.some((line) => /(HÀNH|PHỤC|TUYÊN)$/u.test(line.trim())), lines.slice(0, 8).join('\n'));
});
