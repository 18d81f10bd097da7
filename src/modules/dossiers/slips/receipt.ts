/** Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả (TT 03/2025/TT-VPCP, Annex I; DOMAIN.md §1.3). */
import type { PdfComposer } from '../../../platform/pdf/index.ts';
import { applicantLines, onOnePage, papersTable, startSlip, trackingBlock } from './common.ts';
import { appointmentText, longDateTime } from './format.ts';
import type { ReceiptSlipInput } from './types.ts';

const RECEIPT_SLIP_TITLE = 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả';

export function renderReceiptSlip(input: ReceiptSlipInput): Promise<Uint8Array> {
  return onOnePage((fontSize) => drawReceipt(input, fontSize));
}

function drawReceipt(input: ReceiptSlipInput, fontSize: number): PdfComposer {
  const doc = startSlip(input, RECEIPT_SLIP_TITLE, 'Mẫu số 01', fontSize);
  applicantLines(doc, input.applicant, `${input.agency.name} tiếp nhận hồ sơ của`);
  doc.field('Nội dung yêu cầu giải quyết', input.procedureName);
  doc.paragraph('1. Thành phần hồ sơ nộp gồm:', { spaceAfter: 2 });
  papersTable(doc, input.papers);
  doc.paragraph(`2. Số lượng hồ sơ: ${String(input.sets ?? 1).padStart(2, '0')} (bộ).`, { spaceAfter: 2 });
  doc.paragraph(`3. Thời gian giải quyết hồ sơ theo quy định là: ${input.processingTime}.`, { spaceAfter: 2 });
  doc.paragraph([{ text: '4. Thời gian nhận hồ sơ: ' }, { text: `${longDateTime(input.receivedAt)}.`, bold: true }], {
    spaceAfter: 2,
  });
  doc.paragraph(
    [{ text: '5. Thời gian trả kết quả giải quyết hồ sơ: ' }, { text: `${appointmentText(input.dueAt)}.`, bold: true }],
    { spaceAfter: 2 },
  );
  if (input.resultDelivery) doc.paragraph(`6. Đăng ký nhận kết quả tại: ${input.resultDelivery}.`, { spaceAfter: 2 });
  // One A4 page with the signature block, whatever the procedure's papers (issue 13.10): a
  // smaller QR code (still read from 15 cm) leaves the signatures room under three long papers.
  trackingBlock(doc, input.trackingUrl, 62);
  doc.signatureBlock({
    left: { title: 'NGƯỜI NỘP HỒ SƠ', note: '(Ký và ghi rõ họ tên)', name: input.applicant.name },
    right: { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', note: '(Ký và ghi rõ họ tên)', name: input.officerName },
  });
  return doc;
}
