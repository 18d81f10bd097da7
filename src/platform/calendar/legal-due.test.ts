/**
 * `legalDue` (DOMAIN.md §1.5, issue 23): the kind of a legal time limit, the reception cut-off
 * and office hours together. Pure: the calendar of the shipped schedules, no database.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCalendar } from './create-calendar.ts';
import { WorkingCalendar } from './working-time.ts';

const calendar = createCalendar();
const vn = (text: string) => new Date(`${text.replace(' ', 'T')}:00+07:00`);
const local = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const sameDay = { amount: 1, unit: 'same_day' } as const;

test('same day: before 15:00 due at the close of that day, from 15:00 at the close of the next working day', () => {
  assert.equal(local(calendar.legalDue(vn('2026-12-07 14:59'), sameDay)), '2026-12-07 17:00');
  assert.equal(local(calendar.legalDue(vn('2026-12-07 15:00'), sameDay)), '2026-12-08 17:00');
  assert.equal(local(calendar.legalDue(vn('2026-12-11 15:30'), sameDay)), '2026-12-14 17:00'); // Friday → Monday
});

test('same day: received outside office hours counts from the next working time', () => {
  assert.equal(local(calendar.legalDue(vn('2026-12-06 02:11'), sameDay)), '2026-12-07 17:00'); // Sunday
  assert.equal(local(calendar.legalDue(vn('2026-12-07 18:00'), sameDay)), '2026-12-08 17:00');
  assert.equal(local(calendar.legalDue(vn('2026-12-07 12:00'), sameDay)), '2026-12-07 17:00'); // lunch
});

test('working days after the cut-off count from the next working day: Monday 15:30 + 1 is the close of Tuesday', () => {
  const oneDay = { amount: 1, unit: 'working_days' } as const;
  assert.equal(local(calendar.legalDue(vn('2026-12-07 15:30'), oneDay)), '2026-12-08 17:00');
  assert.equal(local(calendar.legalDue(vn('2026-12-07 10:00'), oneDay)), '2026-12-08 10:00');
});

test('the cut-off is the procedure’s when given, else the office hours’, else 15:00', () => {
  assert.equal(local(calendar.legalDue(vn('2026-12-07 15:30'), sameDay, { cutoff: '16:00' })), '2026-12-07 17:00');
  const early = new WorkingCalendar({
    hours: {
      periods: [
        { start: '07:30', end: '11:30' },
        { start: '13:30', end: '17:00' },
      ],
      cutoff: '14:00',
    },
  });
  assert.equal(local(early.legalDue(vn('2026-12-07 14:30'), sameDay)), '2026-12-08 17:00');
  assert.equal(local(early.legalDue(vn('2026-12-07 13:45'), sameDay)), '2026-12-07 17:00');
});

test('a same-day limit of several days ends at the close of the last one', () => {
  assert.equal(local(calendar.legalDue(vn('2026-12-10 09:00'), { amount: 2, unit: 'same_day' })), '2026-12-11 17:00');
});
