/** Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (TT 03/2025/TT-VPCP, Annex I; DOMAIN.md §1.3). */
import { applicantLines, startSlip, trackingBlock } from './common.ts';
import { longDateTime } from './format.ts';
import type { SupplementRequestInput } from './types.ts';

const SUPPLEMENT_REQUEST_TITLE = 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ';

export async function renderSupplementRequest(input: SupplementRequestInput): Promise<Uint8Array> {
  const doc = startSlip(input, SUPPLEMENT_REQUEST_TITLE, 'Mẫu số 02');
  applicantLines(doc, input.applicant, 'Hồ sơ của');
  doc.field('Nội dung yêu cầu giải quyết', input.procedureName);
  if (input.receivedAt) doc.field('Thời gian nhận hồ sơ', longDateTime(input.receivedAt));
  // DOMAIN.md §1.5: every missing or incorrect item is listed in this one request.
  doc.paragraph('Yêu cầu ông/bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:', { bold: true, spaceAfter: 2 });
  doc.numberedList(
    input.requirements.map((r) => (r.detail ? [{ text: `${r.paper}: `, bold: true }, { text: r.detail }] : r.paper)),
  );
  if (input.reason) doc.field('Lý do', input.reason);
  if (input.supplementPeriod) doc.field('Thời hạn bổ sung', input.supplementPeriod);
  doc.paragraph(
    'Thời gian chờ bổ sung, hoàn thiện hồ sơ không tính vào thời hạn giải quyết. Khi nộp bổ sung, ông/bà vui lòng mang theo phiếu này hoặc báo mã hồ sơ.',
    { italic: true },
  );
  if (input.contact)
    doc.paragraph(
      `Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ ${input.contact} để được hướng dẫn.`,
    );
  trackingBlock(doc, input.trackingUrl);
  doc.signatureBlock({ right: { title: 'NGƯỜI HƯỚNG DẪN', note: '(Ký và ghi rõ họ tên)', name: input.officerName } });
  return doc.save();
}
