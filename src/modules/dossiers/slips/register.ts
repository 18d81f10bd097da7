/**
 * Mẫu 07: Sổ theo dõi hồ sơ (TT 03/2025/TT-VPCP, Annex I; Mẫu 06 under TT 01/2018), the register
 * of intake and results, exported as an Excel workbook for the one-stop desk.
 */
import ExcelJS from 'exceljs';
import { asLocalWallClock, shortDate, timingLabel } from './format.ts';
import type { DossierRegisterInput, RegisterEntry } from './types.ts';

const DOSSIER_REGISTER_TITLE = 'Sổ theo dõi hồ sơ';

interface RegisterColumn {
  header: string;
  width: number;
  value: (entry: RegisterEntry, index: number) => string | number | Date | null;
  dateTime?: boolean;
}

const at = (date: Date | undefined) => (date ? asLocalWallClock(date) : null);

const COLUMNS: readonly RegisterColumn[] = [
  { header: 'STT', width: 6, value: (_, i) => i + 1 },
  { header: 'Mã hồ sơ', width: 26, value: (e) => e.dossierCode },
  { header: 'Tên thủ tục hành chính', width: 36, value: (e) => e.procedureName },
  { header: 'Số lượng hồ sơ (bộ)', width: 10, value: (e) => e.sets ?? 1 },
  { header: 'Tên cá nhân, tổ chức', width: 26, value: (e) => e.applicantName },
  { header: 'Địa chỉ', width: 32, value: (e) => e.applicantAddress ?? '' },
  { header: 'Số điện thoại', width: 14, value: (e) => e.applicantPhone ?? '' },
  { header: 'Cơ quan chủ trì giải quyết', width: 28, value: (e) => e.competentAgency },
  { header: 'Nhận hồ sơ (giờ, ngày)', width: 17, value: (e) => at(e.receivedAt), dateTime: true },
  { header: 'Hẹn trả kết quả (giờ, ngày)', width: 17, value: (e) => at(e.dueAt), dateTime: true },
  { header: 'Chuyển hồ sơ đến cơ quan giải quyết', width: 17, value: (e) => at(e.forwardedAt), dateTime: true },
  { header: 'Có kết quả / yêu cầu bổ sung', width: 17, value: (e) => at(e.resultAt), dateTime: true },
  { header: 'Trả kết quả cho cá nhân, tổ chức', width: 17, value: (e) => at(e.deliveredAt), dateTime: true },
  { header: 'Trước hạn / Đúng hạn / Quá hạn', width: 14, value: (e) => timingLabel(e.timing) },
  { header: 'Ghi chú', width: 24, value: (e) => e.note ?? '' },
];

/** The register as .xlsx bytes: a title block, one header row, one row per dossier. */
export async function renderDossierRegister(input: DossierRegisterInput): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Mở Cửa';
  workbook.created = input.generatedAt;
  const sheet = workbook.addWorksheet(DOSSIER_REGISTER_TITLE, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 5 }],
  });
  sheet.columns = COLUMNS.map((c) => ({ width: c.width }));
  const lastColumn = COLUMNS.length;
  const titleRow = (row: number, text: string, bold: boolean, size: number) => {
    sheet.mergeCells(row, 1, row, lastColumn);
    const cell = sheet.getCell(row, 1);
    cell.value = text;
    cell.font = { name: 'Times New Roman', bold, size };
    cell.alignment = { horizontal: 'center' };
  };
  titleRow(1, [input.agency.parentName, input.agency.name].filter(Boolean).join(' – ').toUpperCase(), false, 12);
  titleRow(2, DOSSIER_REGISTER_TITLE.toUpperCase(), true, 14);
  titleRow(3, `Từ ngày ${shortDate(input.from)} đến ngày ${shortDate(input.to)}`, false, 12);

  const header = sheet.getRow(5);
  COLUMNS.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = column.header;
    cell.font = { name: 'Times New Roman', bold: true, size: 11 };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = {
      top: { style: 'thin' },
      left: { style: 'thin' },
      bottom: { style: 'thin' },
      right: { style: 'thin' },
    };
  });
  header.height = 48;

  input.entries.forEach((entry, index) => {
    const row = sheet.getRow(6 + index);
    COLUMNS.forEach((column, i) => {
      const cell = row.getCell(i + 1);
      cell.value = column.value(entry, index);
      cell.font = { name: 'Times New Roman', size: 11 };
      cell.alignment = { vertical: 'top', wrapText: true };
      cell.border = {
        top: { style: 'thin' },
        left: { style: 'thin' },
        bottom: { style: 'thin' },
        right: { style: 'thin' },
      };
      // Cells hold Vietnam wall-clock time: spreadsheets have no time zone (format.ts).
      if (column.dateTime) cell.numFmt = 'hh:mm dd/mm/yyyy';
    });
  });
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}
