import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCalendar } from '../../../platform/calendar/index.ts';
import {
  appointmentAt,
  appointmentText,
  asLocalWallClock,
  longDate,
  longDateTime,
  placeAndDate,
  shortDateTime,
  timingLabel,
} from './format.ts';

test('dates are written in Vietnam time: 23:30 UTC is already the next day', () => {
  assert.equal(longDate(new Date('2025-03-04T23:30:00Z')), 'ngày 05 tháng 3 năm 2025');
});

test('days below 10 and the months 1 and 2 take a leading zero (Decree 30/2020), other months do not', () => {
  assert.equal(longDate(new Date('2025-02-05T03:00:00Z')), 'ngày 05 tháng 02 năm 2025');
  assert.equal(longDate(new Date('2025-12-15T03:00:00Z')), 'ngày 15 tháng 12 năm 2025');
  assert.equal(placeAndDate('Tuyên Quang', new Date('2025-03-05T03:00:00Z')), 'Tuyên Quang, ngày 05 tháng 3 năm 2025');
});

test('intake and due times read "… giờ … phút, ngày … tháng … năm …"', () => {
  assert.equal(longDateTime(new Date('2025-03-05T02:15:00Z')), '09 giờ 15 phút, ngày 05 tháng 3 năm 2025');
  assert.equal(shortDateTime(new Date('2025-03-05T02:15:00Z')), '09:15 05/03/2025');
});

test('spreadsheet cells get the Vietnam wall-clock time', () => {
  assert.equal(asLocalWallClock(new Date('2025-03-05T02:15:00Z')).toISOString(), '2025-03-05T09:15:00.000Z');
});

test('timing labels are Trước hạn, Đúng hạn, Quá hạn', () => {
  assert.deepEqual(
    [timingLabel('early'), timingLabel('onTime'), timingLabel('late'), timingLabel(undefined)],
    ['Trước hạn', 'Đúng hạn', 'Quá hạn', ''],
  );
});

test('a return time at the next opening is printed as the end of the due working day, not the opening', () => {
  const calendar = createCalendar();
  const at = (iso: string) => appointmentText(appointmentAt(calendar, new Date(iso)));
  // 07:00 Tuesday 08/12/2026 → 17:00 Monday 07/12/2026.
  assert.equal(at('2026-12-08T00:00:00Z'), '17 giờ 00, chiều thứ Hai, ngày 07/12/2026');
  // 07:00 Monday 07/12/2026 → 17:00 Friday 04/12/2026 (the weekend is skipped).
  assert.equal(at('2026-12-07T00:00:00Z'), '17 giờ 00, chiều thứ Sáu, ngày 04/12/2026');
  // A time inside the working day stays; a time after closing is the closing time.
  assert.equal(at('2026-12-07T03:15:00Z'), '10 giờ 15, sáng thứ Hai, ngày 07/12/2026');
  assert.equal(at('2026-12-07T12:00:00Z'), '17 giờ 00, chiều thứ Hai, ngày 07/12/2026');
});
