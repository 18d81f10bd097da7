import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../errors.ts';
import { datesBetween, weekdayOf } from './dates.ts';
import { deriveTetDays } from './default-schedule.ts';
import { holidaysInForce, STATUTORY_HOLIDAYS } from './holidays.ts';
import { DEFAULT_SCHEDULES, findSchedule, parseSchedules, type YearSchedule } from './schedules.ts';
import { buildYearCalendar, deriveDefaultSchedule, type YearCalendar } from './year-calendar.ts';

const isWeekend = (date: string) => [0, 6].includes(weekdayOf(date));
const offOn = (c: YearCalendar, date: string) => c.daysOff.get(date);

/** Weekdays off and weekend days worked, the way the notices are compared. */
function weekdayExceptions(c: YearCalendar): { off: string[]; worked: string[] } {
  const all = datesBetween(`${c.year}-01-01`, `${c.year}-12-31`);
  return {
    off: all.filter((d) => !isWeekend(d) && c.daysOff.has(d)),
    worked: all.filter((d) => isWeekend(d) && c.workingDays.has(d)),
  };
}

const year = (y: number) => buildYearCalendar(y, DEFAULT_SCHEDULES);

test('the shipped schedules are valid and cover 2025–2027, with 2027 marked provisional', () => {
  assert.deepEqual(
    DEFAULT_SCHEDULES.map((s) => [s.year, s.scope, s.provisional]),
    [
      [2025, 'national', false],
      [2026, 'national', false],
      [2027, 'national', true],
    ],
  );
  for (const s of DEFAULT_SCHEDULES) assert.ok(s.source.length > 0);
});

test('24/11 ships as a provisional day off with its source, which an administrator confirms or rejects in the year schedule', () => {
  const proposed = STATUTORY_HOLIDAYS.find((h) => h.id === 'ngay-van-hoa-viet-nam');
  assert.equal(proposed?.provisional, true);
  assert.match(proposed?.source ?? '', /30\/NQ-CP/);
  assert.equal(offOn(year(2026), '2026-11-24')?.provisional, true);
  const decided = (decision: 'confirmed' | 'rejected') =>
    buildYearCalendar(2026, [
      ...DEFAULT_SCHEDULES.filter((s) => s.year !== 2026),
      {
        ...findSchedule(DEFAULT_SCHEDULES, 2026, 'national'),
        holidayDecisions: { 'ngay-van-hoa-viet-nam': decision },
      } as YearSchedule,
    ]);
  assert.equal(offOn(decided('confirmed'), '2026-11-24')?.provisional, undefined);
  assert.equal(offOn(decided('confirmed'), '2026-11-24')?.reason, 'Ngày Văn hóa Việt Nam');
  assert.equal(offOn(decided('rejected'), '2026-11-24'), undefined);
});

test('Ngày Văn hóa Việt Nam 24/11 is off from 2026 (in force 01/07/2026), not in 2025', () => {
  assert.equal(offOn(year(2026), '2026-11-24')?.reason, 'Ngày Văn hóa Việt Nam');
  assert.equal(offOn(year(2025), '2025-11-24'), undefined);
  assert.deepEqual(
    holidaysInForce(STATUTORY_HOLIDAYS, '2026-06-30').map((h) => h.id),
    ['tet-duong-lich', 'tet-nguyen-dan', 'gio-to-hung-vuong', 'ngay-chien-thang', 'quoc-te-lao-dong', 'quoc-khanh'],
  );
});

test('Tết 2026: civil servants are off 16/02–20/02, and the whole break 14/02–22/02 is non-working', () => {
  const c = year(2026);
  for (const d of datesBetween('2026-02-16', '2026-02-20')) assert.equal(offOn(c, d)?.reason, 'Tết Nguyên Đán', d);
  assert.equal(offOn(c, '2026-02-17')?.detail, 'mùng 1 Tết');
  assert.equal(offOn(c, '2026-02-13'), undefined);
  assert.equal(offOn(c, '2026-02-23'), undefined);
  assert.deepEqual(c.tetDays, ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
  assert.equal(c.provisional, false);
});

test('Tết 2027 (mùng 1 on a Saturday) is forecast: 04/02–08/02 with 09 and 10/02 made up, marked provisional', () => {
  const c = year(2027);
  for (const d of datesBetween('2027-02-04', '2027-02-08')) assert.equal(offOn(c, d)?.reason, 'Tết Nguyên Đán', d);
  assert.equal(offOn(c, '2027-02-09')?.reason, 'Nghỉ bù Tết Nguyên Đán');
  assert.equal(offOn(c, '2027-02-10')?.reason, 'Nghỉ bù Tết Nguyên Đán');
  assert.equal(offOn(c, '2027-02-11'), undefined);
  assert.equal(offOn(c, '2027-02-03'), undefined);
  assert.equal(c.provisional, true);
});

test('the provisional 2027 schedule in the data file is what the default rule gives', () => {
  const shipped = findSchedule(DEFAULT_SCHEDULES, 2027, 'national');
  const derived = deriveDefaultSchedule(2027);
  assert.deepEqual(shipped?.tetDays, derived.tetDays);
  assert.equal(shipped?.nationalDayAdjacent, derived.nationalDayAdjacent);
  assert.equal(shipped?.nationalDayAdjacent, '2027-09-03');
});

test('Giỗ Tổ on Sunday 26/04/2026 is made up on Monday 27/04/2026', () => {
  const c = year(2026);
  assert.equal(offOn(c, '2026-04-26')?.reason, 'Giỗ Tổ Hùng Vương');
  const monday = offOn(c, '2026-04-27');
  assert.equal(monday?.kind, 'compensatory');
  assert.equal(monday?.reason, 'Nghỉ bù Giỗ Tổ Hùng Vương');
});

test('2025: Tết break 25/01–02/02, Friday 02/05 swapped for Saturday 26/04, National Day 01–02/09', () => {
  const c = year(2025);
  assert.deepEqual(weekdayExceptions(c), {
    off: [
      '2025-01-01',
      ...datesBetween('2025-01-27', '2025-01-31'),
      '2025-04-07',
      '2025-04-30',
      '2025-05-01',
      '2025-05-02',
      '2025-09-01',
      '2025-09-02',
    ],
    worked: ['2025-04-26'],
  });
  assert.equal(offOn(c, '2025-05-02')?.kind, 'swap');
  assert.match(c.workingDays.get('2025-04-26')?.reason ?? '', /^Làm bù cho thứ Sáu 02\/05\/2025$/);
});

test('2026: the New Year swap (02/01 ↔ 10/01) and the National Day swap (31/08 ↔ 22/08) are kept', () => {
  assert.deepEqual(weekdayExceptions(year(2026)), {
    off: [
      '2026-01-01',
      '2026-01-02',
      ...datesBetween('2026-02-16', '2026-02-20'),
      '2026-04-27',
      '2026-04-30',
      '2026-05-01',
      '2026-08-31',
      '2026-09-01',
      '2026-09-02',
      '2026-11-24',
    ],
    worked: ['2026-01-10', '2026-08-22'],
  });
});

test('every announced Tết break is entirely non-working', () => {
  for (const s of DEFAULT_SCHEDULES) {
    if (!s.tetBreak) continue;
    const c = year(s.year);
    for (const d of datesBetween(s.tetBreak.from, s.tetBreak.to)) {
      assert.ok(isWeekend(d) || c.daysOff.has(d), `${d} in the ${s.year} break`);
    }
  }
});

// The weekdays off of 2021–2024 as the notices gave them (4875/TB-LĐTBXH, 119/TB-LĐTBXH,
// 5034/TB-LĐTBXH, 5015/TB-LĐTBXH and 1570/TB-LĐTBXH), as reproduced in public holiday tables.
const NOTICES: Array<[number, string[], YearSchedule['swaps']]> = [
  [2021, ['01-01', '02-10', '02-11', '02-12', '02-15', '02-16', '04-21', '04-30', '05-03', '09-02', '09-03'], []],
  [2022, ['01-03', '01-31', '02-01', '02-02', '02-03', '02-04', '04-11', '05-02', '05-03', '09-01', '09-02'], []],
  [2023, ['01-02', '01-20', '01-23', '01-24', '01-25', '01-26', '05-01', '05-02', '05-03', '09-01', '09-04'], []],
  [
    2024,
    ['01-01', '02-08', '02-09', '02-12', '02-13', '02-14', '04-18', '04-29', '04-30', '05-01', '09-02', '09-03'],
    [{ dayOff: '2024-04-29', workingDay: '2024-05-04' }],
  ],
];

test('without a schedule, the default rule reproduces the Tết and National Day days of the 2021–2024 notices', () => {
  for (const [y, off, swaps] of NOTICES) {
    // Only the swap is given; Tết and 01/09-or-03/09 come from the default rule.
    const schedules: YearSchedule[] = [{ year: y, scope: 'national', provisional: false, source: 'test', swaps }];
    const c = buildYearCalendar(y, schedules);
    assert.deepEqual(
      weekdayExceptions(c).off,
      off.map((d) => `${y}-${d}`),
      `${y}`,
    );
  }
});

test('the default Tết rule also gives the announced Tết days of 2025 and 2026', () => {
  for (const y of [2025, 2026]) {
    assert.deepEqual(deriveTetDays(y, 5, [6, 0]), findSchedule(DEFAULT_SCHEDULES, y, 'national')?.tetDays);
  }
});

test('two holidays on one weekend are made up on the next two working days (30/04 and 01/05/2022)', () => {
  const c = buildYearCalendar(2022, []);
  assert.equal(offOn(c, '2022-05-02')?.reason, 'Nghỉ bù Ngày Chiến thắng');
  assert.equal(offOn(c, '2022-05-03')?.reason, 'Nghỉ bù Ngày Quốc tế Lao động');
  assert.equal(offOn(c, '2022-05-04'), undefined);
});

test('a make-up day skips days already off: Giỗ Tổ on Saturday 29/04/2023 is made up on Tuesday 02/05', () => {
  const c = buildYearCalendar(2023, []);
  assert.equal(offOn(c, '2023-05-01')?.reason, 'Ngày Quốc tế Lao động');
  assert.equal(offOn(c, '2023-05-02')?.reason, 'Nghỉ bù Giỗ Tổ Hùng Vương');
  assert.equal(offOn(c, '2023-05-03')?.reason, 'Nghỉ bù Ngày Chiến thắng');
});

test('Ngày Văn hóa Việt Nam on a Saturday is not made up (not an Art. 112(1) holiday; data flag)', () => {
  const c = buildYearCalendar(2029, []);
  assert.equal(weekdayOf('2029-11-24'), 6);
  assert.equal(offOn(c, '2029-11-26'), undefined);
});

test('before the 2019 Labour Code (2020) National Day is one day, from 2021 two', () => {
  assert.deepEqual(
    weekdayExceptions(buildYearCalendar(2020, [])).off.filter((d) => d.startsWith('2020-09')),
    ['2020-09-02'],
  );
  assert.equal(buildYearCalendar(2020, []).nationalDayAdjacent, undefined);
});

test('a province schedule adds its own days off on top of the national one', () => {
  const province: YearSchedule = {
    year: 2026,
    scope: '38',
    provisional: false,
    source: 'Quyết định của UBND tỉnh (ví dụ)',
    extraDaysOff: [{ date: '2026-03-20', reason: 'Nghỉ theo quyết định của tỉnh' }],
  };
  const c = buildYearCalendar(2026, [...DEFAULT_SCHEDULES, province], { scopes: ['national', '38'] });
  assert.equal(offOn(c, '2026-03-20')?.reason, 'Nghỉ theo quyết định của tỉnh');
  assert.equal(offOn(c, '2026-02-17')?.reason, 'Tết Nguyên Đán');
  assert.equal(offOn(year(2026), '2026-03-20'), undefined);
});

test('a swap across New Year is applied to both years', () => {
  const s: YearSchedule = {
    year: 2028,
    scope: 'national',
    provisional: false,
    source: 'test',
    swaps: [{ dayOff: '2027-12-31', workingDay: '2028-01-08' }],
  };
  assert.equal(offOn(buildYearCalendar(2027, [s]), '2027-12-31')?.kind, 'swap');
  assert.ok(buildYearCalendar(2028, [s]).workingDays.has('2028-01-08'));
});

test('schedules with a wrong National Day day, a date of another year or a duplicate year are refused', () => {
  const base = { year: 2030, scope: 'national', provisional: true, source: 'test' };
  const refused = (schedules: unknown[]) =>
    assert.throws(
      () => parseSchedules({ schedules }),
      (e) => e instanceof DomainError && e.code === 'CALENDAR_SCHEDULE_INVALID',
    );
  refused([{ ...base, nationalDayAdjacent: '2030-09-04' }]);
  refused([{ ...base, tetDays: ['2031-02-02'] }]);
  refused([{ ...base, tetDays: ['2030-02-30'] }]);
  refused([base, base]);
  refused([{ ...base, unknownField: 1 }]);
  refused([{ ...base, provisional: 'yes' }]);
  assert.equal(parseSchedules({ schedules: [base] }).length, 1);
});
