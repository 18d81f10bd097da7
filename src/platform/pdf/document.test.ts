import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PdfComposer } from './document.ts';
import { encodeQr, qrPath } from './qr.ts';
import { pdfToText } from './testing.ts';

function sampleDocument(): PdfComposer {
  const doc = new PdfComposer({ title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' });
  doc.nationalHeader({
    parentAgency: 'UBND tỉnh Tuyên Quang',
    agency: 'Sở Tư pháp',
    reference: 'Số: 12/PTN',
    placeAndDate: 'Tuyên Quang, ngày 05 tháng 3 năm 2025',
  });
  doc.title('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', 'Mã hồ sơ: H62.14-250305-0001');
  doc.paragraph('Ông/bà Nguyễn Thị Hường, thôn Đồng Mán, xã Yên Sơn: hồ sơ đăng ký khai sinh đã được tiếp nhận.');
  doc.table({
    columns: [
      { header: 'STT', width: 1 },
      { header: 'Tên giấy tờ', width: 6 },
    ],
    rows: [
      ['1', 'Tờ khai đăng ký khai sinh'],
      ['2', 'Giấy chứng sinh'],
    ],
  });
  doc.signatureBlock({
    right: { title: 'NGƯỜI TIẾP NHẬN', name: 'Trần Thị Bình' },
    qr: { url: 'https://example.vn/tra-cuu/H62.14-250305-0001', caption: 'Quét mã để tra cứu' },
  });
  return doc;
}

test('Vietnamese text survives the round trip through the PDF (pdftotext reads it back)', async () => {
  const text = pdfToText(await sampleDocument().save());
  for (const expected of [
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc',
    'UBND TỈNH TUYÊN QUANG',
    'SỞ TƯ PHÁP',
    'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    'Nguyễn Thị Hường',
    'Tờ khai đăng ký khai sinh',
    'NGƯỜI TIẾP NHẬN',
    'Trần Thị Bình',
  ]) {
    assert.ok(text.includes(expected), `missing "${expected}" in:\n${text}`);
  }
});

test('the font is embedded as a subset, so a one-page slip stays small', async () => {
  const bytes = await sampleDocument().save();
  const text = Buffer.from(bytes).toString('latin1');
  assert.match(text, /\/FontFile2/u);
  assert.match(text, /\/BaseFont \/[A-Z]{6}\+NotoSerif/u);
  assert.ok(bytes.length < 150_000, `size ${bytes.length}`);
});

test('long content flows onto a second page', async () => {
  const doc = new PdfComposer({ title: 'Sổ theo dõi' });
  for (let i = 1; i <= 40; i++) doc.paragraph(`Dòng thứ ${i}: hồ sơ đã được tiếp nhận và chuyển xử lý.`);
  assert.equal(doc.pdf.getPageCount(), 2);
  assert.ok(pdfToText(await doc.save()).includes('Dòng thứ 40'));
});

test('the QR code encodes the tracking URL with a square symbol', () => {
  const qr = encodeQr('https://example.vn/tra-cuu/H62.14-250305-0001');
  assert.ok(qr.size >= 21 && (qr.size - 17) % 4 === 0);
  // Finder pattern: the top-left corner module is dark, the one inside its white ring is light.
  assert.equal(qr.isDark(0, 0), true);
  assert.equal(qr.isDark(1, 1), false);
  assert.match(qrPath('x', { x: 0, y: 0, size: 80 }), /^M[\d.]+ [\d.]+h/u);
});
