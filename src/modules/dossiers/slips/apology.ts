/**
 * Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (TT 03/2025/TT-VPCP, Annex I;
 * "Phiếu xin lỗi và hẹn lại ngày trả kết quả" under TT 01/2018). Issued by the agency that caused
 * the delay, before the due date, and handed to the applicant by the one-stop desk that received
 * the dossier (DOMAIN.md §1.5), so that desk is among its recipients ("Nơi nhận", Decree 30/2020).
 */
import { applicantLines, startSlip, trackingBlock } from './common.ts';
import { appointmentText, shortDate } from './format.ts';
import type { ApologyInput } from './types.ts';

const APOLOGY_TITLE = 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết';

/** «thủ tục "Thủ tục cấp …"» reads twice: the procedure's name loses a leading "Thủ tục". */
function procedurePhrase(name: string): string {
  return `thủ tục “${name.replace(/^\s*thủ tục\s+/iu, '').replace(/^./u, (c) => c.toUpperCase())}”`;
}

export async function renderApology(input: ApologyInput): Promise<Uint8Array> {
  const doc = startSlip(input, APOLOGY_TITLE, 'Mẫu số 04');
  const responsible = input.responsibleAgency ?? input.agency.name;
  applicantLines(doc, input.applicant, 'Kính gửi ông/bà');
  doc.paragraph(
    `Ngày ${shortDate(input.receivedAt)}, ${input.receivingCentre} tiếp nhận hồ sơ đề nghị giải quyết ${procedurePhrase(input.procedureName)} của ông/bà, mã hồ sơ ${input.dossierCode}.`,
  );
  doc.field('Thời hạn trả kết quả theo giấy hẹn', appointmentText(input.originalDueAt));
  doc.paragraph(`Tuy nhiên đến nay, ${responsible} chưa trả được kết quả giải quyết hồ sơ của ông/bà.`, {
    spaceAfter: 2,
  });
  doc.field('Lý do', /[.!?]$/u.test(input.reason.trim()) ? input.reason.trim() : `${input.reason.trim()}.`);
  doc.paragraph([
    {
      text: `Sự chậm trễ này đã gây phiền hà cho ông/bà. ${responsible} trân trọng xin lỗi ông/bà và đề nghị gia hạn, hẹn trả kết quả giải quyết hồ sơ vào `,
    },
    { text: appointmentText(input.newDueAt), bold: true },
    { text: ` tại ${input.receivingCentre}.` },
  ]);
  doc.paragraph('Xin trân trọng cảm ơn./.');
  trackingBlock(doc, input.trackingUrl);
  doc.signatureBlock({
    right: { title: input.signatory.title, note: '(Ký, ghi rõ họ tên và đóng dấu)', name: input.signatory.name },
    recipients: input.recipients ?? ['Như trên', input.receivingCentre, 'Lưu: VT'],
  });
  return doc.save();
}
