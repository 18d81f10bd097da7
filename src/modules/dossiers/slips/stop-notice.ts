/** Mẫu 05: Thông báo dừng giải quyết hồ sơ (TT 03/2025/TT-VPCP, Annex I; DOMAIN.md §1.3, status 8). */
import { applicantLines, papersTable, startSlip, trackingBlock } from './common.ts';
import { longDateTime } from './format.ts';
import type { StopNoticeInput } from './types.ts';

const STOP_NOTICE_TITLE = 'Thông báo dừng giải quyết hồ sơ';

export async function renderStopNotice(input: StopNoticeInput): Promise<Uint8Array> {
  const doc = startSlip(input, STOP_NOTICE_TITLE, 'Mẫu số 05');
  applicantLines(doc, input.applicant, 'Kính gửi ông/bà');
  doc.field('Nội dung yêu cầu giải quyết', input.procedureName);
  doc.field('Thời gian nhận hồ sơ', longDateTime(input.receivedAt));
  doc.paragraph([
    { text: `${input.agency.name} thông báo dừng giải quyết hồ sơ nêu trên kể từ ` },
    { text: longDateTime(input.stoppedAt), bold: true },
    { text: '.' },
  ]);
  doc.field('Lý do', input.reason);
  if (input.legalBasis) doc.field('Căn cứ', input.legalBasis);
  if (input.returnedPapers?.length) {
    doc.paragraph('Giấy tờ trả lại cho ông/bà:', { spaceAfter: 2 });
    papersTable(doc, input.returnedPapers);
  }
  doc.paragraph('Xin thông báo để ông/bà được biết./.');
  trackingBlock(doc, input.trackingUrl);
  doc.signatureBlock({
    right: { title: input.signatory.title, note: '(Ký, ghi rõ họ tên và đóng dấu)', name: input.signatory.name },
  });
  return doc.save();
}
