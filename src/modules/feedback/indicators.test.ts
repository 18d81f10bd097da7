import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeIndicators, type IndicatorItem } from './indicators.ts';

const at = (local: string) => new Date(`${local}+07:00`);
const from = at('2026-11-01T00:00:00');
const to = at('2026-11-30T23:59:59');
const now = at('2026-12-15T09:00:00');

const item = (over: Partial<IndicatorItem>): IndicatorItem => ({
  classification: 'rules',
  state: 'answered',
  submittedAt: at('2026-11-05T09:00:00'),
  closedAt: at('2026-11-10T09:00:00'),
  timing: 'onTime',
  answerDueAt: at('2026-11-26T09:00:00'),
  likes: 0,
  dislikes: 0,
  reopenCount: 0,
  ...over,
});

test('5.1 counts the items first received in the period by class', () => {
  const r = computeIndicators(
    [item({}), item({ classification: 'conduct' }), item({ submittedAt: at('2026-10-20T09:00:00') })],
    from,
    to,
    now,
  );
  assert.deepEqual(r.received, { rules: 1, conduct: 1 });
});

test('5.2 counts handled-on-time and still-within-time items over everything handled or in progress', () => {
  const r = computeIndicators(
    [
      item({}),
      item({ timing: 'late', closedAt: at('2026-11-28T09:00:00') }),
      item({ state: 'in_progress', closedAt: null, timing: null, answerDueAt: at('2026-12-20T09:00:00') }),
      item({ state: 'in_progress', closedAt: null, timing: null, answerDueAt: at('2026-11-25T09:00:00') }),
      item({ state: 'merged', closedAt: at('2026-11-06T09:00:00'), timing: null }),
    ],
    from,
    to,
    now,
  );
  assert.deepEqual(r.handling, { onTime: 1, late: 1, withinTime: 1, overdue: 1, rate: 50 });
});

test('5.3: more dislikes than likes, lateness or a repeated complaint make an item unsatisfied', () => {
  const r = computeIndicators(
    [
      item({ likes: 2, dislikes: 1 }),
      item({ likes: 1, dislikes: 2 }),
      item({ timing: 'late' }),
      item({ reopenCount: 1 }),
      item({ likes: 0, dislikes: 0 }),
      item({ likes: 1, dislikes: 1 }),
    ],
    from,
    to,
    now,
  );
  assert.deepEqual(r.satisfaction, { received: 6, satisfied: 3, rate: 50 });
});

test('an empty period has no rate rather than 0 %', () => {
  const r = computeIndicators([], from, to, now);
  assert.equal(r.handling.rate, null);
  assert.equal(r.satisfaction.rate, null);
});
