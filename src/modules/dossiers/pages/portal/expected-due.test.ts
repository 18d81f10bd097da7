/**
 * Issue 23: a procedure's expected due date is public. The four same-day procedures of the
 * shipped catalog (birth, marriage, death registration, certified copies) are due at the end of
 * the day of reception, or of the next working day when received after 15:00.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type SeededApp, seededApp } from '../../../../web/testing.ts';

let s: SeededApp;
before(async () => {
  s = await seededApp();
});
after(() => s.close());

const SAME_DAY = ['1.001193', '1.000894', '1.000656', '2.000815'];

async function dueOf(procedure: string, from: string) {
  const res = await s.app.inject({
    url: `/api/v1/calendar/due?procedure=${procedure}&from=${encodeURIComponent(from)}`,
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { dueAt: string; provisional: boolean; skipped: Array<{ date: string; reason: string }> };
}

for (const code of SAME_DAY) {
  test(`${code}: received Monday 10:00, due Monday 17:00 (same day)`, async () => {
    assert.equal((await dueOf(code, '2026-12-07T10:00:00+07:00')).dueAt, '2026-12-07T10:00:00.000Z');
  });

  test(`${code}: received Monday 15:30, after the cut-off, due Tuesday 17:00`, async () => {
    assert.equal((await dueOf(code, '2026-12-07T15:30:00+07:00')).dueAt, '2026-12-08T10:00:00.000Z');
  });

  test(`${code}: received Friday 15:30, due across the weekend Monday 17:00`, async () => {
    const body = await dueOf(code, '2026-12-04T15:30:00+07:00');
    assert.equal(body.dueAt, '2026-12-07T10:00:00.000Z');
    assert.ok(body.skipped.some((d) => d.date === '2026-12-05'));
  });

  test(`${code}: received Thursday 31/12/2026 at 15:30, before New Year's Day, due Monday 04/01/2027 17:00`, async () => {
    const body = await dueOf(code, '2026-12-31T15:30:00+07:00');
    assert.equal(body.dueAt, '2027-01-04T10:00:00.000Z');
    assert.ok(body.skipped.some((d) => d.date === '2027-01-01' && /Tết Dương lịch/.test(d.reason)));
  });
}

test('received Monday 23/11/2026 after 15:00: 24/11 is a provisional day off, so the due date is provisional', async () => {
  const body = await dueOf('1.001193', '2026-11-23T15:30:00+07:00');
  assert.equal(body.dueAt, '2026-11-25T10:00:00.000Z');
  assert.equal(body.provisional, true);
  // A range not crossing it stays official.
  assert.equal((await dueOf('1.001193', '2026-12-07T10:00:00+07:00')).provisional, false);
});

test('the due-date endpoint names an unknown procedure as not found', async () => {
  const res = await s.app.inject({ url: '/api/v1/calendar/due?procedure=9.999999&from=2026-12-07T10:00:00Z' });
  assert.equal(res.statusCode, 404);
});

test('the procedure page says when the result is expected if filed now', async () => {
  const res = await s.app.inject({ url: '/thu-tuc/1.000894' });
  assert.equal(res.statusCode, 200);
  assert.match(
    res.body,
    /Nếu nộp bây giờ, dự kiến trả kết quả: <strong>17 giờ 00 \(buổi chiều\), Thứ .+, ngày \d{2}\/\d{2}\/\d{4}<\/strong>/,
  );
  assert.match(res.body, /trong ngày \(nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo\)/);
});
