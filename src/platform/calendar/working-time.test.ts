import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DomainError } from '../errors.ts';
import { createCalendar } from './create-calendar.ts';
import { localDateOf, weekdayOf, yearOf } from './dates.ts';
import { DEFAULT_SCHEDULES } from './schedules.ts';
import { WorkingCalendar } from './working-time.ts';
import { buildYearCalendar } from './year-calendar.ts';

const calendar = createCalendar();
/** An instant written in Vietnamese local time, 'YYYY-MM-DD HH:MM'. */
const vn = (text: string) => new Date(`${text.replace(' ', 'T')}:00+07:00`);
/** The same instant back in local time, for readable assertions. */
const local = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const HOUR = 3_600_000;

test('a dossier received at 16:45 on Friday 13/02/2026, before Tết, with 1 working day is due Monday 23/02/2026 16:45', () => {
  const result = calendar.addWorkingDaysDetailed(vn('2026-02-13 16:45'), 1);
  assert.equal(local(result.dueAt), '2026-02-23 16:45');
  assert.deepEqual(
    result.skipped.map((s) => `${s.date} ${s.reason}`),
    [
      '2026-02-14 Nghỉ hằng tuần (Thứ Bảy)',
      '2026-02-15 Nghỉ hằng tuần (Chủ nhật)',
      '2026-02-16 Tết Nguyên Đán',
      '2026-02-17 Tết Nguyên Đán',
      '2026-02-18 Tết Nguyên Đán',
      '2026-02-19 Tết Nguyên Đán',
      '2026-02-20 Tết Nguyên Đán',
      '2026-02-21 Nghỉ hằng tuần (Thứ Bảy)',
      '2026-02-22 Nghỉ hằng tuần (Chủ nhật)',
    ],
  );
  assert.equal(result.provisional, false);
});

test('16:45 on an ordinary Friday plus 1 working day is Monday 16:45, or Tuesday when Monday is off', () => {
  assert.equal(local(calendar.addWorkingDays(vn('2026-03-06 16:45'), 1)), '2026-03-09 16:45');
  // Monday 27/04/2026 is the make-up day for Giỗ Tổ (Sunday 26/04).
  assert.equal(local(calendar.addWorkingDays(vn('2026-04-24 16:45'), 1)), '2026-04-28 16:45');
  assert.equal(calendar.reasonOff('2026-04-27'), 'Nghỉ bù Giỗ Tổ Hùng Vương');
});

test('receipt during lunch counts from the afternoon opening (13:30)', () => {
  assert.equal(local(calendar.normalise(vn('2026-03-04 12:10'))), '2026-03-04 13:30');
  assert.equal(local(calendar.normalise(vn('2026-03-04 11:30'))), '2026-03-04 13:30');
  assert.equal(local(calendar.addWorkingHours(vn('2026-03-04 12:10'), 2)), '2026-03-04 15:30');
});

test('receipt after closing counts from the next working day opening; before opening from 07:00', () => {
  assert.equal(local(calendar.normalise(vn('2026-03-04 17:30'))), '2026-03-05 07:00');
  assert.equal(local(calendar.normalise(vn('2026-03-06 17:00'))), '2026-03-09 07:00');
  assert.equal(local(calendar.normalise(vn('2026-03-04 06:15'))), '2026-03-04 07:00');
  assert.equal(local(calendar.normalise(vn('2026-03-07 10:00'))), '2026-03-09 07:00');
  assert.equal(local(calendar.normalise(vn('2026-03-04 09:20'))), '2026-03-04 09:20');
  // S1: after closing → next day 07:00 plus one day; so Monday 18:00 + 1 day is Wednesday 07:00.
  assert.equal(local(calendar.addWorkingDays(vn('2026-03-02 18:00'), 1)), '2026-03-04 07:00');
});

test('working hours jump the lunch break and can end exactly at a closing time', () => {
  assert.equal(local(calendar.addWorkingHours(vn('2026-03-04 10:00'), 2)), '2026-03-04 14:00');
  assert.equal(local(calendar.addWorkingHours(vn('2026-03-04 07:00'), 4.5)), '2026-03-04 11:30');
  assert.equal(local(calendar.addWorkingHours(vn('2026-03-04 07:00'), 8)), '2026-03-04 17:00');
  assert.equal(local(calendar.addWorkingHours(vn('2026-03-04 16:00'), 2)), '2026-03-05 08:00');
});

test('half a working day is 4 hours', () => {
  assert.equal(local(calendar.addWorkingDays(vn('2026-03-04 07:00'), 0.5)), '2026-03-04 11:00');
  assert.equal(local(calendar.addWorkingDays(vn('2026-03-04 08:00'), 1.5)), '2026-03-05 14:00');
  assert.equal(calendar.workingDayMs, 8 * HOUR);
});

test('a swapped Saturday is a working day: Saturday 10/01/2026 pays for Friday 02/01/2026', () => {
  assert.equal(calendar.isWorkingDay('2026-01-10'), true);
  assert.equal(calendar.reasonOff('2026-01-02'), 'Nghỉ hoán đổi ngày làm việc');
  assert.equal(local(calendar.addWorkingHours(vn('2026-01-09 16:00'), 2)), '2026-01-10 08:00');
  assert.equal(local(calendar.addWorkingHours(vn('2025-12-31 16:00'), 2)), '2026-01-05 08:00');
  assert.equal(calendar.isWorkingDay('2026-01-17'), false);
});

test('reasons for days off read in Vietnamese; 24/11/2026 is off, 24/11/2025 is a working Monday', () => {
  assert.equal(calendar.reasonOff('2026-02-17'), 'Tết Nguyên Đán');
  assert.equal(calendar.reasonOff('2026-03-08'), 'Nghỉ hằng tuần (Chủ nhật)');
  assert.equal(calendar.reasonOff('2026-11-24'), 'Ngày Văn hóa Việt Nam');
  assert.equal(calendar.reasonOff('2025-11-24'), undefined);
  assert.equal(calendar.isWorkingDay('2025-11-24'), true);
  assert.equal(calendar.nextWorkingDay('2026-02-13'), '2026-02-23');
  assert.equal(calendar.nextWorkingDay('2026-02-23', { includeSelf: true }), '2026-02-23');
});

test('calendar days: holidays count unless skipped, and a result on a day off moves to the next working day', () => {
  const friday = vn('2026-04-24 09:00');
  assert.equal(local(calendar.addCalendarDays(friday, 5, { skipHolidays: false })), '2026-04-29 09:00');
  const skipping = calendar.addCalendarDaysDetailed(friday, 5, { skipHolidays: true });
  assert.equal(local(skipping.dueAt), '2026-05-04 09:00');
  assert.deepEqual(
    skipping.skipped.map((s) => s.date),
    ['2026-04-27', '2026-04-30', '2026-05-01', '2026-05-02', '2026-05-03'],
  );
  const noPush = { skipHolidays: true, pushOffDaysOff: false };
  assert.equal(local(calendar.addCalendarDays(friday, 5, noPush)), '2026-05-02 09:00');
  // Received after closing on Friday: the count starts Saturday (S1), result Tuesday 07:00.
  assert.equal(local(calendar.addCalendarDays(vn('2026-03-06 18:00'), 3, { skipHolidays: true })), '2026-03-10 07:00');
});

test('after supplementation the due date moves by the working time the clock was stopped', () => {
  const due = vn('2026-03-06 16:00');
  assert.equal(
    local(calendar.shiftDueAfterPause(due, vn('2026-03-02 10:00'), vn('2026-03-04 10:00'))),
    '2026-03-10 16:00',
  );
  // A pause over a weekend only costs nothing.
  assert.equal(
    local(calendar.shiftDueAfterPause(due, vn('2026-03-07 09:00'), vn('2026-03-08 20:00'))),
    '2026-03-06 16:00',
  );
  // One working day of pause pushes a due date of Friday 13/02/2026 past Tết.
  const overTet = calendar.shiftDueAfterPauseDetailed(
    vn('2026-02-13 16:00'),
    vn('2026-02-12 16:00'),
    vn('2026-02-13 16:00'),
  );
  assert.equal(local(overTet.dueAt), '2026-02-23 16:00');
  assert.ok(overTet.skipped.some((s) => s.reason === 'Tết Nguyên Đán'));
  assert.throws(() => calendar.shiftDueAfterPause(due, vn('2026-03-04 10:00'), vn('2026-03-02 10:00')), RangeError);
});

test('a due date crossing the forecast Tết 2027 says it is provisional', () => {
  const result = calendar.addWorkingDaysDetailed(vn('2027-02-03 10:00'), 2);
  assert.equal(local(result.dueAt), '2027-02-12 10:00');
  assert.equal(result.provisional, true);
});

test('an agency with 08:00–12:00 and 13:00–17:00 hours gets the same 8-hour working day', () => {
  const c = createCalendar({
    hours: {
      periods: [
        { start: '13:00', end: '17:00' },
        { start: '08:00', end: '12:00' },
      ],
    },
  });
  assert.equal(c.workingDayMs, 8 * HOUR);
  assert.equal(local(c.normalise(vn('2026-03-04 12:30'))), '2026-03-04 13:00');
  assert.equal(local(c.addWorkingHours(vn('2026-03-04 11:00'), 2)), '2026-03-04 14:00');
});

test('invalid office hours and a calendar without any working day are refused', () => {
  const invalidHours = (start: string, end: string) =>
    assert.throws(
      () => new WorkingCalendar({ hours: { periods: [{ start, end }] } }),
      (e) => e instanceof DomainError && e.code === 'CALENDAR_WORKING_HOURS_INVALID',
    );
  invalidHours('17:00', '07:00');
  invalidHours('7:00', '11:30');
  invalidHours('07:60', '11:30');
  assert.throws(
    () =>
      new WorkingCalendar({
        hours: {
          periods: [
            { start: '07:00', end: '12:00' },
            { start: '11:00', end: '17:00' },
          ],
        },
      }),
    (e) => e instanceof DomainError && e.code === 'CALENDAR_WORKING_HOURS_INVALID',
  );
  const never = new WorkingCalendar({ weekendDays: [0, 1, 2, 3, 4, 5, 6] });
  assert.throws(
    () => never.addWorkingHours(vn('2026-03-04 10:00'), 1),
    (e) => e instanceof DomainError && e.code === 'CALENDAR_NO_WORKING_DAY',
  );
  assert.throws(() => calendar.addWorkingHours(vn('2026-03-04 10:00'), -1), RangeError);
  assert.throws(() => calendar.addWorkingDays(vn('2026-03-04 10:00'), Number.NaN), RangeError);
});

test('the calendar never reads the clock', (t) => {
  t.mock.method(Date, 'now', () => {
    throw new Error('Date.now called');
  });
  const c = createCalendar();
  c.addWorkingDaysDetailed(vn('2026-02-13 16:45'), 3);
  c.addCalendarDays(vn('2026-02-13 16:45'), 3, { skipHolidays: true });
  c.workingMsBetween(vn('2026-01-01 00:00'), vn('2026-12-31 00:00'));
});

// ---- properties ---------------------------------------------------------------------------

const FROM = vn('2025-01-01 00:00').getTime();
const TO = vn('2027-12-31 00:00').getTime();
/** Instants to the minute between 2025 and 2027, and durations in whole minutes. */
const instant = fc.integer({ min: FROM / 60_000, max: TO / 60_000 }).map((m) => new Date(m * 60_000));
const minutes = fc.integer({ min: 0, max: 60 * 200 });
const hoursOf = (m: number) => m / 60;
const years = new Map([2025, 2026, 2027, 2028].map((y) => [y, buildYearCalendar(y, DEFAULT_SCHEDULES)]));

/** Independent of the class: off per the year's data, or a weekend not swapped. */
function dayIsOff(date: string): boolean {
  const y = years.get(yearOf(date));
  if (!y) throw new Error(`no data for ${date}`);
  if (y.daysOff.has(date)) return true;
  return [0, 6].includes(weekdayOf(date)) && !y.workingDays.has(date);
}

test('adding working hours is monotonic', () => {
  fc.assert(
    fc.property(instant, minutes, minutes, (t, a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      assert.ok(
        calendar.addWorkingHours(t, hoursOf(lo)).getTime() <= calendar.addWorkingHours(t, hoursOf(hi)).getTime(),
      );
    }),
    { numRuns: 500 },
  );
});

test('adding a + b hours equals adding a then b, from a normalised instant', () => {
  fc.assert(
    fc.property(instant, minutes, minutes, (raw, a, b) => {
      const t = calendar.normalise(raw);
      const once = calendar.addWorkingHours(t, hoursOf(a + b));
      const twice = calendar.addWorkingHours(calendar.addWorkingHours(t, hoursOf(a)), hoursOf(b));
      assert.equal(local(once), local(twice));
      assert.equal(once.getTime(), twice.getTime());
    }),
    { numRuns: 500 },
  );
});

test('the working time between t and t + h working hours is exactly h hours', () => {
  fc.assert(
    fc.property(instant, minutes, (t, m) => {
      assert.equal(calendar.workingMsBetween(t, calendar.addWorkingHours(t, hoursOf(m))), m * 60_000);
    }),
    { numRuns: 500 },
  );
});

test('a due time is always inside office hours of a working day, never on a holiday or an unswapped weekend', () => {
  fc.assert(
    fc.property(instant, fc.integer({ min: 1, max: 60 * 200 }), (t, m) => {
      const due = calendar.addWorkingHours(t, hoursOf(m));
      // Inside (start, end] of a period: the millisecond before it is working time.
      const justBefore = new Date(due.getTime() - 1);
      assert.ok(calendar.isWorkingTime(justBefore), local(due));
      assert.equal(dayIsOff(localDateOf(justBefore)), false, local(due));
    }),
    { numRuns: 1000 },
  );
});

test('whole working days keep the time of day and add 8 working hours each', () => {
  fc.assert(
    fc.property(instant, fc.integer({ min: 1, max: 30 }), (raw, n) => {
      const t = calendar.normalise(raw);
      const due = calendar.addWorkingDays(t, n);
      assert.equal(local(due).slice(11), local(t).slice(11));
      assert.equal(calendar.workingMsBetween(t, due), n * calendar.workingDayMs);
      assert.equal(dayIsOff(localDateOf(due)), false);
    }),
    { numRuns: 500 },
  );
});

test('normalising is idempotent, never goes back and skips no working time', () => {
  fc.assert(
    fc.property(instant, (t) => {
      const n = calendar.normalise(t);
      assert.ok(n.getTime() >= t.getTime());
      assert.equal(calendar.normalise(n).getTime(), n.getTime());
      assert.equal(calendar.workingMsBetween(t, n), 0);
      assert.ok(calendar.isWorkingTime(n));
    }),
    { numRuns: 500 },
  );
});

test('after a pause the due date moves by exactly the working time of the pause', () => {
  fc.assert(
    fc.property(instant, instant, minutes, (x, y, m) => {
      const [paused, resumed] = x <= y ? [x, y] : [y, x];
      const due = calendar.addWorkingHours(paused, hoursOf(m));
      const shifted = calendar.shiftDueAfterPause(due, paused, resumed);
      assert.equal(calendar.workingMsBetween(due, shifted), calendar.workingMsBetween(paused, resumed));
    }),
    { numRuns: 300 },
  );
});

test('calendar-day results with push-off never land on a day off', () => {
  fc.assert(
    fc.property(instant, fc.integer({ min: 0, max: 60 }), fc.boolean(), (t, n, skipHolidays) => {
      const due = calendar.addCalendarDays(t, n, { skipHolidays });
      assert.equal(dayIsOff(localDateOf(due)), false, local(due));
    }),
    { numRuns: 500 },
  );
});
