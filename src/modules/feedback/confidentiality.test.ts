import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { auditTrail } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import { takeFeedbackAction } from './actions.ts';
import { queryServiceRequests } from './open311-service.ts';
import { listPublishedAnswers, rateAnswer } from './public.ts';
import { at, type FeedbackTestbed, feedbackTestbed, MINH_XUAN, txId } from './testing.ts';
import { getFeedback, listFeedback } from './views.ts';

let tb: FeedbackTestbed;
before(async () => {
  tb = await feedbackTestbed();
});
after(async () => {
  await tb.t.close();
});

const conductReport = {
  categoryCode: 'thai-do-can-bo',
  subject: 'Cán bộ một cửa Lê Thị Hồng gây phiền hà',
  content: 'Ngày 10/11 cán bộ Lê Thị Hồng ở bộ phận một cửa phường yêu cầu nộp thêm tiền ngoài quy định.',
  place: { communeCode: MINH_XUAN },
  official: { name: 'Lê Thị Hồng', position: 'Công chức tiếp nhận' },
};

async function errorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  return 'no error';
}

const act = (caller: Caller, code: string, action: Parameters<typeof takeFeedbackAction>[3], now: Date) =>
  takeFeedbackAction(tb.t.db, caller, code, action, { transactionId: txId('act') }, tb.ctx(now));

test('a report about an official’s conduct is seen only by the agency’s leaders and the inspectors', async () => {
  const r = await tb.submit(conductReport);
  assert.equal(r.classification, 'conduct');
  assert.equal(r.agency.id, await tb.agencyId('000.00.41.H60'), 'routed to the commune of the official');
  const leader = await tb.callerFor('lanhdao.minhxuan');
  const inspector = await tb.callerFor('thanhtra.tinh');
  const specialist = await tb.callerFor('chuyenvien.minhxuan');
  const otherLeader = await tb.callerFor('lanhdao.tuphap');
  const operator = await tb.callerFor('tongdai.tinh');
  assert.equal((await getFeedback(tb.t.db, leader, '08', r.code)).content, conductReport.content);
  assert.equal((await getFeedback(tb.t.db, inspector, '08', r.code)).official?.name, 'Lê Thị Hồng');
  for (const outsider of [specialist, otherLeader, operator]) {
    assert.equal(await errorCode(getFeedback(tb.t.db, outsider, '08', r.code)), 'FEEDBACK_NOT_FOUND');
    assert.equal(
      await errorCode(act(outsider, r.code, { type: 'accept' }, at('2026-11-17T09:00'))),
      'FEEDBACK_NOT_FOUND',
    );
    const list = await listFeedback(tb.t.db, outsider, { provinceCode: '08' });
    assert.ok(!list.items.some((i) => i.code === r.code), 'not in the inbox either');
  }
  assert.ok((await listFeedback(tb.t.db, leader, { provinceCode: '08' })).items.some((i) => i.code === r.code));
  assert.ok((await listFeedback(tb.t.db, inspector, { provinceCode: '08' })).items.some((i) => i.code === r.code));
});

test('Open311 never shows a conduct report', async () => {
  const r = await tb.submit(conductReport);
  const found = await queryServiceRequests(tb.t.db, '08', { service_request_id: r.code }, at('2026-11-20T09:00'));
  assert.deepEqual(found, []);
});

test('a conduct report is published with the answer only, the official and the sender masked', async () => {
  const r = await tb.submit(conductReport, { now: at('2026-11-16T09:00') });
  const leader = await tb.callerFor('lanhdao.minhxuan');
  await act(
    leader,
    r.code,
    {
      type: 'answer',
      answer: 'UBND phường đã kiểm điểm bà Lê Thị Hồng (ĐT 0912111222) và xin lỗi ông Nguyễn Văn An.',
    },
    at('2026-11-20T09:00'),
  );
  await act(leader, r.code, { type: 'publish' }, at('2026-11-23T09:00'));
  const { items } = await listPublishedAnswers(tb.t.db, { provinceCode: '08', q: 'kiem diem' });
  const pub = items.find((i) => i.code === r.code);
  assert.ok(pub);
  assert.equal(pub.subject, 'Thái độ, hành vi của cán bộ, công chức');
  assert.equal(pub.content, null);
  assert.equal(pub.sender, 'N.V.A');
  assert.equal(pub.answer, 'UBND phường đã kiểm điểm bà L.T.H (ĐT 09******22) và xin lỗi ông N.V.A.');
  const text = JSON.stringify(pub);
  for (const secret of ['Hồng', 'Nguyễn Văn An', '0912345678', 'an.nguyen@gmail.com', 'Tổ 5']) {
    assert.ok(!text.includes(secret), `${secret} must not be published`);
  }
});

test('a published answer about rules is searchable without diacritics and shows no personal data', async () => {
  const r = await tb.submit(
    {
      categoryCode: 'giao-thong',
      subject: 'Cầu treo bản Khuổi bị hỏng',
      content: 'Tôi là Nguyễn Văn An, CCCD 008090012345, số 0912345678: cầu treo bản Khuổi gãy hai tấm ván.',
    },
    { now: at('2026-11-16T09:00') },
  );
  const specialist = await tb.callerFor('chuyenvien.xaydung');
  const leader = await tb.callerFor('lanhdao.nnmt');
  const construction = r.agency.id;
  assert.equal(construction, await tb.agencyId('000.00.07.H60'));
  await act(
    specialist,
    r.code,
    { type: 'draft_answer', answer: 'Sở đã sửa cầu treo bản Khuổi ngày 25/11.' },
    at('2026-11-20T08:00'),
  );
  // Another agency's leader neither approves the draft nor publishes (no seeded leader at this Sở: the system acts).
  assert.equal(
    await errorCode(act(leader, r.code, { type: 'answer', answer: '' }, at('2026-11-20T09:00'))),
    'FEEDBACK_ROLE_NOT_ALLOWED',
  );
  await act({ kind: 'system', name: 'test-approver' }, r.code, { type: 'answer', answer: '' }, at('2026-11-20T09:00'));
  assert.equal(
    await errorCode(act(leader, r.code, { type: 'publish' }, at('2026-11-23T09:00'))),
    'FEEDBACK_ROLE_NOT_ALLOWED',
  );
  await act({ kind: 'system', name: 'test-publisher' }, r.code, { type: 'publish' }, at('2026-11-23T09:00'));
  const { items } = await listPublishedAnswers(tb.t.db, { provinceCode: '08', q: 'cau treo khuoi' });
  const pub = items.find((i) => i.code === r.code);
  assert.ok(pub);
  assert.equal(pub.content, 'Tôi là N.V.A, CCCD *********345, số 09******78: cầu treo bản Khuổi gãy hai tấm ván.');
  assert.equal((await listPublishedAnswers(tb.t.db, { provinceCode: '08', q: 'khong co chu nay' })).total, 0);
});

test('every staff read of the sender’s contact details is audited; other staff see initials only', async () => {
  const r = await tb.submit({ categoryCode: 'dat-dai' });
  const handler = await tb.callerFor('chuyenvien.nnmt');
  const view = await getFeedback(tb.t.db, handler, '08', r.code);
  assert.deepEqual(view.sender, {
    fullName: 'Nguyễn Văn An',
    phone: '0912345678',
    email: 'an.nguyen@gmail.com',
    address: 'Tổ 5, phường Minh Xuân',
  });
  await getFeedback(tb.t.db, handler, '08', r.code);
  const operator = await tb.callerFor('tongdai.tinh');
  const basic = await getFeedback(tb.t.db, operator, '08', r.code);
  assert.deepEqual(basic.sender, { display: 'N.V.A' });
  const reads = (await auditTrail(tb.t.db, `feedback:${r.id}`)).filter((e) => e.action === 'read_personal_data');
  assert.equal(reads.length, 2);
  assert.equal(reads[0]?.actorId, handler.kind === 'staff' ? handler.id : '');
});

test('the sender follows the item with the tracking key; a wrong key is refused', async () => {
  const r = await tb.submit({ categoryCode: 'dat-dai' });
  const view = await getFeedback(tb.t.db, { kind: 'anonymous' }, '08', r.code, {
    trackingKey: r.trackingKey.toLowerCase(),
  });
  assert.equal(view.stateLabel, 'Đã tiếp nhận');
  assert.deepEqual(view.sender, { display: 'N.V.A' });
  assert.equal(
    await errorCode(getFeedback(tb.t.db, { kind: 'anonymous' }, '08', r.code, { trackingKey: 'ZZZZ2222' })),
    'FEEDBACK_TRACKING_KEY_INVALID',
  );
});

test('each citizen likes or dislikes a published answer once', async () => {
  const r = await tb.submit({ categoryCode: 'dat-dai' }, { now: at('2026-11-16T09:00') });
  const system = { kind: 'system' as const, name: 'test' };
  const input = { provinceCode: '08', code: r.code };
  assert.equal(
    await errorCode(rateAnswer(tb.t.db, tb.citizen('c-1'), { ...input, reaction: 'like' })),
    'FEEDBACK_NOT_PUBLISHED',
  );
  await act(system, r.code, { type: 'answer', answer: 'Đã trả lời.' }, at('2026-11-18T09:00'));
  await act(system, r.code, { type: 'publish' }, at('2026-11-18T10:00'));
  assert.deepEqual(await rateAnswer(tb.t.db, tb.citizen('c-1'), { ...input, reaction: 'like' }), {
    likes: 1,
    dislikes: 0,
    reaction: 'like',
  });
  assert.equal(
    await errorCode(rateAnswer(tb.t.db, tb.citizen('c-1'), { ...input, reaction: 'dislike' })),
    'FEEDBACK_ALREADY_RATED',
  );
  await rateAnswer(tb.t.db, tb.citizen('c-2'), { ...input, reaction: 'dislike' });
  await rateAnswer(tb.t.db, { kind: 'anonymous' }, { ...input, reaction: 'dislike', trackingKey: r.trackingKey });
  assert.equal(
    await errorCode(
      rateAnswer(tb.t.db, { kind: 'anonymous' }, { ...input, reaction: 'like', trackingKey: r.trackingKey }),
    ),
    'FEEDBACK_ALREADY_RATED',
  );
  assert.equal(
    await errorCode(rateAnswer(tb.t.db, { kind: 'anonymous' }, { ...input, reaction: 'like' })),
    'UNAUTHENTICATED',
  );
  const { items } = await listPublishedAnswers(tb.t.db, { provinceCode: '08' });
  const pub = items.find((i) => i.code === r.code);
  assert.deepEqual([pub?.likes, pub?.dislikes], [1, 2]);
});
