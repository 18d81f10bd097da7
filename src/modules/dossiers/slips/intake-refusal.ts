/** Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ (TT 03/2025/TT-VPCP, Annex I; DOMAIN.md §1.3). */
import { applicantLines, startSlip } from './common.ts';
import type { IntakeRefusalInput } from './types.ts';

const INTAKE_REFUSAL_TITLE = 'Phiếu từ chối tiếp nhận giải quyết hồ sơ';

export async function renderIntakeRefusal(input: IntakeRefusalInput): Promise<Uint8Array> {
  const doc = startSlip(input, INTAKE_REFUSAL_TITLE, 'Mẫu số 03');
  applicantLines(doc, input.applicant);
  doc.field('Nội dung yêu cầu giải quyết', input.procedureName);
  doc.paragraph(
    `Sau khi xem xét, kiểm tra, đối chiếu thành phần hồ sơ, ${input.agency.name} từ chối tiếp nhận giải quyết hồ sơ này vì lý do sau:`,
    { spaceAfter: 2 },
  );
  doc.numberedList(input.reasons);
  doc.paragraph('Xin thông báo để ông/bà được biết./.');
  doc.signatureBlock({
    right: { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', note: '(Ký và ghi rõ họ tên)', name: input.officerName },
  });
  return doc.save();
}
