import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCalendar, DEFAULT_SCHEDULES, NATIONAL_SCOPE } from '../../platform/calendar/index.ts';
import {
  clockDeadlines,
  DEFAULT_FEEDBACK_RULES,
  isWithinTime,
  parseFeedbackRules,
  publishDeadline,
  reopenUntil,
  timingOf,
} from './deadlines.ts';

const calendar = createCalendar({ schedules: DEFAULT_SCHEDULES, scopes: [NATIONAL_SCOPE, '08'] });
const at = (local: string) => new Date(`${local}+07:00`);

test('an item sent on Monday 16/11/2026 at 09:00 may be refused until Wednesday 18/11, asked about until Monday 23/11 and must be answered by Tuesday 08/12, all at 09:00', () => {
  const d = clockDeadlines(calendar, at('2026-11-16T09:00:00'), DEFAULT_FEEDBACK_RULES);
  assert.deepEqual(d.refuseDueAt, at('2026-11-18T09:00:00'));
  assert.deepEqual(d.supplementDueAt, at('2026-11-23T09:00:00'));
  // 15 working days: 17/11 … 08/12; Vietnamese Culture Day, 24/11/2026, does not count (§5.1).
  assert.deepEqual(d.answerDueAt, at('2026-12-08T09:00:00'));
});

test('an item sent on Saturday 21/11/2026 counts from Monday 07:00, so with the holiday of 24/11 it may be refused until Thursday 26/11 07:00', () => {
  const d = clockDeadlines(calendar, at('2026-11-21T10:00:00'), DEFAULT_FEEDBACK_RULES);
  assert.deepEqual(d.refuseDueAt, at('2026-11-26T07:00:00'));
});

test('the answer is published within 2 working days of being given', () => {
  assert.deepEqual(
    publishDeadline(calendar, at('2026-12-04T15:00:00'), DEFAULT_FEEDBACK_RULES),
    at('2026-12-08T15:00:00'),
  );
});

test('a province with 10-day answers gets earlier deadlines', () => {
  const rules = parseFeedbackRules({ answerDays: 10 }, DEFAULT_FEEDBACK_RULES);
  assert.ok(rules);
  const d = clockDeadlines(calendar, at('2026-11-16T09:00:00'), rules);
  assert.deepEqual(d.answerDueAt, at('2026-12-01T09:00:00'));
});

test('a rule outside 1–60 working days is rejected', () => {
  assert.equal(parseFeedbackRules({ answerDays: 0 }, DEFAULT_FEEDBACK_RULES), undefined);
  assert.equal(parseFeedbackRules({ refuseDays: 1.5 }, DEFAULT_FEEDBACK_RULES), undefined);
  assert.equal(parseFeedbackRules({ reopenWindowDays: -1 }, DEFAULT_FEEDBACK_RULES), undefined);
});

test('done at the deadline is on time, a minute later is late', () => {
  const due = at('2026-12-04T09:00:00');
  assert.equal(timingOf(due, due), 'onTime');
  assert.equal(timingOf(new Date(due.getTime() + 60_000), due), 'late');
  assert.equal(isWithinTime(at('2026-12-04T08:59:00'), due), true);
  assert.equal(isWithinTime(at('2026-12-04T09:01:00'), due), false);
});

test('the reopening window counts calendar days from the answer', () => {
  assert.deepEqual(reopenUntil(at('2026-12-04T09:00:00'), DEFAULT_FEEDBACK_RULES), at('2027-01-03T09:00:00'));
});
