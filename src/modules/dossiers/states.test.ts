import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { StaffRole } from '../../platform/auth/caller.ts';
import { createCalendar } from '../../platform/calendar/index.ts';
import { errorEntry } from '../../platform/errors.ts';
import { dossierErrorCodes } from './errors.ts';
import {
  allowedActions,
  type DossierAction,
  type DossierActionType,
  type DossierActor,
  type DossierRules,
  type DossierSnapshot,
  type DossierState,
  decide,
  defaultDossierRules,
  dossierPermissions,
  dossierStates,
  isTerminal,
  nationalStatusCode,
  nationalStatusString,
  newDossierSnapshot,
  type StepPlan,
  stateLabelForCitizen,
  stateLabelVi,
} from './states.ts';

// ---- fixtures -------------------------------------------------------------------------------

const HOUR = 3_600_000;
/** Monday 02/03/2026, 08:00 in Vietnam. */
const T0 = new Date('2026-03-02T01:00:00Z');
const at = (hours: number): Date => new Date(T0.getTime() + hours * HOUR);

const citizen: DossierActor = { kind: 'citizen' };
const system: DossierActor = { kind: 'system' };
const staff = (...roles: StaffRole[]): DossierActor => ({ kind: 'staff', roles, atHoldingAgency: true });
const receiver = staff('receiver');
const specialist = staff('specialist');
const leader = staff('leader');
const clerk = staff('clerk');

const plan: StepPlan[] = [
  { name: 'Thẩm định hồ sơ', role: 'specialist', budgetHours: 16 },
  { name: 'Phê duyệt kết quả', role: 'leader', budgetHours: 8 },
  { name: 'Vào sổ, phát hành', role: 'clerk', budgetHours: 4 },
];
const receive = (dueAt = at(40)): DossierAction => ({ type: 'receive', dueAt, steps: plan });
const askForPapers: DossierAction = {
  type: 'request_supplement',
  missingPapers: [{ name: 'Bản sao giấy khai sinh', reason: 'Bản đã nộp không rõ nét' }],
};

type Move = [DossierAction, DossierActor, Date?];
/** Applies the moves in order, one hour apart unless dated; fails the test on a refusal. */
function play(moves: Move[], from: DossierSnapshot = newDossierSnapshot(), rules?: DossierRules): DossierSnapshot {
  let s = from;
  let hour = 0;
  for (const [action, actor, when] of moves) {
    const result = decide(s, action, actor, when ?? at(hour++), rules);
    if (!result.ok) assert.fail(`${action.type} refused in ${s.state}: ${result.code}`);
    s = result.next;
  }
  return s;
}

const submitted = (): DossierSnapshot => play([[{ type: 'submit' }, citizen]]);
const received = (): DossierSnapshot => play([[receive(), receiver]], submitted());
const inProgress = (): DossierSnapshot => play([[{ type: 'complete_step', stepIndex: 0 }, specialist]], received());
const approved = (): DossierSnapshot =>
  play(
    [
      [{ type: 'approve' }, leader],
      [{ type: 'complete_step', stepIndex: 2 }, clerk],
    ],
    inProgress(),
  );
const resultReady = (electronic = false): DossierSnapshot =>
  play([[{ type: 'attach_result', attachmentIds: ['kq-1'], electronic }, clerk]], approved());

function refusal(s: DossierSnapshot, action: DossierAction, actor: DossierActor, now = at(5)): string {
  const result = decide(s, action, actor, now);
  return result.ok ? 'ok' : result.code;
}

// ---- vocabulary -----------------------------------------------------------------------------

describe('states and national status codes (DOMAIN.md §1.2)', () => {
  test('each state maps to the national status code and string of the DVCQG sync', () => {
    const expected: Record<DossierState, [number | null, string | null, string]> = {
      draft: [null, null, 'Hồ sơ nháp'],
      submitted: [1, 'receiving', 'Mới đăng ký'],
      received: [2, 'new', 'Được tiếp nhận'],
      intake_refused: [3, 'denied', 'Không được tiếp nhận'],
      in_progress: [4, 'processing', 'Đang xử lý'],
      awaiting_supplement: [5, 'waiting', 'Yêu cầu bổ sung giấy tờ'],
      awaiting_payment: [6, 'paying', 'Yêu cầu thực hiện nghĩa vụ tài chính'],
      withdrawn: [7, 'cancelled', 'Công dân yêu cầu rút hồ sơ'],
      stopped: [8, 'unresolved', 'Dừng xử lý'],
      result_ready: [9, 'releasing', 'Đã xử lý xong'],
      delivered: [10, 'done', 'Đã trả kết quả'],
    };
    for (const state of dossierStates) {
      assert.deepEqual([nationalStatusCode(state), nationalStatusString(state), stateLabelVi(state)], expected[state]);
    }
  });

  test('labels and error messages are Vietnamese in NFC', () => {
    for (const state of dossierStates) {
      for (const label of [stateLabelVi(state), stateLabelForCitizen(state)]) {
        assert.equal(label, label.normalize('NFC'));
      }
    }
    for (const code of dossierErrorCodes) {
      const entry = errorEntry(code);
      assert.ok(entry, `${code} is registered`);
      assert.equal(entry.vi, entry.vi.normalize('NFC'));
    }
  });
});

// ---- the rules, one by one ------------------------------------------------------------------

describe('lifecycle rules', () => {
  test('an online dossier goes from submission to delivery through reception, steps, approval and result', () => {
    const s = play([[{ type: 'deliver', channel: 'post', trackingNumber: 'EB123456789VN' }, receiver]], resultReady());
    assert.equal(s.state, 'delivered');
    assert.equal(s.deliveryChannel, 'post');
    assert.ok(s.steps.every((step) => step.status === 'done'));
  });

  test('a counter dossier is received straight from the draft the receiver entered', () => {
    assert.equal(play([[receive(), receiver]]).state, 'received');
  });

  test('reception starts the first step and its own due time', () => {
    const s = received();
    assert.equal(s.steps[0]?.status, 'active');
    assert.deepEqual(s.receivedAt, at(0));
    assert.deepEqual(s.steps[0]?.dueAt, at(16));
  });

  test('a supplement request must list every missing paper at once (Mẫu 02), so an empty list is refused', () => {
    assert.equal(
      refusal(inProgress(), { type: 'request_supplement', missingPapers: [] }, specialist),
      'SUPPLEMENT_LIST_EMPTY',
    );
    const noReason = { type: 'request_supplement', missingPapers: [{ name: 'Tờ khai', reason: ' ' }] } as const;
    assert.equal(refusal(inProgress(), noReason, specialist), 'SUPPLEMENT_ITEM_INCOMPLETE');
  });

  test('a supplement request after reception stops the clock and the supplement moves the due date by the pause', () => {
    const paused = play([[askForPapers, specialist, at(10)]], inProgress());
    assert.equal(paused.state, 'awaiting_supplement');
    assert.deepEqual(paused.clockPausedAt, at(10));
    const resumed = decide(paused, { type: 'supplement', attachmentIds: ['f1'] }, citizen, at(58));
    assert.ok(resumed.ok);
    assert.equal(resumed.next.state, 'in_progress');
    assert.equal(resumed.next.clockPausedAt, null);
    assert.deepEqual(resumed.next.dueAt, at(40 + 48));
    assert.deepEqual(resumed.next.supplementIntervals, [{ from: at(10), to: at(58) }]);
    assert.deepEqual(resumed.events, ['supplemented', 'clock_resumed', 'due_shifted']);
  });

  test('the due-date shift after a supplement can count working time through rules.shiftDue', () => {
    const calendar = createCalendar();
    const rules: DossierRules = { maxExtensions: 1, shiftDue: (d, p, r) => calendar.shiftDueAfterPause(d, p, r) };
    // Paused Friday 06/03 16:00, resumed Monday 09/03 07:00 (Vietnam time): one working hour
    // passed, so the due date Tuesday 10/03 16:00 becomes 17:00 (calendar time would add 63 h).
    const due = new Date('2026-03-10T09:00:00Z');
    const s = play(
      [[askForPapers, specialist, new Date('2026-03-06T09:00:00Z')]],
      play([[receive(due), receiver]], submitted()),
    );
    const resumed = decide(
      s,
      { type: 'supplement', attachmentIds: ['f1'] },
      citizen,
      new Date('2026-03-09T00:00:00Z'),
      rules,
    );
    assert.ok(resumed.ok);
    assert.deepEqual(resumed.next.dueAt, new Date('2026-03-10T10:00:00Z'));
  });

  test('a supplement request before reception stops no clock and the supplement returns the dossier to intake', () => {
    const s = play(
      [
        [askForPapers, receiver],
        [{ type: 'supplement', attachmentIds: ['f1'] }, citizen],
      ],
      submitted(),
    );
    assert.equal(s.state, 'submitted');
    assert.equal(s.supplementRequests, 1);
    assert.deepEqual(s.supplementIntervals, []);
  });

  test('intake may be refused only before reception, with a reason (Mẫu 03)', () => {
    assert.equal(refusal(submitted(), { type: 'refuse_intake', reason: '' }, receiver), 'REASON_REQUIRED');
    assert.equal(refusal(submitted(), { type: 'refuse_intake', reason: 'Không thuộc thẩm quyền' }, receiver), 'ok');
    const waitingAfterIntake = play([[askForPapers, specialist]], inProgress());
    assert.equal(
      refusal(waitingAfterIntake, { type: 'refuse_intake', reason: 'x' }, receiver),
      'DOSSIER_ACTION_NOT_ALLOWED',
    );
  });

  test('only the current step can be completed, by a holder of the step role', () => {
    assert.equal(refusal(received(), { type: 'complete_step', stepIndex: 1 }, leader), 'STEP_NOT_CURRENT');
    assert.equal(refusal(received(), { type: 'complete_step', stepIndex: 0 }, leader), 'DOSSIER_ROLE_NOT_ALLOWED');
    assert.equal(refusal(received(), { type: 'complete_step', stepIndex: 7 }, specialist), 'STEP_NOT_FOUND');
  });

  test('returning a step sends the dossier back to the previous step and cancels an approval', () => {
    const s = play([[{ type: 'approve' }, leader]], inProgress());
    const back = play([[{ type: 'return_step', stepIndex: 2, reason: 'Sai số văn bản' }, clerk]], s);
    assert.equal(back.currentStep, 1);
    assert.equal(back.approved, false);
    assert.equal(back.steps[2]?.status, 'pending');
    assert.equal(
      refusal(received(), { type: 'return_step', stepIndex: 0, reason: 'x' }, specialist),
      'DOSSIER_ACTION_NOT_ALLOWED',
    );
  });

  test('the result can be attached only once approved and every step is done', () => {
    const attach: DossierAction = { type: 'attach_result', attachmentIds: ['kq'], electronic: true };
    assert.equal(refusal(inProgress(), attach, clerk), 'RESULT_NOT_APPROVED');
    assert.equal(refusal(play([[{ type: 'approve' }, leader]], inProgress()), attach, clerk), 'STEPS_NOT_DONE');
    assert.equal(refusal(approved(), attach, clerk), 'ok');
  });

  test('a denial needs a reason and stops the dossier as unresolved (code 8)', () => {
    const atLeader = inProgress();
    assert.equal(refusal(atLeader, { type: 'deny', reason: '' }, leader), 'REASON_REQUIRED');
    const s = play([[{ type: 'deny', reason: 'Không đủ điều kiện cấp phép' }, leader]], atLeader);
    assert.equal(s.state, 'stopped');
    assert.equal(s.denied, true);
    assert.equal(refusal(received(), { type: 'approve' }, leader), 'DOSSIER_NOT_AWAITING_APPROVAL');
  });

  test('an apology with a new date is issued before the due date, with a reason, a later date and within the limit', () => {
    const extend = (hours: number): DossierAction => ({
      type: 'apologise_extend',
      reason: 'Chờ ý kiến',
      newDueAt: at(hours),
    });
    const s = inProgress();
    assert.equal(refusal(s, extend(30), specialist), 'EXTENSION_DATE_NOT_LATER');
    assert.equal(refusal(s, extend(80), specialist, at(40)), 'EXTENSION_AFTER_DUE');
    assert.equal(refusal(s, { type: 'apologise_extend', reason: '', newDueAt: at(80) }, specialist), 'REASON_REQUIRED');
    const once = play([[extend(80), specialist]], s);
    assert.deepEqual(once.dueAt, at(80));
    assert.equal(refusal(once, extend(90), leader), 'EXTENSION_LIMIT_REACHED');
    const twice = decide(once, extend(90), leader, at(10), { maxExtensions: 2 });
    assert.ok(twice.ok);
  });

  test('a post delivery needs a tracking number and an electronic one an electronic result', () => {
    assert.equal(refusal(resultReady(), { type: 'deliver', channel: 'post' }, receiver), 'TRACKING_NUMBER_REQUIRED');
    assert.equal(
      refusal(resultReady(false), { type: 'deliver', channel: 'electronic' }, system),
      'RESULT_NOT_ELECTRONIC',
    );
    assert.equal(refusal(resultReady(true), { type: 'deliver', channel: 'electronic' }, system), 'ok');
  });

  test('a requested fee holds the dossier in code 6 until paid in full, then processing resumes', () => {
    const request: DossierAction = {
      type: 'request_payment',
      amount: 150_000,
      items: [{ name: 'Lệ phí', amount: 150_000 }],
    };
    const mismatch: DossierAction = {
      type: 'request_payment',
      amount: 100,
      items: [{ name: 'Lệ phí', amount: 150_000 }],
    };
    assert.equal(refusal(inProgress(), mismatch, specialist), 'PAYMENT_AMOUNT_INVALID');
    const waiting = play([[request, specialist]], inProgress());
    assert.equal(waiting.state, 'awaiting_payment');
    const partly = play(
      [[{ type: 'record_payment', amount: 50_000, method: 'cash', reference: 'BL-1' }, receiver]],
      waiting,
    );
    assert.equal(partly.state, 'awaiting_payment');
    const paid = play(
      [[{ type: 'record_payment', amount: 100_000, method: 'online', reference: 'VNP-9' }, system]],
      partly,
    );
    assert.equal(paid.state, 'in_progress');
    assert.equal(paid.paymentDue, false);
  });

  test('a fee collected at hand-over keeps the result ready but blocks delivery until paid', () => {
    const request: DossierAction = { type: 'request_payment', amount: 20_000, items: [] };
    const s = play([[request, specialist]], resultReady());
    assert.equal(s.state, 'result_ready');
    assert.equal(refusal(s, { type: 'deliver', channel: 'counter' }, receiver), 'PAYMENT_OUTSTANDING');
    assert.equal(
      refusal(s, { type: 'record_payment', amount: 20_000, method: 'cash', reference: '' }, receiver),
      'PAYMENT_REFERENCE_REQUIRED',
    );
  });

  test('a transferred dossier is worked on by the other agency only to extend or send it back', () => {
    const out = play(
      [[{ type: 'transfer', toAgencyId: 'agency-b', reason: 'Lấy ý kiến Sở Xây dựng' }, specialist]],
      received(),
    );
    assert.equal(out.state, 'in_progress');
    assert.equal(refusal(out, { type: 'complete_step', stepIndex: 0 }, specialist), 'DOSSIER_HELD_BY_OTHER_AGENCY');
    assert.equal(
      refusal(out, { type: 'transfer', toAgencyId: 'c', reason: 'x' }, specialist),
      'DOSSIER_HELD_BY_OTHER_AGENCY',
    );
    const home = play([[{ type: 'transfer_back' }, leader]], out);
    assert.equal(home.heldByOtherAgency, null);
    assert.equal(refusal(home, { type: 'transfer_back' }, leader), 'DOSSIER_NOT_TRANSFERRED');
  });

  test('withdrawal is possible until the result is ready, and it stops a paused clock', () => {
    const paused = play([[askForPapers, specialist, at(10)]], inProgress());
    const s = play([[{ type: 'withdraw' }, citizen, at(20)]], paused);
    assert.equal(s.state, 'withdrawn');
    assert.equal(s.clockPausedAt, null);
    assert.deepEqual(s.supplementIntervals, [{ from: at(10), to: at(20) }]);
    assert.equal(refusal(resultReady(), { type: 'withdraw' }, citizen), 'DOSSIER_ACTION_NOT_ALLOWED');
  });

  test('an action dated before the previous one is read at the previous one’s time', () => {
    const s = decide(received(), { type: 'complete_step', stepIndex: 0 }, specialist, at(-100));
    assert.ok(s.ok);
    assert.deepEqual(s.next.lastActionAt, received().lastActionAt);
  });

  test('a refused action leaves the snapshot untouched', () => {
    const s = inProgress();
    const copy = structuredClone(s);
    decide(s, { type: 'deliver', channel: 'counter' }, receiver, at(3));
    assert.deepEqual(s, copy);
  });
});

// ---- role × action permission matrix --------------------------------------------------------

const actors: Record<string, DossierActor> = {
  citizen,
  receiver,
  specialist,
  leader,
  clerk,
  hotline_operator: staff('hotline_operator'),
  admin: staff('admin'),
  inspector: staff('inspector'),
  system,
};

interface MatrixRow {
  action: DossierAction;
  in: () => DossierSnapshot;
  allowed: string[];
  /** Rows about one payment method or delivery channel; allowedActions does not see those. */
  variant?: boolean;
}
const transferred = (): DossierSnapshot =>
  play([[{ type: 'transfer', toAgencyId: 'agency-b', reason: 'Liên thông' }, specialist]], received());
const paying = (): DossierSnapshot =>
  play([[{ type: 'request_payment', amount: 10_000, items: [] }, specialist]], inProgress());
const waitingAfterIntake = (): DossierSnapshot => play([[askForPapers, specialist]], inProgress());

const matrix: MatrixRow[] = [
  { action: { type: 'submit' }, in: newDossierSnapshot, allowed: ['citizen'] },
  { action: receive(at(400)), in: submitted, allowed: ['receiver'] },
  { action: { type: 'refuse_intake', reason: 'Sai thẩm quyền' }, in: submitted, allowed: ['receiver'] },
  { action: askForPapers, in: submitted, allowed: ['receiver'] },
  { action: askForPapers, in: inProgress, allowed: ['receiver', 'specialist'] },
  { action: { type: 'supplement', attachmentIds: ['f'] }, in: waitingAfterIntake, allowed: ['citizen', 'receiver'] },
  { action: { type: 'assign_step', stepIndex: 0, assigneeId: 'u1' }, in: received, allowed: ['specialist', 'leader'] },
  { action: { type: 'complete_step', stepIndex: 0 }, in: received, allowed: ['specialist'] },
  { action: { type: 'complete_step', stepIndex: 1 }, in: inProgress, allowed: ['leader'] },
  { action: { type: 'return_step', stepIndex: 1, reason: 'Bổ sung thẩm định' }, in: inProgress, allowed: ['leader'] },
  {
    action: { type: 'transfer', toAgencyId: 'b', reason: 'Liên thông' },
    in: inProgress,
    allowed: ['specialist', 'leader'],
  },
  { action: { type: 'transfer_back' }, in: transferred, allowed: ['specialist', 'leader'] },
  { action: { type: 'request_payment', amount: 5_000, items: [] }, in: inProgress, allowed: ['specialist'] },
  {
    action: { type: 'record_payment', amount: 10_000, method: 'online', reference: 'VNP' },
    in: paying,
    allowed: ['citizen', 'system'],
    variant: true,
  },
  {
    action: { type: 'record_payment', amount: 10_000, method: 'cash', reference: 'BL' },
    in: paying,
    allowed: ['receiver'],
    variant: true,
  },
  {
    action: { type: 'exempt_payment', reason: 'Trẻ em thuộc hộ nghèo' },
    in: paying,
    allowed: ['specialist', 'leader'],
  },
  {
    action: { type: 'apologise_extend', reason: 'Chờ liên thông', newDueAt: at(90) },
    in: inProgress,
    allowed: ['specialist', 'leader'],
  },
  {
    action: {
      type: 'extend_for_verification',
      reason: 'Cần xác minh tại nơi cư trú trước',
      workingDays: 2,
      allowedWorkingDays: 5,
      newDueAt: at(90),
    },
    in: inProgress,
    allowed: ['specialist', 'leader'],
  },
  {
    action: { type: 'stop', reason: 'Theo đề nghị của cơ quan thuế' },
    in: inProgress,
    allowed: ['specialist', 'leader'],
  },
  {
    action: { type: 'stop', reason: 'Quá hạn bổ sung' },
    in: waitingAfterIntake,
    allowed: ['specialist', 'leader', 'system'],
  },
  { action: { type: 'withdraw' }, in: inProgress, allowed: ['citizen', 'receiver'] },
  { action: { type: 'approve' }, in: inProgress, allowed: ['leader'] },
  { action: { type: 'deny', reason: 'Không đủ điều kiện' }, in: inProgress, allowed: ['leader'] },
  {
    action: { type: 'attach_result', attachmentIds: ['kq'], electronic: true },
    in: approved,
    allowed: ['receiver', 'specialist', 'clerk'],
  },
  { action: { type: 'deliver', channel: 'counter' }, in: resultReady, allowed: ['receiver'], variant: true },
  {
    action: { type: 'deliver', channel: 'electronic' },
    in: () => resultReady(true),
    allowed: ['receiver', 'system'],
    variant: true,
  },
];

describe('role × action permission matrix', () => {
  for (const row of matrix) {
    const s = row.in();
    test(`${row.action.type} in ${s.state} is open to ${row.allowed.join(', ')} only`, () => {
      for (const [name, actor] of Object.entries(actors)) {
        const expected = row.allowed.includes(name) ? 'ok' : 'DOSSIER_ROLE_NOT_ALLOWED';
        assert.equal(refusal(s, row.action, actor), expected, `${name} ${row.action.type}`);
        if (!row.variant && !('stepIndex' in row.action && row.action.stepIndex !== s.currentStep)) {
          assert.equal(allowedActions(s, actor).includes(row.action.type), expected === 'ok', `${name} menu`);
        }
      }
    });
  }

  test('every action type appears in the matrix', () => {
    const covered = new Set(matrix.map((row) => row.action.type));
    assert.deepEqual([...covered].sort(), Object.keys(dossierPermissions).sort());
  });

  test('staff of an agency that does not hold the dossier may do nothing to it', () => {
    for (const row of matrix) {
      for (const name of row.allowed) {
        const actor = actors[name];
        if (actor?.kind !== 'staff') continue;
        const elsewhere: DossierActor = { ...actor, atHoldingAgency: false };
        assert.equal(
          refusal(row.in(), row.action, elsewhere),
          'DOSSIER_NOT_AT_HOLDING_AGENCY',
          `${name} ${row.action.type}`,
        );
      }
    }
  });
});

// ---- model-based tests ----------------------------------------------------------------------

/** The transition table of docs/dossiers.md, written out independently of the code. */
const legalNext: Record<DossierState, readonly DossierState[]> = {
  draft: ['submitted', 'received'],
  submitted: ['received', 'intake_refused', 'awaiting_supplement', 'withdrawn'],
  received: ['received', 'in_progress', 'awaiting_supplement', 'awaiting_payment', 'stopped', 'withdrawn'],
  in_progress: ['in_progress', 'awaiting_supplement', 'awaiting_payment', 'stopped', 'withdrawn', 'result_ready'],
  awaiting_supplement: ['submitted', 'received', 'in_progress', 'intake_refused', 'stopped', 'withdrawn'],
  awaiting_payment: ['awaiting_payment', 'received', 'in_progress', 'stopped', 'withdrawn'],
  result_ready: ['result_ready', 'delivered'],
  intake_refused: [],
  withdrawn: [],
  stopped: [],
  delivered: [],
};
const finishedStates: readonly DossierState[] = ['intake_refused', 'withdrawn', 'stopped', 'result_ready', 'delivered'];

function checkStep(prev: DossierSnapshot, action: DossierAction, actor: DossierActor, now: Date, rules: DossierRules) {
  const before = structuredClone(prev);
  const result = decide(prev, action, actor, now, rules);
  assert.deepEqual(prev, before, 'decide never mutates its input');
  if (isTerminal(prev.state)) assert.equal(result.ok, false, `${prev.state} is terminal`);
  if (!result.ok) return prev;
  const s = result.next;
  const stepAt = 'stepIndex' in action ? action.stepIndex : prev.currentStep;
  if (stepAt === prev.currentStep) assert.ok(allowedActions(prev, actor, rules).includes(action.type), 'menu agrees');
  assert.ok(legalNext[prev.state].includes(s.state), `${prev.state} → ${s.state} by ${action.type}`);
  assert.equal(s.supplementRequests, prev.supplementRequests + (action.type === 'request_supplement' ? 1 : 0));
  assert.ok(s.extensions <= rules.maxExtensions);
  if (prev.dueAt) assert.ok(s.dueAt && s.dueAt.getTime() >= prev.dueAt.getTime(), 'the due date never moves back');
  const paused = s.state === 'awaiting_supplement' && s.resumeState !== 'submitted';
  assert.equal(s.clockPausedAt !== null, paused, 'the clock stops exactly while waiting for a supplement');
  assert.equal(s.supplementIntervals.filter((i) => i.to === null).length, paused ? 1 : 0);
  assert.equal(s.finishedAt !== null, finishedStates.includes(s.state), 'finishedAt marks the end of processing');
  assert.ok(s.currentStep >= 0 && s.currentStep <= s.steps.length);
  s.steps.forEach((step, i) => {
    const expected = i < s.currentStep ? 'done' : i === s.currentStep ? 'active' : 'pending';
    assert.equal(step.status, expected, `step ${i}`);
  });
  if (s.state === 'result_ready' || s.state === 'delivered') {
    assert.ok(s.approved && s.resultAttached && s.currentStep === s.steps.length);
  }
  if (s.state === 'delivered') assert.equal(s.paymentDue, false);
  if (s.state === 'awaiting_payment') assert.equal(s.paymentDue, true);
  const code = nationalStatusCode(s.state);
  assert.ok(s.state === 'draft' ? code === null : code !== null && code >= 1 && code <= 10);
  return s;
}

const text = fc.constantFrom('', '  ', 'Lý do đầy đủ');
const roleArb = fc.constantFrom<StaffRole>('receiver', 'specialist', 'leader', 'clerk', 'inspector');
const actorArb: fc.Arbitrary<DossierActor> = fc.oneof(
  fc.constant(citizen),
  fc.constant(system),
  fc.record({
    kind: fc.constant('staff' as const),
    roles: fc.uniqueArray(roleArb, { minLength: 1, maxLength: 3 }),
    atHoldingAgency: fc.oneof(
      { weight: 5, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
  }),
);
const planArb = fc.array(
  fc.record({ name: fc.constant('Bước'), role: roleArb, budgetHours: fc.integer({ min: 1, max: 40 }) }),
  { maxLength: 4 },
);
/** Actions whose dates are relative to the moment they are taken. */
type Recipe =
  | { type: 'receive'; dueIn: number; steps: StepPlan[] }
  | { type: 'extend'; by: number; reason: string }
  | DossierAction;
const recipeArb: fc.Arbitrary<Recipe> = fc.oneof(
  fc.constant({ type: 'submit' } as const),
  fc.record({ type: fc.constant('receive' as const), dueIn: fc.integer({ min: -4, max: 200 }), steps: planArb }),
  fc.record({ type: fc.constant('refuse_intake' as const), reason: text }),
  fc.record({
    type: fc.constant('request_supplement' as const),
    missingPapers: fc.array(fc.record({ name: text, reason: text }), { maxLength: 2 }),
  }),
  fc.record({ type: fc.constant('supplement' as const), attachmentIds: fc.array(fc.constant('f'), { maxLength: 1 }) }),
  fc.record({ type: fc.constant('assign_step' as const), stepIndex: fc.nat(4), assigneeId: text }),
  fc.record({ type: fc.constant('complete_step' as const), stepIndex: fc.nat(4) }),
  fc.record({ type: fc.constant('return_step' as const), stepIndex: fc.nat(4), reason: text }),
  fc.record({ type: fc.constant('transfer' as const), toAgencyId: text, reason: text }),
  fc.constant({ type: 'transfer_back' } as const),
  fc.record({
    type: fc.constant('request_payment' as const),
    amount: fc.integer({ min: -1, max: 3 }).map((n) => n * 10_000),
    items: fc.constant([]),
  }),
  fc.record({
    type: fc.constant('record_payment' as const),
    amount: fc.integer({ min: 0, max: 3 }).map((n) => n * 10_000),
    method: fc.constantFrom('online' as const, 'cash' as const, 'transfer' as const),
    reference: text,
  }),
  fc.record({ type: fc.constant('extend' as const), by: fc.integer({ min: -10, max: 100 }), reason: text }),
  fc.record({ type: fc.constant('stop' as const), reason: text }),
  fc.constant({ type: 'withdraw' } as const),
  fc.constant({ type: 'approve' } as const),
  fc.record({ type: fc.constant('deny' as const), reason: text }),
  fc.record({
    type: fc.constant('attach_result' as const),
    attachmentIds: fc.array(fc.constant('kq'), { maxLength: 1 }),
    electronic: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('deliver' as const),
    channel: fc.constantFrom('counter' as const, 'post' as const, 'electronic' as const),
    trackingNumber: fc.option(text, { nil: undefined }),
  }),
);
function cook(recipe: Recipe, s: DossierSnapshot, now: Date): DossierAction {
  if (recipe.type === 'receive' && 'dueIn' in recipe)
    return { type: 'receive', dueAt: new Date(now.getTime() + recipe.dueIn * HOUR), steps: recipe.steps };
  if (recipe.type === 'extend') {
    const due = s.dueAt ?? now;
    return { type: 'apologise_extend', reason: recipe.reason, newDueAt: new Date(due.getTime() + recipe.by * HOUR) };
  }
  return recipe;
}

/** A valid-looking action for each thing `actor` may do now: walks that reach every state. */
function candidates(s: DossierSnapshot, electronic: boolean): Array<[DossierAction, DossierActor]> {
  const out: Array<[DossierAction, DossierActor]> = [];
  const payload: Record<DossierActionType, (actor: DossierActor) => DossierAction> = {
    submit: () => ({ type: 'submit' }),
    receive: () => ({ type: 'receive', dueAt: at(10_000), steps: electronic ? plan : plan.slice(0, 2) }),
    refuse_intake: () => ({ type: 'refuse_intake', reason: 'Sai thẩm quyền' }),
    request_supplement: () => askForPapers,
    supplement: () => ({ type: 'supplement', attachmentIds: ['f'] }),
    assign_step: () => ({ type: 'assign_step', stepIndex: s.currentStep, assigneeId: 'u' }),
    complete_step: () => ({ type: 'complete_step', stepIndex: s.currentStep }),
    return_step: () => ({ type: 'return_step', stepIndex: s.currentStep, reason: 'Làm lại' }),
    transfer: () => ({ type: 'transfer', toAgencyId: 'b', reason: 'Liên thông' }),
    transfer_back: () => ({ type: 'transfer_back' }),
    request_payment: () => ({ type: 'request_payment', amount: 30_000, items: [] }),
    exempt_payment: () => ({ type: 'exempt_payment', reason: 'Trẻ em thuộc hộ nghèo' }),
    record_payment: (actor) => ({
      type: 'record_payment',
      amount: s.paymentRequested - s.paymentPaid,
      method: actor.kind === 'staff' ? 'cash' : 'online',
      reference: 'R',
    }),
    apologise_extend: () => ({
      type: 'apologise_extend',
      reason: 'Chậm',
      newDueAt: new Date((s.dueAt ?? T0).getTime() + 24 * HOUR),
    }),
    extend_for_verification: () => ({
      type: 'extend_for_verification',
      reason: 'Cần xác minh',
      workingDays: 1,
      allowedWorkingDays: 3,
      newDueAt: new Date((s.dueAt ?? T0).getTime() + 24 * HOUR),
    }),
    stop: () => ({ type: 'stop', reason: 'Dừng' }),
    withdraw: () => ({ type: 'withdraw' }),
    approve: () => ({ type: 'approve' }),
    deny: () => ({ type: 'deny', reason: 'Không đủ điều kiện' }),
    attach_result: () => ({ type: 'attach_result', attachmentIds: ['kq'], electronic }),
    deliver: (actor) => ({
      type: 'deliver',
      channel: actor.kind === 'system' ? 'electronic' : 'post',
      trackingNumber: 'EB1VN',
    }),
  };
  for (const actor of [citizen, system, receiver, specialist, leader, clerk]) {
    for (const type of allowedActions(s, actor)) out.push([payload[type](actor), actor]);
  }
  return out;
}

const exits: readonly DossierActionType[] = ['refuse_intake', 'stop', 'withdraw', 'deny'];

describe('model: random action sequences never reach an illegal state', () => {
  test('random actions by random actors keep every invariant', () => {
    const rules: DossierRules = { maxExtensions: 1 };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(recipeArb, actorArb, fc.integer({ min: 0, max: 72 * 60 })), { maxLength: 60 }),
        (moves) => {
          let s = newDossierSnapshot();
          let now = T0;
          for (const [recipe, actor, minutes] of moves) {
            now = new Date(now.getTime() + minutes * 60_000);
            s = checkStep(s, cook(recipe, s, now), actor, now, rules);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  test('guided walks through allowed actions keep every invariant and visit all eleven states', () => {
    const seen = new Set<DossierState>();
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: 5, maxLength: 40 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 }),
        (choices, electronic, maxExtensions) => {
          const rules: DossierRules = { ...defaultDossierRules, maxExtensions };
          let s = newDossierSnapshot();
          seen.add(s.state);
          choices.forEach((choice, i) => {
            // Mostly avoid the exits (stop, withdraw, …) so that walks also get to the end.
            const all = candidates(s, electronic);
            const onward = all.filter(([action]) => !exits.includes(action.type));
            const options = choice % 5 === 0 || onward.length === 0 ? all : onward;
            const picked = options[Math.floor(choice / 5) % Math.max(1, options.length)];
            if (!picked) return;
            s = checkStep(s, picked[0], picked[1], at(i * 3), rules);
            seen.add(s.state);
          });
        },
      ),
      { numRuns: 500, seed: 20260302 },
    );
    assert.deepEqual([...seen].sort(), [...dossierStates].sort());
  });
});
