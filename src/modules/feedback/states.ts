/**
 * The PAKN lifecycle as a pure state machine (DOMAIN.md §8.2): states, actions, and who may
 * take each action. No clock and no storage: the service passes the item's facts, the actor
 * and, for a reopening, the end of the reopening window.
 */
import type { StaffRole } from '../../platform/auth/caller.ts';
import type { FeedbackErrorCode } from './errors.ts';
import type { FeedbackClassification } from './schema.ts';

export const feedbackStates = [
  'received',
  'in_progress',
  'awaiting_info',
  'answer_drafted',
  'refused',
  'answered',
  'published',
  'merged',
] as const;
export type FeedbackState = (typeof feedbackStates)[number];

export const isFeedbackState = (value: string): value is FeedbackState =>
  (feedbackStates as readonly string[]).includes(value);

/** mySociety's extended Open311 statuses (servicerequestupdates). */
export type Open311ExtendedStatus =
  | 'open'
  | 'investigating'
  | 'action_scheduled'
  | 'in_progress'
  | 'not_councils_responsibility'
  | 'closed'
  | 'duplicate'
  | 'internal_referral'
  | 'reopen';

interface StateFacts {
  /**
   * Staff label in plain Vietnamese (issue 13.13: "Đang xử lý", "Đã trả lời"), not the DVCQG
   * jargon ("Xử lý ở địa phương", "PAKN chờ công khai"); the national statuses map by state.
   */
  vi: string;
  /** What the sender reads. */
  citizen: string;
  /** GeoReport v2 `status`. */
  open311: 'open' | 'closed';
  extended: Open311ExtendedStatus;
}

const stateFacts: Record<FeedbackState, StateFacts> = {
  received: { vi: 'Mới tiếp nhận', citizen: 'Đã tiếp nhận', open311: 'open', extended: 'open' },
  in_progress: { vi: 'Đang xử lý', citizen: 'Đang xử lý', open311: 'open', extended: 'investigating' },
  awaiting_info: {
    vi: 'Chờ người gửi bổ sung',
    citizen: 'Cần bổ sung thông tin',
    open311: 'open',
    extended: 'action_scheduled',
  },
  // Issue 13.13: the specialist's draft waits for the leader; the sender still reads "Đang xử lý".
  answer_drafted: {
    vi: 'Chờ lãnh đạo duyệt trả lời',
    citizen: 'Đang xử lý',
    open311: 'open',
    extended: 'in_progress',
  },
  refused: {
    vi: 'Từ chối tiếp nhận',
    citizen: 'Không thuộc phạm vi xử lý',
    open311: 'closed',
    extended: 'not_councils_responsibility',
  },
  answered: { vi: 'Đã trả lời, chưa công khai', citizen: 'Đã trả lời', open311: 'closed', extended: 'closed' },
  published: {
    vi: 'Đã trả lời và công khai',
    citizen: 'Đã trả lời và công khai',
    open311: 'closed',
    extended: 'closed',
  },
  merged: {
    vi: 'Đã gộp vào phản ánh trùng',
    citizen: 'Đã gộp với phản ánh trùng',
    open311: 'closed',
    extended: 'duplicate',
  },
};

/** The state as the sender may know it: a draft waiting for the leader is still "in progress" to them. */
export const senderState = (s: FeedbackState): FeedbackState => (s === 'answer_drafted' ? 'in_progress' : s);

export const stateLabel = (s: FeedbackState): string => stateFacts[s].vi;
export const citizenLabel = (s: FeedbackState): string => stateFacts[s].citizen;
export const open311Status = (s: FeedbackState): 'open' | 'closed' => stateFacts[s].open311;
export const open311ExtendedStatus = (s: FeedbackState): Open311ExtendedStatus => stateFacts[s].extended;

/** States that end the handling (indicator 5.2 counts the action that reached them). */
export const isClosed = (s: FeedbackState): boolean => stateFacts[s].open311 === 'closed';

export type FeedbackAction =
  | { type: 'accept' }
  | { type: 'refuse'; reason: string }
  | { type: 'request_info'; message: string }
  | { type: 'supply_info'; content: string }
  /** The specialist's draft; it reaches the sender only when a leader approves it (`answer`). */
  | { type: 'draft_answer'; answer: string }
  /** The leader sends the answer: the draft as approved (edited or not; empty keeps the draft) or their own. */
  | { type: 'answer'; answer: string }
  /** The leader sends the draft back to the specialist with a reason. */
  | { type: 'return_answer'; reason: string }
  | { type: 'publish'; publicAnswer?: string }
  | { type: 'transfer'; toAgencyId: string; reason: string }
  | { type: 'reassign'; toAgencyId: string; reason?: string }
  | { type: 'reopen'; reason: string }
  | { type: 'merge'; intoCode: string }
  | { type: 'link'; otherCode: string };
export type FeedbackActionType = FeedbackAction['type'];

export const feedbackActionTypes: readonly FeedbackActionType[] = [
  'accept',
  'refuse',
  'request_info',
  'supply_info',
  'draft_answer',
  'answer',
  'return_answer',
  'publish',
  'transfer',
  'reassign',
  'reopen',
  'merge',
  'link',
];

/** Outbox topic suffix of each action: `feedback.<event>`. */
export const eventOf: Record<FeedbackActionType, string> = {
  accept: 'accepted',
  refuse: 'refused',
  request_info: 'info_requested',
  supply_info: 'info_supplied',
  draft_answer: 'answer_drafted',
  answer: 'answered',
  return_answer: 'answer_returned',
  publish: 'published',
  transfer: 'transferred',
  reassign: 'reassigned',
  reopen: 'reopened',
  merge: 'merged',
  link: 'linked',
};

export type FeedbackActor =
  | { kind: 'staff'; agencyId: string; roles: readonly StaffRole[] }
  /** The sender: signed in as the citizen who sent it, or holding its tracking key. */
  | { kind: 'sender' }
  | { kind: 'system' };

export interface ItemFacts {
  state: FeedbackState;
  agencyId: string;
  classification: FeedbackClassification;
}

export interface DecideContext {
  now: Date;
  /** End of the reopening window; null when the item was never answered. */
  reopenUntil: Date | null;
}

export type Decision = { ok: true; to: FeedbackState } | { ok: false; code: FeedbackErrorCode };

const has = (actor: FeedbackActor, ...roles: StaffRole[]) =>
  actor.kind === 'staff' && roles.some((r) => actor.roles.includes(r));

/**
 * Who handles an item: specialists and leaders of the responsible agency; for a report about
 * an official's conduct only that agency's leaders and the inspectors (§8.1, indicator 5.1).
 */
function mayHandle(actor: FeedbackActor, item: ItemFacts): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'staff') return false;
  if (item.classification === 'conduct') {
    return has(actor, 'inspector') || (actor.agencyId === item.agencyId && has(actor, 'leader'));
  }
  return actor.agencyId === item.agencyId && has(actor, 'specialist', 'leader');
}

/**
 * Answering and publishing speak for the agency: its leaders (inspectors for conduct
 * reports). A specialist drafts; the leader approves, edits or returns the draft (issue 13.13).
 */
function mayApprove(actor: FeedbackActor, item: ItemFacts): boolean {
  if (actor.kind === 'system') return true;
  if (item.classification === 'conduct' && has(actor, 'inspector')) return true;
  return actor.kind === 'staff' && actor.agencyId === item.agencyId && has(actor, 'leader');
}

/** The routing desk corrects a route before the agency starts: hotline operators, administrators, the agency's leaders. */
function mayReassign(actor: FeedbackActor, item: ItemFacts): boolean {
  if (actor.kind === 'system') return true;
  if (has(actor, 'hotline_operator', 'admin')) return true;
  return actor.kind === 'staff' && actor.agencyId === item.agencyId && has(actor, 'leader');
}

/** The sender acts for themself; the hotline operator acts for a sender who calls. */
const forSender = (actor: FeedbackActor) =>
  actor.kind === 'sender' || actor.kind === 'system' || has(actor, 'hotline_operator');

interface Rule {
  from: readonly FeedbackState[];
  /** The state after the action; undefined keeps the current one. */
  to?: FeedbackState;
  may: (actor: FeedbackActor, item: ItemFacts) => boolean;
  /** The error when `may` says no. */
  denied: FeedbackErrorCode | ((actor: FeedbackActor, item: ItemFacts) => FeedbackErrorCode);
}

/** A handler who is not an approver is told a leader must approve; anyone else has no say. */
const approverRequired = (actor: FeedbackActor, item: ItemFacts): FeedbackErrorCode =>
  mayHandle(actor, item) ? 'FEEDBACK_APPROVER_REQUIRED' : 'FEEDBACK_ROLE_NOT_ALLOWED';

const OPEN: readonly FeedbackState[] = ['received', 'in_progress', 'awaiting_info'];

const rules: Record<FeedbackActionType, Rule> = {
  accept: { from: ['received'], to: 'in_progress', may: mayHandle, denied: 'FEEDBACK_ROLE_NOT_ALLOWED' },
  refuse: { from: ['received', 'in_progress'], to: 'refused', may: mayHandle, denied: 'FEEDBACK_ROLE_NOT_ALLOWED' },
  request_info: {
    from: ['received', 'in_progress'],
    to: 'awaiting_info',
    may: mayHandle,
    denied: 'FEEDBACK_ROLE_NOT_ALLOWED',
  },
  supply_info: {
    from: ['awaiting_info'],
    to: 'in_progress',
    may: (a, i) => forSender(a) || mayHandle(a, i),
    denied: 'FEEDBACK_NOT_SENDER',
  },
  draft_answer: {
    from: ['received', 'in_progress', 'answer_drafted'],
    to: 'answer_drafted',
    may: mayHandle,
    denied: 'FEEDBACK_ROLE_NOT_ALLOWED',
  },
  answer: {
    from: ['received', 'in_progress', 'answer_drafted'],
    to: 'answered',
    may: mayApprove,
    denied: approverRequired,
  },
  return_answer: {
    from: ['answer_drafted'],
    to: 'in_progress',
    may: mayApprove,
    denied: approverRequired,
  },
  publish: { from: ['answered'], to: 'published', may: mayApprove, denied: 'FEEDBACK_ROLE_NOT_ALLOWED' },
  // §8.2: a transfer hands the item to another agency, whose deadlines start again.
  transfer: { from: OPEN, to: 'received', may: mayHandle, denied: 'FEEDBACK_ROLE_NOT_ALLOWED' },
  reassign: { from: ['received'], to: 'received', may: mayReassign, denied: 'FEEDBACK_ROLE_NOT_ALLOWED' },
  reopen: { from: ['answered', 'published'], to: 'received', may: forSender, denied: 'FEEDBACK_NOT_SENDER' },
  merge: { from: OPEN, to: 'merged', may: mayHandle, denied: 'FEEDBACK_ROLE_NOT_ALLOWED' },
  link: { from: feedbackStates, may: mayHandle, denied: 'FEEDBACK_ROLE_NOT_ALLOWED' },
};

const blank = (s: string | undefined) => (s ?? '').trim().length === 0;

function missingText(action: FeedbackAction, state: FeedbackState): FeedbackErrorCode | undefined {
  switch (action.type) {
    case 'refuse':
    case 'transfer':
    case 'reopen':
    case 'return_answer':
      return blank(action.reason) ? 'FEEDBACK_REASON_REQUIRED' : undefined;
    case 'request_info':
      return blank(action.message) ? 'FEEDBACK_MESSAGE_REQUIRED' : undefined;
    case 'supply_info':
      return blank(action.content) ? 'FEEDBACK_CONTENT_REQUIRED' : undefined;
    case 'draft_answer':
      return blank(action.answer) ? 'FEEDBACK_ANSWER_REQUIRED' : undefined;
    case 'answer':
      // Approving a draft as written needs no text; answering without a draft does.
      return state !== 'answer_drafted' && blank(action.answer) ? 'FEEDBACK_ANSWER_REQUIRED' : undefined;
    default:
      return undefined;
  }
}

/** May `actor` take `action` on an item in this state, and where does it lead? */
export function decide(item: ItemFacts, action: FeedbackAction, actor: FeedbackActor, ctx: DecideContext): Decision {
  const rule = rules[action.type];
  if (!rule.may(actor, item)) {
    return { ok: false, code: typeof rule.denied === 'function' ? rule.denied(actor, item) : rule.denied };
  }
  if (!rule.from.includes(item.state)) return { ok: false, code: 'FEEDBACK_ACTION_NOT_ALLOWED' };
  const missing = missingText(action, item.state);
  if (missing) return { ok: false, code: missing };
  if ((action.type === 'transfer' || action.type === 'reassign') && action.toAgencyId === item.agencyId) {
    return { ok: false, code: 'FEEDBACK_SAME_AGENCY' };
  }
  if (action.type === 'reopen' && (!ctx.reopenUntil || ctx.now.getTime() > ctx.reopenUntil.getTime())) {
    return { ok: false, code: 'FEEDBACK_REOPEN_WINDOW_PASSED' };
  }
  return { ok: true, to: rule.to ?? item.state };
}

/** The actions `actor` could take now (for the workspace buttons). */
export function availableActions(item: ItemFacts, actor: FeedbackActor): FeedbackActionType[] {
  return feedbackActionTypes.filter((t) => rules[t].from.includes(item.state) && rules[t].may(actor, item));
}
