/**
 * A scanned incoming document through the pages: the clerk uploads a PDF whose text layer
 * (read with pdftotext) prefills the number, notation, date and subject; registering attaches
 * the scan. A saved e-mail (.eml) gives its PDF attachment, its subject and its sender. A PDF without a text layer is taken with nothing prefilled; a file that is not a PDF
 * by its content is refused whatever its name; only the clerk may upload.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { pngBytes } from '../../../../test/fixtures/files.ts';
import { PdfComposer } from '../../../platform/pdf/index.ts';
import { Browser, type SeededApp, seededApp } from '../../../web/testing.ts';
import { readScanText } from '../read-scan.ts';
import { documents } from '../schema.ts';

let s: SeededApp;
before(async () => {
  s = await seededApp();
});
after(() => s?.close());

async function signedIn(login: string): Promise<Browser> {
  const b = new Browser(s.app);
  await b.page('/workspace/dang-nhap');
  assert.equal((await b.post('/workspace/dang-nhap', { login, password: 'MoCua@2026' })).statusCode, 303);
  return b;
}

async function letterPdf(): Promise<Uint8Array> {
  const pdf = new PdfComposer({ title: 'Công văn' });
  pdf.paragraph('ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG');
  pdf.paragraph('Số: 123/UBND-VP');
  pdf.paragraph('V/v rà soát thủ tục hành chính lĩnh vực hộ tịch năm 2026');
  pdf.paragraph('Tuyên Quang, ngày 12 tháng 11 năm 2026');
  pdf.paragraph('Kính gửi: Sở Tư pháp tỉnh Tuyên Quang');
  pdf.paragraph('Ủy ban nhân dân tỉnh đề nghị Sở Tư pháp rà soát các thủ tục hành chính.');
  return pdf.save();
}

const input = (html: string, name: string) =>
  new RegExp(`name="${name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="${name}"`, 'u').exec(html);
const fieldValue = (html: string, name: string) => {
  const m = input(html, name);
  return m?.[1] ?? m?.[2];
};

test('the text of a letter gives its number, notation, date, subject and type', () => {
  assert.deepEqual(
    readScanText(
      'UBND TỈNH TUYÊN QUANG\nSố: 45/SNV-TCCB\nV/v rà soát quy hoạch cán bộ\nnăm 2026\n\nTuyên Quang, ngày 5 tháng 3 năm 2026\nKính gửi: Sở Tư pháp',
    ),
    {
      codeNumber: '45',
      codeNotation: 'SNV-TCCB',
      issuedDate: '2026-03-05',
      subject: 'V/v rà soát quy hoạch cán bộ năm 2026',
      type: 'CV',
    },
  );
  assert.deepEqual(
    readScanText('Số: 12/QĐ-UBND\nHà Giang, ngày 30 tháng 02 năm 2026\nQUYẾT ĐỊNH\nVề việc công bố thủ tục hành chính'),
    { codeNumber: '12', codeNotation: 'QĐ-UBND', subject: 'Về việc công bố thủ tục hành chính', type: 'QĐ' },
    'an impossible date is left out',
  );
  assert.deepEqual(readScanText('Thư mời dự hội nghị'), {});
});

test('the clerk uploads a scan with a text layer: the form comes back prefilled, and registering attaches it', async () => {
  const clerk = await signedIn('vanthu.tuphap');
  const form = await clerk.page('/workspace/van-ban/vao-so');
  assert.match(form.body, /Tệp quét văn bản \(PDF\)/u);
  const res = await clerk.upload('/workspace/van-ban/vao-so/quet', {
    field: 'file',
    name: 'cong-van-123.pdf',
    type: 'application/pdf',
    bytes: await letterPdf(),
  });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /data-scan-text="yes"/u);
  assert.equal(fieldValue(res.body, 'codeNumber'), '123');
  assert.equal(fieldValue(res.body, 'codeNotation'), 'UBND-VP');
  assert.equal(fieldValue(res.body, 'issuedDate'), '2026-11-12');
  assert.match(res.body, />V\/v rà soát thủ tục hành chính lĩnh vực hộ tịch năm 2026<\/textarea>/u);
  const scan = fieldValue(res.body, 'scan');
  assert.match(scan ?? '', /^[0-9a-f]{64}$/u);
  clerk.lastHtml = res.body;
  const registered = await clerk.post('/workspace/van-ban/vao-so', {
    scan: scan ?? '',
    scanName: fieldValue(res.body, 'scanName') ?? '',
    scanText: '1',
    issuerName: 'Ủy ban nhân dân tỉnh Tuyên Quang',
    type: 'CV',
    codeNumber: '123',
    codeNotation: 'UBND-VP',
    issuedDate: '2026-11-12',
    subject: 'V/v rà soát thủ tục hành chính lĩnh vực hộ tịch năm 2026',
    urgency: 'normal',
    secrecy: 'none',
  });
  assert.equal(registered.statusCode, 303);
  const page = await clerk.get(String(registered.headers.location));
  assert.match(page.body, /cong-van-123\.pdf<\/a>/u);
  const href = /href="(\/workspace\/van-ban\/[0-9a-f-]{36}\/tep\/[0-9a-f-]{36})"/u.exec(page.body)?.[1];
  const file = await clerk.get(href ?? '');
  assert.equal(file.statusCode, 200);
  assert.equal(file.headers['content-type'], 'application/pdf');

  // A key that is not a blob's, or that names no stored scan, is a form problem, never a 500.
  await clerk.page('/workspace/van-ban/vao-so');
  const forged = await clerk.post('/workspace/van-ban/vao-so', {
    scan: '0'.repeat(64),
    issuerName: 'Ủy ban nhân dân tỉnh Tuyên Quang',
    type: 'CV',
    codeNotation: 'UBND-VP',
    subject: 'V/v thử',
  });
  assert.ok([400, 422].includes(forged.statusCode), `${forged.statusCode}`);
});

test('a PDF without a text layer is taken with nothing prefilled; a PNG named .pdf is refused', async () => {
  const clerk = await signedIn('vanthu.tuphap');
  await clerk.page('/workspace/van-ban/vao-so');
  const blank = await PDFDocument.create();
  blank.addPage([595, 842]);
  const res = await clerk.upload('/workspace/van-ban/vao-so/quet', {
    field: 'file',
    name: 'ban-quet.pdf',
    type: 'application/pdf',
    bytes: await blank.save(),
  });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /data-scan-text="no"/u);
  assert.match(res.body, /không có lớp chữ/u);
  assert.equal(fieldValue(res.body, 'codeNumber') ?? '', '');

  await clerk.page('/workspace/van-ban/vao-so');
  const png = await clerk.upload('/workspace/van-ban/vao-so/quet', {
    field: 'file',
    name: 'gia-mao.pdf',
    type: 'application/pdf',
    bytes: pngBytes(),
  });
  assert.equal(png.statusCode, 422);
  assert.match(png.body, /Định dạng tệp không được chấp nhận/u);

  const specialist = await signedIn('chuyenvien.tuphap');
  await specialist.page('/workspace/van-ban');
  const refused = await specialist.upload('/workspace/van-ban/vao-so/quet', {
    field: 'file',
    name: 'x.pdf',
    type: 'application/pdf',
    bytes: await letterPdf(),
  });
  assert.equal(refused.statusCode, 403);
});

/** A message as a mail client saves it (.eml): Vietnamese headers in RFC 2047, one attachment. */
function eml(attachment: { name: string; type: string; bytes: Uint8Array } | undefined): Uint8Array {
  const b64 = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
  const lines = [
    `From: ${b64('Văn phòng UBND tỉnh Tuyên Quang')} <vanthu@tuyenquang.example>`,
    'To: vanthu.tuphap@tuyenquang.example',
    `Subject: ${b64('V/v phối hợp tổ chức hội nghị tập huấn hộ tịch')}`,
    'Date: Thu, 12 Nov 2026 09:30:00 +0700',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="ranh-gioi"',
    '',
    '--ranh-gioi',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Kính gửi Sở Tư pháp, Văn phòng gửi kèm công văn.',
  ];
  if (attachment) {
    lines.push(
      '--ranh-gioi',
      `Content-Type: ${attachment.type}; name="${attachment.name}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="${attachment.name}"`,
      '',
      ...(Buffer.from(attachment.bytes)
        .toString('base64')
        .match(/.{1,76}/gu) ?? []),
    );
  }
  lines.push('--ranh-gioi--', '');
  return new Uint8Array(Buffer.from(lines.join('\r\n')));
}

test('a document received by e-mail: the PDF of the .eml is the document, its subject and sender fill what the PDF does not', async () => {
  const clerk = await signedIn('vanthu.tuphap');
  await clerk.page('/workspace/van-ban/vao-so');
  const blank = await PDFDocument.create();
  blank.addPage([595, 842]);
  const res = await clerk.upload('/workspace/van-ban/vao-so/quet', {
    field: 'file',
    name: 'thu-van-phong.eml',
    type: 'message/rfc822',
    bytes: eml({ name: 'cong-van-88.pdf', type: 'application/pdf', bytes: await blank.save() }),
  });
  assert.equal(res.statusCode, 200);
  assert.equal(fieldValue(res.body, 'scanSource'), 'email');
  assert.equal(fieldValue(res.body, 'scanName'), 'cong-van-88.pdf');
  assert.equal(fieldValue(res.body, 'issuerName'), 'Văn phòng UBND tỉnh Tuyên Quang');
  assert.match(res.body, />V\/v phối hợp tổ chức hội nghị tập huấn hộ tịch<\/textarea>/u);
  clerk.lastHtml = res.body;
  const registered = await clerk.post('/workspace/van-ban/vao-so', {
    scan: fieldValue(res.body, 'scan') ?? '',
    scanName: 'cong-van-88.pdf',
    scanText: '1',
    scanSource: 'email',
    issuerName: 'Văn phòng UBND tỉnh Tuyên Quang',
    type: 'CV',
    codeNumber: '88',
    codeNotation: 'VP-HT',
    issuedDate: '2026-11-12',
    subject: 'V/v phối hợp tổ chức hội nghị tập huấn hộ tịch',
    urgency: 'normal',
    secrecy: 'none',
  });
  assert.equal(registered.statusCode, 303);
  const id = /\/workspace\/van-ban\/([0-9a-f-]{36})/u.exec(String(registered.headers.location))?.[1] ?? '';
  const [row] = await s.db.db.select().from(documents).where(eq(documents.id, id));
  assert.equal(row?.source, 'email');
  assert.match((await clerk.get(`/workspace/van-ban/${id}`)).body, /cong-van-88\.pdf<\/a>/u);

  // A message whose attachment is not a PDF by its content is refused.
  await clerk.page('/workspace/van-ban/vao-so');
  const noPdf = await clerk.upload('/workspace/van-ban/vao-so/quet', {
    field: 'file',
    name: 'thu.eml',
    type: 'message/rfc822',
    bytes: eml({ name: 'cong-van.pdf', type: 'application/pdf', bytes: pngBytes() }),
  });
  assert.equal(noPdf.statusCode, 422);
  assert.match(noPdf.body, /Thư điện tử không có tệp PDF văn bản đính kèm/u);
});
