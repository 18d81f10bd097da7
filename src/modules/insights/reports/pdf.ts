/**
 * A report as a PDF (platform/pdf): the unit and the form number, the title and period, the
 * table with the column numbers (1)…(n) under short headers — the page cannot merge header
 * cells, so a legend names each group of columns — the notes and the signature block.
 */
import { PdfComposer } from '../../../platform/pdf/index.ts';
import { periodDays, type ReportTable, vietnameseDate } from './report-table.ts';

const num = (n: number) => n.toLocaleString('vi-VN');

export async function renderReportPdf(report: ReportTable): Promise<Uint8Array> {
  const doc = new PdfComposer({
    title: `Biểu số ${report.formNumber} – ${report.period.label}`,
    subject: report.basis,
    author: report.reportingUnit,
    fontSize: 11,
    margins: { top: 15, right: 10, bottom: 15, left: 15 },
  });
  doc.paragraph([{ text: `Biểu số ${report.formNumber}`, bold: true }], { align: 'right', spaceAfter: 0 });
  doc.paragraph(report.basis, { align: 'right', italic: true, size: 9 });
  if (report.parentUnit) doc.paragraph(report.parentUnit.toUpperCase(), { spaceAfter: 0, size: 10 });
  doc.paragraph(report.reportingUnit.toUpperCase(), { bold: true, size: 10 });
  const days = periodDays(report.period);
  doc.title(report.title, `Kỳ báo cáo: ${report.period.label} (từ ngày ${days.from} đến ngày ${days.to})`);
  doc.paragraph(`Đơn vị báo cáo: ${report.reportingUnit}. Đơn vị nhận báo cáo: ${report.receivingUnit}.`, {
    size: 10,
  });
  // The legend of grouped columns: "Số hồ sơ nhận giải quyết: cột (3)–(6)".
  const groups: string[] = [];
  report.columns.forEach((c, i) => {
    if (!c.group) return;
    const first = report.columns.findIndex((x) => x.group === c.group);
    if (first !== i) return;
    const last = report.columns.length - 1 - [...report.columns].reverse().findIndex((x) => x.group === c.group);
    groups.push(`${c.group}: cột (${first + 3})–(${last + 3})`);
  });
  doc.paragraph(`${groups.join('; ')}. Đơn vị tính: ${report.unitOfCount}.`, { italic: true, size: 9 });
  doc.table({
    size: 7.5,
    columns: [
      { header: '(1) STT', width: 4, align: 'center' },
      { header: `(2) ${report.labelHeader}`, width: 22 },
      ...report.columns.map((c, i) => ({
        header: `(${i + 3}) ${c.subgroup ? 'Mới: ' : ''}${c.header}`,
        width: 6,
        align: 'right' as const,
      })),
    ],
    rows: report.rows.map((r) => {
      const bold = r.kind !== 'unit';
      return [[{ text: r.stt, bold }], [{ text: r.label, bold }], ...r.values.map((v) => [{ text: num(v), bold }])];
    }),
  });
  for (const note of report.notes) doc.paragraph(note, { italic: true, size: 9 });
  doc.paragraph(`${report.place}, ${vietnameseDate(report.generatedAt)}`, { align: 'right', italic: true, size: 10 });
  doc.signatureBlock({
    left: { title: 'NGƯỜI LẬP BIỂU' },
    right: { title: 'THỦ TRƯỞNG ĐƠN VỊ', note: '(Ký tên, đóng dấu)' },
  });
  return doc.save();
}
