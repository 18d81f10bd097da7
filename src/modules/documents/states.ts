/**
 * The handling of an official document as a pure, table-driven state machine (Decree
 * 30/2020/NĐ-CP Art. 10–24; documents-reports-ioc.md §2.3 "suggested minimal model"). One row
 * per action: the direction it applies to, the states it may start from, the state it leads
 * to, the roles that may take it and the relation the actor must have to the document. No
 * clock, no storage: `decide` never throws; the use cases check and record.
 */
import type { StaffRole } from '../../platform/auth/caller.ts';
import type { DocumentDirection } from './schema.ts';

const incomingStates = [
  'received',
  'registered',
  'presented',
  'in_progress',
  'done',
  'returned',
  'recalled',
  'replaced',
] as const;
const outgoingStates = [
  'draft',
  'awaiting_approval',
  'awaiting_format_check',
  'awaiting_signature',
  'signed',
  'issued',
  'recalled_by_us',
] as const;
type IncomingState = (typeof incomingStates)[number];
type OutgoingState = (typeof outgoingStates)[number];
export type DocumentState = IncomingState | OutgoingState;

/** Vietnamese labels, as the staff pages and the timeline show them. */
export const stateLabels: Record<DocumentState, string> = {
  received: 'Chờ vào sổ',
  registered: 'Đã vào sổ',
  presented: 'Chờ lãnh đạo phân công',
  in_progress: 'Đang xử lý',
  done: 'Hoàn thành',
  returned: 'Đã trả lại nơi gửi',
  recalled: 'Đã bị nơi gửi thu hồi',
  replaced: 'Đã được thay thế bằng văn bản khác',
  draft: 'Dự thảo',
  awaiting_approval: 'Chờ duyệt nội dung',
  awaiting_format_check: 'Chờ kiểm tra thể thức',
  awaiting_signature: 'Chờ ký',
  signed: 'Đã ký, chờ phát hành',
  issued: 'Đã phát hành',
  recalled_by_us: 'Đã thu hồi',
};

/** How the actor must stand to the document, beyond the role. */
export type Relation = 'any' | 'creator' | 'approver' | 'lead_assignee' | 'assignee';

export const documentActionTypes = [
  'receive',
  'register',
  'return',
  'present',
  'assign',
  'start',
  'complete_assignment',
  'answer',
  'close',
  'create_draft',
  'revise_draft',
  'comment',
  'submit',
  'send_back',
  'approve',
  'check_format',
  'sign',
  'issue',
  'recall',
  'replace',
  'update',
  'recall_issued',
  'recall_answer',
  'update_issued',
  'update_answer',
] as const;
export type DocumentActionType = (typeof documentActionTypes)[number];

interface Rule {
  direction: DocumentDirection;
  from: readonly (DocumentState | null)[];
  /** null: the state does not change (a comment, a revision, one assignee's progress). */
  to: DocumentState | null;
  roles: readonly StaffRole[];
  relation: Relation;
  /** The Vietnamese name of the action in the timeline. */
  vi: string;
}

const clerk = ['clerk'] as const;
const leader = ['leader'] as const;
const handlers = ['specialist', 'leader', 'clerk'] as const;

export const documentRules: Record<DocumentActionType, Rule> = {
  // Incoming (Art. 20–24).
  receive: { direction: 'incoming', from: [null], to: 'received', roles: clerk, relation: 'any', vi: 'Tiếp nhận' },
  register: {
    direction: 'incoming',
    from: [null, 'received'],
    to: 'registered',
    roles: clerk,
    relation: 'any',
    vi: 'Vào sổ văn bản đến',
  },
  return: {
    direction: 'incoming',
    from: ['received'],
    to: 'returned',
    roles: clerk,
    relation: 'any',
    vi: 'Trả lại nơi gửi',
  },
  present: {
    direction: 'incoming',
    from: ['registered'],
    to: 'presented',
    roles: clerk,
    relation: 'any',
    vi: 'Trình lãnh đạo',
  },
  assign: {
    direction: 'incoming',
    from: ['registered', 'presented', 'in_progress'],
    to: 'in_progress',
    roles: leader,
    relation: 'any',
    vi: 'Phân công xử lý',
  },
  start: {
    direction: 'incoming',
    from: ['in_progress'],
    to: null,
    roles: handlers,
    relation: 'assignee',
    vi: 'Bắt đầu xử lý',
  },
  complete_assignment: {
    direction: 'incoming',
    from: ['in_progress'],
    to: null,
    roles: handlers,
    relation: 'assignee',
    vi: 'Hoàn thành phần việc',
  },
  answer: {
    direction: 'incoming',
    from: ['in_progress'],
    to: null,
    roles: handlers,
    relation: 'lead_assignee',
    vi: 'Trả lời bằng văn bản đi',
  },
  close: {
    direction: 'incoming',
    from: ['in_progress'],
    to: 'done',
    roles: handlers,
    relation: 'lead_assignee',
    vi: 'Hoàn thành xử lý',
  },
  // Outgoing (Art. 10–19).
  create_draft: {
    direction: 'outgoing',
    from: [null],
    to: 'draft',
    roles: handlers,
    relation: 'any',
    vi: 'Tạo dự thảo',
  },
  revise_draft: {
    direction: 'outgoing',
    from: ['draft'],
    to: null,
    roles: handlers,
    relation: 'creator',
    vi: 'Sửa dự thảo',
  },
  comment: {
    direction: 'outgoing',
    from: ['draft', 'awaiting_approval', 'awaiting_format_check', 'awaiting_signature'],
    to: null,
    roles: handlers,
    relation: 'any',
    vi: 'Góp ý',
  },
  submit: {
    direction: 'outgoing',
    from: ['draft'],
    to: 'awaiting_approval',
    roles: handlers,
    relation: 'creator',
    vi: 'Trình duyệt',
  },
  send_back: {
    direction: 'outgoing',
    from: ['awaiting_approval', 'awaiting_format_check', 'awaiting_signature'],
    to: 'draft',
    roles: ['leader', 'clerk'],
    relation: 'any',
    vi: 'Trả lại dự thảo',
  },
  approve: {
    direction: 'outgoing',
    from: ['awaiting_approval'],
    to: 'awaiting_format_check',
    roles: leader,
    relation: 'approver',
    vi: 'Duyệt nội dung',
  },
  check_format: {
    direction: 'outgoing',
    from: ['awaiting_format_check'],
    to: 'awaiting_signature',
    roles: clerk,
    relation: 'any',
    vi: 'Kiểm tra thể thức',
  },
  sign: {
    direction: 'outgoing',
    from: ['awaiting_signature'],
    to: 'signed',
    roles: leader,
    relation: 'approver',
    vi: 'Ký số (người có thẩm quyền)',
  },
  issue: {
    direction: 'outgoing',
    from: ['signed'],
    to: 'issued',
    roles: clerk,
    relation: 'any',
    vi: 'Ký số cơ quan, cấp số và phát hành',
  },
  // Taken by the exchange (the system), never by staff: the sender recalls or replaces a document
  // it sent over the hub (BussinessDocType 1 and 3, DOMAIN.md §6.1); 15 goes back to it.
  recall: {
    direction: 'incoming',
    from: ['received', 'registered', 'presented', 'in_progress', 'done'],
    to: 'recalled',
    roles: [],
    relation: 'any',
    vi: 'Nơi gửi thu hồi văn bản',
  },
  replace: {
    direction: 'incoming',
    from: ['received', 'registered', 'presented', 'in_progress', 'done'],
    to: 'replaced',
    roles: [],
    relation: 'any',
    vi: 'Nơi gửi thay thế bằng văn bản khác',
  },
  // The sender updates (cập nhật) a document it sent over the hub (BussinessDocType 2, DOMAIN.md
  // §6.1): new metadata and files on the same document, the old values kept in the action; the
  // state does not change. Taken by the exchange (the system) only; 15 goes back about the update.
  update: {
    direction: 'incoming',
    from: ['received', 'registered', 'presented', 'in_progress', 'done'],
    to: null,
    roles: [],
    relation: 'any',
    vi: 'Nơi gửi cập nhật văn bản',
  },
  // Our own agency recalls a document it issued (Decree 30/2020 Art. 18.4 says what the receiver
  // does, not who decides; the exchange's BussinessDocType 1, DOMAIN.md §6.1): a decision of the
  // agency's head, so a leader
  // of the issuing agency takes it. The clerk carries out the leader's instruction by other
  // means; the table has no "on instruction" relation, so the clerk is not given it.
  recall_issued: {
    direction: 'outgoing',
    from: ['issued'],
    to: 'recalled_by_us',
    roles: leader,
    relation: 'any',
    vi: 'Thu hồi văn bản đã phát hành',
  },
  // A recipient answers our recall (15 agreed, 16 refused; DOMAIN.md §6.2): a line on the
  // issued document's timeline, written by the system when the answer arrives.
  recall_answer: {
    direction: 'outgoing',
    from: ['recalled_by_us'],
    to: null,
    roles: [],
    relation: 'any',
    vi: 'Nơi nhận trả lời việc thu hồi',
  },
  // Our own agency updates (cập nhật) a document it issued (the exchange's BussinessDocType 2,
  // DOMAIN.md §6.1): a new version of the same document, with the number and date it was issued
  // with, that goes through approval, the format check, the leader's signature and the seal
  // again (update-issued-document.ts). The leader opens it with the reason and the new details,
  // as for a recall; the document goes back to "awaiting approval" with that leader as its
  // approver, and `issue` on a numbered document sends the update instead of taking a number.
  update_issued: {
    direction: 'outgoing',
    from: ['issued'],
    to: 'awaiting_approval',
    roles: leader,
    relation: 'any',
    vi: 'Mở bản cập nhật văn bản đã phát hành',
  },
  // A recipient answers our update (15 agreed, 16 refused; DOMAIN.md §6.2), as `recall_answer`.
  update_answer: {
    direction: 'outgoing',
    from: ['issued', 'awaiting_approval', 'awaiting_format_check', 'awaiting_signature', 'signed', 'draft'],
    to: null,
    roles: [],
    relation: 'any',
    vi: 'Nơi nhận trả lời việc cập nhật',
  },
};

export interface ActorFacts {
  roles: readonly StaffRole[];
  /** Relations the actor holds to the document (computed by the use case). */
  relations: ReadonlySet<Relation>;
  sameAgency: boolean;
}

export type Decision =
  | { ok: true; to: DocumentState | null }
  | { ok: false; reason: 'wrong_direction' | 'wrong_state' | 'wrong_role' | 'not_related' | 'other_agency' };

/** May this actor take this action on a document of this direction in this state? */
export function decide(
  action: DocumentActionType,
  direction: DocumentDirection,
  state: DocumentState | null,
  actor: ActorFacts,
): Decision {
  const rule = documentRules[action];
  if (rule.direction !== direction) return { ok: false, reason: 'wrong_direction' };
  if (!actor.sameAgency) return { ok: false, reason: 'other_agency' };
  if (!rule.from.includes(state)) return { ok: false, reason: 'wrong_state' };
  if (!rule.roles.some((r) => actor.roles.includes(r))) return { ok: false, reason: 'wrong_role' };
  if (rule.relation !== 'any' && !actor.relations.has(rule.relation)) return { ok: false, reason: 'not_related' };
  return { ok: true, to: rule.to };
}

export const isDocumentState = (value: string): value is DocumentState =>
  (incomingStates as readonly string[]).includes(value) || (outgoingStates as readonly string[]).includes(value);

/** The edXML status (QCVN 102:2016, DOMAIN.md §6.2) a received document's state reports back to its sender. */
export const exchangeStatusOf: Partial<Record<DocumentState, string>> = {
  registered: '03',
  in_progress: '04',
  done: '06',
  returned: '02',
  // 15 "Đồng ý lấy lại / đồng ý cập nhật": the recall or the replacement is taken (DOMAIN.md §6.2).
  recalled: '15',
  replaced: '15',
};
