import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  availableActions,
  citizenLabel,
  decide,
  type FeedbackActor,
  feedbackStates,
  type ItemFacts,
  isClosed,
  open311Status,
  senderState,
  stateLabel,
} from './states.ts';

const AGENCY = 'a-1';
const now = new Date('2026-12-01T02:00:00Z');
const ctx = { now, reopenUntil: null };
const specialist: FeedbackActor = { kind: 'staff', agencyId: AGENCY, roles: ['specialist'] };
const leader: FeedbackActor = { kind: 'staff', agencyId: AGENCY, roles: ['leader'] };
const otherLeader: FeedbackActor = { kind: 'staff', agencyId: 'a-2', roles: ['leader'] };
const inspector: FeedbackActor = { kind: 'staff', agencyId: 'a-9', roles: ['inspector'] };
const operator: FeedbackActor = { kind: 'staff', agencyId: 'a-0', roles: ['hotline_operator'] };
const sender: FeedbackActor = { kind: 'sender' };
const rules = (state: ItemFacts['state']): ItemFacts => ({ state, agencyId: AGENCY, classification: 'rules' });
const conduct = (state: ItemFacts['state']): ItemFacts => ({ state, agencyId: AGENCY, classification: 'conduct' });

test('a specialist of the responsible agency accepts, asks for information and drafts the answer to a report about rules', () => {
  assert.deepEqual(decide(rules('received'), { type: 'accept' }, specialist, ctx), { ok: true, to: 'in_progress' });
  assert.deepEqual(
    decide(rules('in_progress'), { type: 'request_info', message: 'Ảnh hiện trường' }, specialist, ctx),
    {
      ok: true,
      to: 'awaiting_info',
    },
  );
  assert.deepEqual(decide(rules('in_progress'), { type: 'draft_answer', answer: 'Đã sửa' }, specialist, ctx), {
    ok: true,
    to: 'answer_drafted',
  });
});

test('only a leader sends the answer: approving the draft (as written or edited) or returning it with a reason', () => {
  const approve = { type: 'answer' as const, answer: '' };
  assert.deepEqual(decide(rules('in_progress'), { type: 'answer', answer: 'x' }, specialist, ctx), {
    ok: false,
    code: 'FEEDBACK_APPROVER_REQUIRED',
  });
  assert.deepEqual(decide(rules('answer_drafted'), approve, specialist, ctx), {
    ok: false,
    code: 'FEEDBACK_APPROVER_REQUIRED',
  });
  assert.deepEqual(decide(rules('answer_drafted'), approve, leader, ctx), { ok: true, to: 'answered' });
  assert.deepEqual(decide(rules('answer_drafted'), approve, otherLeader, ctx), {
    ok: false,
    code: 'FEEDBACK_ROLE_NOT_ALLOWED',
  });
  // Without a draft the leader writes the answer themself.
  assert.deepEqual(decide(rules('in_progress'), approve, leader, ctx), { ok: false, code: 'FEEDBACK_ANSWER_REQUIRED' });
  assert.deepEqual(decide(rules('in_progress'), { type: 'answer', answer: 'Đã sửa' }, leader, ctx), {
    ok: true,
    to: 'answered',
  });
  const back = { type: 'return_answer' as const, reason: 'Thiếu căn cứ' };
  assert.deepEqual(decide(rules('answer_drafted'), back, leader, ctx), { ok: true, to: 'in_progress' });
  assert.deepEqual(decide(rules('answer_drafted'), { ...back, reason: ' ' }, leader, ctx), {
    ok: false,
    code: 'FEEDBACK_REASON_REQUIRED',
  });
  assert.equal(decide(rules('answer_drafted'), back, specialist, ctx).ok, false);
  assert.equal(decide(rules('in_progress'), back, leader, ctx).ok, false);
  assert.deepEqual(availableActions(rules('answer_drafted'), specialist), ['draft_answer', 'link']);
  assert.deepEqual(availableActions(rules('answer_drafted'), leader), [
    'draft_answer',
    'answer',
    'return_answer',
    'link',
  ]);
  // The sender and Open311 read a draft as "in progress".
  assert.equal(citizenLabel('answer_drafted'), 'Đang xử lý');
  assert.equal(senderState('answer_drafted'), 'in_progress');
  assert.equal(open311Status('answer_drafted'), 'open');
});

test('staff labels are plain Vietnamese, without the national system’s jargon', () => {
  for (const s of feedbackStates) {
    assert.doesNotMatch(stateLabel(s), /PAKN|chờ công khai|Xử lý ở địa phương|[A-Za-z_]{3,}_/);
    assert.match(stateLabel(s), /^[A-ZĐÀ-Ỹ][^.]*$/u);
  }
  assert.equal(stateLabel('in_progress'), 'Đang xử lý');
  assert.equal(stateLabel('answer_drafted'), 'Chờ lãnh đạo duyệt trả lời');
});

test('only a leader publishes the answer', () => {
  assert.deepEqual(decide(rules('answered'), { type: 'publish' }, specialist, ctx), {
    ok: false,
    code: 'FEEDBACK_ROLE_NOT_ALLOWED',
  });
  assert.deepEqual(decide(rules('answered'), { type: 'publish' }, leader, ctx), { ok: true, to: 'published' });
});

test('a report about an official’s conduct is handled by the agency’s leaders and inspectors, not its specialists', () => {
  assert.equal(decide(conduct('received'), { type: 'accept' }, specialist, ctx).ok, false);
  assert.equal(decide(conduct('received'), { type: 'accept' }, otherLeader, ctx).ok, false);
  assert.equal(decide(conduct('received'), { type: 'accept' }, leader, ctx).ok, true);
  assert.equal(decide(conduct('received'), { type: 'accept' }, inspector, ctx).ok, true);
  assert.equal(decide(conduct('answered'), { type: 'publish' }, inspector, ctx).ok, true);
});

test('another agency cannot act on the item', () => {
  assert.deepEqual(decide(rules('received'), { type: 'draft_answer', answer: 'x' }, otherLeader, ctx), {
    ok: false,
    code: 'FEEDBACK_ROLE_NOT_ALLOWED',
  });
});

test('refusing, transferring and reopening need a reason; answering needs an answer', () => {
  assert.deepEqual(decide(rules('received'), { type: 'refuse', reason: '  ' }, specialist, ctx), {
    ok: false,
    code: 'FEEDBACK_REASON_REQUIRED',
  });
  assert.deepEqual(decide(rules('received'), { type: 'transfer', toAgencyId: 'a-2', reason: '' }, specialist, ctx), {
    ok: false,
    code: 'FEEDBACK_REASON_REQUIRED',
  });
  assert.deepEqual(decide(rules('received'), { type: 'draft_answer', answer: '' }, specialist, ctx), {
    ok: false,
    code: 'FEEDBACK_ANSWER_REQUIRED',
  });
});

test('a transfer goes back to "received" at the new agency; to the same agency it is refused', () => {
  assert.deepEqual(
    decide(
      rules('in_progress'),
      { type: 'transfer', toAgencyId: 'a-2', reason: 'Thuộc thẩm quyền Sở' },
      specialist,
      ctx,
    ),
    { ok: true, to: 'received' },
  );
  assert.deepEqual(
    decide(rules('in_progress'), { type: 'transfer', toAgencyId: AGENCY, reason: 'x' }, specialist, ctx),
    { ok: false, code: 'FEEDBACK_SAME_AGENCY' },
  );
});

test('the routing desk reassigns an item only before the agency has started on it', () => {
  const action = { type: 'reassign' as const, toAgencyId: 'a-2' };
  assert.deepEqual(decide(rules('received'), action, operator, ctx), { ok: true, to: 'received' });
  assert.deepEqual(decide(rules('in_progress'), action, operator, ctx), {
    ok: false,
    code: 'FEEDBACK_ACTION_NOT_ALLOWED',
  });
  assert.equal(decide(rules('received'), action, specialist, ctx).ok, false);
});

test('the sender reopens an answer within the window, not after', () => {
  const action = { type: 'reopen' as const, reason: 'Chưa được giải quyết' };
  const open = { now, reopenUntil: new Date(now.getTime() + 1000) };
  const passed = { now, reopenUntil: new Date(now.getTime() - 1000) };
  assert.deepEqual(decide(rules('published'), action, sender, open), { ok: true, to: 'received' });
  assert.deepEqual(decide(rules('published'), action, sender, passed), {
    ok: false,
    code: 'FEEDBACK_REOPEN_WINDOW_PASSED',
  });
  assert.deepEqual(decide(rules('published'), action, specialist, open), { ok: false, code: 'FEEDBACK_NOT_SENDER' });
  assert.deepEqual(decide(rules('in_progress'), action, sender, open), {
    ok: false,
    code: 'FEEDBACK_ACTION_NOT_ALLOWED',
  });
});

test('the sender may only supply information asked for, and nothing else', () => {
  assert.deepEqual(decide(rules('awaiting_info'), { type: 'supply_info', content: 'Ảnh đây' }, sender, ctx), {
    ok: true,
    to: 'in_progress',
  });
  assert.deepEqual(availableActions(rules('received'), sender), []);
});

test('a merged duplicate is closed and takes no further action but linking', () => {
  assert.deepEqual(decide(rules('received'), { type: 'merge', intoCode: 'PAKN-261123-0001' }, specialist, ctx), {
    ok: true,
    to: 'merged',
  });
  assert.deepEqual(availableActions(rules('merged'), specialist), ['link']);
});

test('every state is open or closed for Open311, and only closed states end the handling', () => {
  for (const s of feedbackStates) assert.equal(isClosed(s), open311Status(s) === 'closed');
  assert.equal(open311Status('awaiting_info'), 'open');
  assert.equal(open311Status('published'), 'closed');
});
