import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { foldVietnamese } from '../../platform/codes/fold.ts';
import { DomainError } from '../../platform/errors.ts';
import type { ProcessStep, TimeLimit } from './model.ts';
import { assertProcessBudget, budgetHours, contentProblems, searchKeysOf } from './rules.ts';
import { procedureContent, stepsFor } from './testing.ts';

const step = (hours: number, extra: Partial<ProcessStep> = {}): ProcessStep => ({
  name: 'Xử lý',
  role: 'specialist',
  unit: 'competent_agency',
  hours,
  ...extra,
});

const mismatch = (err: unknown) => err instanceof DomainError && err.code === 'PROCESS_BUDGET_MISMATCH';

test('a working day is 8 working hours; hours count as they are; a calendar day is budgeted as 8 hours', () => {
  assert.equal(budgetHours({ amount: 5, unit: 'working_days' }), 40);
  assert.equal(budgetHours({ amount: 0.5, unit: 'working_days' }), 4);
  assert.equal(budgetHours({ amount: 4, unit: 'working_hours' }), 4);
  assert.equal(budgetHours({ amount: 30, unit: 'calendar_days' }), 240);
});

test('step budgets that add up to the legal limit are accepted', () => {
  assertProcessBudget([step(1), step(37), step(1), step(1)], { amount: 5, unit: 'working_days' }, null);
  assertProcessBudget([step(1.5), step(2.5)], { amount: 4, unit: 'working_hours' }, null);
});

test('step budgets that do not add up are refused, naming the expected and actual totals in Vietnamese', () => {
  assert.throws(
    () => assertProcessBudget([step(1), step(30), step(1)], { amount: 5, unit: 'working_days' }, null),
    (err: unknown) => {
      assert.ok(mismatch(err));
      assert.ok(err instanceof DomainError);
      assert.equal(err.details.expectedHours, 40);
      assert.equal(err.details.actualHours, 32);
      assert.match(err.message, /32 giờ làm việc/);
      assert.match(err.message, /5 ngày làm việc, tức 40 giờ làm việc/);
      return true;
    },
  );
  assert.throws(
    () => assertProcessBudget([step(0.5), step(4)], { amount: 4, unit: 'working_hours' }, null),
    (err: unknown) => err instanceof DomainError && /4,5 giờ làm việc/.test(err.message),
  );
});

test('a calendar-day limit is refused with the 8-hours-per-day rule stated', () => {
  assert.throws(
    () => assertProcessBudget([step(10)], { amount: 10, unit: 'calendar_days' }, null),
    (err: unknown) =>
      err instanceof DomainError &&
      /10 ngày, tức 80 giờ làm việc/.test(err.message) &&
      /mỗi ngày theo lịch/.test(err.message),
  );
});

test('an online limit of its own is checked against the online hours of the steps', () => {
  const counter = { amount: 2, unit: 'working_days' } as const;
  const online = { amount: 1, unit: 'working_days' } as const;
  assertProcessBudget([step(8, { hoursOnline: 2 }), step(8, { hoursOnline: 6 })], counter, online);
  assert.throws(
    () => assertProcessBudget([step(8), step(8, { hoursOnline: 6 })], counter, online),
    (err: unknown) =>
      mismatch(err) &&
      err instanceof DomainError &&
      err.details.channel === 'online' &&
      /khi nộp trực tuyến/.test(err.message),
  );
});

test('any split of a legal limit into whole-hour steps is accepted (property)', () => {
  const limit = fc.record({
    amount: fc.integer({ min: 1, max: 60 }),
    unit: fc.constantFrom<TimeLimit['unit']>('working_days', 'working_hours', 'calendar_days'),
  });
  fc.assert(
    fc.property(limit, fc.integer({ min: 1, max: 8 }), (l, parts) => {
      const total = budgetHours(l);
      const n = Math.min(parts, total);
      const base = Math.floor(total / n);
      const hours = Array.from({ length: n }, (_, i) => (i === 0 ? total - base * (n - 1) : base));
      assertProcessBudget(
        hours.map((h) => step(h)),
        l,
        null,
      );
      assert.throws(
        () =>
          assertProcessBudget(
            [...hours, 1].map((h) => step(h)),
            l,
            null,
          ),
        mismatch,
      );
    }),
  );
});

test('the factory steps always add up to their limit', () => {
  for (const limit of [
    { amount: 1, unit: 'working_days' },
    { amount: 4, unit: 'working_hours' },
    { amount: 2, unit: 'working_hours' },
    { amount: 45, unit: 'calendar_days' },
  ] as const) {
    assertProcessBudget(stepsFor(limit), limit, null);
  }
});

test('a commune procedure is implemented by the commune People’s Committee, a province one never is', () => {
  assert.deepEqual(contentProblems(procedureContent()), []);
  const wrong = contentProblems(procedureContent({ level: 'commune', agencyKind: 'justice' }));
  assert.deepEqual(
    wrong.map((p) => p.field),
    ['agencyKind'],
  );
  assert.equal(contentProblems(procedureContent({ level: 'province', agencyKind: 'commune' })).length, 1);
});

test('choice fields need options, other fields have none; keys are unique; liên thông steps name the other agency', () => {
  const problems = contentProblems(
    procedureContent({
      eform: [
        { key: 'a', label: 'A', type: 'choice', required: true },
        { key: 'a', label: 'B', type: 'text', options: ['x'], required: true },
      ],
      process: [step(8, { unit: 'other_agency' }), step(8, { otherAgencyKind: 'tax' }), step(8, { hoursOnline: 1 })],
    }),
  );
  assert.deepEqual(
    problems.map((p) => p.field),
    [
      'eform.0.options',
      'eform.1.key',
      'eform.1.options',
      'process.0.otherAgencyKind',
      'process.1.otherAgencyKind',
      'process.2.hoursOnline',
    ],
  );
});

test('the search key folds name, field and code like vn_fold; the rank key drops the opening "Thủ tục"', () => {
  const keys = searchKeysOf('Thủ tục Đăng ký  khai sinh', 'Hộ tịch', '1.001193');
  assert.equal(keys.nameKey, 'dang ky khai sinh');
  assert.equal(keys.searchKey, 'thu tuc dang ky khai sinh ho tich 1.001193');
  assert.equal(keys.searchKey, foldVietnamese('THỦ TỤC ĐĂNG KÝ KHAI SINH Hộ tịch 1.001193'));
  assert.equal(
    searchKeysOf('Cấp phiếu lý lịch tư pháp', 'Tư pháp', null).searchKey,
    'cap phieu ly lich tu phap tu phap',
  );
  // Punctuation separates words; the dot of codes stays.
  assert.equal(
    searchKeysOf('Chứng thực (hòa giải, “điểm chỉ”)', 'Tư pháp', '2.000815').searchKey,
    'chung thuc hoa giai diem chi tu phap 2.000815',
  );
});

test('issue 13.4: "year_of_birth" goes on a number field, "requiredWith" names another field of the form', () => {
  const problems = contentProblems(
    procedureContent({
      eform: [
        { key: 'motherFullName', label: 'Họ tên của mẹ', type: 'text', required: false },
        {
          key: 'motherBirthYear',
          label: 'Năm sinh của mẹ',
          type: 'number',
          check: 'year_of_birth',
          required: false,
          requiredWith: 'motherFullName',
        },
        {
          key: 'motherNote',
          label: 'Ghi chú',
          type: 'text',
          check: 'year_of_birth',
          required: false,
          requiredWith: 'motherNote',
        },
        {
          key: 'fatherBirthYear',
          label: 'Năm sinh của cha',
          type: 'number',
          required: false,
          requiredWith: 'fatherFullName',
        },
      ],
    }),
  );
  assert.deepEqual(
    problems.map((p) => p.field),
    ['eform.2.check', 'eform.2.requiredWith', 'eform.3.requiredWith'],
  );
});
