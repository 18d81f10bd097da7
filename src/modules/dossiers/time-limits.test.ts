/**
 * Issue 23, time limits: same-day procedures with the 15:00 cut-off, the legal extension for
 * verification as a recorded action (not an apology), and counter reception outside the
 * receiving agency's working time refused without a recorded reason.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import { pdfToText } from '../../platform/pdf/testing.ts';
import type { ProcedureView } from '../catalog/index.ts';
import { takeAction } from './actions.ts';
import type { DossierContext } from './context.ts';
import { replayDossier } from './replay.ts';
import { dossierActions } from './schema.ts';
import { dossierSlip } from './slip-service.ts';
import { fileDossier } from './submit.ts';
import { applicant, birthForm, type DossierFixture, dossierFixture, file, txId } from './testing.ts';

let f: DossierFixture;
let marriage: ProcedureView;
let birth: ProcedureView;
let threeDays: ProcedureView;
let receiver: Caller;
let specialist: Caller;

before(async () => {
  f = await dossierFixture();
  marriage = await f.procedure({
    name: 'Thủ tục đăng ký kết hôn',
    timeLimit: { amount: 1, unit: 'same_day', extensionWorkingDays: 5 },
  });
  birth = await f.procedure({ timeLimit: { amount: 1, unit: 'same_day' } });
  threeDays = await f.procedure({ timeLimit: { amount: 3, unit: 'working_days' } });
  receiver = await f.staffAt('minhxuanCentre', ['receiver']);
  specialist = await f.staffAt('minhxuan', ['specialist']);
});
after(() => f.t.close());

const code = (e: unknown) => (e instanceof DomainError ? e.code : String(e));
const refusedWith = (expected: string) => (e: unknown) => {
  assert.equal(code(e), expected);
  return true;
};
/** The counter as production runs it: closed outside working time unless a reason is given. */
const counterAt = (iso: string): DossierContext => ({ ...f.at(iso), counterHours: 'refuse' });
const fileAtCounter = (procedure: ProcedureView, iso: string, outsideHoursReason?: string) =>
  fileDossier(
    f.db,
    receiver,
    {
      procedure: procedure.id,
      agencyId: f.agency.minhxuan,
      applicant,
      formData: birthForm,
      ...(outsideHoursReason ? { outsideHoursReason } : {}),
    },
    { transactionId: txId('counter') },
    counterAt(iso),
  );

/** The receiving step done: the dossier goes to the commune's specialist. */
const toSpecialist = (ref: string, iso: string) =>
  takeAction(f.db, receiver, ref, { type: 'complete_step', stepIndex: 0 }, { transactionId: txId('step') }, f.at(iso));

test('a same-day dossier received at the counter at 10:00 is due at 17:00 the same day', async () => {
  const view = await file(f, receiver, birth, '2026-12-07T10:00:00+07:00');
  assert.equal(view.dueAt, '2026-12-07T10:00:00.000Z');
});

test('a same-day dossier received at 15:30 on a Friday is due at 17:00 on Monday', async () => {
  const view = await file(f, receiver, birth, '2026-12-04T15:30:00+07:00');
  assert.equal(view.dueAt, '2026-12-07T10:00:00.000Z');
});

test('a 3-working-day dossier received after 15:00 counts from the next working day and ends at its close', async () => {
  // Monday 15:30: counting starts Tuesday, so three working days end Thursday at 17:00.
  const view = await file(f, receiver, threeDays, '2026-12-07T15:30:00+07:00');
  assert.equal(view.dueAt, '2026-12-10T10:00:00.000Z');
  // Before the cut-off the time of day is kept (S1): Monday 10:00 + 3 days = Thursday 10:00.
  const early = await file(f, receiver, threeDays, '2026-12-07T10:00:00+07:00');
  assert.equal(early.dueAt, '2026-12-10T03:00:00.000Z');
});

test('an online same-day filing at 02:11 on a Sunday is accepted and due at the end of Monday', async () => {
  const view = await file(f, f.citizen(), birth, '2026-12-06T02:11:00+07:00');
  assert.equal(view.state, 'submitted');
  const received = await takeAction(
    f.db,
    receiver,
    view.code,
    { type: 'receive' },
    { transactionId: txId('receive') },
    f.at('2026-12-07T08:00:00+07:00'),
  );
  assert.equal(received.dueAt, '2026-12-07T10:00:00.000Z');
});

test('counter reception at 02:11 on a Sunday is refused without an override reason', async () => {
  await assert.rejects(
    fileAtCounter(birth, '2026-12-06T02:11:00+07:00'),
    refusedWith('RECEPTION_OUTSIDE_WORKING_HOURS'),
  );
  await assert.rejects(
    fileAtCounter(birth, '2026-12-07T12:00:00+07:00', '   '),
    refusedWith('RECEPTION_OUTSIDE_WORKING_HOURS'),
    'the lunch break is outside working time too, and a blank reason is no reason',
  );
});

test('counter reception outside working time with a reason is received, the reason recorded, due from the next working time', async () => {
  const reason = 'Tiếp nhận ngoài giờ theo chỉ đạo của Chủ tịch UBND xã (hồ sơ khẩn)';
  const view = await fileAtCounter(birth, '2026-12-06T02:11:00+07:00', reason);
  assert.equal(view.state, 'received');
  assert.equal(view.dueAt, '2026-12-07T10:00:00.000Z');
  const [submit] = await f.db
    .select({ payload: dossierActions.payload })
    .from(dossierActions)
    .where(and(eq(dossierActions.dossierId, view.id), eq(dossierActions.type, 'submit')));
  assert.deepEqual(submit?.payload, { channel: 'counter', outsideHoursReason: reason });
});

test('counter reception during working time needs no reason', async () => {
  const view = await fileAtCounter(birth, '2026-12-07T09:00:00+07:00');
  assert.equal(view.state, 'received');
});

test('a marriage registration needing verification is extended by recorded working days, capped at 5, and it is not an apology', async () => {
  const view = await file(f, receiver, marriage, '2026-12-07T09:00:00+07:00');
  assert.equal(view.dueAt, '2026-12-07T10:00:00.000Z');
  await toSpecialist(view.code, '2026-12-07T09:10:00+07:00');
  const extend = (workingDays: number, iso: string, reason = 'Cần xác minh tình trạng hôn nhân tại nơi cư trú trước') =>
    takeAction(
      f.db,
      specialist,
      view.code,
      { type: 'extend_for_verification', reason, workingDays },
      { transactionId: txId('extend') },
      f.at(iso),
    );
  await assert.rejects(extend(2, '2026-12-07T10:00:00+07:00', ' '), refusedWith('REASON_REQUIRED'));
  await assert.rejects(extend(6, '2026-12-07T10:00:00+07:00'), refusedWith('VERIFICATION_EXTENSION_TOO_LONG'));
  // Monday 17:00 + 3 working days = Thursday 17:00.
  const extended = await extend(3, '2026-12-07T10:00:00+07:00');
  assert.equal(extended.dueAt, '2026-12-10T10:00:00.000Z');
  // Only 2 of the 5 days are left.
  await assert.rejects(extend(3, '2026-12-08T10:00:00+07:00'), refusedWith('VERIFICATION_EXTENSION_TOO_LONG'));
  const again = await extend(2, '2026-12-08T10:00:00+07:00');
  assert.equal(again.dueAt, '2026-12-14T10:00:00.000Z'); // Thursday + 2 working days = Monday 17:00
  const rows = await f.db
    .select({ payload: dossierActions.payload })
    .from(dossierActions)
    .where(and(eq(dossierActions.dossierId, view.id), eq(dossierActions.type, 'extend_for_verification')));
  assert.deepEqual(
    rows.map((r) => (r.payload as { workingDays: number }).workingDays),
    [3, 2],
  );
  // The apology (Mẫu 04) is still available: a legal extension is not one.
  const apology = await takeAction(
    f.db,
    specialist,
    view.code,
    { type: 'apologise_extend', reason: 'Chậm do liên thông', newDueAt: new Date('2026-12-15T10:00:00Z') },
    { transactionId: txId('apology') },
    f.at('2026-12-09T10:00:00+07:00'),
  );
  assert.equal(apology.dueAt, '2026-12-15T10:00:00.000Z');
  assert.deepEqual(await replayDossier(f.db, view.id, f.at('2026-12-09T10:00:00+07:00')), { ok: true });
});

test('a procedure with no extension in law refuses the verification extension', async () => {
  const view = await file(f, receiver, birth, '2026-12-07T09:00:00+07:00');
  await toSpecialist(view.code, '2026-12-07T09:10:00+07:00');
  await assert.rejects(
    takeAction(
      f.db,
      specialist,
      view.code,
      { type: 'extend_for_verification', reason: 'Cần xác minh', workingDays: 1 },
      { transactionId: txId('extend') },
      f.at('2026-12-07T10:00:00+07:00'),
    ),
    refusedWith('VERIFICATION_EXTENSION_NOT_ALLOWED'),
  );
});

test('an online filing received at 21:00 counts from the next working time, and Mẫu 01 writes the appointment as session, weekday and date', async () => {
  // Issue 13.14: citizens file at night; the officer on late duty receives it (online filings
  // are not held to the counter's hours), and the time limit starts at Tuesday's opening.
  const view = await file(f, f.citizen(), threeDays, '2026-12-07T20:30:00+07:00');
  const received = await takeAction(
    f.db,
    receiver,
    view.code,
    { type: 'receive' },
    { transactionId: txId('receive') },
    counterAt('2026-12-07T21:00:00+07:00'),
  );
  assert.equal(received.state, 'received');
  // Tuesday, Wednesday, Thursday: stored as the next opening (Friday 07:00, no working time
  // between), printed on the slip as the close of Thursday.
  assert.equal(received.dueAt, '2026-12-11T00:00:00.000Z');
  const slip = await dossierSlip(f.db, receiver, view.code, 'receipt', {
    signed: false,
    publicUrl: 'https://dichvucong.example',
  });
  const text = pdfToText(slip).replace(/\s+/gu, ' ');
  assert.ok(text.includes('Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00, chiều thứ Năm, ngày 10/12/2026'), text);
  assert.doesNotMatch(text, /trả kết quả giải quyết hồ sơ: 07 giờ 00/u, 'never an appointment at the opening');
});
