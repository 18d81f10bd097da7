import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, like } from 'drizzle-orm';
import { auditTrail } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import { outbox } from '../../platform/notify/schema.ts';
import { takeFeedbackAction } from './actions.ts';
import { saveFeedbackRules } from './settings.ts';
import type { FeedbackAction } from './states.ts';
import { at, CODES, type FeedbackTestbed, feedbackTestbed, txId } from './testing.ts';
import { getFeedback } from './views.ts';

let tb: FeedbackTestbed;
let specialist: Caller;
let leader: Caller;
before(async () => {
  tb = await feedbackTestbed();
  specialist = await tb.callerFor('chuyenvien.nnmt');
  leader = await tb.callerFor('lanhdao.nnmt');
});
after(async () => {
  await tb.t.close();
});

const act = (caller: Caller, code: string, action: FeedbackAction, now: Date, extra: { trackingKey?: string } = {}) =>
  takeFeedbackAction(tb.t.db, caller, code, action, { transactionId: txId('act'), ...extra }, tb.ctx(now));

async function code(err: Promise<unknown>): Promise<string> {
  try {
    await err;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'no error';
}

test('an answer given on the 15th working day is on time, and publishing on the 2nd working day after is on time too', async () => {
  const r = await tb.submit({ categoryCode: 'dat-dai' }, { now: at('2026-11-16T09:00') });
  await act(specialist, r.code, { type: 'accept' }, at('2026-11-17T09:00'));
  const drafted = await act(
    specialist,
    r.code,
    { type: 'draft_answer', answer: 'Đã đo đạc lại.' },
    at('2026-12-07T09:00'),
  );
  assert.equal(drafted.state, 'answer_drafted');
  // The answer is given when the leader approves it: that is the time the deadline is checked against.
  const answered = await act(leader, r.code, { type: 'answer', answer: '' }, at('2026-12-08T09:00'));
  assert.equal(answered.state, 'answered');
  const published = await act(leader, r.code, { type: 'publish' }, at('2026-12-10T09:00'));
  assert.equal(published.state, 'published');
  const view = await getFeedback(tb.t.db, leader, '08', r.code);
  assert.equal(view.timing, 'onTime');
  assert.equal(view.publishDueAt, at('2026-12-10T09:00').toISOString());
  assert.equal(view.answer, 'Đã đo đạc lại.', 'approved as drafted');
  assert.deepEqual(
    view.history.map((h) => h.type),
    ['submit', 'accept', 'draft_answer', 'answer', 'publish'],
  );
});

test('an answer a minute after the deadline is late (indicator 5.2)', async () => {
  const r = await tb.submit({ categoryCode: 'dat-dai' }, { now: at('2026-11-16T09:00') });
  await act(specialist, r.code, { type: 'draft_answer', answer: 'Trả lời muộn.' }, at('2026-12-07T09:00'));
  await act(leader, r.code, { type: 'answer', answer: '' }, at('2026-12-08T09:01'));
  assert.equal((await getFeedback(tb.t.db, specialist, '08', r.code)).timing, 'late');
});

test('a transfer restarts the deadlines from the transfer (§8.2 "from the last transfer")', async () => {
  const r = await tb.submit({ categoryCode: 'dat-dai' }, { now: at('2026-11-16T09:00') });
  const moved = await act(
    specialist,
    r.code,
    { type: 'transfer', toAgencyId: await tb.agencyId(CODES.yte), reason: 'Nội dung về an toàn thực phẩm' },
    at('2026-11-30T09:00'),
  );
  assert.equal(moved.state, 'received');
  assert.equal(moved.agencyId, await tb.agencyId(CODES.yte));
  // 15 working days from Monday 30/11/2026 09:00.
  assert.equal(moved.answerDueAt, at('2026-12-21T09:00').toISOString());
  const health = await tb.callerFor('chuyenvien.yte');
  const view = await getFeedback(tb.t.db, health, '08', r.code);
  assert.equal(view.refuseDueAt, at('2026-12-02T09:00').toISOString());
  assert.equal(view.routedBy, 'transfer');
  assert.equal(
    await code(act(specialist, r.code, { type: 'accept' }, at('2026-11-30T10:00'))),
    'FEEDBACK_ROLE_NOT_ALLOWED',
    'the first agency no longer handles it',
  );
});

test('the routing desk reassigns a misrouted item before it is accepted', async () => {
  const operator = await tb.callerFor('tongdai.tinh');
  const r = await tb.submit({ categoryCode: 'khac' }, { now: at('2026-11-16T09:00') });
  const moved = await act(
    operator,
    r.code,
    { type: 'reassign', toAgencyId: await tb.agencyId(CODES.nnmt) },
    at('2026-11-16T10:00'),
  );
  assert.equal(moved.agencyId, await tb.agencyId(CODES.nnmt));
  await act(specialist, r.code, { type: 'accept' }, at('2026-11-16T11:00'));
  assert.equal(
    await code(
      act(operator, r.code, { type: 'reassign', toAgencyId: await tb.agencyId(CODES.yte) }, at('2026-11-16T12:00')),
    ),
    'FEEDBACK_ACTION_NOT_ALLOWED',
  );
});

test('asking for more information tells the sender; their answer restarts the clock', async () => {
  const r = await tb.submit({ categoryCode: 'dat-dai' }, { now: at('2026-11-16T09:00') });
  await act(specialist, r.code, { type: 'request_info', message: 'Vui lòng gửi số thửa đất.' }, at('2026-11-18T09:00'));
  const [mail] = await tb.t.db
    .select()
    .from(outbox)
    .where(and(like(outbox.dedupeKey, `feedback:${r.id}:2:%`), eq(outbox.channel, 'email')));
  assert.ok(mail);
  assert.match((mail.payload as { text: string }).text, /Vui lòng gửi số thửa đất\./);
  const asked = await getFeedback(tb.t.db, { kind: 'anonymous' }, '08', r.code, { trackingKey: r.trackingKey });
  assert.equal(asked.senderNotice, 'Vui lòng gửi số thửa đất.', 'the sender reads what to supply');
  const supplied = await act(
    { kind: 'anonymous' },
    r.code,
    { type: 'supply_info', content: 'Thửa số 12, tờ bản đồ 5.' },
    at('2026-11-20T09:00'),
    { trackingKey: r.trackingKey },
  );
  assert.equal(supplied.state, 'in_progress');
  assert.equal(supplied.answerDueAt, at('2026-12-14T09:00').toISOString());
});

test('a stranger without the tracking key cannot act for the sender', async () => {
  const r = await tb.submit({ categoryCode: 'dat-dai' });
  await act(specialist, r.code, { type: 'request_info', message: 'Thêm ảnh.' }, at('2026-11-17T09:00'));
  assert.equal(
    await code(
      act({ kind: 'anonymous' }, r.code, { type: 'supply_info', content: 'x' }, at('2026-11-18T09:00'), {
        trackingKey: 'ABCD2345',
      }),
    ),
    'FEEDBACK_NOT_FOUND',
  );
  assert.equal(
    await code(act(tb.citizen('someone'), r.code, { type: 'supply_info', content: 'x' }, at('2026-11-18T09:00'))),
    'FEEDBACK_NOT_FOUND',
  );
});

test('the sender may reopen an answer within the window, and not after it', async () => {
  await saveFeedbackRules(
    tb.t.db,
    { kind: 'system', name: 'test' },
    {
      provinceCode: '08',
      effectiveFrom: '2026-09-01',
      rules: { reopenWindowDays: 10 },
    },
  );
  const citizen = tb.citizen('citizen-reopen');
  const r = await tb.submit({ categoryCode: 'dat-dai' }, { caller: citizen, now: at('2026-11-16T09:00') });
  await act(leader, r.code, { type: 'answer', answer: 'Đã giải quyết.' }, at('2026-11-20T09:00'));
  const reopened = await act(
    citizen,
    r.code,
    { type: 'reopen', reason: 'Chưa được giải quyết thực tế.' },
    at('2026-11-29T09:00'),
  );
  assert.equal(reopened.state, 'received');
  const view = await getFeedback(tb.t.db, citizen, '08', r.code);
  assert.equal(view.reopenCount, 1);
  assert.equal(view.answer, null);
  await act(leader, r.code, { type: 'answer', answer: 'Đã kiểm tra lại.' }, at('2026-11-30T09:00'));
  assert.equal(
    await code(act(citizen, r.code, { type: 'reopen', reason: 'Vẫn chưa.' }, at('2026-12-10T09:01'))),
    'FEEDBACK_REOPEN_WINDOW_PASSED',
  );
});

test('merging keeps the duplicate, closed and linked to the item it was merged into', async () => {
  const first = await tb.submit({ categoryCode: 'dat-dai', subject: 'Lấn chiếm đất tổ 7' });
  const dup = await tb.submit({ categoryCode: 'dat-dai', subject: 'Lấn chiếm đất tổ 7 (lần 2)' });
  const merged = await act(specialist, dup.code, { type: 'merge', intoCode: first.code }, at('2026-11-17T09:00'));
  assert.equal(merged.state, 'merged');
  const dupView = await getFeedback(tb.t.db, specialist, '08', dup.code);
  assert.equal(dupView.duplicateOf, first.code);
  assert.deepEqual(dupView.links, [{ code: first.code, kind: 'duplicate' }]);
  const firstView = await getFeedback(tb.t.db, specialist, '08', first.code);
  assert.deepEqual(firstView.links, [{ code: dup.code, kind: 'duplicate' }]);
  assert.equal(
    await code(act(specialist, dup.code, { type: 'draft_answer', answer: 'x' }, at('2026-11-17T10:00'))),
    'FEEDBACK_ACTION_NOT_ALLOWED',
  );
  const third = await tb.submit({ categoryCode: 'dat-dai' });
  await act(specialist, third.code, { type: 'link', otherCode: first.code }, at('2026-11-17T11:00'));
  assert.equal(
    (await getFeedback(tb.t.db, specialist, '08', third.code)).state,
    'received',
    'linking changes no state',
  );
});

test('each state change is audited and announced once, even when the request is retried', async () => {
  const r = await tb.submit({ categoryCode: 'dat-dai' });
  const options = { transactionId: 'answer-retry-0001' };
  const ctx = tb.ctx(at('2026-11-18T09:00'));
  await act(specialist, r.code, { type: 'draft_answer', answer: 'Đã xử lý.' }, at('2026-11-18T08:00'));
  const a = await takeFeedbackAction(tb.t.db, leader, r.code, { type: 'answer', answer: 'Đã xử lý.' }, options, ctx);
  const b = await takeFeedbackAction(tb.t.db, leader, r.code, { type: 'answer', answer: 'Đã xử lý.' }, options, ctx);
  assert.deepEqual(a, b);
  const trail = await auditTrail(tb.t.db, `feedback:${r.id}`);
  assert.deepEqual(
    trail.map((e) => e.action),
    ['received', 'answer_drafted', 'answered'],
  );
  const events = await tb.t.db
    .select()
    .from(outbox)
    .where(and(like(outbox.dedupeKey, `feedback:${r.id}:%`), eq(outbox.topic, 'feedback.answered')));
  assert.deepEqual(events.map((e) => e.channel).sort(), ['email', 'event']);
});

test('an Idempotency-Key reused for another item or another body is refused (422), not answered with the first answer', async () => {
  const first = await tb.submit({ categoryCode: 'dat-dai' });
  const second = await tb.submit({ categoryCode: 'dat-dai' });
  const options = { transactionId: 'accept-reused-0001' };
  const ctx = tb.ctx(at('2026-11-18T09:00'));
  const accepted = await takeFeedbackAction(tb.t.db, leader, first.code, { type: 'accept' }, options, ctx);
  assert.equal(accepted.code, first.code);
  const reused = await code(takeFeedbackAction(tb.t.db, leader, second.code, { type: 'accept' }, options, ctx));
  assert.equal(reused, 'IDEMPOTENCY_KEY_REUSED');
  assert.equal((await getFeedback(tb.t.db, leader, ctx.provinceCode, second.code)).state, 'received');
  // The same item and action with another body is another request too.
  const answer = { transactionId: 'answer-reused-0001' };
  await takeFeedbackAction(tb.t.db, leader, first.code, { type: 'answer', answer: 'Đã xử lý.' }, answer, ctx);
  const other = { type: 'answer', answer: 'Một câu trả lời khác.' } as const;
  assert.equal(
    await code(takeFeedbackAction(tb.t.db, leader, first.code, other, answer, ctx)),
    'IDEMPOTENCY_KEY_REUSED',
  );
});

test('a specialist’s draft reaches the sender only when the leader approves it; a returned draft goes back with the reason', async () => {
  const r = await tb.submit({ categoryCode: 'dat-dai' }, { now: at('2026-11-16T09:00') });
  assert.equal(
    await code(act(specialist, r.code, { type: 'answer', answer: 'Gửi thẳng.' }, at('2026-11-17T09:00'))),
    'FEEDBACK_APPROVER_REQUIRED',
  );
  await act(specialist, r.code, { type: 'draft_answer', answer: 'Dự thảo thứ nhất.' }, at('2026-11-17T09:00'));
  const noticesOf = async (topic: string) =>
    tb.t.db
      .select()
      .from(outbox)
      .where(and(like(outbox.dedupeKey, `feedback:${r.id}:%`), eq(outbox.topic, topic), eq(outbox.channel, 'email')));
  assert.equal((await noticesOf('feedback.answered')).length, 0, 'no answer sent for a draft');
  // The sender reads "in progress", neither the draft nor its steps.
  const senderView = await getFeedback(tb.t.db, { kind: 'anonymous' }, '08', r.code, { trackingKey: r.trackingKey });
  assert.equal(senderView.state, 'in_progress');
  assert.equal(senderView.stateLabel, 'Đang xử lý');
  assert.equal(senderView.draftAnswer, undefined);
  assert.ok(!senderView.history.some((h) => h.type === 'draft_answer'));
  const staffView = await getFeedback(tb.t.db, leader, '08', r.code);
  assert.equal(staffView.stateLabel, 'Chờ lãnh đạo duyệt trả lời');
  assert.equal(staffView.draftAnswer, 'Dự thảo thứ nhất.');
  assert.deepEqual(
    staffView.availableActions.filter((a) => a.includes('answer')),
    ['draft_answer', 'answer', 'return_answer'],
  );

  assert.equal(
    await code(act(leader, r.code, { type: 'return_answer', reason: ' ' }, at('2026-11-18T09:00'))),
    'FEEDBACK_REASON_REQUIRED',
  );
  const returned = await act(
    leader,
    r.code,
    { type: 'return_answer', reason: 'Nêu rõ căn cứ.' },
    at('2026-11-18T09:00'),
  );
  assert.equal(returned.state, 'in_progress');
  const back = await getFeedback(tb.t.db, specialist, '08', r.code);
  assert.equal(back.returnedReason, 'Nêu rõ căn cứ.');
  assert.equal(back.draftAnswer, 'Dự thảo thứ nhất.', 'the draft stays to be revised');
  assert.deepEqual(
    back.availableActions.filter((a) => a.includes('answer')),
    ['draft_answer'],
  );

  await act(specialist, r.code, { type: 'draft_answer', answer: 'Dự thảo thứ hai.' }, at('2026-11-19T09:00'));
  const approved = await act(
    leader,
    r.code,
    { type: 'answer', answer: 'Dự thảo thứ hai, đã sửa.' },
    at('2026-11-20T09:00'),
  );
  assert.equal(approved.state, 'answered');
  const done = await getFeedback(tb.t.db, leader, '08', r.code);
  assert.equal(done.answer, 'Dự thảo thứ hai, đã sửa.');
  assert.equal(done.draftAnswer, undefined);
  assert.deepEqual(done.history.at(-1)?.payload, {
    answer: 'Dự thảo thứ hai, đã sửa.',
    timing: 'onTime',
    approvedDraft: true,
    edited: true,
  });
  assert.equal((await noticesOf('feedback.answered')).length, 1, 'the approved answer is sent once');
});

test('a sender who wrote on Zalo gets the answer on Zalo only once the leader approves it, never the draft', async () => {
  const r = await tb.submit(
    {
      channel: 'zalo',
      categoryCode: 'dat-dai',
      sender: { fullName: 'Lò Thị Mai', phone: '0912000333', address: 'Thôn Nà Càng', zaloUserId: 'zalo-user-77' },
    },
    { caller: { kind: 'system', name: 'zalo' }, now: at('2026-11-16T09:00') },
  );
  const zaloAnswers = async () =>
    tb.t.db
      .select()
      .from(outbox)
      .where(
        and(
          like(outbox.dedupeKey, `feedback:${r.id}:%`),
          eq(outbox.topic, 'feedback.answered'),
          eq(outbox.channel, 'zalo'),
        ),
      );
  await act(specialist, r.code, { type: 'draft_answer', answer: 'Dự thảo gửi Zalo.' }, at('2026-11-17T09:00'));
  assert.equal((await zaloAnswers()).length, 0, 'a draft sends nothing on Zalo');
  await act(leader, r.code, { type: 'return_answer', reason: 'Viết lại.' }, at('2026-11-17T10:00'));
  await act(specialist, r.code, { type: 'draft_answer', answer: 'Bản đã sửa.' }, at('2026-11-17T11:00'));
  assert.equal((await zaloAnswers()).length, 0);
  await act(leader, r.code, { type: 'answer', answer: '' }, at('2026-11-18T09:00'));
  const sent = await zaloAnswers();
  assert.equal(sent.length, 1, 'the approved answer goes to Zalo once');
  assert.equal(sent[0]?.recipient, 'zalo-user-77');
  assert.match(JSON.stringify(sent[0]?.payload), /đã được Sở Nông nghiệp và Môi trường tỉnh Tuyên Quang trả lời/);
});
