import assert from 'node:assert/strict';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { particulars, registerEntry } from './fixtures.ts';
import { renderDossierRegister } from './register.ts';

async function readWorkbook(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  const sheet = workbook.worksheets[0];
  assert.ok(sheet);
  return sheet;
}

const input = {
  agency: particulars().agency,
  from: new Date('2025-02-28T17:00:00Z'),
  to: new Date('2025-03-31T16:59:59Z'),
  entries: [
    registerEntry(),
    registerEntry({
      dossierCode: '000.00.12.H62-250306-0002',
      applicantName: 'Hoàng Văn Phúc',
      timing: 'late',
      deliveredAt: undefined,
      note: 'Đã xin lỗi, hẹn lại',
    }),
  ],
  generatedAt: new Date('2025-04-01T01:00:00Z'),
};

test('Mẫu 07 register: the title, the period and the Vietnamese column headers are in the workbook', async () => {
  const sheet = await readWorkbook(await renderDossierRegister(input));
  assert.equal(sheet.name, 'Sổ theo dõi hồ sơ');
  assert.equal(sheet.getCell('A1').value, 'UBND TỈNH TUYÊN QUANG – TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH');
  assert.equal(sheet.getCell('A2').value, 'SỔ THEO DÕI HỒ SƠ');
  assert.equal(sheet.getCell('A3').value, 'Từ ngày 01/03/2025 đến ngày 31/03/2025');
  const headerRow = sheet.getRow(5);
  const headers = Array.from({ length: headerRow.cellCount }, (_, i) => headerRow.getCell(i + 1).value);
  assert.deepEqual(headers.slice(0, 5), [
    'STT',
    'Mã hồ sơ',
    'Tên thủ tục hành chính',
    'Số lượng hồ sơ (bộ)',
    'Tên cá nhân, tổ chức',
  ]);
  assert.ok(headers.includes('Trước hạn / Đúng hạn / Quá hạn'));
});

test('Mẫu 07 register: one row per dossier, times as Vietnam wall-clock dates, timing in words', async () => {
  const sheet = await readWorkbook(await renderDossierRegister(input));
  const first = sheet.getRow(6);
  const second = sheet.getRow(7);
  assert.equal(first.getCell(1).value, 1);
  assert.equal(first.getCell(2).value, '000.00.12.H62-250305-0001');
  assert.equal(first.getCell(5).value, 'Nguyễn Thị Hường');
  const received = first.getCell(9).value;
  assert.ok(received instanceof Date);
  assert.equal(received.toISOString(), '2025-03-05T09:15:00.000Z', '09:15 in Tuyên Quang');
  assert.equal(first.getCell(9).numFmt, 'hh:mm dd/mm/yyyy');
  assert.equal(first.getCell(14).value, 'Trước hạn');
  assert.equal(second.getCell(5).value, 'Hoàng Văn Phúc');
  assert.equal(second.getCell(13).value, null);
  assert.equal(second.getCell(14).value, 'Quá hạn');
  assert.equal(second.getCell(15).value, 'Đã xin lỗi, hẹn lại');
  assert.equal(sheet.getRow(8).getCell(2).value, null);
});
