/**
 * Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ (TT 03/2025/TT-VPCP, Annex I). Each row is
 * one hand-over "Giao: <unit> / Nhận: <unit>" with its time, the people who gave and received,
 * and whether the step finished Trước hạn / Đúng hạn / Quá hạn (DOMAIN.md §1.3). The rows come
 * from the dossier's actions.
 */
import type { RichText } from '../../../platform/pdf/index.ts';
import { applicantLines, startSlip } from './common.ts';
import { appointmentText, longDateTime, shortDateTime, timingLabel } from './format.ts';
import type { ControlSheetInput, HandoverRow } from './types.ts';

const CONTROL_SHEET_TITLE = 'Phiếu kiểm soát quá trình giải quyết hồ sơ';

function handoverCells(row: HandoverRow, index: number): RichText[] {
  const units: RichText = [
    { text: `${index * 2 + 1}. Giao: `, bold: true },
    { text: `${row.fromUnit}\n` },
    { text: `${index * 2 + 2}. Nhận: `, bold: true },
    { text: row.toUnit },
  ];
  // Each hand-over is signed on paper by the one who gives and the one who receives (§1.3):
  // blank lines leave room for the signature above the printed name.
  const signature = (name: string | undefined) => `\n\n\n${name ?? ''}`;
  return [
    units,
    shortDateTime(row.at),
    signature(row.handedOverBy),
    signature(row.receivedBy),
    timingLabel(row.timing),
    row.note ?? '',
  ];
}

export async function renderControlSheet(input: ControlSheetInput): Promise<Uint8Array> {
  const doc = startSlip(input, CONTROL_SHEET_TITLE, 'Mẫu số 06');
  doc.paragraph('(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả cùng mã hồ sơ)', { italic: true, align: 'center' });
  applicantLines(doc, input.applicant, 'Người nộp hồ sơ');
  doc.field('Nội dung yêu cầu giải quyết', input.procedureName);
  doc.field('Thời gian nhận hồ sơ', longDateTime(input.receivedAt));
  doc.field('Thời gian hẹn trả kết quả', appointmentText(input.dueAt));
  doc.field('Cơ quan (bộ phận) giải quyết hồ sơ', input.competentAgency);
  if (input.coordinatingAgencies?.length)
    doc.field('Cơ quan phối hợp giải quyết hồ sơ', input.coordinatingAgencies.join('; '));
  doc.table({
    columns: [
      { header: 'Tên cơ quan', width: 5.5 },
      { header: 'Thời gian giao, nhận hồ sơ', width: 3 },
      { header: 'Người giao (ký, ghi rõ họ tên)', width: 3.2, align: 'center' },
      { header: 'Người nhận (ký, ghi rõ họ tên)', width: 3.2, align: 'center' },
      { header: 'Kết quả giải quyết hồ sơ (Trước hạn/ Đúng hạn/ Quá hạn)', width: 3, align: 'center' },
      { header: 'Ghi chú', width: 2.6 },
    ],
    rows: input.handovers.map(handoverCells),
    size: doc.fontSize - 2,
  });
  return doc.save();
}
