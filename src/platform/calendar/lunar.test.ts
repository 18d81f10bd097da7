import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DomainError } from '../errors.ts';
import { addDays, dayNumber, isoFromDayNumber, weekdayOf } from './dates.ts';
import {
  hungKingsDay,
  type LunarDate,
  lunarNewYearEve,
  lunarToSolar,
  solarToLunar,
  tetDate,
  tetDayLabel,
} from './lunar.ts';

// DOMAIN.md §5.2 [C], with the 2021–2025 dates checked against the announcements.
const TABLE: Array<[number, string, string, string]> = [
  // year, mùng 1 Tết, giao thừa, Giỗ Tổ
  [2021, '2021-02-12', '2021-02-11', '2021-04-21'],
  [2022, '2022-02-01', '2022-01-31', '2022-04-10'],
  [2023, '2023-01-22', '2023-01-21', '2023-04-29'],
  [2024, '2024-02-10', '2024-02-09', '2024-04-18'],
  [2025, '2025-01-29', '2025-01-28', '2025-04-07'],
  [2026, '2026-02-17', '2026-02-16', '2026-04-26'],
  [2027, '2027-02-06', '2027-02-05', '2027-04-16'],
  [2028, '2028-01-26', '2028-01-25', '2028-04-04'],
  [2029, '2029-02-13', '2029-02-12', '2029-04-23'],
  [2030, '2030-02-02', '2030-02-01', '2030-04-12'],
  [2031, '2031-01-23', '2031-01-22', '2031-04-01'],
  [2032, '2032-02-11', '2032-02-10', '2032-04-19'],
  [2033, '2033-01-31', '2033-01-30', '2033-04-09'],
  [2034, '2034-02-19', '2034-02-18', '2034-04-28'],
  [2035, '2035-02-08', '2035-02-07', '2035-04-17'],
];

test('Tết, giao thừa and Giỗ Tổ 2021–2035 match the table of DOMAIN.md §5.2', () => {
  for (const [year, tet, eve, gioTo] of TABLE) {
    assert.equal(tetDate(year), tet, `Tết ${year}`);
    assert.equal(lunarNewYearEve(year), eve, `giao thừa ${year}`);
    assert.equal(hungKingsDay(year), gioTo, `Giỗ Tổ ${year}`);
  }
});

test('the weekdays of the table hold: Tết 2026 is a Tuesday, Giỗ Tổ 2026 a Sunday, Tết 2027 a Saturday', () => {
  assert.equal(weekdayOf(tetDate(2026)), 2);
  assert.equal(weekdayOf(hungKingsDay(2026)), 0);
  assert.equal(weekdayOf(tetDate(2027)), 6);
  assert.equal(weekdayOf(hungKingsDay(2033)), 6);
});

test('the calendar is the Vietnamese one (UTC+7): Tết Ất Sửu 1985 is 21/01, not the Chinese 20/02', () => {
  assert.equal(tetDate(1985), '1985-01-21');
});

test('the notices name the lunar days of the Tết breaks: 14/02/2026 is 27 tháng Chạp, 22/02/2026 is mùng 6', () => {
  assert.deepEqual(solarToLunar('2026-02-14'), { day: 27, month: 12, year: 2025, leap: false });
  assert.deepEqual(solarToLunar('2026-02-22'), { day: 6, month: 1, year: 2026, leap: false });
  assert.deepEqual(solarToLunar('2025-01-25'), { day: 26, month: 12, year: 2024, leap: false });
  assert.equal(tetDayLabel('2026-02-16'), '29 tháng Chạp');
  assert.equal(tetDayLabel('2026-02-17'), 'mùng 1 Tết');
});

test('2023 (Quý Mão) has a leap month 2, and a leap flag on any other month is refused', () => {
  assert.equal(lunarToSolar({ day: 1, month: 2, year: 2023, leap: true }), '2023-03-22');
  assert.deepEqual(solarToLunar('2023-03-22'), { day: 1, month: 2, year: 2023, leap: true });
  assert.equal(lunarToSolar({ day: 1, month: 3, year: 2023, leap: false }), '2023-04-20');
  const invalid = (lunar: LunarDate) =>
    assert.throws(
      () => lunarToSolar(lunar),
      (e) => e instanceof DomainError && e.code === 'LUNAR_DATE_INVALID',
    );
  invalid({ day: 1, month: 3, year: 2023, leap: true });
  invalid({ day: 1, month: 2, year: 2024, leap: true });
  invalid({ day: 31, month: 1, year: 2024, leap: false });
  invalid({ day: 0, month: 1, year: 2024, leap: false });
});

test('day 30 of a 29-day month does not exist', () => {
  // Tháng Chạp Ất Tỵ (lunar year 2025) has 29 days: 29 Chạp is the eve of Tết 2026.
  assert.equal(lunarToSolar({ day: 29, month: 12, year: 2025, leap: false }), '2026-02-16');
  assert.throws(
    () => lunarToSolar({ day: 30, month: 12, year: 2025, leap: false }),
    (e) => e instanceof DomainError && e.code === 'LUNAR_DATE_INVALID',
  );
});

test('every day from 1990 to 2100 converts to lunar and back, and lunar days follow one another', () => {
  const first = dayNumber('1990-01-01');
  const last = dayNumber('2100-12-31');
  let previous = solarToLunar(isoFromDayNumber(first - 1));
  for (let n = first; n <= last; n++) {
    const date = isoFromDayNumber(n);
    const lunar = solarToLunar(date);
    assert.equal(lunarToSolar(lunar), date, `round trip of ${date}`);
    if (lunar.day === 1) {
      assert.ok(previous.day === 29 || previous.day === 30, `month before ${date} has 29 or 30 days`);
    } else {
      assert.deepEqual(lunar, { ...previous, day: previous.day + 1 }, `${date} follows the day before`);
    }
    previous = lunar;
  }
});

test('any valid lunar date converts to a solar date and back (sampled)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1990, max: 2100 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 29 }),
      (year, month, day) => {
        const lunar: LunarDate = { day, month, year, leap: false };
        assert.deepEqual(solarToLunar(lunarToSolar(lunar)), lunar);
      },
    ),
    { numRuns: 2000 },
  );
});

test('Tết always falls between 21/01 and 20/02, the day after the eve', () => {
  for (let year = 1990; year <= 2100; year++) {
    const tet = tetDate(year);
    assert.ok(tet >= `${year}-01-21` && tet <= `${year}-02-20`, `Tết ${year} = ${tet}`);
    assert.equal(addDays(lunarNewYearEve(year), 1), tet);
  }
});
