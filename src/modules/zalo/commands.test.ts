import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldVietnamese, parseChat } from './commands.ts';

const CODE = '000.17.22.H56-261130-0001';

test('folding keeps every position, so content comes out as typed', () => {
  const text = 'Phản ánh: Đường ĐT 176 bị sạt lở';
  assert.equal(foldVietnamese(text).length, text.length);
  assert.equal(foldVietnamese(text), 'phan anh: duong dt 176 bi sat lo');
});

test('a lookup is read with or without diacritics, keyword or not, key in one or two words', () => {
  for (const text of [
    `TRA CỨU ${CODE} ABCD-EFGH`,
    `tra cuu ${CODE.toLowerCase()} abcd efgh`,
    `${CODE} ABCDEFGH`,
    `Tra cứu hồ sơ ${CODE}, mã ABCD-EFGH`,
  ]) {
    assert.deepEqual(parseChat(text), { kind: 'lookup', code: CODE, key: 'ABCDEFGH' }, text);
  }
  assert.deepEqual(parseChat('tra cứu'), { kind: 'incomplete', command: 'lookup' });
  assert.deepEqual(parseChat(`tra cứu ${CODE}`), { kind: 'incomplete', command: 'lookup' });
});

test('a rating needs the code, the key and one of the three levels', () => {
  assert.deepEqual(parseChat(`Đánh giá ${CODE} ABCD-EFGH 1`), {
    kind: 'rate',
    code: CODE,
    key: 'ABCDEFGH',
    level: 'very_satisfied',
  });
  assert.equal((parseChat(`danh gia ${CODE} ABCD-EFGH hài lòng`) as { level: string }).level, 'satisfied');
  assert.equal((parseChat(`ĐÁNH GIÁ ${CODE} ABCD-EFGH không hài lòng`) as { level: string }).level, 'unsatisfied');
  assert.equal((parseChat(`đánh giá ${CODE} ABCD-EFGH 3`) as { level: string }).level, 'unsatisfied');
  assert.deepEqual(parseChat(`đánh giá ${CODE} ABCD-EFGH`), { kind: 'incomplete', command: 'rate' });
  assert.deepEqual(parseChat(`đánh giá ${CODE} ABCD-EFGH 4`), { kind: 'incomplete', command: 'rate' });
});

test('feedback keeps the citizen’s words with their diacritics', () => {
  assert.deepEqual(parseChat('PHẢN ÁNH: Bộ phận một cửa xã Minh Xuân hẹn trả kết quả quá lâu'), {
    kind: 'feedback',
    feedbackKind: 'report',
    content: 'Bộ phận một cửa xã Minh Xuân hẹn trả kết quả quá lâu',
  });
  assert.deepEqual(parseChat('kien nghi - Mở thêm quầy tiếp nhận buổi sáng thứ Bảy'), {
    kind: 'feedback',
    feedbackKind: 'proposal',
    content: 'Mở thêm quầy tiếp nhận buổi sáng thứ Bảy',
  });
  assert.deepEqual(parseChat('Phản ánh'), { kind: 'incomplete', command: 'feedback' });
  assert.deepEqual(parseChat('phản ánhxyz'), { kind: 'help' });
});

test('anything else gets the help message', () => {
  assert.deepEqual(parseChat('Xin chào'), { kind: 'help' });
  assert.deepEqual(parseChat(''), { kind: 'help' });
});

test('following a dossier needs its code and key; stopping needs the code', () => {
  assert.deepEqual(parseChat(`Theo dõi ${CODE} ABCD-EFGH`), { kind: 'follow', code: CODE, key: 'ABCDEFGH' });
  assert.deepEqual(parseChat(`THEO DOI ${CODE}`), { kind: 'incomplete', command: 'follow' });
  assert.deepEqual(parseChat(`Hủy theo dõi ${CODE}`), { kind: 'unfollow', code: CODE });
  assert.deepEqual(parseChat('huy theo doi'), { kind: 'incomplete', command: 'unfollow' });
});
