import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { dataFolder, projectRoot } from '../../platform/paths.ts';
import { assertOneA4Page, pdfToText } from '../../platform/pdf/testing.ts';
import { declarationFormFor, type ProcedureContent } from '../catalog/index.ts';
import { dateInWords, declarationPaper, renderDeclaration } from './declaration.ts';

const catalog = JSON.parse(readFileSync(path.join(dataFolder, 'procedures', 'ho-tich.json'), 'utf8')) as {
  procedures: ProcedureContent[];
};
const birth = catalog.procedures.find((p) => p.nationalCode === '1.001193');
assert.ok(birth);

const answers = {
  relation: 'Mẹ',
  childFullName: 'Ma Thị Thu Hà',
  childBirthDate: '2026-11-21',
  sex: 'Nữ',
  ethnicity: 'Tày',
  nationality: 'Việt Nam',
  birthPlace: 'Bệnh viện Đa khoa tỉnh, Phường Minh Xuân, Tỉnh Tuyên Quang',
  nativePlace: 'Xã Hàm Yên, tỉnh Tuyên Quang',
  motherFullName: 'Ma Thị Hồng',
  motherBirthYear: 1996,
  motherEthnicity: 'Tày',
  motherNationality: 'Việt Nam',
  motherResidence: 'Tổ 5, phường Minh Xuân, tỉnh Tuyên Quang',
};

test('a date "ghi bằng chữ" as the civil-status forms write it', () => {
  assert.equal(dateInWords('2026-11-21'), 'ngày hai mươi mốt tháng mười một năm hai nghìn không trăm hai mươi sáu');
  assert.equal(dateInWords('2005-03-15'), 'ngày mười lăm tháng ba năm hai nghìn không trăm linh năm');
  assert.equal(dateInWords('1999-12-24'), 'ngày hai mươi tư tháng mười hai năm một nghìn chín trăm chín mươi chín');
  assert.equal(dateInWords('2000-01-10'), 'ngày mười tháng một năm hai nghìn');
});

test('the birth declaration is drawn in the layout of the legal template: motto, title, numbered lines, pledge, signature', async () => {
  const paper = declarationPaper(birth);
  assert.equal(paper?.name, 'Tờ khai đăng ký khai sinh theo mẫu');
  const bytes = await renderDeclaration({
    form: declarationFormFor(paper, birth.eform),
    eform: birth.eform,
    applicant: {
      type: 'citizen',
      fullName: 'Ma Thị Hồng',
      personalId: '008196000123',
      address: 'Tổ 5, phường Minh Xuân, tỉnh Tuyên Quang',
    },
    formData: answers,
    agencyName: 'Ủy ban nhân dân phường Minh Xuân',
    filedAt: new Date('2026-11-25T03:00:00Z'),
  });
  assertOneA4Page(bytes);
  // The page as an image beside the browser journeys' screenshots, for a person to look at.
  const out = path.join(projectRoot, 'test-results', 'declaration');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'to-khai-dang-ky-khai-sinh.pdf'), bytes);
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '70',
    '-singlefile',
    path.join(out, 'to-khai-dang-ky-khai-sinh.pdf'),
    path.join(out, 'to-khai-dang-ky-khai-sinh'),
  ]);
  const text = pdfToText(bytes).replace(/\s+/gu, ' ');
  for (const phrase of [
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc',
    'TỜ KHAI ĐĂNG KÝ KHAI SINH',
    'Kính gửi: Ủy ban nhân dân phường Minh Xuân',
    '1. Họ, chữ đệm, tên người yêu cầu: Ma Thị Hồng',
    '3. Số định danh cá nhân: 008196000123',
    '4. Quan hệ với người được khai sinh: Mẹ',
    'Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:',
    '5. Họ, chữ đệm, tên: MA THỊ THU HÀ',
    'Ngày, tháng, năm sinh: 21/11/2026; ghi bằng chữ: ngày hai mươi mốt tháng mười một năm hai nghìn không trăm hai mươi sáu',
    'Giới tính: Nữ; Dân tộc: Tày; Quốc tịch: Việt Nam',
    'Nơi sinh: Bệnh viện Đa khoa tỉnh, Phường Minh Xuân, Tỉnh Tuyên Quang',
    'Quê quán: Xã Hàm Yên, tỉnh Tuyên Quang',
    'Họ, chữ đệm, tên người mẹ: MA THỊ HỒNG',
    'Năm sinh: 1996; Dân tộc: Tày; Quốc tịch: Việt Nam',
    // The father was not declared: his line stays blank, as on paper.
    'Họ, chữ đệm, tên người cha: ……',
    'Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật',
    'ngày 25 tháng 11 năm 2026',
    'NGƯỜI YÊU CẦU',
    '(Ký, ghi rõ họ, chữ đệm, tên)',
  ])
    assert.ok(text.includes(phrase), `missing "${phrase}" in:\n${text}`);
});

test('a declaration without a layout file gets the generic one: the declarant, then every question', async () => {
  const form = declarationFormFor({ name: 'Tờ khai theo mẫu', template: null }, birth.eform);
  assert.equal(form.title, 'TỜ KHAI');
  const asked = form.sections[1]?.lines.map((l) => l[0]?.label);
  assert.deepEqual(
    asked,
    birth.eform.filter((f) => f.type !== 'file').map((f) => f.label),
  );
});
