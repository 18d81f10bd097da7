import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../../platform/errors.ts';
import type { EformField } from '../catalog/index.ts';
import { validateFormData } from './filing-rules.ts';

const parentFields: EformField[] = [
  { key: 'motherFullName', label: 'Họ, chữ đệm và tên của mẹ', type: 'text', required: false, check: 'person_name' },
  {
    key: 'motherBirthYear',
    label: 'Năm sinh của mẹ',
    type: 'number',
    required: false,
    check: 'year_of_birth',
    requiredWith: 'motherFullName',
  },
  {
    key: 'motherEthnicity',
    label: 'Dân tộc của mẹ',
    type: 'choice',
    options: ['Kinh', 'Tày'],
    required: false,
    requiredWith: 'motherFullName',
  },
  { key: 'birthPlace', label: 'Nơi sinh', type: 'place', required: true },
];

const problemsOf = (data: Record<string, unknown>) => {
  try {
    validateFormData(parentFields, data, { today: '2026-12-06' });
    return [];
  } catch (err) {
    assert.ok(err instanceof DomainError);
    return (err.details as { fields: { field: string; message: string }[] }).fields.map((f) => f.message);
  }
};

test('issue 13.4: a parent left out asks nothing more; a parent named needs the year of birth and ethnicity, each with its own message', () => {
  assert.deepEqual(problemsOf({ birthPlace: 'Tổ 5, Phường Minh Xuân, Tỉnh Tuyên Quang' }), []);
  assert.deepEqual(problemsOf({ motherFullName: 'Ma Thị Hồng' }), [
    'Nhập năm sinh của mẹ.',
    'Chọn dân tộc của mẹ.',
    'Chọn nơi sinh.',
  ]);
});

test('issue 13.4: a year of birth is four digits, from 1900 to this year', () => {
  const base = { motherFullName: 'Ma Thị Hồng', motherEthnicity: 'Tày', birthPlace: 'Xã Hàm Yên' };
  assert.deepEqual(problemsOf({ ...base, motherBirthYear: '1996' }), []);
  assert.deepEqual(problemsOf({ ...base, motherBirthYear: '96a' }), ['Năm sinh của mẹ ghi bằng 4 chữ số, ví dụ 1995.']);
  for (const year of ['2027', '1899', '96'])
    assert.deepEqual(
      problemsOf({ ...base, motherBirthYear: year }),
      ['Năm sinh của mẹ phải là một năm từ 1900 đến năm nay, ghi bằng 4 chữ số, ví dụ 1995.'],
      year,
    );
});
