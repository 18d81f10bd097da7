import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, like } from 'drizzle-orm';
import { auditTrail } from '../../platform/audit/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { outbox } from '../../platform/notify/schema.ts';
import { logHotlineCall } from './hotline.ts';
import { submitFeedback } from './intake.ts';
import { feedbackItems } from './schema.ts';
import { at, CODES, type FeedbackTestbed, feedbackTestbed, MINH_XUAN, portalInput, txId } from './testing.ts';

let tb: FeedbackTestbed;
before(async () => {
  tb = await feedbackTestbed();
});
after(async () => {
  await tb.t.close();
});

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  assert.fail('expected a DomainError');
}

test('a portal report gets a PAKN-YYMMDD-NNNN code, a tracking key and the 2/5/15 working-day deadlines of §8.2', async () => {
  const r = await tb.submit({}, { now: at('2026-11-16T09:00') });
  assert.match(r.code, /^PAKN-261116-\d{4}$/);
  assert.match(r.trackingKey, /^[2-9A-Z]{8}$/);
  assert.equal(r.state, 'received');
  assert.equal(r.refuseDueAt, at('2026-11-18T09:00').toISOString());
  assert.equal(r.supplementDueAt, at('2026-11-23T09:00').toISOString());
  // 24/11/2026 (Vietnamese Culture Day) is a day off: the 15th working day is 08/12.
  assert.equal(r.answerDueAt, at('2026-12-08T09:00').toISOString());
});

test('tracking codes of one day run 0001, 0002, … without gaps, a refused submission taking no number', async () => {
  const day = at('2026-10-05T10:00');
  const first = await tb.submit({}, { now: day });
  await assert.rejects(tb.submit({ sender: {} }, { now: day }));
  const second = await tb.submit({}, { now: day });
  assert.equal(first.code, 'PAKN-261005-0001');
  assert.equal(second.code, 'PAKN-261005-0002');
});

test('sending the same form twice (same transaction id) files one item', async () => {
  const input = portalInput({ subject: 'Gửi hai lần' });
  const ctx = tb.ctx(at('2026-10-06T10:00'));
  const a = await submitFeedback(tb.t.db, { kind: 'anonymous' }, input, { transactionId: 'form-0001-abcdef' }, ctx);
  const b = await submitFeedback(tb.t.db, { kind: 'anonymous' }, input, { transactionId: 'form-0001-abcdef' }, ctx);
  assert.equal(a.code, b.code);
  const rows = await tb.t.db.select().from(feedbackItems).where(like(feedbackItems.code, 'PAKN-261006-%'));
  assert.equal(rows.length, 1);
});

test('without a name, an address and a phone or e-mail the sender is told in Vietnamese exactly what is missing', async () => {
  const err = await rejection(tb.submit({ sender: { fullName: 'Nguyễn Văn An' } }));
  assert.equal(err.code, 'FEEDBACK_SENDER_INCOMPLETE');
  assert.equal(err.status, 400);
  assert.equal(
    err.message,
    'Phản ánh, kiến nghị phải có thông tin người gửi (Nghị định 20/2008/NĐ-CP); phản ánh, kiến nghị nặc danh không được xử lý. Còn thiếu hoặc chưa đúng: địa chỉ, số điện thoại hoặc thư điện tử.',
  );
});

test('an environment report in a commune goes to that commune’s People’s Committee', async () => {
  const r = await tb.submit({ categoryCode: 'moi-truong', place: { communeCode: MINH_XUAN, address: 'Tổ 5' } });
  assert.equal(r.agency.id, await tb.agencyId('000.00.41.H60'));
  assert.equal(r.routedBy, 'commune');
});

test('a commune with no agency in the directory falls back to the department of the category', async () => {
  const commune = await tb.communeWithoutAgency();
  const r = await tb.submit({ categoryCode: 'moi-truong', place: { communeCode: commune } });
  assert.equal(r.agency.id, await tb.agencyId(CODES.nnmt));
  assert.equal(r.routedBy, 'category');
});

test('a land report goes to the Department of Agriculture and Environment by its category', async () => {
  const r = await tb.submit({ categoryCode: 'dat-dai' });
  assert.equal(r.agency.id, await tb.agencyId(CODES.nnmt));
  assert.equal(r.routedBy, 'category');
  const health = await tb.submit({ categoryCode: 'y-te' });
  assert.equal(health.agency.id, await tb.agencyId(CODES.yte));
});

test('a report about a dossier goes to the dossier’s competent agency, whatever its category', async () => {
  await tb.dossier('000.00.03.H60-261110-0001', CODES.tuphap);
  const r = await tb.submit({ categoryCode: 'thu-tuc-hanh-chinh', dossierCode: '000.00.03.H60-261110-0001' });
  assert.equal(r.agency.id, await tb.agencyId(CODES.tuphap));
  assert.equal(r.routedBy, 'dossier');
});

test('an unknown commune or category is refused with a clear message', async () => {
  assert.equal((await rejection(tb.submit({ place: { communeCode: '99999' } }))).code, 'FEEDBACK_COMMUNE_UNKNOWN');
  assert.equal((await rejection(tb.submit({ categoryCode: 'khong-co' }))).code, 'FEEDBACK_CATEGORY_UNKNOWN');
});

test('receiving writes an audit entry without contact details, an event and an acknowledgement by e-mail', async () => {
  const r = await tb.submit({ subject: 'Biên nhận' }, { now: at('2026-10-07T08:00') });
  const trail = await auditTrail(tb.t.db, `feedback:${r.id}`);
  assert.equal(trail[0]?.action, 'received');
  assert.ok(!JSON.stringify(trail[0]?.data).includes('0912345678'));
  const messages = await tb.t.db
    .select()
    .from(outbox)
    .where(like(outbox.dedupeKey, `feedback:${r.id}:%`));
  const event = messages.find((m) => m.channel === 'event');
  assert.equal(event?.topic, 'feedback.received');
  const mail = messages.find((m) => m.channel === 'email');
  assert.equal(mail?.recipient, 'an.nguyen@gmail.com');
  const payload = mail?.payload as { templateKey: string; subject: string; data: { feedbackCode: string } };
  assert.equal(payload.templateKey, 'feedback.received');
  assert.equal(payload.data.feedbackCode, r.code);
  assert.match(payload.subject, new RegExp(`Đã tiếp nhận phản ánh, kiến nghị ${r.code}`));
});

test('a sender with only a phone is acknowledged by SMS', async () => {
  const r = await tb.submit({ sender: { fullName: 'Lê Thị Bình', phone: '0987654321', address: 'Tổ 1' } });
  const [sms] = await tb.t.db
    .select()
    .from(outbox)
    .where(and(like(outbox.dedupeKey, `feedback:${r.id}:%`), eq(outbox.channel, 'sms')));
  assert.equal(sms?.recipient, '0987654321');
});

test('only staff enter paper letters, and only hotline operators log calls', async () => {
  const letter = portalInput({ channel: 'letter' });
  const ctx = tb.ctx(at('2026-11-16T09:00'));
  assert.equal(
    (await rejection(submitFeedback(tb.t.db, tb.citizen('c-1'), letter, { transactionId: txId() }, ctx))).code,
    'FEEDBACK_CHANNEL_NOT_ALLOWED',
  );
  const clerk = await tb.callerFor('vanthu.tuphap');
  const r = await submitFeedback(tb.t.db, clerk, letter, { transactionId: txId() }, ctx);
  assert.equal(r.state, 'received');
  const zalo = portalInput({ channel: 'zalo' });
  assert.equal(
    (await rejection(submitFeedback(tb.t.db, clerk, zalo, { transactionId: txId() }, ctx))).code,
    'FEEDBACK_CHANNEL_NOT_ALLOWED',
  );
  const viaZalo = await submitFeedback(tb.t.db, { kind: 'system', name: 'zalo' }, zalo, { transactionId: txId() }, ctx);
  assert.equal(viaZalo.state, 'received');
});

test('the hotline operator logs a question answered on the spot, and a call that becomes a feedback item', async () => {
  const operator = await tb.callerFor('tongdai.tinh');
  const ctx = tb.ctx(at('2026-11-17T10:00'));
  const answered = await logHotlineCall(
    tb.t.db,
    operator,
    {
      outcome: 'answered',
      callerPhone: '0912 000 111',
      question: 'Làm căn cước cần giấy tờ gì?',
      answer: 'Hướng dẫn mang giấy khai sinh.',
    },
    { transactionId: 'call-0001-aaaa' },
    ctx,
  );
  assert.equal(answered.outcome, 'answered');
  assert.equal(answered.callerPhone, '0912000111');
  const call = await logHotlineCall(
    tb.t.db,
    operator,
    {
      outcome: 'feedback',
      callerPhone: '0912000222',
      feedback: {
        kind: 'report',
        categoryCode: 'giao-thong',
        content: 'Đèn đường tổ 3 hỏng đã một tuần, buổi tối rất tối.',
        sender: { fullName: 'Trần Văn Cường', address: 'Tổ 3, phường Minh Xuân' },
        place: { communeCode: MINH_XUAN },
      },
    },
    { transactionId: 'call-0002-aaaa' },
    ctx,
  );
  assert.equal(call.outcome, 'feedback');
  assert.match(call.feedbackCode ?? '', /^PAKN-261117-/);
  const [item] = await tb.t.db
    .select()
    .from(feedbackItems)
    .where(eq(feedbackItems.code, call.feedbackCode ?? ''));
  assert.equal(item?.channel, 'hotline');
  assert.equal(item?.sender.phone, '0912000222', 'the caller’s number is the sender’s phone');
  const first = {
    outcome: 'answered',
    callerPhone: '0912 000 111',
    question: 'Làm căn cước cần giấy tờ gì?',
    answer: 'Hướng dẫn mang giấy khai sinh.',
  } as const;
  const again = await logHotlineCall(tb.t.db, operator, first, { transactionId: 'call-0001-aaaa' }, ctx);
  assert.equal(again.id, answered.id, 'a retried save logs the call once');
  // The same key with another call is a client bug: refused, never answered with the first call.
  await assert.rejects(
    logHotlineCall(
      tb.t.db,
      operator,
      { outcome: 'answered', callerPhone: '0912000111', question: 'x', answer: 'y' },
      { transactionId: 'call-0001-aaaa' },
      ctx,
    ),
    (err: unknown) => err instanceof DomainError && err.code === 'IDEMPOTENCY_KEY_REUSED',
  );
  const specialist = await tb.callerFor('chuyenvien.tuphap');
  await assert.rejects(
    logHotlineCall(
      tb.t.db,
      specialist,
      { outcome: 'answered', callerPhone: '0912000111', question: 'x', answer: 'y' },
      { transactionId: txId() },
      ctx,
    ),
    (err: unknown) => err instanceof DomainError && err.code === 'FORBIDDEN',
  );
});
