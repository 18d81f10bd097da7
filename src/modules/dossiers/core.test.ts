import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { verifyAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { createAccount } from '../../platform/auth/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { outbox } from '../../platform/notify/index.ts';
import { seedCatalog } from '../catalog/index.ts';
import { type SeededDirectory, seededDirectory } from '../directory/testing.ts';
import { type DossierContext, fileDossier, takeAction } from './core.ts';
import { getDossier, listDossiers, trackDossier } from './views.ts';

let d: SeededDirectory;
let citizen: Caller;
let receiver: Caller;
let specialist: Caller;
let leader: Caller;
let otherAgencyStaff: Caller;
let communeId: string;

before(async () => {
  d = await seededDirectory();
  await seedCatalog(d.t.db, { provinceCode: '08' });
  const account = await createAccount(d.t.db, {
    provinceCode: '08',
    kind: 'citizen',
    login: '0912345678',
    password: 'MatKhau@2026',
    displayName: 'Nguyễn Thị Hoa',
  });
  citizen = { kind: 'citizen', id: account.id };
  receiver = await d.callerFor('tiepnhan.minhxuan');
  specialist = await d.callerFor('chuyenvien.minhxuan');
  leader = await d.callerFor('lanhdao.minhxuan');
  otherAgencyStaff = await d.callerFor('chuyenvien.tuphap');
  communeId = specialist.kind === 'staff' ? specialist.agencyId : '';
});
after(() => d.t.close());

const at = (iso: string): DossierContext => ({
  provinceCode: '08',
  now: new Date(iso),
  publicUrl: 'http://localhost:3000',
});
const applicant = {
  type: 'citizen' as const,
  fullName: 'Nguyễn Thị Hoa',
  phone: '0912345678',
  personalId: '008190000123',
};
const birth = {
  childFullName: 'Nguyễn Minh An',
  childBirthDate: '2026-11-01',
};
let seq = 0;
const tx = () => `tx-${++seq}`;

async function fileBirth(now: string) {
  return fileDossier(
    d.t.db,
    citizen,
    { procedure: '1.001193', agencyId: communeId, applicant, formData: { ...birth, ...(await birthExtras()) } },
    { transactionId: tx() },
    at(now),
  );
}
async function birthExtras(): Promise<Record<string, unknown>> {
  const { getProcedure } = await import('../catalog/index.ts');
  const p = await getProcedure(d.t.db, '1.001193', { provinceCode: '08' });
  const extras: Record<string, unknown> = {};
  for (const f of p.eform) {
    if (!f.required || f.key in birth) continue;
    extras[f.key] =
      f.type === 'choice'
        ? f.options?.[0]
        : f.type === 'date'
          ? '2026-11-01'
          : f.type === 'personal_id'
            ? '008190000123'
            : f.type === 'number'
              ? 1
              : 'Phường Minh Xuân, tỉnh Tuyên Quang';
  }
  return extras;
}

test('an online filing gets a gap-free code of the receiving centre and a tracking key', async () => {
  const view = await fileBirth('2026-11-23T02:00:00Z');
  assert.equal(view.state, 'submitted');
  assert.match(view.code, /^[0-9.A-Z]+-261123-\d{4}$/);
  assert.ok(view.trackingKey && view.trackingKey.length >= 8);
  const tracked = await trackDossier(d.t.db, view.code, view.trackingKey);
  assert.equal(tracked.state, 'submitted');
  assert.equal(JSON.stringify(tracked).includes('Nguyễn Thị Hoa'), false, 'tracking shows no personal data');
});

test('a wrong key and an unknown code answer the same way', async () => {
  const view = await fileBirth('2026-11-23T02:05:00Z');
  const wrong = await trackDossier(d.t.db, view.code, 'AAAAAAAA').catch((e: DomainError) => [
    e.code,
    e.status,
    e.message,
  ]);
  const unknown = await trackDossier(d.t.db, '000.00.00.H60-261123-9999', 'AAAAAAAA').catch((e: DomainError) => [
    e.code,
    e.status,
    e.message,
  ]);
  assert.deepEqual(wrong, unknown);
});

test('an online filing on Friday 16:45 before Tết 2027 with 1 working day is due after the break', async () => {
  // Tết 2027: mùng 1 is Saturday 06/02; the break is provisional data (dự kiến).
  const view = await fileBirth('2027-02-05T09:45:00Z');
  const received = await takeAction(
    d.t.db,
    receiver,
    view.code,
    { type: 'receive', dueAt: new Date(), steps: [] },
    { transactionId: tx() },
    at('2027-02-05T09:45:00Z'),
  );
  assert.equal(received.state, 'received');
  const due = new Date(received.dueAt ?? '');
  assert.ok(
    due.getTime() > new Date('2027-02-10T00:00:00Z').getTime(),
    `due ${received.dueAt} must fall after the Tết break`,
  );
  assert.ok(received.steps.length >= 2);
});

test('a filing received at lunch and after hours counts from the next working time', async () => {
  const lunch = await fileBirth('2026-11-25T05:00:00Z'); // 12:00 Wednesday (Tuesday 24/11 is Ngày Văn hóa Việt Nam)
  const r1 = await takeAction(
    d.t.db,
    receiver,
    lunch.code,
    { type: 'receive', dueAt: new Date(), steps: [] },
    { transactionId: tx() },
    at('2026-11-25T05:00:00Z'),
  );
  assert.equal(r1.dueAt, '2026-11-26T06:30:00.000Z'); // Thursday 13:30 = Wednesday 13:30 + 1 working day
  const evening = await fileBirth('2026-11-27T12:00:00Z'); // Friday 19:00
  const r2 = await takeAction(
    d.t.db,
    receiver,
    evening.code,
    { type: 'receive', dueAt: new Date(), steps: [] },
    { transactionId: tx() },
    at('2026-11-27T12:00:00Z'),
  );
  assert.equal(r2.dueAt, '2026-12-01T00:00:00.000Z'); // Monday 07:00 + 1 day = Tuesday 07:00
});

test('a supplement request stops the clock and the due date shifts by the pause', async () => {
  const view = await fileBirth('2026-12-07T01:00:00Z'); // Monday 08:00
  const r = await takeAction(
    d.t.db,
    receiver,
    view.code,
    { type: 'receive', dueAt: new Date(), steps: [] },
    { transactionId: tx() },
    at('2026-12-07T01:00:00Z'),
  );
  const originalDue = new Date(r.dueAt ?? '');
  const asked = await takeAction(
    d.t.db,
    specialist,
    view.code,
    { type: 'request_supplement', missingPapers: [{ name: 'Giấy chứng sinh', reason: 'Bản chụp bị mờ' }] },
    { transactionId: tx() },
    at('2026-12-07T02:00:00Z'),
  ).catch(async () =>
    takeAction(
      d.t.db,
      receiver,
      view.code,
      { type: 'request_supplement', missingPapers: [{ name: 'Giấy chứng sinh', reason: 'Bản chụp bị mờ' }] },
      { transactionId: tx() },
      at('2026-12-07T02:00:00Z'),
    ),
  );
  assert.equal(asked.state, 'awaiting_supplement');
  assert.equal(asked.clockPaused, true);
  const back = await takeAction(
    d.t.db,
    citizen,
    view.code,
    { type: 'supplement', attachmentIds: ['scan-1'] },
    { transactionId: tx() },
    at('2026-12-08T02:00:00Z'),
  );
  assert.equal(back.clockPaused, false);
  // Paused one full working day (Mon 09:00 → Tue 09:00): the due date moves one working day later.
  assert.equal(new Date(back.dueAt ?? '').getTime() - originalDue.getTime(), 24 * 3_600_000);
  const [notice] = await d.t.db.select().from(outbox).where(eq(outbox.topic, 'dossier.supplementRequested'));
  assert.ok(notice, 'the applicant is told by SMS');
  assert.match(JSON.stringify(notice.payload), /bổ sung/);
});

test('the same transaction id twice returns the first answer and writes nothing', async () => {
  const input = {
    procedure: '1.001193',
    agencyId: communeId,
    applicant,
    formData: { ...birth, ...(await birthExtras()) },
  };
  const a = await fileDossier(d.t.db, citizen, input, { transactionId: 'same-key' }, at('2026-11-25T02:00:00Z'));
  const b = await fileDossier(d.t.db, citizen, input, { transactionId: 'same-key' }, at('2026-11-25T02:00:01Z'));
  assert.equal(a.code, b.code);
  const both = await Promise.all([
    takeAction(
      d.t.db,
      receiver,
      a.code,
      { type: 'receive', dueAt: new Date(), steps: [] },
      { transactionId: 'recv-1' },
      at('2026-11-25T03:00:00Z'),
    ),
    takeAction(
      d.t.db,
      receiver,
      a.code,
      { type: 'receive', dueAt: new Date(), steps: [] },
      { transactionId: 'recv-1' },
      at('2026-11-25T03:00:00Z'),
    ),
  ]);
  assert.deepEqual(both[0], both[1]);
  const view = await getDossier(d.t.db, receiver, a.code);
  assert.deepEqual(
    view.timeline.map((e) => e.type),
    ['submit', 'receive'],
  );
});

test('200 concurrent counter receptions give 200 distinct gap-free codes', async () => {
  const input = {
    procedure: '1.001193',
    agencyId: communeId,
    applicant,
    formData: { ...birth, ...(await birthExtras()) },
  };
  const views = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      fileDossier(d.t.db, receiver, input, { transactionId: `counter-${i}` }, at('2026-12-01T02:00:00Z')),
    ),
  );
  const seqs = views.map((v) => Number(v.code.slice(-4))).sort((a, b) => a - b);
  assert.deepEqual(
    seqs,
    Array.from({ length: 200 }, (_, i) => i + 1),
  );
  assert.ok(views.every((v) => v.state === 'received'));
});

test('staff of another agency cannot read a dossier; the citizen reads their own; reads are audited', async () => {
  const view = await fileBirth('2026-11-26T02:00:00Z');
  await assert.rejects(
    getDossier(d.t.db, otherAgencyStaff, view.code),
    (e: unknown) => e instanceof DomainError && e.code === 'DOSSIER_NOT_FOUND',
  );
  assert.equal((await getDossier(d.t.db, citizen, view.code)).applicant?.fullName, 'Nguyễn Thị Hoa');
  await getDossier(d.t.db, receiver, view.code);
  const { auditTrail } = await import('../../platform/audit/index.ts');
  const trail = await auditTrail(d.t.db, `dossier:${view.code}`);
  assert.ok(trail.some((e) => e.action === 'read_personal_data'));
  assert.equal((await verifyAudit(d.t.db)).firstBreak, null);
});

test('role × action through the service, and the whole workflow to delivery', async () => {
  const view = await fileBirth('2026-11-30T02:00:00Z');
  const refused = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;
  const act = (who: Caller, action: Parameters<typeof takeAction>[3]) =>
    takeAction(d.t.db, who, view.code, action, { transactionId: tx() }, at('2026-11-30T03:00:00Z'));
  await assert.rejects(
    act(citizen, { type: 'receive', dueAt: new Date(), steps: [] }),
    refused('DOSSIER_ROLE_NOT_ALLOWED'),
  );
  await assert.rejects(
    act(otherAgencyStaff, { type: 'receive', dueAt: new Date(), steps: [] }),
    (e: unknown) => e instanceof DomainError,
  );
  let v = await act(receiver, { type: 'receive', dueAt: new Date(), steps: [] });
  assert.deepEqual(
    v.steps.map((s) => s.role),
    ['receiver', 'specialist', 'leader', 'receiver'],
  );
  v = await act(receiver, { type: 'complete_step', stepIndex: 0 });
  assert.equal(v.holdingAgencyId, communeId, 'the competent agency holds it while its specialist works');
  await assert.rejects(
    act(receiver, { type: 'complete_step', stepIndex: 1 }),
    (e: unknown) => e instanceof DomainError,
  );
  v = await act(specialist, { type: 'complete_step', stepIndex: 1 });
  await assert.rejects(act(specialist, { type: 'approve' }), refused('DOSSIER_ROLE_NOT_ALLOWED'));
  // Approval at the leader's step completes that step (docs/dossiers.md).
  v = await act(leader, { type: 'approve' });
  v = await act(receiver, { type: 'complete_step', stepIndex: 3 });
  v = await act(receiver, { type: 'attach_result', attachmentIds: ['kq-1'], electronic: true });
  assert.equal(v.state, 'result_ready');
  v = await act(receiver, { type: 'deliver', channel: 'electronic' });
  assert.equal(v.state, 'delivered');
  assert.equal(v.timing === 'early' || v.timing === 'onTime', true);
  const list = await listDossiers(d.t.db, receiver, { now: new Date('2026-11-30T04:00:00Z') });
  assert.ok(list.total >= 1);
});
