import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, like, sql } from 'drizzle-orm';
import { auditEvents, auditTrail, verifyAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import { outbox } from '../../platform/notify/index.ts';
import { setNotificationChannels, subscribe } from '../../platform/notify/preferences.ts';
import { idempotentRequests } from '../../platform/records/index.ts';
import type { ProcedureView } from '../catalog/index.ts';
import { takeAction } from './actions.ts';
import { stageAttachment } from './attachments.ts';
import { listDossiers } from './inbox.ts';
import { getDossier } from './queries.ts';
import { replayAllDossiers, replayDossier } from './replay.ts';
import { dossierActions, dossierHolders, dossiers } from './schema.ts';
import { fileDossier, updateDraft } from './submit.ts';
import {
  applicant,
  birthForm,
  type DossierFixture,
  dossierFixture,
  file,
  stageRequiredPapers,
  txId,
} from './testing.ts';
import { trackDossier } from './tracking.ts';

let f: DossierFixture;
let khaiSinh: ProcedureView;
let oneDay: ProcedureView;
let atTuphap: ProcedureView;
let receiver: Caller;
let centreReceiver: Caller;
let tuphapSpecialist: Caller;
let dongvanReceiver: Caller;

before(async () => {
  f = await dossierFixture();
  khaiSinh = await f.procedure();
  oneDay = await f.procedure({ timeLimit: { amount: 1, unit: 'working_days' } });
  atTuphap = await f.procedure({ level: 'province', agencyKind: 'justice', name: 'Cấp phiếu lý lịch tư pháp' }, [
    'tuphap',
  ]);
  receiver = await f.staffAt('minhxuanCentre', ['receiver'], 'Nguyễn Thị Kim Oanh');
  centreReceiver = await f.staffAt('centre', ['receiver']);
  tuphapSpecialist = await f.staffAt('tuphap', ['specialist']);
  dongvanReceiver = await f.staffAt('dongvanCentre', ['receiver']);
});
after(() => f.t.close());

const code = (e: unknown) => (e instanceof DomainError ? e.code : String(e));
const refusedWith = (expected: string) => (e: unknown) => {
  assert.equal(code(e), expected);
  return true;
};
const act = (who: Caller, ref: string, action: Parameters<typeof takeAction>[3], iso: string) =>
  takeAction(f.db, who, ref, action, { transactionId: txId('act') }, f.at(iso));
const receive = { type: 'receive' } as const;

test('an online filing takes the code of the commune centre and the day, and a tracking key', async () => {
  const citizen = f.citizen();
  const view = await file(f, citizen, khaiSinh, '2026-12-07T02:00:00Z');
  assert.equal(view.state, 'submitted');
  assert.match(view.code, /^000\.01\.41\.H60-261207-\d{4}$/);
  assert.equal(view.receivingAgencyId, f.agency.minhxuanCentre);
  assert.equal(view.competentAgencyId, f.agency.minhxuan);
  assert.ok((view.trackingKey ?? '').length >= 8);
  const holders = await f.db.select().from(dossierHolders).where(eq(dossierHolders.dossierId, view.id));
  assert.deepEqual(
    holders.map((h) => h.agencyId),
    [f.agency.minhxuanCentre],
  );
});

test('a filing after 17:00 Vietnam time on the 7th takes the code of the 7th, at 00:30 of the 8th the 8th', async () => {
  const late = await file(f, f.citizen(), khaiSinh, '2026-12-07T16:59:00Z');
  const next = await file(f, f.citizen(), khaiSinh, '2026-12-07T17:30:00Z');
  assert.match(late.code, /-261207-/);
  assert.match(next.code, /-261208-/);
});

test('a draft keeps incomplete answers and has no code; submitting it checks the e-form and gives the code', async () => {
  const citizen = f.citizen();
  const draft = await fileDossier(
    f.db,
    citizen,
    {
      procedure: khaiSinh.id,
      agencyId: f.agency.minhxuan,
      applicant,
      formData: { childFullName: 'Lò Văn Sáng' },
      submit: false,
    },
    { transactionId: txId('draft') },
    f.at('2026-12-07T02:00:00Z'),
  );
  assert.equal(draft.state, 'draft');
  assert.equal(draft.code, '');
  await assert.rejects(getDossier(f.db, receiver, draft.id), refusedWith('DOSSIER_NOT_FOUND'));
  await assert.rejects(act(receiver, draft.id, receive, '2026-12-07T02:01:00Z'), refusedWith('DOSSIER_NOT_FOUND'));
  await assert.rejects(act(citizen, draft.id, { type: 'submit' }, '2026-12-07T02:02:00Z'), (e: unknown) => {
    assert.equal(code(e), 'DOSSIER_FORM_INVALID');
    assert.match(JSON.stringify((e as DomainError).details), /Chọn giới tính/);
    return true;
  });
  const edited = await updateDraft(
    f.db,
    citizen,
    draft.id,
    { formData: birthForm, papers: await stageRequiredPapers(f, citizen, khaiSinh) },
    { transactionId: txId('edit') },
    f.at('2026-12-08T02:00:00Z'),
  );
  assert.equal(edited.state, 'draft');
  const submitted = await act(citizen, draft.id, { type: 'submit' }, '2026-12-09T02:00:00Z');
  assert.equal(submitted.state, 'submitted');
  assert.match(submitted.code, /^000\.01\.41\.H60-261209-\d{4}$/);
  assert.equal(submitted.submittedAt, '2026-12-09T02:00:00.000Z');
  assert.deepEqual(
    submitted.timeline.map((t) => t.type),
    ['draft', 'update_draft', 'submit'],
  );
  await assert.rejects(
    updateDraft(
      f.db,
      citizen,
      submitted.code,
      { formData: birthForm },
      { transactionId: txId() },
      f.at('2026-12-09T03:00:00Z'),
    ),
    refusedWith('DOSSIER_NOT_A_DRAFT'),
  );
  assert.ok((await getDossier(f.db, receiver, submitted.code)).applicant);
});

test('papers staged by the applicant join the dossier; a file staged by someone else is refused', async () => {
  const citizen = f.citizen();
  const { pdfBytes } = await import('../../../test/fixtures/files.ts');
  const mine = await stageAttachment(
    f.db,
    f.blobs,
    citizen,
    { kind: 'paper', fileName: 'giay-chung-sinh.pdf', bytes: await pdfBytes('Giay chung sinh') },
    { maxBytes: 1_000_000, provinceCode: '08' },
  );
  const theirs = await stageAttachment(
    f.db,
    f.blobs,
    f.citizen(),
    { kind: 'paper', fileName: 'khac.pdf', bytes: await pdfBytes('Khac') },
    { maxBytes: 1_000_000, provinceCode: '08' },
  );
  const base = { procedure: khaiSinh.id, agencyId: f.agency.minhxuan, applicant, formData: birthForm };
  await assert.rejects(
    fileDossier(
      f.db,
      citizen,
      { ...base, papers: [{ attachmentId: theirs.id }] },
      { transactionId: txId() },
      f.at('2026-12-07T03:00:00Z'),
    ),
    refusedWith('ATTACHMENTS_NOT_USABLE'),
  );
  // The other required paper, so that the filing is complete.
  const others = (await stageRequiredPapers(f, citizen, khaiSinh)).filter((p) => p.paperName !== 'Giấy chứng sinh');
  const view = await fileDossier(
    f.db,
    citizen,
    { ...base, papers: [{ attachmentId: mine.id, paperName: 'Giấy chứng sinh' }, ...others] },
    { transactionId: txId() },
    f.at('2026-12-07T03:00:00Z'),
  );
  assert.deepEqual(
    view.attachments.filter((a) => a.id === mine.id).map((a) => [a.id, a.paperName, a.kind]),
    [[mine.id, 'Giấy chứng sinh', 'paper']],
  );
  const trail = await auditTrail(f.db, `dossier:${view.code}`);
  assert.ok(trail.some((e) => e.action === 'attach_file'));
});

test('the same transaction id returns the first answer and writes nothing; reused for another action it is refused', async () => {
  const citizen = f.citizen();
  // A retry sends the same request again: the same papers, staged once.
  const papers = await stageRequiredPapers(f, citizen, khaiSinh);
  const a = await file(f, citizen, khaiSinh, '2026-12-07T04:00:00Z', { transactionId: 'nop-0001-same', papers });
  const b = await file(f, citizen, khaiSinh, '2026-12-07T04:00:05Z', { transactionId: 'nop-0001-same', papers });
  assert.deepEqual(b, a);
  const twins = await Promise.all(
    [1, 2].map(() =>
      takeAction(f.db, receiver, a.code, receive, { transactionId: 'nhan-0001-same' }, f.at('2026-12-07T04:05:00Z')),
    ),
  );
  assert.deepEqual(twins[0], twins[1]);
  const rows = await f.db.select().from(dossierActions).where(eq(dossierActions.dossierId, a.id));
  assert.deepEqual(rows.map((r) => r.type).sort(), ['receive', 'submit']);
  const received = await f.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.topic, 'dossier.received'), eq(outbox.channel, 'event'), like(outbox.dedupeKey, `${a.id}:%`)));
  assert.equal(received.length, 1, 'one event, however many retries');
  await assert.rejects(
    takeAction(
      f.db,
      receiver,
      a.code,
      { type: 'complete_step', stepIndex: 0 },
      { transactionId: 'nhan-0001-same' },
      f.at('2026-12-07T04:06:00Z'),
    ),
    refusedWith('IDEMPOTENCY_KEY_REUSED'),
  );
});

test('a transaction id reused with another body is refused (422) through the shared records layer, and nothing is filed', async () => {
  const citizen = f.citizen();
  await file(f, citizen, khaiSinh, '2026-12-07T04:10:00Z', { transactionId: 'nop-0002-body' });
  const before = await listDossiers(f.db, citizen, {});
  await assert.rejects(
    fileDossier(
      f.db,
      citizen,
      {
        procedure: khaiSinh.id,
        agencyId: f.agency.minhxuan,
        applicant: { ...applicant, fullName: 'Người Khác' },
        formData: birthForm,
      },
      { transactionId: 'nop-0002-body' },
      f.at('2026-12-07T04:10:05Z'),
    ),
    refusedWith('IDEMPOTENCY_KEY_REUSED'),
  );
  assert.equal((await listDossiers(f.db, citizen, {})).total, before.total);
});

test('200 concurrent counter receptions through the service give 200 distinct gap-free codes', async () => {
  const dongvan = await f.staffAt('dongvanCentre', ['receiver']);
  const views = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      fileDossier(
        f.db,
        dongvan,
        { procedure: khaiSinh.id, agencyId: f.agency.dongvan, applicant, formData: birthForm },
        { transactionId: `quay-dong-van-${i}` },
        f.at('2026-12-10T02:00:00Z'),
      ),
    ),
  );
  assert.ok(views.every((v) => v.state === 'received' && v.channel === 'counter'));
  assert.ok(views.every((v) => v.code.startsWith('000.01.46.H60-261210-')));
  assert.deepEqual(
    views.map((v) => Number(v.code.slice(-4))).sort((x, y) => x - y),
    Array.from({ length: 200 }, (_, i) => i + 1),
  );
});

test('a counter filing writes its code into its row, answers, messages and audit chain, and the chain verifies', async () => {
  const view = await fileDossier(
    f.db,
    receiver,
    {
      procedure: khaiSinh.id,
      agencyId: f.agency.minhxuan,
      applicant: { ...applicant, email: 'hoa@example.vn' },
      formData: birthForm,
    },
    { transactionId: txId('quay') },
    f.at('2026-12-11T02:00:00Z'),
  );
  assert.match(view.code, /^000\.01\.41\.H60-261211-\d{4}$/);
  const trail = await auditTrail(f.db, `dossier:${view.code}`);
  assert.deepEqual(
    trail.map((e) => [e.seq, e.action]),
    [
      [1, 'submit'],
      [2, 'receive'],
    ],
  );
  // The answer stored for replays (platform/records) carries the code, not the placeholder.
  const stored = await f.db
    .select({ response: idempotentRequests.response })
    .from(idempotentRequests)
    .where(sql`${idempotentRequests.response}->>'id' = ${view.id}`);
  assert.equal(stored.length, 1);
  assert.ok(stored.every((a) => (a.response as { code?: string }).code === view.code));
  const messages = await f.db
    .select()
    .from(outbox)
    .where(like(outbox.dedupeKey, `${view.id}:%`));
  assert.ok(messages.some((m) => m.channel === 'email' && JSON.stringify(m.payload).includes(view.code)));
  assert.ok(messages.every((m) => !JSON.stringify(m.payload).includes('pending-code')));
  assert.deepEqual(await trackDossier(f.db, view.code, view.trackingKey ?? ''), {
    ...(await trackDossier(f.db, view.code, view.trackingKey ?? '')),
    code: view.code,
    state: 'received',
  });
  assert.equal((await verifyAudit(f.db)).firstBreak, null);
});

test('who reads a dossier: its applicant and agencies that hold or held it; staff reads are audited', async () => {
  const citizen = f.citizen();
  const view = await file(f, citizen, atTuphap, '2026-12-07T02:00:00Z', { agency: 'tuphap' });
  assert.equal(view.receivingAgencyId, f.agency.centre, 'a department’s dossier is received by the province centre');
  await act(centreReceiver, view.code, receive, '2026-12-07T02:10:00Z');
  const moved = await act(centreReceiver, view.code, { type: 'complete_step', stepIndex: 0 }, '2026-12-07T02:20:00Z');
  assert.equal(moved.holdingAgencyId, f.agency.tuphap);
  assert.equal((await getDossier(f.db, tuphapSpecialist, view.code)).applicant?.fullName, 'Nguyễn Thị Hoa');
  assert.ok(await getDossier(f.db, centreReceiver, view.code), 'the centre held it and still reads it');
  await assert.rejects(getDossier(f.db, dongvanReceiver, view.code), refusedWith('DOSSIER_NOT_FOUND'));
  await assert.rejects(getDossier(f.db, f.citizen(), view.code), refusedWith('DOSSIER_NOT_FOUND'));
  assert.equal((await getDossier(f.db, citizen, view.code)).applicant?.phone, '0912345678');
  // An agency that never held it is told, as for reading, that there is no such dossier.
  await assert.rejects(
    act(dongvanReceiver, view.code, { type: 'withdraw' }, '2026-12-07T02:30:00Z'),
    refusedWith('DOSSIER_NOT_FOUND'),
  );
  const reads = (await auditTrail(f.db, `dossier:${view.code}`)).filter((e) => e.action === 'read_personal_data');
  assert.deepEqual(
    reads.map((e) => e.actorId),
    [tuphapSpecialist, centreReceiver].map((c) => (c.kind === 'staff' ? c.id : '')),
  );
  assert.equal((await verifyAudit(f.db)).firstBreak, null);
});

test('the inbox puts overdue first, then due today, then due soon, then the rest, with counts', async () => {
  const worker = await f.staffAt('minhxuanCentre', ['receiver']);
  const received = async (p: ProcedureView, iso: string) => {
    const v = await file(f, f.citizen(), p, iso);
    return (await act(worker, v.code, receive, iso)).code;
  };
  // Now: Wednesday 09/12/2026 10:00 in Tuyên Quang.
  const overdue = await received(oneDay, '2026-12-07T02:00:00Z'); // due Tue 08/12 09:00
  const today = await received(oneDay, '2026-12-08T07:00:00Z'); // due Wed 09/12 14:00
  const soon = await received(oneDay, '2026-12-09T01:00:00Z'); // due Thu 10/12 08:00, within a working day
  const later = await received(khaiSinh, '2026-12-09T01:00:00Z'); // due Mon 14/12 08:00
  const now = new Date('2026-12-09T03:00:00Z');
  const list = await listDossiers(f.db, worker, { now, limit: 200 });
  const mine = list.items.filter((i) => [overdue, today, soon, later].includes(i.code));
  assert.deepEqual(
    mine.map((i) => [i.code, i.urgency]),
    [
      [overdue, 'overdue'],
      [today, 'due_today'],
      [soon, 'due_soon'],
      [later, 'normal'],
    ],
  );
  assert.ok(list.overdue >= 1 && list.dueToday >= 1 && list.dueSoon >= 2);
  const onlyOverdue = await listDossiers(f.db, worker, { now, overdue: true, limit: 200 });
  assert.ok(onlyOverdue.items.every((i) => i.urgency === 'overdue'));
  assert.ok(onlyOverdue.items.some((i) => i.code === overdue));
  const byName = await listDossiers(f.db, worker, { now, q: 'nguyen thi hoa', limit: 1 });
  assert.equal(byName.items[0]?.applicantName, 'Nguyễn Thị Hoa');
});

test('a citizen lists their own dossiers, drafts included; staff never see a citizen’s draft', async () => {
  const citizen = f.citizen();
  const sent = await file(f, citizen, khaiSinh, '2026-12-07T02:00:00Z');
  const draft = await file(f, citizen, khaiSinh, '2026-12-07T02:00:00Z', { submit: false });
  const mine = await listDossiers(f.db, citizen);
  assert.deepEqual(new Set(mine.items.map((i) => i.id)), new Set([sent.id, draft.id]));
  assert.equal(mine.items.find((i) => i.id === draft.id)?.stateLabel, 'Chưa nộp');
  const staffList = await listDossiers(f.db, receiver, { limit: 200 });
  assert.ok(!staffList.items.some((i) => i.id === draft.id));
  await assert.rejects(listDossiers(f.db, { kind: 'anonymous' }), refusedWith('UNAUTHENTICATED'));
  await assert.rejects(listDossiers(f.db, receiver, { agencyId: f.agency.tuphap }), refusedWith('FORBIDDEN'));
});

test('public tracking shows no personal data; a wrong key and an unknown code answer alike', async () => {
  const view = await file(f, f.citizen(), khaiSinh, '2026-12-07T02:00:00Z');
  const tracked = await trackDossier(f.db, view.code, (view.trackingKey ?? '').toLowerCase());
  assert.equal(tracked.state, 'submitted');
  assert.equal(tracked.stateLabel, 'Đã gửi, đang chờ tiếp nhận');
  assert.doesNotMatch(JSON.stringify(tracked), /Nguyễn Thị Hoa|0912345678|008190000123/);
  const answer = (p: Promise<unknown>) =>
    p.then(
      () => 'found',
      (e: DomainError) => [e.code, e.status, e.message],
    );
  const wrong = await answer(trackDossier(f.db, view.code, 'ZZZZZZZZZZZZ'));
  const unknown = await answer(trackDossier(f.db, '000.01.41.H60-261207-9999', 'ZZZZZZZZZZZZ'));
  assert.deepEqual(wrong, unknown);
  assert.equal(wrong[0], 'DOSSIER_TRACKING_NOT_FOUND');
});

test('reception writes its events and the applicant’s SMS in the same transaction as the action', async () => {
  const view = await file(f, f.citizen(), khaiSinh, '2026-12-07T02:00:00Z');
  await act(receiver, view.code, receive, '2026-12-07T02:30:00Z');
  const messages = await f.db
    .select()
    .from(outbox)
    .where(like(outbox.dedupeKey, `${view.id}:%`));
  const topics = messages.map((m) => `${m.channel}:${m.topic}`).sort();
  assert.ok(topics.includes('event:dossier.received'));
  const sms = messages.find((m) => m.channel === 'sms' && m.topic === 'dossier.received');
  assert.ok(sms, 'the applicant gave a phone number');
  assert.equal(sms.recipient, '0912345678');
  assert.match(JSON.stringify(sms.payload), new RegExp(view.code.replace(/\./g, '\\.')));
  const audit = await f.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.stream, `dossier:${view.code}`))
    .orderBy(auditEvents.seq);
  assert.deepEqual(
    audit.map((e) => e.action).filter((a) => a !== 'attach_file'),
    ['submit', 'receive'],
  );
});

test('notices follow the account’s chosen channels and reach Zalo followers of the dossier', async () => {
  const withEmail = { ...applicant, email: 'hoa@example.vn' };
  const fileAs = async (who: Caller) =>
    fileDossier(
      f.db,
      who,
      {
        procedure: khaiSinh.id,
        agencyId: f.agency.minhxuan,
        applicant: withEmail,
        formData: birthForm,
        papers: await stageRequiredPapers(f, who, khaiSinh),
      },
      { transactionId: txId('file') },
      f.at('2026-12-07T02:00:00Z'),
    );
  const messagesOf = async (id: string, topic: string) =>
    (
      await f.db
        .select()
        .from(outbox)
        .where(like(outbox.dedupeKey, `${id}:%`))
    )
      .filter((m) => m.topic === topic && m.channel !== 'event')
      .map((m) => `${m.channel}:${m.recipient}`)
      .sort();

  // No choice made: e-mail, since the applicant gave one.
  const plain = await fileAs(f.citizen());
  await act(receiver, plain.code, receive, '2026-12-07T02:30:00Z');
  assert.deepEqual(await messagesOf(plain.id, 'dossier.received'), ['email:hoa@example.vn']);

  // SMS chosen; a Zalo follower subscribed with the code and key.
  const citizen = f.citizen();
  assert.equal(citizen.kind, 'citizen');
  await setNotificationChannels(f.db, citizen, '08', ['sms']);
  const chosen = await fileAs(citizen);
  await subscribe(f.db, {
    provinceCode: '08',
    subject: `dossier:${chosen.code}`,
    channel: 'zalo',
    recipient: 'zalo-1',
  });
  await act(receiver, chosen.code, receive, '2026-12-07T02:30:00Z');
  assert.deepEqual(await messagesOf(chosen.id, 'dossier.received'), ['sms:0912345678', 'zalo:zalo-1']);

  // Nothing chosen at all: no message, the events still go out.
  const quiet = f.citizen();
  await setNotificationChannels(f.db, quiet, '08', []);
  const none = await fileAs(quiet);
  await act(receiver, none.code, receive, '2026-12-07T02:30:00Z');
  assert.deepEqual(await messagesOf(none.id, 'dossier.received'), []);
});

test('the history is append-only: the database refuses to change or remove an action', async () => {
  const view = await file(f, f.citizen(), khaiSinh, '2026-12-07T02:00:00Z');
  const where = eq(dossierActions.dossierId, view.id);
  const appendOnly = (e: unknown) => /append-only/.test(String((e as { cause?: unknown }).cause ?? e));
  await assert.rejects(f.db.update(dossierActions).set({ type: 'receive' }).where(where), appendOnly);
  await assert.rejects(f.db.delete(dossierActions).where(where), appendOnly);
  assert.equal((await f.db.select().from(dossierActions).where(where)).length, 1);
});

test('every dossier this file made folds back from its action log to its stored snapshot', async () => {
  const bad = await replayAllDossiers(f.db, f.at('2026-12-31T00:00:00Z'));
  assert.deepEqual(bad, []);
});

test('a snapshot changed behind the machine is caught by the replay', async () => {
  const view = await file(f, f.citizen(), khaiSinh, '2026-12-07T02:00:00Z');
  await act(receiver, view.code, receive, '2026-12-07T02:30:00Z');
  assert.deepEqual(await replayDossier(f.db, view.id, f.at('2026-12-31T00:00:00Z')), { ok: true });
  const [row] = await f.db.select().from(dossiers).where(eq(dossiers.id, view.id));
  assert.ok(row);
  await f.db
    .update(dossiers)
    .set({ machine: { ...row.machine, approved: true } })
    .where(eq(dossiers.id, view.id));
  const result = await replayDossier(f.db, view.id, f.at('2026-12-31T00:00:00Z'));
  assert.equal(result.ok, false);
  // A snapshot of the wrong shape is refused on read, naming the dossier and the column (issue 12.7).
  await f.db
    .update(dossiers)
    .set({ machine: { ...row.machine, state: 'approved_by_hand' } as unknown as typeof row.machine })
    .where(eq(dossiers.id, view.id));
  await assert.rejects(
    act(receiver, view.code, { type: 'start_step' } as never, '2026-12-07T03:00:00Z'),
    new RegExp(`dossier ${view.code}: the stored machine does not have its schema's shape`),
  );
});
