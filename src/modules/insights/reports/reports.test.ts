/**
 * Form 06, its variants, form 07b and the feedback report on the hand-computed dataset of testing.ts
 * (November 2026): the expected numbers are worked out in the comments from the form's columns,
 * then read back from the Excel file (exceljs) and the PDF (pdftotext); the monthly mailing
 * goes through the outbox to a real SMTP server, its attachments read back.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createTestDb, type TestDb } from '../../../platform/db/testing.ts';
import { emailChannel } from '../../../platform/notify/channels.ts';
import { dispatchOutbox } from '../../../platform/notify/index.ts';
import type { ProcedureSetupFact } from '../../catalog/index.ts';
import { loadPeriod, type PeriodData } from '../load-period.ts';
import { parsePeriod } from '../periods.ts';
import { ids, lookups, PROVINCE, writeDataset } from '../testing.ts';
import { FIRST_DATA_ROW, renderReportExcel } from './excel.ts';
import { buildFeedbackReport } from './feedback-report.ts';
import { buildForm06 } from './form06.ts';
import { buildForm07b } from './form07b.ts';
import { mailMonthlyReports } from './mail-reports.ts';
import { renderReportPdf } from './pdf.ts';

let t: TestDb;
let data: PeriodData;
const now = new Date('2026-12-15T03:00:00Z');

before(async () => {
  t = await createTestDb();
  await writeDataset(t.db);
  data = await loadPeriod(t.db, PROVINCE, parsePeriod('2026-11'));
});
after(() => t.close());

// Columns 3–13: received (total, online, counter + post, carried over), handled (total, early,
// on time, late), in progress (total, within time, overdue).
// Sở Tư pháp (P): d3 online late, d4 post in progress within time, d6 carried over early, d9
// counter without a due date → received 4 = 1 online + 2 counter/post + 1 carried over;
// handled 2 = 1 early + 0 on time + 1 late; in progress 1 = 1 + 0 (d9 unclassified).
const P = [4, 1, 2, 1, 2, 1, 0, 1, 1, 1, 0];
// UBND xã Đồng Văn (C1): d1 online early, d2 counter on time, d5 carried over overdue, d10
// online waiting for a supplement (early), d11 counter late (two requests) → received 5 = 2 +
// 2 + 1; handled 4 = 2 early + 1 on time + 1 late; in progress 1 = 0 + 1 overdue.
const C1 = [5, 2, 2, 1, 4, 2, 1, 1, 1, 0, 1];
// Total = P + C1, column by column.
const TOTAL = [9, 3, 4, 2, 6, 3, 1, 2, 2, 1, 1];

/** SUM(C12,C14) or SUM(C13) over the sheet's plain number cells (sections sum units, the total sums sections). */
function evaluateSum(sheet: ExcelJS.Worksheet, formula: string): number {
  if (formula === '0') return 0; // a section without units
  const m = /^SUM\(([A-Z]+\d+(?:,[A-Z]+\d+)*)\)$/.exec(formula);
  assert.ok(m?.[1], formula);
  return m[1].split(',').reduce((total, ref) => {
    const v = sheet.getCell(ref).value;
    if (typeof v === 'number') return total + v;
    const inner = v && typeof v === 'object' && 'formula' in v ? v.formula : undefined;
    assert.ok(inner, ref);
    return total + evaluateSum(sheet, inner);
  }, 0);
}

/** The workbook's data rows as [stt, label, ...values] (a formula cell: the sum of the cells it names). */
async function readBack(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  assert.ok(sheet);
  const rows: { stt: string; label: string; values: number[]; formulas: (string | null)[] }[] = [];
  for (let r = FIRST_DATA_ROW; ; r++) {
    const row: ExcelJS.Row = sheet.getRow(r);
    const label = row.getCell(2).value;
    if (typeof label !== 'string' || label === '') break;
    const values: number[] = [];
    const formulas: (string | null)[] = [];
    for (let c = 3; c <= sheet.columnCount; c++) {
      const v: ExcelJS.CellValue = row.getCell(c).value;
      if (typeof v === 'number') {
        values.push(v);
        formulas.push(null);
      } else if (v && typeof v === 'object' && 'formula' in v) {
        // Evaluate the SUM from the cells it names (exceljs keeps no cached result of 0), and
        // check it against the cached result where there is one.
        const formula = v.formula;
        assert.ok(formula, `a formula in row ${r}`);
        const sum = evaluateSum(sheet, formula);
        if (v.result !== undefined) assert.equal(v.result, sum, `${formula} cached`);
        values.push(sum);
        formulas.push(formula);
      }
    }
    rows.push({ stt: String(row.getCell(1).value ?? ''), label, values, formulas });
  }
  return { sheet, rows };
}

test('form 06 of the province: a row per unit by level, sections and the total, read back from Excel', async () => {
  const report = buildForm06(data, { level: 'province' }, lookups, now, now);
  const { sheet, rows } = await readBack(await renderReportExcel(report));
  assert.deepEqual(
    rows.map((r) => [r.stt, r.label, r.values]),
    [
      ['I', 'Sở, ban, ngành cấp tỉnh', P],
      ['1', 'Sở Tư pháp', P],
      ['II', 'Xã, phường, đặc khu', C1],
      ['1', 'Ủy ban nhân dân xã Đồng Văn', C1],
      ['', 'Tổng cộng', TOTAL],
    ],
  );
  // The identities of the form on the total: 3 = 4 + 5 + 6, 7 = 8 + 9 + 10, 11 = 12 + 13, 3 = 7 + 11 + 1 unclassified (d9).
  const [c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13] = TOTAL as [number, ...number[]];
  assert.equal(c3, (c4 ?? 0) + (c5 ?? 0) + (c6 ?? 0));
  assert.equal(c7, (c8 ?? 0) + (c9 ?? 0) + (c10 ?? 0));
  assert.equal(c11, (c12 ?? 0) + (c13 ?? 0));
  assert.equal(c3, (c7 ?? 0) + (c11 ?? 0) + 1);
  // Sections and the total are formulas a spreadsheet recalculates: I = its unit, total = I + II.
  assert.equal(rows[0]?.formulas[0], `SUM(C${FIRST_DATA_ROW + 1})`);
  assert.equal(rows[4]?.formulas[0], `SUM(C${FIRST_DATA_ROW},C${FIRST_DATA_ROW + 2})`);
  // Merged headers as the form draws them, the number format, the form number and the signature block.
  const merges = (sheet.model as { merges: string[] }).merges;
  for (const range of ['A8:A10', 'B8:B10', 'C8:F8', 'D9:E9', 'G8:J8', 'K8:M8', 'C9:C10']) {
    assert.ok(merges.includes(range), `${range} merged`);
  }
  assert.equal(sheet.getCell('C8').value, 'Số hồ sơ nhận giải quyết');
  assert.equal(sheet.getCell('D10').value, 'Trực tuyến');
  assert.equal(sheet.getCell('F9').value, 'Từ kỳ trước');
  assert.equal(sheet.getCell(`C${FIRST_DATA_ROW}`).numFmt, '#,##0');
  assert.match(String(sheet.getCell('H1').value), /Biểu số 06\/VPCP\/KSTT/);
  assert.match(String(sheet.getCell('A5').value), /Tháng 11\/2026 \(từ ngày 01\/11\/2026 đến ngày 30\/11\/2026\)/);
  const texts: string[] = [];
  sheet.eachRow((row) => {
    row.eachCell((cell) => {
      if (typeof cell.value === 'string') texts.push(cell.value);
    });
  });
  assert.ok(texts.includes('NGƯỜI LẬP BIỂU') && texts.includes('THỦ TRƯỞNG ĐƠN VỊ'));
  assert.ok(
    texts.some((x) => /chưa có ngày hẹn trả.*\(7\) \+ \(11\) \+ 1/.test(x)),
    'the unclassified dossier is noted',
  );
});

test('form 06 of one agency and of one commune: a row per field', async () => {
  const agency = await readBack(
    await renderReportExcel(buildForm06(data, { level: 'agency', agencyId: ids.P }, lookups, now)),
  );
  // Sở Tư pháp has dossiers of p2 (Đất đai) only.
  assert.deepEqual(
    agency.rows.map((r) => [r.label, r.values]),
    [
      ['Đất đai', P],
      ['Tổng cộng', P],
    ],
  );
  const commune = buildForm06(data, { level: 'commune', communeId: ids.C1 }, lookups, now);
  assert.equal(commune.receivingUnit, 'Ủy ban nhân dân tỉnh');
  assert.deepEqual(
    commune.rows.map((r) => [r.label, r.values]),
    [
      ['Hộ tịch', C1],
      ['Tổng cộng', C1],
    ],
  );
});

test('the feedback report: received by class, handled on time or late, in progress', async () => {
  // P: f2 received 05/11 (rules), answered late 28/11. C1: f1 (answered on time 10/11), f5
  // (on time 12/11), f3 (open, due 11/12: within time at 30/11); f4 was closed in October.
  // Columns: received (total, rules, conduct), handled (total, on time, late), in progress (total, within, overdue).
  const P_FB = [1, 1, 0, 1, 0, 1, 0, 0, 0];
  const C1_FB = [3, 3, 0, 2, 2, 0, 1, 1, 0];
  const report = buildFeedbackReport(data, { level: 'province' }, lookups, now);
  const { rows } = await readBack(await renderReportExcel(report));
  assert.deepEqual(
    rows.map((r) => [r.label, r.values]),
    [
      ['Sở, ban, ngành cấp tỉnh', P_FB],
      ['Sở Tư pháp', P_FB],
      ['Xã, phường, đặc khu', C1_FB],
      ['Ủy ban nhân dân xã Đồng Văn', C1_FB],
      ['Tổng cộng', [4, 4, 0, 3, 2, 1, 1, 1, 0]],
    ],
  );
  // 5.2: (on time 2 + within time 1) ÷ (handled 3 + in progress 1) = 75 %.
  assert.ok(report.notes.some((n) => n.endsWith('= 75%.')));
});

test('the PDF carries the same figures, the form number and the signature block', async () => {
  const pdf = await renderReportPdf(buildForm06(data, { level: 'province' }, lookups, now));
  const dir = mkdtempSync(path.join(tmpdir(), 'form06-'));
  const file = path.join(dir, 'form06.pdf');
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC');
  assert.match(text, /Biểu số 06\/VPCP\/KSTT/);
  assert.match(text, /Tổng cộng\s+9\s+3\s+4\s+2\s+6\s+3\s+1\s+2\s+2\s+1\s+1/);
  assert.match(text, /NGƯỜI LẬP BIỂU/);
  assert.match(text, /THỦ TRƯỞNG ĐƠN VỊ/);
});

// Form 07b counts procedures: six of them, written here by hand (the catalog's published facts).
const setup = (
  id: string,
  fieldName: string,
  level: 'province' | 'commune',
  agencyIds: string[],
  hasWorkflow: boolean,
  active = true,
): ProcedureSetupFact => ({
  id,
  fieldCode: fieldName === 'Hộ tịch' ? 'ho-tich' : 'dat-dai',
  fieldName,
  level,
  active,
  agencyIds,
  hasWorkflow,
});
const PROCEDURES_07B = [
  setup('a', 'Hộ tịch', 'commune', [ids.C1], true),
  setup('b', 'Hộ tịch', 'commune', [ids.C1centre], false),
  setup('c', 'Hộ tịch', 'province', [ids.P], true),
  setup('d', 'Đất đai', 'province', [], false), // in force, no implementing agency: not one-stop
  setup('e', 'Đất đai', 'province', [ids.P], true),
  setup('f', 'Đất đai', 'commune', [ids.C1], true, false), // no longer in force: not counted
];

test('form 07b: procedures by level, through the one-stop department and with an internal workflow, read back from Excel and PDF', async () => {
  // Columns 3–11: procedures (total, province, commune), one-stop (total, province, commune),
  // internal workflow (total, province, commune).
  // Đất đai: d, e (province) → 2 = 2 + 0; one-stop e → 1 = 1 + 0; workflow e → 1 = 1 + 0.
  const LAND = [2, 2, 0, 1, 1, 0, 1, 1, 0];
  // Hộ tịch: c (province), a, b (commune) → 3 = 1 + 2; one-stop all → 3 = 1 + 2; workflow c, a → 2 = 1 + 1.
  const CIVIL = [3, 1, 2, 3, 1, 2, 2, 1, 1];
  const TOTAL_07B = [5, 3, 2, 4, 2, 2, 3, 2, 1];
  const period = parsePeriod('2026-Q4');
  const report = buildForm07b(PROCEDURES_07B, period, { level: 'province' }, lookups, now);
  const { sheet, rows } = await readBack(await renderReportExcel(report));
  assert.deepEqual(
    rows.map((r) => [r.stt, r.label, r.values]),
    [
      ['1', 'Đất đai', LAND],
      ['2', 'Hộ tịch', CIVIL],
      ['', 'Tổng cộng', TOTAL_07B],
    ],
  );
  assert.equal(rows[2]?.formulas[0], `SUM(C${FIRST_DATA_ROW},C${FIRST_DATA_ROW + 1})`);
  const merges = (sheet.model as { merges: string[] }).merges;
  for (const range of ['A8:A10', 'B8:B10', 'C8:E8', 'F8:H8', 'I8:K8'])
    assert.ok(merges.includes(range), `${range} merged`);
  assert.equal(sheet.getCell('F8').value, 'Số TTHC thực hiện theo cơ chế một cửa, một cửa liên thông');
  assert.equal(sheet.getCell('J9').value, 'Cấp tỉnh');
  assert.equal(sheet.getCell(`C${FIRST_DATA_ROW}`).numFmt, '#,##0');
  const texts: string[] = [];
  sheet.eachRow((row) => {
    row.eachCell((cell) => {
      if (typeof cell.value === 'string') texts.push(cell.value);
    });
  });
  assert.ok(texts.some((x) => /Biểu số 07b/.test(x)));
  assert.ok(texts.includes('NGƯỜI LẬP BIỂU') && texts.includes('THỦ TRƯỞNG ĐƠN VỊ'));

  // A commune counts the procedures of its own agencies (a by C1, b by its centre); an agency those it implements.
  const commune = buildForm07b(PROCEDURES_07B, period, { level: 'commune', communeId: ids.C1 }, lookups, now);
  assert.deepEqual(
    commune.rows.map((r) => [r.label, r.values]),
    [
      ['Hộ tịch', [2, 0, 2, 2, 0, 2, 1, 0, 1]],
      ['Tổng cộng', [2, 0, 2, 2, 0, 2, 1, 0, 1]],
    ],
  );
  const agency = buildForm07b(PROCEDURES_07B, period, { level: 'agency', agencyId: ids.P }, lookups, now);
  assert.deepEqual(
    agency.rows.map((r) => [r.label, r.values]),
    [
      ['Đất đai', [1, 1, 0, 1, 1, 0, 1, 1, 0]],
      ['Hộ tịch', [1, 1, 0, 1, 1, 0, 1, 1, 0]],
      ['Tổng cộng', [2, 2, 0, 2, 2, 0, 2, 2, 0]],
    ],
  );

  const dir = mkdtempSync(path.join(tmpdir(), 'form07b-'));
  const file = path.join(dir, 'form07b.pdf');
  writeFileSync(file, await renderReportPdf(report));
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC');
  assert.match(text, /Biểu số 07b/);
  assert.match(text, /Tổng cộng\s+5\s+3\s+2\s+4\s+2\s+2\s+3\s+2\s+1/);
  assert.match(text, /THỦ TRƯỞNG ĐƠN VỊ/);
});

test('the monthly mailing sends both reports once per recipient, attachments that open', async () => {
  const messages: Buffer[] = [];
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  try {
    const port = (smtp.server.address() as AddressInfo).port;
    const recipients = ['vanphong@tuyenquang.example', 'ttpvhcc@tuyenquang.example'];
    // Run on 01/12: the month before is November. A second run queues nothing new.
    const runAt = new Date('2026-12-01T00:00:00Z');
    const first = await mailMonthlyReports(t.db, { provinceCode: PROVINCE, recipients, now: runAt });
    assert.deepEqual(first, { period: '2026-11', queued: 2 });
    await mailMonthlyReports(t.db, { provinceCode: PROVINCE, recipients, now: runAt });
    const email = emailChannel({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Mở Cửa <noreply@tuyenquang.example>' });
    const sent = await dispatchOutbox(t.db, { email }, { now: new Date(Date.now() + 60_000) });
    assert.equal(sent.sent, 2);
    assert.equal(messages.length, 2);
    const mail = await simpleParser(messages[0] ?? Buffer.alloc(0));
    assert.match(mail.subject ?? '', /Tháng 11\/2026/);
    assert.deepEqual(
      mail.attachments.map((a) => a.filename),
      [
        'bieu-06-tinh-2026-11.xlsx',
        'bieu-06-tinh-2026-11.pdf',
        'bao-cao-pakn-tinh-2026-11.xlsx',
        'bao-cao-pakn-tinh-2026-11.pdf',
      ],
    );
    const xlsx = mail.attachments[0];
    assert.ok(xlsx);
    const { rows } = await readBack(new Uint8Array(xlsx.content));
    assert.deepEqual(rows.at(-1)?.values, TOTAL);
  } finally {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }
});
