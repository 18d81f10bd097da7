/**
 * The digitised copy (bản số hóa) a receiver makes at the counter: a first page that says what
 * the copy is and who vouches for it, then the scanned pages at their proportions, each with a
 * footer naming the dossier and the page. Signing it is the caller's (digitise-paper.ts).
 *
 * What the copy carries (Decree 45/2020 on digitising dossier components at reception; the
 * article-level wording is [M] in DOMAIN.md §2.1, see docs/papers.md): the paper's name, the
 * dossier's code, the applicant, the receiving agency, the receiver who compared it with the
 * original, the time, the validity of the paper when it has one, and the statement that it was
 * compared with the original; the agency's digital signature then covers all of it.
 */
import { PDF, rgb } from '@libpdf/core';
import { DomainError } from '../../platform/errors.ts';
import { PdfComposer } from '../../platform/pdf/index.ts';
import type { UploadKind } from '../../platform/storage/uploads.ts';
import './errors.ts';

export interface Attestation {
  paperName: string;
  dossierCode: string;
  applicantName: string;
  agencyName: string;
  receiverName: string;
  at: Date;
  validUntil: string | null;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 36;
const FOOTER = 28;

const vnTime = (at: Date) =>
  new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(at);

const vnDate = (iso: string) => iso.split('-').reverse().join('/');

/** Fits w × h into the box, keeping proportions. */
function fit(w: number, h: number, box: { width: number; height: number }) {
  const scale = Math.min(box.width / w, box.height / h, 1);
  return { width: w * scale, height: h * scale };
}

export async function composeAttestedCopy(
  scan: { kind: UploadKind; bytes: Uint8Array },
  a: Attestation,
): Promise<Uint8Array> {
  const doc = new PdfComposer({
    title: `Bản số hóa: ${a.paperName}`,
    subject: `Hồ sơ ${a.dossierCode}`,
    author: a.agencyName,
  });
  doc.title('BẢN SỐ HÓA TỪ BẢN CHÍNH', a.paperName);
  doc.field('Hồ sơ', a.dossierCode);
  doc.field('Người nộp hồ sơ', a.applicantName);
  doc.field('Cơ quan tiếp nhận', a.agencyName);
  doc.field('Cán bộ tiếp nhận, đối chiếu', a.receiverName);
  doc.field('Thời điểm số hóa', vnTime(a.at));
  doc.field('Giá trị sử dụng đến', a.validUntil ? vnDate(a.validUntil) : 'Không ghi thời hạn');
  doc.paragraph(
    'Bản điện tử này được số hóa từ bản chính do người nộp hồ sơ xuất trình tại Bộ phận Một cửa. ' +
      'Cán bộ tiếp nhận đã đối chiếu và xác nhận bản số hóa đúng với bản chính; cơ quan tiếp nhận ' +
      'ký số bản số hóa theo Nghị định số 45/2020/NĐ-CP. Bản số hóa được lưu vào kho dữ liệu điện tử ' +
      'của người nộp và được dùng lại cho các hồ sơ sau mà không phải nộp lại.',
  );
  const pdf = doc.pdf;
  const font = doc.font();
  const box = { width: A4.width - 2 * MARGIN, height: A4.height - 2 * MARGIN - FOOTER };
  const pages: Array<(page: ReturnType<typeof pdf.addPage>) => void> = [];
  try {
    if (scan.kind === 'pdf') {
      const source = await PDF.load(scan.bytes);
      for (let i = 0; i < source.getPageCount(); i++) {
        const embedded = await pdf.embedPage(source, i);
        const size = fit(embedded.width, embedded.height, box);
        pages.push((page) =>
          page.drawPage(embedded, { x: MARGIN, y: A4.height - MARGIN - size.height, width: size.width }),
        );
      }
    } else {
      const image = pdf.embedImage(scan.bytes);
      const size = fit(image.width, image.height, box);
      pages.push((page) => page.drawImage(image, { x: MARGIN, y: A4.height - MARGIN - size.height, ...size }));
    }
  } catch (error) {
    // A file that passes the type check by its first bytes yet does not open is the scan's fault.
    throw new DomainError('PAPER_SCAN_UNREADABLE', { reason: error instanceof Error ? error.message : String(error) });
  }
  if (pages.length === 0) throw new DomainError('PAPER_SCAN_UNREADABLE', { reason: 'no page' });
  for (const [i, draw] of pages.entries()) {
    const page = pdf.addPage({ width: A4.width, height: A4.height });
    draw(page);
    page.drawText(`Bản số hóa — hồ sơ ${a.dossierCode} — ${a.paperName} — trang ${i + 1}/${pages.length}`, {
      x: MARGIN,
      y: MARGIN / 2,
      font,
      size: 8,
      color: rgb(0.2, 0.2, 0.2),
    });
  }
  return doc.save();
}
