import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suggestCategory } from './categories.ts';

test('issue 13.8: a pothole is a road matter, not an administrative procedure', () => {
  assert.equal(suggestCategory('Đường vào tổ 7 có ổ gà lớn, xe máy ngã nhiều lần')?.code, 'giao-thong');
  assert.equal(suggestCategory('duong vao to 7 co o ga lon')?.code, 'giao-thong', 'typed without diacritics');
  assert.equal(suggestCategory('Rác thải tồn đọng ở đầu ngõ, bốc mùi')?.code, 'moi-truong');
  assert.equal(
    suggestCategory('Nộp hồ sơ khai sinh đã quá hẹn mà chưa có kết quả, trễ hẹn hai tuần')?.code,
    'thu-tuc-hanh-chinh',
  );
});

test('issue 13.8: words inside other words do not count ("yêu cầu" is not a bridge)', () => {
  assert.equal(suggestCategory('Tôi yêu cầu được trả lời sớm'), undefined);
  assert.equal(suggestCategory('Chiếc cầu treo bị gãy ván')?.code, 'giao-thong');
});
