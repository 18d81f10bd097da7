/**
 * The dossier lifecycle as a pure state machine (DOMAIN.md §1.2, §1.5; docs/dossiers.md).
 * No clock and no storage: the caller passes the snapshot, the action, who acts and when.
 * This file holds the vocabulary (states, national codes, labels, actions, the snapshot) and
 * who may do what; transitions.ts holds what each action changes.
 */
import type { StaffRole } from '../../platform/auth/caller.ts';
import './errors.ts';
import type { DossierErrorCode } from './errors.ts';
import { applyAction, type DossierEvent } from './transitions.ts';

// ---- states and the national codes -----------------------------------------------------

export const dossierStates = [
  'draft',
  'submitted',
  'received',
  'intake_refused',
  'in_progress',
  'awaiting_supplement',
  'awaiting_payment',
  'withdrawn',
  'stopped',
  'result_ready',
  'delivered',
] as const;
export type DossierState = (typeof dossierStates)[number];

/** No action leaves these (DOMAIN.md §1.2: codes 3, 7, 8, 10 end the dossier). */
const terminalStates: readonly DossierState[] = ['intake_refused', 'withdrawn', 'stopped', 'delivered'];
export const isTerminal = (state: DossierState): boolean => terminalStates.includes(state);

export type NationalStatusString =
  | 'receiving'
  | 'new'
  | 'denied'
  | 'processing'
  | 'waiting'
  | 'paying'
  | 'cancelled'
  | 'unresolved'
  | 'releasing'
  | 'done';

interface StateFacts {
  /** `TrangThaiHoSo` pushed to the national portal; a draft is never synced. */
  code: number | null;
  string: NationalStatusString | null;
  /** The national label, as staff and reports show it. */
  vi: string;
  /** What the applicant reads on the portal and in notifications. */
  citizen: string;
}

// DOMAIN.md §1.2 [V: S1 HoSoEventUtils, FormatTrangThaiHoSoDVCQG]. We push the true code;
// never S1's rewrite of 5/6/8 to 9. Inter-agency transfer keeps 4 (S1's 0 is unexplained).
const stateFacts: Record<DossierState, StateFacts> = {
  draft: { code: null, string: null, vi: 'Hồ sơ nháp', citizen: 'Chưa nộp' },
  submitted: { code: 1, string: 'receiving', vi: 'Mới đăng ký', citizen: 'Đã gửi, đang chờ tiếp nhận' },
  received: { code: 2, string: 'new', vi: 'Được tiếp nhận', citizen: 'Đã được tiếp nhận' },
  intake_refused: { code: 3, string: 'denied', vi: 'Không được tiếp nhận', citizen: 'Không được tiếp nhận' },
  in_progress: { code: 4, string: 'processing', vi: 'Đang xử lý', citizen: 'Đang được giải quyết' },
  awaiting_supplement: {
    code: 5,
    string: 'waiting',
    vi: 'Yêu cầu bổ sung giấy tờ',
    citizen: 'Cần bổ sung, hoàn thiện giấy tờ',
  },
  awaiting_payment: {
    code: 6,
    string: 'paying',
    vi: 'Yêu cầu thực hiện nghĩa vụ tài chính',
    citizen: 'Chờ nộp phí, lệ phí',
  },
  withdrawn: { code: 7, string: 'cancelled', vi: 'Công dân yêu cầu rút hồ sơ', citizen: 'Đã rút hồ sơ' },
  stopped: { code: 8, string: 'unresolved', vi: 'Dừng xử lý', citizen: 'Đã dừng giải quyết' },
  result_ready: { code: 9, string: 'releasing', vi: 'Đã xử lý xong', citizen: 'Đã có kết quả, chờ nhận' },
  delivered: { code: 10, string: 'done', vi: 'Đã trả kết quả', citizen: 'Đã nhận kết quả' },
};

export const nationalStatusCode = (state: DossierState): number | null => stateFacts[state].code;
export const nationalStatusString = (state: DossierState): NationalStatusString | null => stateFacts[state].string;
export const stateLabelVi = (state: DossierState): string => stateFacts[state].vi;
export const stateLabelForCitizen = (state: DossierState): string => stateFacts[state].citizen;

// ---- actions ------------------------------------------------------------------------------

/** One paper the applicant must add or correct (Circular 03/2025, Mẫu 02). */
interface MissingPaper {
  paperId?: string;
  name: string;
  reason: string;
}
interface PaymentItem {
  name: string;
  /** Đồng, a whole number. */
  amount: number;
}
/** DOMAIN.md §1.2 [V: S1]: trực tuyến, tiền mặt, chuyển khoản. */
type PaymentMethod = 'online' | 'cash' | 'transfer';
type DeliveryChannel = 'counter' | 'post' | 'electronic';

/** A workflow step as the process template gives it; copied into the dossier at reception. */
export interface StepPlan {
  name: string;
  /** Who works on the step: specialist (thẩm định), leader (phê duyệt), clerk (vào sổ), … */
  role: StaffRole;
  /** The step's own time budget in hours (8 h = 1 working day, DOMAIN.md §1.5). */
  budgetHours: number;
}

export type DossierAction =
  | { type: 'submit' }
  /** Reception fixes the due date (Mẫu 01) and the workflow; the service computes both. */
  | { type: 'receive'; dueAt: Date; steps: readonly StepPlan[] }
  | { type: 'refuse_intake'; reason: string }
  | { type: 'request_supplement'; missingPapers: readonly MissingPaper[]; note?: string }
  | { type: 'supplement'; attachmentIds: readonly string[] }
  | { type: 'assign_step'; stepIndex: number; assigneeId: string }
  | { type: 'complete_step'; stepIndex: number; note?: string }
  | { type: 'return_step'; stepIndex: number; reason: string }
  | { type: 'transfer'; toAgencyId: string; reason: string }
  | { type: 'transfer_back' }
  | { type: 'request_payment'; amount: number; items: readonly PaymentItem[] }
  | { type: 'record_payment'; amount: number; method: PaymentMethod; reference: string }
  /**
   * Miễn phí, lệ phí: an authorised officer finds the applicant in one of the procedure's
   * exemption cases after asking for the fee, and says why; nothing is owed any more.
   */
  | { type: 'exempt_payment'; reason: string }
  | { type: 'apologise_extend'; reason: string; newDueAt: Date }
  /**
   * A legal extension, not an apology (DOMAIN.md §1.5): a same-day procedure may take more
   * working days when verification is needed (marriage up to 5, death up to 3, certified copies
   * up to 2). The service fills what is still allowed and the new due date from the calendar.
   */
  | {
      type: 'extend_for_verification';
      reason: string;
      workingDays: number;
      allowedWorkingDays?: number;
      newDueAt?: Date;
    }
  | { type: 'stop'; reason: string }
  | { type: 'withdraw'; reason?: string }
  /**
   * The leader's decision. With `result`, approving issues the draft result in the same act
   * (issue 13.11: approve and sign in one step): the named files are the result the applicant
   * receives, sealed on request; the dossier has its result once the steps are done.
   */
  | { type: 'approve'; result?: { attachmentIds: readonly string[]; electronic: boolean } }
  | { type: 'deny'; reason: string }
  | { type: 'attach_result'; attachmentIds: readonly string[]; electronic: boolean }
  | { type: 'deliver'; channel: DeliveryChannel; trackingNumber?: string };
export type DossierActionType = DossierAction['type'];

/**
 * What a caller asks for (API, pages, CLI, other use cases). It is the machine's action except
 * for reception, which carries nothing: the service computes the due date and copies the steps
 * (actions.ts), then hands `decide` the full `receive` action.
 */
export type DossierCommand = Exclude<DossierAction, { type: 'receive' }> | { type: 'receive' };

/**
 * Who acts. `citizen` is the dossier's applicant (the service checks that); a staff member's
 * `atHoldingAgency` says whether they work at the agency that holds the dossier now.
 */
export type DossierActor =
  | { kind: 'citizen' }
  | { kind: 'staff'; roles: readonly StaffRole[]; atHoldingAgency: boolean }
  | { kind: 'system' };

// ---- the snapshot ------------------------------------------------------------------------

type StepStatus = 'pending' | 'active' | 'done';
export interface DossierStep extends StepPlan {
  status: StepStatus;
  assigneeId: string | null;
  startedAt: Date | null;
  /** Start + the step's budget (rules.stepDueAt); shifts with the dossier's clock stops. */
  dueAt: Date | null;
  completedAt: Date | null;
}
/** A stop of the clock for supplementation after reception (§1.5); `to` null while waiting. */
export interface SupplementInterval {
  from: Date;
  to: Date | null;
}
/** Where awaiting_supplement / awaiting_payment go back to. */
export type ResumeState = 'submitted' | 'received' | 'in_progress';

/** Everything the machine needs, folded from the dossier's actions. Immutable: decide returns a new one. */
export interface DossierSnapshot {
  readonly state: DossierState;
  readonly resumeState: ResumeState | null;
  readonly steps: readonly DossierStep[];
  /** The active step's index; `steps.length` once every step is done. */
  readonly currentStep: number;
  readonly submittedAt: Date | null;
  readonly receivedAt: Date | null;
  /** Ngày hẹn trả. Set at reception; moves only later (supplement shift, extension). */
  readonly dueAt: Date | null;
  /** Set while the clock is stopped for a supplement requested after reception. */
  readonly clockPausedAt: Date | null;
  /** Every request ever made, before and after reception (§1.6 index 3). */
  readonly supplementRequests: number;
  readonly supplementIntervals: readonly SupplementInterval[];
  /** Apologies with a new due date (Mẫu 04) issued so far. */
  readonly extensions: number;
  readonly paymentDue: boolean;
  readonly paymentRequested: number;
  readonly paymentPaid: number;
  readonly approved: boolean;
  /** Stopped because the leader refused to grant the request (deny), not by a plain stop. */
  readonly denied: boolean;
  readonly resultAttached: boolean;
  readonly resultElectronic: boolean;
  /** The agency the dossier was transferred to (liên thông); null when at home. */
  readonly heldByOtherAgency: string | null;
  /** End of processing for the national index: first of result_ready > stopped/refused/withdrawn. */
  readonly finishedAt: Date | null;
  readonly deliveredAt: Date | null;
  readonly deliveryChannel: DeliveryChannel | null;
  /** Time never runs backwards in a dossier: an earlier `now` is read as this instant. */
  readonly lastActionAt: Date | null;
}

/** A new dossier: a draft, or already submitted when it arrives from the national portal. */
export function newDossierSnapshot(options: { submittedAt?: Date } = {}): DossierSnapshot {
  const submittedAt = options.submittedAt ?? null;
  return {
    state: submittedAt ? 'submitted' : 'draft',
    resumeState: null,
    steps: [],
    currentStep: 0,
    submittedAt,
    receivedAt: null,
    dueAt: null,
    clockPausedAt: null,
    supplementRequests: 0,
    supplementIntervals: [],
    extensions: 0,
    paymentDue: false,
    paymentRequested: 0,
    paymentPaid: 0,
    approved: false,
    denied: false,
    resultAttached: false,
    resultElectronic: false,
    heldByOtherAgency: null,
    finishedAt: null,
    deliveredAt: null,
    deliveryChannel: null,
    lastActionAt: submittedAt,
  };
}

// ---- rules ---------------------------------------------------------------------------------

export interface DossierRules {
  /** Apologies with a new date allowed per dossier; §1.5 recalls "once" [M], so configurable. */
  maxExtensions: number;
  /**
   * New due date after a supplement (§1.5, S1 GetNgayHenTraBoSung). Pass
   * `calendar.shiftDueAfterPause` to count working time; the default adds the elapsed time.
   */
  shiftDue?: (dueAt: Date, pausedAt: Date, resumedAt: Date) => Date;
  /** A step's due time from its start (§1.5); pass `calendar.addWorkingHours`. Default: elapsed hours. */
  stepDueAt?: (startedAt: Date, budgetHours: number) => Date;
}
export const defaultDossierRules: DossierRules = { maxExtensions: 1 };

export type DecideResult =
  | { ok: true; next: DossierSnapshot; events: DossierEvent[] }
  | { ok: false; code: DossierErrorCode };

// ---- who may do what ----------------------------------------------------------------------

/** `stepRole`: a staff member holding the role of the step the action is about. */
type PermissionHolder = 'citizen' | 'system' | 'stepRole' | StaffRole;
export interface Permission {
  who: readonly PermissionHolder[];
  from: readonly DossierState[];
}

const processing: DossierState[] = ['received', 'in_progress'];
const open: DossierState[] = ['submitted', 'received', 'in_progress', 'awaiting_supplement', 'awaiting_payment'];

/** The role × action table of docs/dossiers.md. Further conditions are in `readiness` below. */
export const dossierPermissions: Record<DossierActionType, readonly Permission[]> = {
  submit: [{ who: ['citizen'], from: ['draft'] }],
  // At the counter the receiver enters the draft and receives it at once.
  receive: [{ who: ['receiver'], from: ['draft', 'submitted'] }],
  refuse_intake: [{ who: ['receiver'], from: ['submitted', 'awaiting_supplement'] }],
  request_supplement: [
    { who: ['receiver'], from: ['submitted', ...processing] },
    { who: ['specialist'], from: processing },
  ],
  // The receiver takes supplemented papers at the counter on the applicant's behalf.
  supplement: [{ who: ['citizen', 'receiver'], from: ['awaiting_supplement'] }],
  assign_step: [{ who: ['leader', 'stepRole'], from: processing }],
  complete_step: [{ who: ['stepRole'], from: processing }],
  return_step: [{ who: ['stepRole'], from: ['in_progress'] }],
  transfer: [{ who: ['specialist', 'leader'], from: processing }],
  transfer_back: [{ who: ['specialist', 'leader'], from: ['in_progress'] }],
  request_payment: [{ who: ['specialist'], from: [...processing, 'result_ready'] }],
  // Online payments are confirmed by the gateway's callback, which runs as the system.
  record_payment: [{ who: ['citizen', 'system', 'receiver'], from: ['awaiting_payment', 'result_ready'] }],
  // Those who ask for the fee (the specialist) and their leader may find an exemption case.
  exempt_payment: [{ who: ['specialist', 'leader'], from: ['awaiting_payment', 'result_ready'] }],
  apologise_extend: [{ who: ['specialist', 'leader'], from: [...processing, 'awaiting_payment'] }],
  extend_for_verification: [{ who: ['specialist', 'leader'], from: processing }],
  stop: [
    { who: ['specialist', 'leader'], from: [...processing, 'awaiting_supplement', 'awaiting_payment'] },
    // The sweep of dossiers abandoned while waiting on the applicant.
    { who: ['system'], from: ['awaiting_supplement', 'awaiting_payment'] },
  ],
  // The receiver records a withdrawal the applicant asks for in writing at the counter.
  withdraw: [{ who: ['citizen', 'receiver'], from: open }],
  approve: [{ who: ['leader'], from: processing }],
  deny: [{ who: ['leader'], from: processing }],
  attach_result: [{ who: ['clerk', 'specialist', 'receiver'], from: processing }],
  deliver: [{ who: ['receiver', 'system'], from: ['result_ready'] }],
};

/** Payment methods and delivery channels each kind of actor may use. */
const methodHolders: Record<PaymentMethod, readonly PermissionHolder[]> = {
  online: ['citizen', 'system'],
  cash: ['receiver'],
  transfer: ['receiver'],
};
const channelHolders: Record<DeliveryChannel, readonly PermissionHolder[]> = {
  counter: ['receiver'],
  post: ['receiver'],
  electronic: ['receiver', 'system'],
};

function holds(who: readonly PermissionHolder[], actor: DossierActor, stepRole: StaffRole | undefined): boolean {
  if (actor.kind !== 'staff') return who.includes(actor.kind);
  return actor.roles.some((role) => who.includes(role) || (who.includes('stepRole') && role === stepRole));
}

const stepActions: readonly DossierActionType[] = ['assign_step', 'complete_step', 'return_step'];
// Liên thông: the other agency works in its own system; here it may only extend or send back.
const allowedWhileTransferred: readonly DossierActionType[] = ['transfer_back', 'apologise_extend', 'withdraw'];

/** Conditions on the snapshot beyond state and role; null when the action may go ahead. */
function readiness(
  s: DossierSnapshot,
  type: DossierActionType,
  stepIndex: number,
  rules: DossierRules,
): DossierErrorCode | null {
  if (s.heldByOtherAgency !== null && !allowedWhileTransferred.includes(type)) return 'DOSSIER_HELD_BY_OTHER_AGENCY';
  const allDone = s.currentStep >= s.steps.length;
  const current = s.steps[s.currentStep];
  switch (type) {
    case 'refuse_intake':
      return s.state === 'awaiting_supplement' && s.resumeState !== 'submitted' ? 'DOSSIER_ACTION_NOT_ALLOWED' : null;
    case 'assign_step':
      return stepIndex < s.currentStep ? 'STEP_ALREADY_DONE' : null;
    case 'complete_step':
      return stepIndex !== s.currentStep ? 'STEP_NOT_CURRENT' : null;
    case 'return_step':
      if (stepIndex !== s.currentStep) return 'STEP_NOT_CURRENT';
      return stepIndex === 0 ? 'STEP_CANNOT_RETURN' : null;
    case 'transfer_back':
      return s.heldByOtherAgency === null ? 'DOSSIER_NOT_TRANSFERRED' : null;
    case 'approve':
    case 'deny':
      if (s.approved) return 'DOSSIER_ALREADY_APPROVED';
      // The leader decides at a leader step (trình ký → phê duyệt), or once every step is done.
      return allDone || current?.role === 'leader' ? null : 'DOSSIER_NOT_AWAITING_APPROVAL';
    case 'attach_result':
      if (!s.approved) return 'RESULT_NOT_APPROVED';
      // Issued with the approval already: nothing left to issue.
      if (s.resultAttached) return 'DOSSIER_ACTION_NOT_ALLOWED';
      return allDone ? null : 'STEPS_NOT_DONE';
    case 'request_payment':
    case 'deliver':
      return s.paymentDue ? 'PAYMENT_OUTSTANDING' : null;
    case 'record_payment':
    case 'exempt_payment':
      return s.paymentDue ? null : 'PAYMENT_NOT_DUE';
    case 'apologise_extend':
      return s.extensions >= rules.maxExtensions ? 'EXTENSION_LIMIT_REACHED' : null;
    default:
      return null;
  }
}

/** Everything that does not depend on the action's payload or on the time. */
function precheck(
  s: DossierSnapshot,
  type: DossierActionType,
  actor: DossierActor,
  stepIndex: number,
  rules: DossierRules,
): DossierErrorCode | null {
  const permissions = dossierPermissions[type];
  if (!permissions.some((p) => p.from.includes(s.state))) return 'DOSSIER_ACTION_NOT_ALLOWED';
  const isStepAction = stepActions.includes(type);
  const step = s.steps[stepIndex];
  if (isStepAction && (!Number.isInteger(stepIndex) || step === undefined)) return 'STEP_NOT_FOUND';
  // Someone may do this now, but not this actor (e.g. a specialist before reception).
  if (!permissions.some((p) => p.from.includes(s.state) && holds(p.who, actor, step?.role))) {
    return 'DOSSIER_ROLE_NOT_ALLOWED';
  }
  if (actor.kind === 'staff' && !actor.atHoldingAgency) return 'DOSSIER_NOT_AT_HOLDING_AGENCY';
  return readiness(s, type, stepIndex, rules);
}

function variantCheck(action: DossierAction, actor: DossierActor): DossierErrorCode | null {
  const who =
    action.type === 'record_payment'
      ? methodHolders[action.method]
      : action.type === 'deliver'
        ? channelHolders[action.channel]
        : null;
  if (who === null) return null;
  return holds(who, actor, undefined) ? null : 'DOSSIER_ROLE_NOT_ALLOWED';
}

/**
 * The actions `actor` may attempt now, for buttons and menus. Step actions are about the
 * current step. Checks that need the payload or the time (a reason, the due date not yet
 * passed, a payment method) are left to `decide`.
 */
export function allowedActions(
  snapshot: DossierSnapshot,
  actor: DossierActor,
  rules: DossierRules = defaultDossierRules,
): DossierActionType[] {
  const types = Object.keys(dossierPermissions) as DossierActionType[];
  return types.filter((type) => precheck(snapshot, type, actor, snapshot.currentStep, rules) === null);
}

// ---- files ---------------------------------------------------------------------------------

/**
 * What a file added to a dossier is for. `signedResult`: a result to be sealed on upload with
 * the competent agency's certificate.
 */
export type FilePurpose = 'paper' | 'result' | 'signedResult';

/**
 * A file is always the input of an action: a paper is filed, taken in at the counter or while
 * working a step, or supplemented; a result is prepared for the leader's approval or issued.
 * So adding one goes through the role × action table (docs/dossiers.md): only someone who may
 * take one of these actions now may add it, and only the one who may issue the result may ask
 * for the seal. No action leaves a terminal state, so nothing is added to a finished dossier.
 */
const fileActions: Record<FilePurpose, readonly DossierActionType[]> = {
  paper: ['submit', 'receive', 'supplement', 'complete_step'],
  result: ['approve', 'attach_result'],
  signedResult: ['attach_result'],
};

/** Whether `actor` may add a file for `purpose` to the dossier now (the current step's role counts). */
export function mayAddFile(
  snapshot: DossierSnapshot,
  actor: DossierActor,
  purpose: FilePurpose,
  rules: DossierRules = defaultDossierRules,
): boolean {
  if (isTerminal(snapshot.state)) return false;
  // The specialist drafts the result at their step, for the leader to approve (issue 13.11).
  const drafting =
    purpose === 'result' &&
    snapshot.steps[snapshot.currentStep]?.role === 'specialist' &&
    precheck(snapshot, 'complete_step', actor, snapshot.currentStep, rules) === null;
  return (
    drafting ||
    fileActions[purpose].some((type) => precheck(snapshot, type, actor, snapshot.currentStep, rules) === null)
  );
}

/** Applies one action, or says with a stable code why it may not be taken. Never throws. */
export function decide(
  snapshot: DossierSnapshot,
  action: DossierAction,
  actor: DossierActor,
  now: Date,
  rules: DossierRules = defaultDossierRules,
): DecideResult {
  const stepIndex = 'stepIndex' in action ? action.stepIndex : snapshot.currentStep;
  const refused = precheck(snapshot, action.type, actor, stepIndex, rules) ?? variantCheck(action, actor);
  if (refused) return { ok: false, code: refused };
  const last = snapshot.lastActionAt;
  const at = last && now.getTime() < last.getTime() ? last : now;
  return applyAction(snapshot, action, at, rules);
}
