/**
 * What each dossier action changes, once states.ts has checked state, role and readiness.
 * Pure: the instant `now` is given. Rules cite DOMAIN.md; see docs/dossiers.md.
 */
import type { DossierErrorCode } from './errors.ts';
import type {
  DecideResult,
  DossierAction,
  DossierRules,
  DossierSnapshot,
  DossierState,
  DossierStep,
  ResumeState,
  SupplementInterval,
} from './states.ts';

/** Names of what happened, for the outbox, notifications and the sync to the national portal. */
export type DossierEvent =
  | 'submitted'
  | 'received'
  | 'intake_refused'
  | 'supplement_requested'
  | 'clock_paused'
  | 'supplemented'
  | 'clock_resumed'
  | 'due_shifted'
  | 'step_assigned'
  | 'step_activated'
  | 'step_completed'
  | 'step_returned'
  | 'processing_started'
  | 'transferred'
  | 'transferred_back'
  | 'payment_requested'
  | 'payment_recorded'
  | 'payment_settled'
  | 'payment_exempted'
  | 'extended'
  | 'stopped'
  | 'withdrawn'
  | 'approved'
  | 'denied'
  | 'result_attached'
  | 'result_ready'
  | 'delivered';

const HOUR_MS = 3_600_000;
const blank = (text: string | undefined): boolean => (text ?? '').trim() === '';
const later = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);
const fail = (code: DossierErrorCode): DecideResult => ({ ok: false, code });

const defaultShiftDue = (dueAt: Date, pausedAt: Date, resumedAt: Date): Date =>
  new Date(dueAt.getTime() + Math.max(0, resumedAt.getTime() - pausedAt.getTime()));
const defaultStepDueAt = (startedAt: Date, hours: number): Date => new Date(startedAt.getTime() + hours * HOUR_MS);

/** Applies `action`; the caller has already checked state, role, agency and readiness. */
export function applyAction(s: DossierSnapshot, action: DossierAction, now: Date, rules: DossierRules): DecideResult {
  const stepDueAt = rules.stepDueAt ?? defaultStepDueAt;
  const events: DossierEvent[] = [];
  const done = (next: Partial<DossierSnapshot>, ...more: DossierEvent[]): DecideResult => ({
    ok: true,
    next: { ...s, ...next, lastActionAt: now },
    events: [...events, ...more],
  });
  /** The step at `index` becomes active: its own clock starts (§1.5, NgayHetHanBuocXuLy). */
  const activate = (steps: readonly DossierStep[], index: number): DossierStep[] =>
    steps.map((step, i) =>
      i === index
        ? { ...step, status: 'active', startedAt: now, dueAt: stepDueAt(now, step.budgetHours), completedAt: null }
        : step,
    );
  /** Done with the current step: the next one (if any) becomes active. */
  const advance = (): Pick<DossierSnapshot, 'steps' | 'currentStep'> => {
    const finished = s.steps.map(
      (step, i): DossierStep => (i === s.currentStep ? { ...step, status: 'done', completedAt: now } : step),
    );
    const next = s.currentStep + 1;
    events.push('step_completed');
    if (next < finished.length) events.push('step_activated');
    return { steps: next < finished.length ? activate(finished, next) : finished, currentStep: next };
  };
  /** Any work on the workflow moves a received dossier into processing (code 2 → 4). */
  const working = (): { state: DossierState } => {
    if (s.state === 'received') events.push('processing_started');
    return { state: 'in_progress' };
  };
  /** The dossier ends: the national index's end of processing is the first end (§1.5). */
  const finish = (): Pick<DossierSnapshot, 'finishedAt' | 'clockPausedAt' | 'supplementIntervals'> => ({
    finishedAt: s.finishedAt ?? now,
    clockPausedAt: null,
    supplementIntervals: closeIntervals(s.supplementIntervals, now),
  });

  switch (action.type) {
    case 'submit':
      return done({ state: 'submitted', submittedAt: now }, 'submitted');

    case 'receive': {
      const steps = action.steps.map(
        (plan): DossierStep => ({
          name: plan.name,
          role: plan.role,
          budgetHours: plan.budgetHours,
          status: 'pending',
          assigneeId: null,
          startedAt: null,
          dueAt: null,
          completedAt: null,
        }),
      );
      if (steps.length > 0) events.push('step_activated');
      // Mẫu 01 fixes the due date; it can never be before the moment of reception.
      const dueAt = later(action.dueAt, now);
      return done(
        {
          state: 'received',
          receivedAt: now,
          dueAt,
          steps: steps.length > 0 ? activate(steps, 0) : steps,
          currentStep: 0,
        },
        'received',
      );
    }

    case 'refuse_intake':
      // Mẫu 03 states the legal reason.
      if (blank(action.reason)) return fail('REASON_REQUIRED');
      return done({ state: 'intake_refused', resumeState: null, ...finish() }, 'intake_refused');

    case 'request_supplement': {
      // Circular 03/2025, Mẫu 02; §1.5 "hướng dẫn một lần, đầy đủ": every missing paper in one request.
      if (action.missingPapers.length === 0) return fail('SUPPLEMENT_LIST_EMPTY');
      if (action.missingPapers.some((p) => blank(p.name) || blank(p.reason))) return fail('SUPPLEMENT_ITEM_INCOMPLETE');
      const resumeState = resumeStateOf(s.state);
      const common = {
        state: 'awaiting_supplement' as const,
        resumeState,
        supplementRequests: s.supplementRequests + 1,
      };
      // Before reception there is no clock to stop.
      if (s.state === 'submitted') return done(common, 'supplement_requested');
      const intervals: SupplementInterval[] = [...s.supplementIntervals, { from: now, to: null }];
      return done(
        { ...common, clockPausedAt: now, supplementIntervals: intervals },
        'supplement_requested',
        'clock_paused',
      );
    }

    case 'supplement': {
      if (action.attachmentIds.length === 0) return fail('ATTACHMENTS_REQUIRED');
      const resumeState = s.resumeState ?? 'in_progress';
      const pausedAt = s.clockPausedAt;
      if (pausedAt === null || s.dueAt === null) {
        return done({ state: resumeState, resumeState: null }, 'supplemented');
      }
      // §1.5 [V: S1 GetNgayHenTraBoSung]: the due date moves by the time the clock stood still.
      const shift = (due: Date): Date => later((rules.shiftDue ?? defaultShiftDue)(due, pausedAt, now), due);
      const dueAt = shift(s.dueAt);
      const steps = s.steps.map((step) =>
        step.status === 'active' && step.dueAt ? { ...step, dueAt: shift(step.dueAt) } : step,
      );
      const moved: DossierEvent[] = dueAt.getTime() > s.dueAt.getTime() ? ['due_shifted'] : [];
      return done(
        {
          state: resumeState,
          resumeState: null,
          clockPausedAt: null,
          supplementIntervals: closeIntervals(s.supplementIntervals, now),
          dueAt,
          steps,
        },
        'supplemented',
        'clock_resumed',
        ...moved,
      );
    }

    case 'assign_step': {
      if (blank(action.assigneeId)) return fail('ASSIGNEE_REQUIRED');
      const steps = s.steps.map((step, i) =>
        i === action.stepIndex ? { ...step, assigneeId: action.assigneeId } : step,
      );
      return done({ ...working(), steps }, 'step_assigned');
    }

    case 'complete_step': {
      const moved = advance();
      // The last step done on a result issued at approval: the dossier has its result.
      if (moved.currentStep >= s.steps.length && s.approved && s.resultAttached) {
        return done({ state: 'result_ready', ...moved, ...finish() }, 'result_ready');
      }
      return done({ ...working(), ...moved });
    }

    case 'return_step': {
      // Sent back (trả lại bước trước): the previous step works again; any approval lapses.
      if (blank(action.reason)) return fail('REASON_REQUIRED');
      const back = action.stepIndex - 1;
      const reset = s.steps.map(
        (step, i): DossierStep =>
          i === action.stepIndex
            ? { ...step, status: 'pending', startedAt: null, dueAt: null, completedAt: null }
            : step,
      );
      return done(
        { steps: activate(reset, back), currentStep: back, approved: false },
        'step_returned',
        'step_activated',
      );
    }

    case 'transfer':
      // Liên thông (DOMAIN.md glossary): the national code stays 4.
      if (blank(action.toAgencyId)) return fail('AGENCY_REQUIRED');
      if (blank(action.reason)) return fail('REASON_REQUIRED');
      return done({ ...working(), heldByOtherAgency: action.toAgencyId }, 'transferred');

    case 'transfer_back':
      return done({ heldByOtherAgency: null }, 'transferred_back');

    case 'request_payment': {
      const total = action.items.reduce((sum, item) => sum + item.amount, 0);
      const wholes = [action.amount, ...action.items.map((item) => item.amount)].every((n) => Number.isSafeInteger(n));
      if (!wholes || action.amount <= 0 || (action.items.length > 0 && total !== action.amount)) {
        return fail('PAYMENT_AMOUNT_INVALID');
      }
      const payment = { paymentDue: true, paymentRequested: s.paymentRequested + action.amount };
      // Fees collected at hand-over ("thu sau") keep the result ready; otherwise code 6.
      if (s.state === 'result_ready') return done(payment, 'payment_requested');
      return done({ ...payment, state: 'awaiting_payment', resumeState: resumeStateOf(s.state) }, 'payment_requested');
    }

    case 'exempt_payment': {
      if (blank(action.reason)) return fail('REASON_REQUIRED');
      const settled = { paymentDue: false };
      if (s.state === 'result_ready') return done(settled, 'payment_exempted', 'payment_settled');
      return done(
        { ...settled, state: s.resumeState ?? 'in_progress', resumeState: null },
        'payment_exempted',
        'payment_settled',
      );
    }

    case 'record_payment': {
      if (!Number.isSafeInteger(action.amount) || action.amount <= 0) return fail('PAYMENT_AMOUNT_INVALID');
      if (blank(action.reference)) return fail('PAYMENT_REFERENCE_REQUIRED');
      const paymentPaid = s.paymentPaid + action.amount;
      if (paymentPaid < s.paymentRequested) return done({ paymentPaid }, 'payment_recorded');
      const settled = { paymentPaid, paymentDue: false };
      if (s.state === 'result_ready') return done(settled, 'payment_recorded', 'payment_settled');
      return done(
        { ...settled, state: s.resumeState ?? 'in_progress', resumeState: null },
        'payment_recorded',
        'payment_settled',
      );
    }

    case 'apologise_extend': {
      // §1.5 [M]: Mẫu 04 is issued before the due date, with the reason and a later date.
      if (blank(action.reason)) return fail('REASON_REQUIRED');
      const dueAt = s.dueAt;
      if (dueAt === null) return fail('DOSSIER_ACTION_NOT_ALLOWED');
      if (now.getTime() >= dueAt.getTime()) return fail('EXTENSION_AFTER_DUE');
      if (!(action.newDueAt.getTime() > dueAt.getTime())) return fail('EXTENSION_DATE_NOT_LATER');
      return done({ dueAt: action.newDueAt, extensions: s.extensions + 1 }, 'extended');
    }

    case 'extend_for_verification': {
      // §1.5: a legal extension, before the due date, with its reason, within what the law allows.
      if (blank(action.reason)) return fail('REASON_REQUIRED');
      const dueAt = s.dueAt;
      if (dueAt === null || action.newDueAt === undefined) return fail('DOSSIER_ACTION_NOT_ALLOWED');
      if (!action.allowedWorkingDays) return fail('VERIFICATION_EXTENSION_NOT_ALLOWED');
      if (!Number.isInteger(action.workingDays) || action.workingDays < 1)
        return fail('VERIFICATION_EXTENSION_TOO_LONG');
      if (action.workingDays > action.allowedWorkingDays) return fail('VERIFICATION_EXTENSION_TOO_LONG');
      if (now.getTime() >= dueAt.getTime()) return fail('EXTENSION_AFTER_DUE');
      if (!(action.newDueAt.getTime() > dueAt.getTime())) return fail('EXTENSION_DATE_NOT_LATER');
      return done({ dueAt: action.newDueAt }, 'extended');
    }

    case 'stop':
      // Mẫu 05: the notice states why processing stops.
      if (blank(action.reason)) return fail('REASON_REQUIRED');
      return done({ state: 'stopped', resumeState: null, ...finish() }, 'stopped');

    case 'withdraw':
      return done({ state: 'withdrawn', resumeState: null, ...finish() }, 'withdrawn');

    case 'approve': {
      const atLeaderStep = s.currentStep < s.steps.length;
      const moved: Partial<Pick<DossierSnapshot, 'steps' | 'currentStep'>> = atLeaderStep ? advance() : {};
      if (!action.result) return done({ ...working(), ...moved, approved: true }, 'approved');
      if (action.result.attachmentIds.length === 0) return fail('ATTACHMENTS_REQUIRED');
      const issued = { approved: true, resultAttached: true, resultElectronic: action.result.electronic };
      const allDone = (moved.currentStep ?? s.currentStep) >= s.steps.length;
      return allDone
        ? done(
            { state: 'result_ready', ...moved, ...issued, ...finish() },
            'approved',
            'result_attached',
            'result_ready',
          )
        : done({ ...working(), ...moved, ...issued }, 'approved', 'result_attached');
    }

    case 'deny':
      // Refusal to grant after appraisal: DOMAIN.md §1.2 code 8 "unresolved" (trả lại).
      if (blank(action.reason)) return fail('REASON_REQUIRED');
      return done({ state: 'stopped', resumeState: null, denied: true, ...finish() }, 'denied');

    case 'attach_result':
      if (action.attachmentIds.length === 0) return fail('ATTACHMENTS_REQUIRED');
      return done(
        { state: 'result_ready', resultAttached: true, resultElectronic: action.electronic, ...finish() },
        'result_attached',
        'result_ready',
      );

    case 'deliver':
      if (action.channel === 'post' && blank(action.trackingNumber)) return fail('TRACKING_NUMBER_REQUIRED');
      // QĐ 766 indicator 4.1: an electronic hand-over needs an electronic result.
      if (action.channel === 'electronic' && !s.resultElectronic) return fail('RESULT_NOT_ELECTRONIC');
      return done({ state: 'delivered', deliveredAt: now, deliveryChannel: action.channel }, 'delivered');
  }
}

/** Waiting states return to where the dossier was: before reception, received, or in processing. */
function resumeStateOf(state: DossierState): ResumeState {
  return state === 'submitted' || state === 'received' ? state : 'in_progress';
}

function closeIntervals(intervals: readonly SupplementInterval[], at: Date): SupplementInterval[] {
  return intervals.map((interval) => (interval.to === null ? { from: interval.from, to: at } : interval));
}
