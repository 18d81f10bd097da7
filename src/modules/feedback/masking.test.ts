import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { initials, maskEmail, maskIdNumber, maskPhone, maskText } from './masking.ts';
import { buildPublication } from './publication.ts';

test('a name is published as its initials: "Nguyễn Văn An" → "N.V.A"', () => {
  assert.equal(initials('Nguyễn Văn An'), 'N.V.A');
  assert.equal(initials('  đỗ   thị hà '), 'Đ.T.H');
  assert.equal(initials('Ê Đê'), 'Ê.Đ');
});

test('a phone keeps its first and last two digits: "0912345678" → "09******78", whatever way it is written', () => {
  assert.equal(maskPhone('0912345678'), '09******78');
  assert.equal(maskPhone('+84912345678'), '09******78');
  assert.equal(maskPhone('0912 345 678'), '09******78');
  assert.equal(maskPhone('02073822345'), '02*******45');
});

test('an e-mail keeps its first letter and its domain: "a***@gmail.com"', () => {
  assert.equal(maskEmail('an.nguyen@gmail.com'), 'a***@gmail.com');
  assert.equal(maskEmail('x@tuyenquang.gov.vn'), 'x***@tuyenquang.gov.vn');
});

test('a CCCD number keeps only its last three digits', () => {
  assert.equal(maskIdNumber('001090012345'), '*********345');
});

test('phones, e-mails, CCCD numbers and named people inside a text are masked', () => {
  const text =
    'Tôi là Nguyễn Văn An, CCCD 001090012345, gọi 0912.345.678 hoặc +84 987 654 321, thư an.nguyen@gmail.com. ' +
    'Ông NGUYỄN VĂN AN đã nộp hồ sơ; cán bộ Trần Thị Bình hẹn trả ngày 12/12/2026, lệ phí 100.000 đồng.';
  const masked = maskText(text, ['Nguyễn Văn An', 'Trần Thị Bình']);
  assert.equal(
    masked,
    'Tôi là N.V.A, CCCD *********345, gọi 09******78 hoặc 09******21, thư a***@gmail.com. ' +
      'Ông N.V.A đã nộp hồ sơ; cán bộ T.T.B hẹn trả ngày 12/12/2026, lệ phí 100.000 đồng.',
  );
});

test('a name is masked only as a whole word ("Văn An" inside "Văn Anh" stays)', () => {
  assert.equal(maskText('Anh Lê Văn Anh đến trước Lê Văn An', ['Lê Văn An']), 'Anh Lê Văn Anh đến trước L.V.A');
});

test('no mobile number survives masking, however its groups are separated', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('3', '5', '7', '8', '9'),
      fc.stringMatching(/^\d{8}$/),
      fc.constantFrom('', ' ', '.', '-'),
      fc.constantFrom('0', '+84', '84'),
      (network, rest, sep, prefix) => {
        const digits = `${network}${rest}`;
        const written = `${prefix}${digits.slice(0, 3)}${sep}${digits.slice(3, 6)}${sep}${digits.slice(6)}`;
        const out = maskText(`Liên hệ ${written} nhé`);
        assert.ok(!out.includes(digits.slice(2, 7)), `${written} → ${out}`);
      },
    ),
  );
});

const row = {
  code: 'PAKN-261123-0001',
  kind: 'report' as const,
  submittedAt: new Date('2026-11-23T02:00:00Z'),
  sender: { fullName: 'Nguyễn Văn An', phone: '0912345678', email: 'an@gmail.com', address: 'Tổ 5, phường Minh Xuân' },
};

test('publication masks the sender, the contacts and the names the text mentions', () => {
  const { published, search } = buildPublication({
    row: {
      ...row,
      classification: 'rules',
      subject: 'Đường tổ 5 bị sạt lở',
      content: 'Tôi là Nguyễn Văn An (0912345678) báo đường tổ 5 sạt lở.',
      official: null,
    },
    category: { code: 'giao-thong', name: 'Giao thông, hạ tầng' },
    agencyName: 'Ủy ban nhân dân phường Minh Xuân',
    answer: 'UBND phường đã cử ông Hà Văn Cường kiểm tra; xin cảm ơn ông Nguyễn Văn An.',
    answeredAt: new Date('2026-11-25T02:00:00Z'),
    publishedAt: new Date('2026-11-26T02:00:00Z'),
    names: ['Hà Văn Cường'],
  });
  assert.equal(published.sender, 'N.V.A');
  assert.equal(published.content, 'Tôi là N.V.A (09******78) báo đường tổ 5 sạt lở.');
  assert.equal(published.answer, 'UBND phường đã cử ông H.V.C kiểm tra; xin cảm ơn ông N.V.A.');
  assert.ok(!JSON.stringify(published).includes('0912345678'));
  assert.ok(!JSON.stringify(published).includes('Tổ 5, phường Minh Xuân'), 'the sender address is never published');
  assert.match(search, /duong to 5 bi sat lo/);
});

test('a conduct report publishes only the answer, never the report or the official’s name', () => {
  const { published } = buildPublication({
    row: {
      ...row,
      classification: 'conduct',
      subject: 'Cán bộ Lê Thị Hồng gây phiền hà',
      content: 'Cán bộ Lê Thị Hồng ở bộ phận một cửa đòi tiền ngoài quy định.',
      official: { name: 'Lê Thị Hồng', position: 'công chức tiếp nhận' },
    },
    category: { code: 'thai-do-can-bo', name: 'Thái độ, hành vi của cán bộ, công chức' },
    agencyName: 'Ủy ban nhân dân phường Minh Xuân',
    answer: 'Đã kiểm điểm bà Lê Thị Hồng và xin lỗi ông Nguyễn Văn An.',
    answeredAt: new Date('2026-11-25T02:00:00Z'),
    publishedAt: new Date('2026-11-26T02:00:00Z'),
    names: [],
  });
  assert.equal(published.subject, 'Thái độ, hành vi của cán bộ, công chức');
  assert.equal(published.content, null);
  assert.equal(published.answer, 'Đã kiểm điểm bà L.T.H và xin lỗi ông N.V.A.');
  assert.ok(!JSON.stringify(published).includes('Hồng'));
});
