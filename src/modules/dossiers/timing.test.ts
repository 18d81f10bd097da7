import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createCalendar } from '../../platform/calendar/index.ts';
import { type DossierAction, type DossierActor, type DossierSnapshot, decide, newDossierSnapshot } from './states.ts';
import { classifyTiming, countsAsOnTime, type TimingInput, timingInputOf } from './timing.ts';

/** An instant written in Vietnam time, e.g. `vn('2026-03-06 16:00')`. */
const vn = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+07:00`);
const HOUR = 3_600_000;

/** Received Monday 02/03/2026 08:00, due Friday 06/03/2026 16:00; report for March. */
function dossier(overrides: Partial<TimingInput> = {}): TimingInput {
  return {
    receivedAt: vn('2026-03-02 08:00'),
    dueAt: vn('2026-03-06 16:00'),
    finishedAt: null,
    supplementIntervals: [],
    supplementRequests: 0,
    periodEnd: vn('2026-03-31 23:59'),
    ...overrides,
  };
}

test('a dossier finished on a day before its due date counts as early', () => {
  assert.equal(classifyTiming(dossier({ finishedAt: vn('2026-03-05 16:59') })), 'early');
});

test('a dossier finished on its due date, by the due time, counts as on time', () => {
  assert.equal(classifyTiming(dossier({ finishedAt: vn('2026-03-06 09:00') })), 'onTime');
  assert.equal(classifyTiming(dossier({ finishedAt: vn('2026-03-06 16:00') })), 'onTime');
});

test('a dossier finished after its due time counts as late', () => {
  assert.equal(classifyTiming(dossier({ finishedAt: vn('2026-03-06 16:01') })), 'late');
});

test('the supplement waiting time is deducted from the end before comparing with the due date', () => {
  const supplemented = {
    supplementRequests: 1,
    supplementIntervals: [{ from: vn('2026-03-03 09:00'), to: vn('2026-03-05 09:00') }],
  };
  // Finished two days after the due date, but the applicant took two days to supplement.
  assert.equal(classifyTiming(dossier({ ...supplemented, finishedAt: vn('2026-03-08 15:00') })), 'onTime');
  assert.equal(classifyTiming(dossier({ ...supplemented, finishedAt: vn('2026-03-08 17:00') })), 'late');
});

test('a dossier waiting for supplementation counts as finished at the time of the request', () => {
  const waiting = dossier({ supplementRequests: 1, supplementIntervals: [{ from: vn('2026-03-04 10:00'), to: null }] });
  assert.equal(classifyTiming(waiting), 'early');
  const askedLate = dossier({
    supplementRequests: 1,
    supplementIntervals: [{ from: vn('2026-03-09 10:00'), to: null }],
  });
  assert.equal(classifyTiming(askedLate), 'late');
});

test('a dossier with two supplement requests counts as late even when finished before its due date', () => {
  const twice = dossier({
    finishedAt: vn('2026-03-04 10:00'),
    supplementRequests: 2,
    supplementIntervals: [
      { from: vn('2026-03-02 09:00'), to: vn('2026-03-02 10:00') },
      { from: vn('2026-03-03 09:00'), to: vn('2026-03-03 10:00') },
    ],
  });
  assert.equal(classifyTiming(twice), 'late');
});

test('a dossier still waiting after a second supplement request counts as late', () => {
  const waiting = dossier({
    supplementRequests: 2,
    supplementIntervals: [
      { from: vn('2026-03-02 09:00'), to: vn('2026-03-02 10:00') },
      { from: vn('2026-03-03 09:00'), to: null },
    ],
  });
  assert.equal(classifyTiming(waiting), 'late');
});

test('a dossier not finished by the end of the period is judged at the period end as in progress', () => {
  assert.equal(classifyTiming(dossier({ periodEnd: vn('2026-03-04 23:59') })), 'inProgressOnTime');
  assert.equal(classifyTiming(dossier({ periodEnd: vn('2026-03-31 23:59') })), 'inProgressLate');
});

test('a dossier finished after the period end counts as in progress for that period', () => {
  const input = dossier({ finishedAt: vn('2026-03-05 10:00'), periodEnd: vn('2026-03-04 23:59') });
  assert.equal(classifyTiming(input), 'inProgressOnTime');
});

test('without a due date, the time from reception minus supplement time is compared with the legal limit', () => {
  const noDue = { dueAt: null, legalLimitMs: 72 * HOUR };
  assert.equal(classifyTiming(dossier({ ...noDue, finishedAt: vn('2026-03-05 08:00') })), 'onTime');
  assert.equal(classifyTiming(dossier({ ...noDue, finishedAt: vn('2026-03-05 08:01') })), 'late');
  const supplemented = {
    supplementRequests: 1,
    supplementIntervals: [{ from: vn('2026-03-03 08:00'), to: vn('2026-03-04 08:00') }],
  };
  assert.equal(classifyTiming(dossier({ ...noDue, ...supplemented, finishedAt: vn('2026-03-06 08:00') })), 'onTime');
});

test('without a due date, the legal limit can be counted in working time', () => {
  const calendar = createCalendar();
  // 3 working days = 24 working hours: Thursday 05/03 08:00 → Tuesday 10/03 08:00, over the weekend.
  const input = dossier({
    receivedAt: vn('2026-03-05 08:00'),
    dueAt: null,
    legalLimitMs: 3 * calendar.workingDayMs,
    measure: (from, to) => calendar.workingMsBetween(from, to),
    finishedAt: vn('2026-03-10 08:00'),
  });
  assert.equal(classifyTiming(input), 'onTime');
  assert.equal(classifyTiming({ ...input, finishedAt: vn('2026-03-10 08:30') }), 'late');
});

test('a dossier with neither a due date nor a legal limit cannot be classified', () => {
  assert.throws(() => classifyTiming(dossier({ dueAt: null, finishedAt: vn('2026-03-05 08:00') })), RangeError);
});

test('early, on time and still within time count towards indicator 2.1', () => {
  assert.deepEqual(
    (['early', 'onTime', 'late', 'inProgressOnTime', 'inProgressLate'] as const).filter(countsAsOnTime),
    ['early', 'onTime', 'inProgressOnTime'],
  );
});

test('finishing later never improves the classification', () => {
  const rank = { early: 0, onTime: 1, inProgressOnTime: 1, late: 2, inProgressLate: 2 } as const;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (a, b) => {
      const [sooner, later] = a <= b ? [a, b] : [b, a];
      const at = (h: number) => dossier({ finishedAt: new Date(vn('2026-03-02 08:00').getTime() + h * HOUR) });
      assert.ok(rank[classifyTiming(at(sooner))] <= rank[classifyTiming(at(later))]);
    }),
  );
});

// ---- from a snapshot -------------------------------------------------------------------------

const receiver: DossierActor = { kind: 'staff', roles: ['receiver'], atHoldingAgency: true };
const specialist: DossierActor = { kind: 'staff', roles: ['specialist'], atHoldingAgency: true };
const leader: DossierActor = { kind: 'staff', roles: ['leader'], atHoldingAgency: true };
const citizen: DossierActor = { kind: 'citizen' };
function play(moves: Array<[DossierAction, DossierActor, Date]>): DossierSnapshot {
  let s = newDossierSnapshot();
  for (const [action, actor, when] of moves) {
    const result = decide(s, action, actor, when);
    if (!result.ok) assert.fail(`${action.type}: ${result.code}`);
    s = result.next;
  }
  return s;
}
const askForPapers: DossierAction = {
  type: 'request_supplement',
  missingPapers: [{ name: 'Tờ khai', reason: 'Thiếu chữ ký' }],
};

test('the first ending state counts: a result ready on time stays on time when delivered after the due date', () => {
  const s = play([
    [{ type: 'submit' }, citizen, vn('2026-03-02 07:30')],
    [{ type: 'receive', dueAt: vn('2026-03-06 16:00'), steps: [] }, receiver, vn('2026-03-02 08:00')],
    [{ type: 'approve' }, leader, vn('2026-03-05 10:00')],
    [{ type: 'attach_result', attachmentIds: ['kq'], electronic: true }, specialist, vn('2026-03-06 10:00')],
    [{ type: 'deliver', channel: 'counter' }, receiver, vn('2026-03-12 10:00')],
  ]);
  const input = timingInputOf(s, { periodEnd: vn('2026-03-31 23:59') });
  assert.ok(input);
  assert.equal(classifyTiming(input), 'onTime');
});

test('supplement requests before reception stop no clock and do not count towards lateness', () => {
  const s = play([
    [{ type: 'submit' }, citizen, vn('2026-03-02 07:30')],
    [askForPapers, receiver, vn('2026-03-02 08:00')],
    [{ type: 'supplement', attachmentIds: ['f'] }, citizen, vn('2026-03-03 08:00')],
    [{ type: 'receive', dueAt: vn('2026-03-09 16:00'), steps: [] }, receiver, vn('2026-03-03 09:00')],
    [askForPapers, receiver, vn('2026-03-04 09:00')],
  ]);
  assert.equal(s.supplementRequests, 2);
  const input = timingInputOf(s, { periodEnd: vn('2026-03-31 23:59') });
  assert.equal(input?.supplementRequests, 1);
  assert.ok(input);
  assert.equal(classifyTiming(input), 'early');
});

test('a dossier never received is not counted', () => {
  const refused = play([
    [{ type: 'submit' }, citizen, vn('2026-03-02 07:30')],
    [{ type: 'refuse_intake', reason: 'Không thuộc thẩm quyền' }, receiver, vn('2026-03-02 08:00')],
  ]);
  assert.equal(timingInputOf(refused, { periodEnd: vn('2026-03-31 23:59') }), null);
});
