/**
 * A report as an Excel workbook (exceljs), laid out as officials expect a VPCP form: the unit
 * and the form number side by side, the title, the period "từ ngày … đến ngày …", merged
 * column headers in three rows with the column numbers (1)…(n) under them, section and total
 * rows as SUM formulas (their computed values cached, so a reader without recalculation sees
 * them too), whole numbers in the `#,##0` format — Excel shows it with the reader's separators,
 * 1.234 on a Vietnamese system — and the signature block (Người lập biểu; place and date, Thủ
 * trưởng đơn vị).
 */
import ExcelJS from 'exceljs';
import { periodDays, type ReportTable, vietnameseDate } from './report-table.ts';

const FONT = 'Times New Roman';
const NUMBER = '#,##0';
const thin = { style: 'thin' } as const;
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

/** Excel's column letter of a 1-based index (A…Z, AA…). */
const letter = (n: number): string => {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
};

/** The first data row: header rows 8–10, column numbers on 11. */
export const FIRST_DATA_ROW = 12;

export async function renderReportExcel(report: ReportTable): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Mở Cửa';
  workbook.created = report.generatedAt;
  // exceljs keeps no cached result of 0: have the spreadsheet compute every formula on opening.
  workbook.calcProperties.fullCalcOnLoad = true;
  const sheet = workbook.addWorksheet(`Biểu ${report.formNumber}`.replace(/[\\/?*[\]:]/g, '-').slice(0, 31), {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 11, xSplit: 2 }],
  });
  const width = report.columns.length + 2;
  sheet.columns = [{ width: 6 }, { width: 40 }, ...report.columns.map(() => ({ width: 12 }))];
  const half = Math.max(2, Math.floor(width / 2));
  const put = (
    row: number,
    from: number,
    to: number,
    value: string,
    style: { bold?: boolean; italic?: boolean; size?: number; align?: 'left' | 'center' | 'right' } = {},
  ) => {
    if (to > from) sheet.mergeCells(row, from, row, to);
    const cell = sheet.getCell(row, from);
    cell.value = value;
    cell.font = { name: FONT, size: style.size ?? 12, bold: style.bold ?? false, italic: style.italic ?? false };
    cell.alignment = { horizontal: style.align ?? 'center', vertical: 'middle', wrapText: true };
  };
  put(1, 1, half, (report.parentUnit ?? '').toUpperCase());
  put(1, half + 1, width, `Biểu số ${report.formNumber}`, { bold: true });
  put(2, 1, half, report.reportingUnit.toUpperCase(), { bold: true });
  put(2, half + 1, width, report.basis, { italic: true, size: 11 });
  put(4, 1, width, report.title, { bold: true, size: 14 });
  sheet.getRow(4).height = 36;
  const days = periodDays(report.period);
  put(5, 1, width, `Kỳ báo cáo: ${report.period.label} (từ ngày ${days.from} đến ngày ${days.to})`, { italic: true });
  put(6, 1, width, `Đơn vị báo cáo: ${report.reportingUnit}. Đơn vị nhận báo cáo: ${report.receivingUnit}.`);
  put(7, 1, width, `Đơn vị tính: ${report.unitOfCount}`, { italic: true, align: 'right' });

  // Header: rows 8 (group), 9 (sub-group or header), 10 (header under a sub-group).
  const head = (r1: number, c1: number, r2: number, c2: number, text: string) => {
    if (r2 > r1 || c2 > c1) sheet.mergeCells(r1, c1, r2, c2);
    const cell = sheet.getCell(r1, c1);
    cell.value = text;
    cell.font = { name: FONT, size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  };
  head(8, 1, 10, 1, 'STT');
  head(8, 2, 10, 2, report.labelHeader);
  const cols = report.columns;
  for (let i = 0; i < cols.length; ) {
    const c = cols[i];
    if (!c) break;
    let j = i;
    while (j + 1 < cols.length && c.group !== null && cols[j + 1]?.group === c.group) j++;
    if (c.group === null) head(8, i + 3, 10, i + 3, c.header);
    else {
      head(8, i + 3, 8, j + 3, c.group);
      for (let k = i; k <= j; ) {
        const sub = cols[k]?.subgroup ?? null;
        let m = k;
        while (sub !== null && m + 1 <= j && cols[m + 1]?.subgroup === sub) m++;
        if (sub === null) head(9, k + 3, 10, k + 3, cols[k]?.header ?? '');
        else {
          head(9, k + 3, 9, m + 3, sub);
          for (let n = k; n <= m; n++) head(10, n + 3, 10, n + 3, cols[n]?.header ?? '');
        }
        k = m + 1;
      }
    }
    i = j + 1;
  }
  sheet.getRow(9).height = 30;
  sheet.getRow(10).height = 45;
  for (let c = 1; c <= width; c++) {
    const cell = sheet.getCell(11, c);
    cell.value = `(${c})`;
    cell.font = { name: FONT, size: 10, italic: true };
    cell.alignment = { horizontal: 'center' };
  }

  // Rows: a section sums the unit rows under it, the total sums the sections (or the units).
  const rowNumbers = report.rows.map((_, i) => FIRST_DATA_ROW + i);
  const sections = report.rows.flatMap((r, i) => (r.kind === 'section' ? [i] : []));
  report.rows.forEach((r, i) => {
    const row = sheet.getRow(FIRST_DATA_ROW + i);
    const bold = r.kind !== 'unit';
    row.getCell(1).value = r.stt;
    row.getCell(2).value = r.label;
    let summed: number[] | null = null;
    if (r.kind === 'section') {
      summed = [];
      for (let k = i + 1; k < report.rows.length && report.rows[k]?.kind === 'unit'; k++) summed.push(k);
    } else if (r.kind === 'total') {
      summed = sections.length > 0 ? sections : report.rows.flatMap((x, k) => (x.kind === 'unit' ? [k] : []));
    }
    r.values.forEach((v, c) => {
      const cell = row.getCell(c + 3);
      const col = letter(c + 3);
      if (summed === null) cell.value = v;
      else {
        const refs = summed.map((k) => `${col}${rowNumbers[k]}`);
        cell.value = { formula: refs.length === 0 ? '0' : `SUM(${refs.join(',')})`, result: v };
      }
      cell.numFmt = NUMBER;
    });
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      cell.font = { name: FONT, size: 11, bold };
      cell.border = BORDER;
      cell.alignment = { vertical: 'middle', horizontal: c === 2 ? 'left' : 'center', wrapText: c === 2 };
    }
  });
  for (let r = 8; r <= 11; r++) for (let c = 1; c <= width; c++) sheet.getCell(r, c).border = BORDER;

  let next = FIRST_DATA_ROW + report.rows.length + 1;
  for (const note of report.notes) {
    put(next, 1, width, note, { italic: true, size: 11, align: 'left' });
    sheet.getRow(next).height = 30;
    next++;
  }
  next++;
  put(next, half + 1, width, `${report.place}, ${vietnameseDate(report.generatedAt)}`, { italic: true });
  put(next + 1, 1, half, 'NGƯỜI LẬP BIỂU', { bold: true });
  put(next + 1, half + 1, width, 'THỦ TRƯỞNG ĐƠN VỊ', { bold: true });
  put(next + 2, 1, half, '(Ký, ghi rõ họ tên)', { italic: true, size: 11 });
  put(next + 2, half + 1, width, '(Ký tên, đóng dấu)', { italic: true, size: 11 });
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}
