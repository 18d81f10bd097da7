/**
 * Parts shared by the slips: the header, the dossier's particulars, the QR code to the
 * tracking page. Templates call these in the order the form prints them.
 */
import { PdfComposer } from '../../../platform/pdf/index.ts';
import { placeAndDate } from './format.ts';
import type { DossierParticulars, SlipApplicant, SlipPaper } from './types.ts';

/** A new A4 document with the national header and the form's title. */
export function startSlip(
  input: DossierParticulars,
  title: string,
  formNumber: string,
  fontSize?: number,
): PdfComposer {
  const doc = new PdfComposer({
    title: `${title} – ${input.dossierCode}`,
    subject: `${formNumber} (TT 03/2025/TT-VPCP)`,
    author: input.agency.name,
    ...(fontSize ? { fontSize } : {}),
  });
  doc.nationalHeader({
    parentAgency: input.agency.parentName,
    agency: input.agency.name,
    reference: input.reference,
    placeAndDate: placeAndDate(input.agency.place, input.issuedAt),
  });
  doc.title(title.toUpperCase(), [{ text: 'Mã hồ sơ: ' }, { text: input.dossierCode, bold: true }]);
  return doc;
}

/** "Họ tên / Địa chỉ / Số điện thoại / Email" lines of the applicant; empty lines are left out. */
export function applicantLines(doc: PdfComposer, applicant: SlipApplicant, label = 'Tiếp nhận hồ sơ của'): void {
  doc.field(label, applicant.name);
  if (applicant.address) doc.field('Địa chỉ', applicant.address);
  const contact = [
    applicant.phone ? `Số điện thoại: ${applicant.phone}` : '',
    applicant.email ? `Email: ${applicant.email}` : '',
  ]
    .filter((part) => part !== '')
    .join('; ');
  if (contact) doc.paragraph(contact, { spaceAfter: 2 });
}

export function papersTable(doc: PdfComposer, papers: readonly SlipPaper[]): void {
  doc.table({
    columns: [
      { header: 'STT', width: 1, align: 'center' },
      { header: 'Tên giấy tờ', width: 8 },
      { header: 'Hình thức', width: 3 },
      { header: 'Số lượng', width: 2, align: 'center' },
    ],
    rows: papers.map((paper, i) => [String(i + 1), paper.name, paper.form ?? '', String(paper.copies ?? 1)]),
  });
}

/** The QR code that opens the public tracking page (DOMAIN.md glossary: follow the dossier by code or QR). */
export function trackingBlock(doc: PdfComposer, url: string, qrSize?: number): void {
  doc.qrCode(
    url,
    [
      { text: 'Tra cứu tình trạng hồ sơ: ', bold: true },
      { text: 'quét mã QR bằng điện thoại hoặc truy cập ' },
      { text: url, italic: true },
    ],
    qrSize,
  );
}

/**
 * A slip that must fit one A4 page with its signature block (issue 13.10): drawn at the body
 * size of Decree 30/2020 (13 pt), then smaller down to 10 pt when the papers or the names are
 * long; the smallest try is kept whatever it takes.
 */
export function onOnePage(draw: (fontSize: number) => PdfComposer): Promise<Uint8Array> {
  const sizes = [13, 12, 11, 10.5, 10];
  for (const size of sizes.slice(0, -1)) {
    const doc = draw(size);
    if (doc.pdf.getPageCount() === 1) return doc.save();
  }
  return draw(sizes[sizes.length - 1] ?? 10).save();
}
