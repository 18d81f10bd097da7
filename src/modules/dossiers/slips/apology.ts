/**
 * Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (TT 03/2025/TT-VPCP, Annex I;
 * "Phiếu xin lỗi và hẹn lại ngày trả kết quả" under TT 01/2018). Issued by the agency that caused
 * the delay, before the due date (DOMAIN.md §1.5).
 */
import { applicantLines, startSlip, trackingBlock } from './common.ts';
import { longDate, longDateTime } from './format.ts';
import type { ApologyInput } from './types.ts';

export const APOLOGY_TITLE = 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết';

export async function renderApology(input: ApologyInput): Promise<Uint8Array> {
  const doc = startSlip(input, APOLOGY_TITLE, 'Mẫu số 04');
  const responsible = input.responsibleAgency ?? input.agency.name;
  applicantLines(doc, input.applicant, 'Kính gửi ông/bà');
  doc.paragraph(
    `${longDate(input.receivedAt).replace(/^n/u, 'N')}, ${input.agency.name} tiếp nhận hồ sơ đề nghị giải quyết thủ tục "${input.procedureName}" của ông/bà.`,
  );
  doc.field('Thời hạn trả kết quả theo giấy hẹn', longDateTime(input.originalDueAt));
  doc.paragraph(`Tuy nhiên đến nay, ${responsible} chưa trả được kết quả giải quyết hồ sơ của ông/bà.`, {
    spaceAfter: 2,
  });
  doc.field('Lý do', input.reason);
  doc.paragraph([
    {
      text: `Sự chậm trễ này đã gây phiền hà cho ông/bà. ${responsible} trân trọng xin lỗi ông/bà và đề nghị gia hạn, hẹn trả kết quả giải quyết hồ sơ vào `,
    },
    { text: longDateTime(input.newDueAt), bold: true },
    { text: '.' },
  ]);
  doc.paragraph('Xin trân trọng cảm ơn./.');
  trackingBlock(doc, input.trackingUrl);
  if (input.recipients?.length) {
    doc.paragraph('Nơi nhận:', { bold: true, italic: true, size: doc.fontSize - 1, spaceAfter: 0 });
    for (const recipient of input.recipients)
      doc.paragraph(`- ${recipient};`, { size: doc.fontSize - 2, spaceAfter: 0 });
    doc.space(6);
  }
  doc.signatureBlock({
    right: { title: input.signatory.title, note: '(Ký, ghi rõ họ tên và đóng dấu)', name: input.signatory.name },
  });
  return doc.save();
}
