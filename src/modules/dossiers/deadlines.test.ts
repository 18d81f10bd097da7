import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, like } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { outbox } from '../../platform/notify/index.ts';
import type { ProcedureView } from '../catalog/index.ts';
import { stepsFor } from '../catalog/testing.ts';
import { takeAction } from './actions.ts';
import { addAttachment, stageAttachment } from './attachments.ts';
import { dossierSteps, dossiers } from './schema.ts';
import { sweepDeadlines } from './sweep.ts';
import { type DossierFixture, dossierFixture, file, txId } from './testing.ts';
import type { DossierView } from './view-types.ts';

// Times are written in UTC; Tuyên Quang is UTC+7 and works 07:00–11:30 and 13:30–17:00.
let f: DossierFixture;
let oneDay: ProcedureView;
let threeDays: ProcedureView;
let receiver: Caller;
let specialist: Caller;
let leader: Caller;

before(async () => {
  f = await dossierFixture();
  oneDay = await f.procedure({ timeLimit: { amount: 1, unit: 'working_days' } });
  threeDays = await f.procedure({ timeLimit: { amount: 3, unit: 'working_days' } });
  receiver = await f.staffAt('minhxuanCentre', ['receiver']);
  specialist = await f.staffAt('minhxuan', ['specialist']);
  leader = await f.staffAt('minhxuan', ['leader']);
});
after(() => f.t.close());

const act = (who: Caller, ref: string, action: Parameters<typeof takeAction>[3], iso: string) =>
  takeAction(f.db, who, ref, action, { transactionId: txId('act') }, f.at(iso));
const receive = { type: 'receive' } as const;

/** Filed online and received at the same instant. */
async function receivedAt(p: ProcedureView, iso: string): Promise<DossierView> {
  const v = await file(f, f.citizen(), p, iso);
  return act(receiver, v.code, receive, iso);
}

test('received on Friday at 16:00, after the 15:00 cut-off, with one working day, it counts from Monday and is due at its close', async () => {
  const v = await receivedAt(oneDay, '2026-12-11T09:00:00Z');
  assert.equal(v.dueAt, '2026-12-14T10:00:00.000Z'); // Monday 17:00 (DOMAIN.md §1.5)
});

test('received on Friday at 14:00, before the cut-off, with one working day, it is due on Monday at 14:00', async () => {
  const v = await receivedAt(oneDay, '2026-12-11T07:00:00Z');
  assert.equal(v.dueAt, '2026-12-14T07:00:00.000Z');
});

test('received during the lunch break, the count starts at 13:30', async () => {
  const v = await receivedAt(oneDay, '2026-12-09T05:00:00Z'); // Wednesday 12:00
  assert.equal(v.dueAt, '2026-12-10T06:30:00.000Z'); // Thursday 13:30
});

test('filed online on Friday evening, it counts from Monday 07:00 (Decree 45/2020)', async () => {
  const v = await receivedAt(oneDay, '2026-12-11T12:00:00Z'); // Friday 19:00
  assert.equal(v.dueAt, '2026-12-15T00:00:00.000Z'); // Tuesday 07:00
  const early = await receivedAt(oneDay, '2026-12-09T23:00:00Z'); // Thursday 06:00
  assert.equal(early.dueAt, '2026-12-11T00:00:00.000Z'); // Friday 07:00
});

test('received on Wednesday 03/02/2027 at 16:45 with one working day, it is due after Tết, at the close of 11/02', async () => {
  // Tết Đinh Mùi (provisional): the break runs from Thursday 04/02 to Wednesday 10/02/2027;
  // after the cut-off the count starts on the next working day, 11/02.
  const v = await receivedAt(oneDay, '2027-02-03T09:45:00Z');
  assert.equal(v.dueAt, '2027-02-11T10:00:00.000Z');
});

test('a limit in working hours skips the lunch break: four hours from 10:00 end at 16:00', async () => {
  const hours = await f.procedure({ timeLimit: { amount: 4, unit: 'working_hours' } });
  const v = await receivedAt(hours, '2026-12-09T03:00:00Z');
  assert.equal(v.dueAt, '2026-12-09T09:00:00.000Z');
});

test('a limit in calendar days that ends on a Saturday moves to Monday', async () => {
  const days = await f.procedure({ timeLimit: { amount: 2, unit: 'calendar_days' } });
  const v = await receivedAt(days, '2026-12-10T02:00:00Z'); // Thursday 09:00
  assert.equal(v.dueAt, '2026-12-14T02:00:00.000Z'); // Monday 09:00
});

test('an online filing uses the online time limit when the procedure has one; the counter the other', async () => {
  const timeLimit = { amount: 3, unit: 'working_days' } as const;
  const p = await f.procedure({
    timeLimit,
    timeLimitOnline: { amount: 2, unit: 'working_days' },
    // The steps add up to each channel's limit: 24 working hours at the counter, 16 online.
    process: stepsFor(timeLimit).map((s, i) => (i === 1 ? { ...s, hoursOnline: 13 } : s)),
  });
  const online = await receivedAt(p, '2026-12-07T02:00:00Z');
  assert.equal(online.dueAt, '2026-12-09T02:00:00.000Z');
  const counter = await file(f, receiver, p, '2026-12-07T02:00:00Z');
  assert.equal(counter.channel, 'counter');
  assert.equal(counter.dueAt, '2026-12-10T02:00:00.000Z');
});

test('a supplement request stops the clock: the due date moves by the working time of the pause', async () => {
  const v = await receivedAt(threeDays, '2026-12-07T01:00:00Z'); // Monday 08:00, due Thursday 08:00
  assert.equal(v.dueAt, '2026-12-10T01:00:00.000Z');
  const missing = [{ name: 'Giấy chứng sinh', reason: 'Bản chụp bị mờ, không đọc được số' }];
  const asked = await act(
    receiver,
    v.code,
    { type: 'request_supplement', missingPapers: missing },
    '2026-12-07T02:00:00Z',
  );
  assert.equal(asked.state, 'awaiting_supplement');
  assert.equal(asked.clockPaused, true);
  const { pdfBytes } = await import('../../../test/fixtures/files.ts');
  const citizenOf = (await f.db.select().from(dossiers).where(eq(dossiers.code, v.code)))[0]?.applicantAccountId ?? '';
  const applicant: Caller = { kind: 'citizen', id: citizenOf };
  const scan = await stageAttachment(
    f.db,
    f.blobs,
    applicant,
    { kind: 'paper', fileName: 'chung-sinh.pdf', bytes: await pdfBytes('Chung sinh') },
    { maxBytes: 1_000_000, provinceCode: '08' },
  );
  // Paused from Monday 09:00 to Tuesday 09:00: one working day, so Thursday 08:00 becomes Friday 08:00.
  const back = await act(applicant, v.code, { type: 'supplement', attachmentIds: [scan.id] }, '2026-12-08T02:00:00Z');
  assert.equal(back.clockPaused, false);
  assert.equal(back.dueAt, '2026-12-11T01:00:00.000Z');
  assert.equal(back.attachments.length, 3, 'the two papers filed and the supplemented one');
  assert.equal(back.supplementRequests, 1);
});

/** Walks a received three-step dossier to its result at the given instants. */
async function toResult(v: DossierView, times: string[]): Promise<DossierView> {
  const [t0 = '', t1 = '', t2 = '', t3 = '', t4 = ''] = times;
  await act(receiver, v.code, { type: 'complete_step', stepIndex: 0 }, t0);
  await act(specialist, v.code, { type: 'complete_step', stepIndex: 1 }, t1);
  const { pdfBytes } = await import('../../../test/fixtures/files.ts');
  // The leader takes the result up for signature, then approves it.
  await addAttachment(
    f.db,
    f.blobs,
    leader,
    v.code,
    { kind: 'result', fileName: 'du-thao.pdf', bytes: await pdfBytes(`Du thao ${v.code}`) },
    { maxBytes: 1_000_000 },
  );
  await act(leader, v.code, { type: 'approve' }, t2);
  await act(receiver, v.code, { type: 'complete_step', stepIndex: 3 }, t3);
  const result = await stageAttachment(
    f.db,
    f.blobs,
    receiver,
    { kind: 'result', fileName: 'giay-khai-sinh.pdf', bytes: await pdfBytes(`Giay khai sinh ${v.code}`) },
    { maxBytes: 1_000_000, provinceCode: '08' },
  );
  return act(receiver, v.code, { type: 'attach_result', attachmentIds: [result.id], electronic: false }, t4);
}

test('a result ready on a day before the due day counts as early, on the due day by the due time as on time', async () => {
  const early = await receivedAt(threeDays, '2026-12-07T02:00:00Z'); // due Thursday 09:00
  const done = await toResult(early, [
    '2026-12-07T02:10:00Z',
    '2026-12-07T03:00:00Z',
    '2026-12-07T03:10:00Z',
    '2026-12-07T03:20:00Z',
    '2026-12-07T03:30:00Z',
  ]);
  assert.equal(done.state, 'result_ready');
  assert.equal(done.timing, 'early');
  assert.deepEqual(
    done.steps.map((s) => s.timing),
    ['onTime', 'onTime', 'onTime', 'onTime'],
  );
  const onTime = await receivedAt(threeDays, '2026-12-07T02:00:00Z');
  const t = [
    '2026-12-10T00:10:00Z',
    '2026-12-10T00:20:00Z',
    '2026-12-10T00:30:00Z',
    '2026-12-10T00:40:00Z',
    '2026-12-10T01:59:00Z',
  ];
  assert.equal((await toResult(onTime, t)).timing, 'onTime');
});

test('a result ready after the due time counts as late, and so does the step that ran over', async () => {
  const v = await receivedAt(threeDays, '2026-12-07T02:00:00Z');
  const t = [
    '2026-12-07T02:30:00Z',
    '2026-12-11T02:00:00Z',
    '2026-12-11T02:10:00Z',
    '2026-12-11T02:20:00Z',
    '2026-12-11T02:30:00Z',
  ];
  const done = await toResult(v, t);
  assert.equal(done.timing, 'late');
  assert.equal(done.steps[1]?.timing, 'late');
});

async function eventsOf(dossierId: string, topic: string) {
  return f.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.topic, topic), like(outbox.dedupeKey, `${dossierId}%`)));
}

test('the sweep announces a step and a dossier due soon, then overdue, each once', async () => {
  const v = await receivedAt(threeDays, '2026-12-14T02:00:00Z'); // Monday 09:00, due Thursday 09:00
  await sweepDeadlines(f.db, new Date('2026-12-14T02:30:00Z'));
  assert.equal((await eventsOf(v.id, 'dossier.step_due_soon')).length, 1, 'the one-hour reception step');
  assert.equal((await eventsOf(v.id, 'dossier.due_soon')).length, 0);
  await sweepDeadlines(f.db, new Date('2026-12-14T03:30:00Z'));
  assert.equal((await eventsOf(v.id, 'dossier.step_overdue')).length, 1);
  const [step] = await f.db
    .select()
    .from(dossierSteps)
    .where(and(eq(dossierSteps.dossierId, v.id), eq(dossierSteps.idx, 0)));
  assert.equal(step?.timing, 'late');
  await sweepDeadlines(f.db, new Date('2026-12-16T03:00:00Z')); // Wednesday 10:00: due within a working day
  assert.equal((await eventsOf(v.id, 'dossier.due_soon')).length, 1);
  assert.equal((await eventsOf(v.id, 'dossier.overdue')).length, 0);
  await sweepDeadlines(f.db, new Date('2026-12-17T02:30:00Z'));
  await sweepDeadlines(f.db, new Date('2026-12-17T03:00:00Z'));
  assert.equal((await eventsOf(v.id, 'dossier.overdue')).length, 1);
  assert.equal((await eventsOf(v.id, 'dossier.due_soon')).length, 1);
  assert.equal((await eventsOf(v.id, 'dossier.step_overdue')).length, 1);
});

test('the sweep skips a dossier waiting for a supplement, and announces its new due date later', async () => {
  const v = await receivedAt(oneDay, '2026-12-21T02:00:00Z'); // Monday 09:00, due Tuesday 09:00
  const missing = [{ name: 'Tờ khai', reason: 'Thiếu chữ ký của người yêu cầu' }];
  await act(receiver, v.code, { type: 'request_supplement', missingPapers: missing }, '2026-12-21T02:10:00Z');
  await sweepDeadlines(f.db, new Date('2026-12-23T02:00:00Z'));
  assert.equal((await eventsOf(v.id, 'dossier.overdue')).length, 0, 'the clock is stopped');
  assert.equal((await eventsOf(v.id, 'dossier.due_soon')).length, 0);
  const { pdfBytes } = await import('../../../test/fixtures/files.ts');
  const scan = await stageAttachment(
    f.db,
    f.blobs,
    receiver,
    { kind: 'paper', fileName: 'to-khai.pdf', bytes: await pdfBytes('To khai co chu ky') },
    { maxBytes: 1_000_000, provinceCode: '08' },
  );
  // Taken in at the counter on Wednesday 09:00: the due date moves past Wednesday.
  const back = await act(receiver, v.code, { type: 'supplement', attachmentIds: [scan.id] }, '2026-12-23T02:00:00Z');
  assert.ok(new Date(back.dueAt ?? '').getTime() > new Date('2026-12-23T02:00:00Z').getTime());
  await sweepDeadlines(f.db, new Date('2026-12-28T02:00:00Z'));
  assert.equal((await eventsOf(v.id, 'dossier.overdue')).length, 1);
});

test('an apology with a new date makes the sweep announce the new date again', async () => {
  const v = await receivedAt(threeDays, '2026-12-28T02:00:00Z'); // Monday 09:00, due Thursday 31/12 09:00
  await act(receiver, v.code, { type: 'complete_step', stepIndex: 0 }, '2026-12-28T02:10:00Z');
  await sweepDeadlines(f.db, new Date('2026-12-30T03:00:00Z'));
  assert.equal((await eventsOf(v.id, 'dossier.due_soon')).length, 1);
  const extended = await act(
    specialist,
    v.code,
    {
      type: 'apologise_extend',
      reason: 'Cần xác minh thông tin tại nơi cư trú',
      newDueAt: new Date('2027-01-06T02:00:00Z'),
    },
    '2026-12-30T04:00:00Z',
  );
  assert.equal(extended.dueAt, '2027-01-06T02:00:00.000Z');
  assert.equal(extended.extensions, 1);
  await sweepDeadlines(f.db, new Date('2027-01-05T03:00:00Z'));
  assert.equal((await eventsOf(v.id, 'dossier.due_soon')).length, 2);
});
