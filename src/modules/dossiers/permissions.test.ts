/**
 * The role × action matrix of docs/dossiers.md, through the service and the database: for each
 * action, a fresh dossier in a state where it may be taken, and every kind of caller at the
 * agency that holds it. The allowed ones succeed; the others get DOSSIER_ROLE_NOT_ALLOWED.
 * (states.test.ts checks the same table on the pure machine.)
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Caller, StaffRole } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import type { ProcedureView } from '../catalog/index.ts';
import { takeAction } from './actions.ts';
import { addAttachment } from './attachments.ts';
import { replayAllDossiers } from './replay.ts';
import type { DossierCommand } from './states.ts';
import { type AgencyKey, type DossierFixture, dossierFixture, file, txId } from './testing.ts';

let f: DossierFixture;
let procedure: ProcedureView;
const roles: StaffRole[] = ['receiver', 'specialist', 'leader', 'clerk', 'hotline_operator', 'admin', 'inspector'];
type Who = StaffRole | 'citizen';
const staffAt: Partial<Record<AgencyKey, Record<StaffRole, Caller>>> = {};

before(async () => {
  f = await dossierFixture();
  // Extendable for verification like a same-day hộ tịch procedure (DOMAIN.md §1.5).
  procedure = await f.procedure({ timeLimit: { amount: 3, unit: 'working_days', extensionWorkingDays: 2 } });
  for (const agency of ['minhxuanCentre', 'minhxuan', 'tuphap'] as const) {
    const byRole = {} as Record<StaffRole, Caller>;
    for (const role of roles) byRole[role] = await f.staffAt(agency, [role]);
    staffAt[agency] = byRole;
  }
});
after(() => f.t.close());

const NOW = '2026-12-07T03:00:00Z'; // Monday 10:00; dossiers are due on Thursday
const staff = (agency: AgencyKey, role: StaffRole): Caller => {
  const caller = staffAt[agency]?.[role];
  if (!caller) throw new Error(`no ${role} at ${agency}`);
  return caller;
};
const staffId = (agency: AgencyKey, role: StaffRole): string => {
  const caller = staff(agency, role);
  return caller.kind === 'staff' ? caller.id : '';
};
const act = (who: Caller, code: string, action: DossierCommand) =>
  takeAction(f.db, who, code, action, { transactionId: txId('perm') }, f.at(NOW));

interface Setup {
  code: string;
  citizen: Caller;
}

/** The states the rows start from, each reached through the service. */
const reach = {
  async submitted(): Promise<Setup> {
    const citizen = f.citizen();
    return { code: (await file(f, citizen, procedure, NOW)).code, citizen };
  },
  async atSpecialist(): Promise<Setup> {
    const s = await reach.submitted();
    await act(staff('minhxuanCentre', 'receiver'), s.code, { type: 'receive' });
    await act(staff('minhxuanCentre', 'receiver'), s.code, { type: 'complete_step', stepIndex: 0 });
    return s;
  },
  async atLeader(): Promise<Setup> {
    const s = await reach.atSpecialist();
    await act(staff('minhxuan', 'specialist'), s.code, { type: 'complete_step', stepIndex: 1 });
    return s;
  },
  async stepsDone(): Promise<Setup> {
    const s = await reach.atLeader();
    await draftResult(s.code);
    await act(staff('minhxuan', 'leader'), s.code, { type: 'approve' });
    await act(staff('minhxuanCentre', 'receiver'), s.code, { type: 'complete_step', stepIndex: 3 });
    return s;
  },
  async resultReady(): Promise<Setup> {
    const s = await reach.stepsDone();
    const id = await resultFile(s.code);
    await act(staff('minhxuanCentre', 'receiver'), s.code, {
      type: 'attach_result',
      attachmentIds: [id],
      electronic: false,
    });
    return s;
  },
  async awaitingSupplement(): Promise<Setup> {
    const s = await reach.submitted();
    const missing = [{ name: 'Giấy chứng sinh', reason: 'Bản chụp không rõ' }];
    await act(staff('minhxuanCentre', 'receiver'), s.code, { type: 'request_supplement', missingPapers: missing });
    return s;
  },
  async awaitingPayment(): Promise<Setup> {
    const s = await reach.atSpecialist();
    const items = [{ name: 'Lệ phí', amount: 8000 }];
    await act(staff('minhxuan', 'specialist'), s.code, { type: 'request_payment', amount: 8000, items });
    return s;
  },
  async transferred(): Promise<Setup> {
    const s = await reach.atSpecialist();
    const to = { type: 'transfer', toAgencyId: f.agency.tuphap, reason: 'Xác minh lý lịch tư pháp' } as const;
    await act(staff('minhxuan', 'specialist'), s.code, to);
    return s;
  },
};

async function paperFile(s: Setup): Promise<string> {
  const { pdfBytes } = await import('../../../test/fixtures/files.ts');
  const bytes = await pdfBytes(`Giay to bo sung ${s.code}`);
  return (
    await addAttachment(
      f.db,
      f.blobs,
      s.citizen,
      s.code,
      { kind: 'paper', fileName: 'bo-sung.pdf', bytes },
      { maxBytes: 1e6 },
    )
  ).id;
}
/** The result the leader takes up for signature at the approval step. */
async function draftResult(code: string): Promise<string> {
  const { pdfBytes } = await import('../../../test/fixtures/files.ts');
  const bytes = await pdfBytes(`Du thao ket qua ${code}`);
  const who = staff('minhxuan', 'leader');
  return (
    await addAttachment(f.db, f.blobs, who, code, { kind: 'result', fileName: 'du-thao.pdf', bytes }, { maxBytes: 1e6 })
  ).id;
}
async function resultFile(code: string): Promise<string> {
  const { pdfBytes } = await import('../../../test/fixtures/files.ts');
  const bytes = await pdfBytes(`Ket qua ${code}`);
  const who = staff('minhxuanCentre', 'clerk');
  return (
    await addAttachment(f.db, f.blobs, who, code, { kind: 'result', fileName: 'ket-qua.pdf', bytes }, { maxBytes: 1e6 })
  ).id;
}

interface Row {
  name: string;
  from: keyof typeof reach;
  /** The agency that holds the dossier in that state. */
  at: AgencyKey;
  allowed: Who[];
  action: (s: Setup) => Promise<DossierCommand>;
}

const reason = 'Lý do được nêu rõ';
const rows: Row[] = [
  {
    name: 'receive',
    from: 'submitted',
    at: 'minhxuanCentre',
    allowed: ['receiver'],
    action: async () => ({ type: 'receive' }),
  },
  {
    name: 'refuse_intake',
    from: 'submitted',
    at: 'minhxuanCentre',
    allowed: ['receiver'],
    action: async () => ({ type: 'refuse_intake', reason }),
  },
  {
    name: 'request_supplement before reception',
    from: 'submitted',
    at: 'minhxuanCentre',
    allowed: ['receiver'],
    action: async () => ({ type: 'request_supplement', missingPapers: [{ name: 'Tờ khai', reason }] }),
  },
  {
    name: 'request_supplement during processing',
    from: 'atSpecialist',
    at: 'minhxuan',
    allowed: ['receiver', 'specialist'],
    action: async () => ({ type: 'request_supplement', missingPapers: [{ name: 'Tờ khai', reason }] }),
  },
  {
    name: 'supplement',
    from: 'awaitingSupplement',
    at: 'minhxuanCentre',
    allowed: ['citizen', 'receiver'],
    action: async (s) => ({ type: 'supplement', attachmentIds: [await paperFile(s)] }),
  },
  {
    name: 'assign_step',
    from: 'atSpecialist',
    at: 'minhxuan',
    allowed: ['specialist', 'leader'],
    action: async () => ({ type: 'assign_step', stepIndex: 1, assigneeId: staffId('minhxuan', 'specialist') }),
  },
  {
    name: 'complete_step',
    from: 'atSpecialist',
    at: 'minhxuan',
    allowed: ['specialist'],
    action: async () => ({ type: 'complete_step', stepIndex: 1 }),
  },
  {
    name: 'return_step',
    from: 'atSpecialist',
    at: 'minhxuan',
    allowed: ['specialist'],
    action: async () => ({ type: 'return_step', stepIndex: 1, reason }),
  },
  {
    name: 'transfer',
    from: 'atSpecialist',
    at: 'minhxuan',
    allowed: ['specialist', 'leader'],
    action: async () => ({ type: 'transfer', toAgencyId: f.agency.tuphap, reason }),
  },
  {
    name: 'transfer_back',
    from: 'transferred',
    at: 'tuphap',
    allowed: ['specialist', 'leader'],
    action: async () => ({ type: 'transfer_back' }),
  },
  {
    name: 'request_payment',
    from: 'atSpecialist',
    at: 'minhxuan',
    allowed: ['specialist'],
    action: async () => ({ type: 'request_payment', amount: 8000, items: [{ name: 'Lệ phí', amount: 8000 }] }),
  },
  {
    name: 'record_payment in cash',
    from: 'awaitingPayment',
    at: 'minhxuan',
    allowed: ['receiver'],
    action: async () => ({ type: 'record_payment', amount: 8000, method: 'cash', reference: 'BL-0001' }),
  },
  {
    name: 'record_payment online',
    from: 'awaitingPayment',
    at: 'minhxuan',
    allowed: ['citizen'],
    action: async () => ({ type: 'record_payment', amount: 8000, method: 'online', reference: 'VNPAY-0001' }),
  },
  {
    name: 'apologise_extend',
    from: 'atSpecialist',
    at: 'minhxuan',
    allowed: ['specialist', 'leader'],
    action: async () => ({ type: 'apologise_extend', reason, newDueAt: new Date('2026-12-15T02:00:00Z') }),
  },
  {
    name: 'extend_for_verification',
    from: 'atSpecialist',
    at: 'minhxuan',
    allowed: ['specialist', 'leader'],
    action: async () => ({ type: 'extend_for_verification', reason, workingDays: 1 }),
  },
  {
    name: 'stop',
    from: 'atSpecialist',
    at: 'minhxuan',
    allowed: ['specialist', 'leader'],
    action: async () => ({ type: 'stop', reason }),
  },
  {
    name: 'withdraw',
    from: 'atSpecialist',
    at: 'minhxuan',
    allowed: ['citizen', 'receiver'],
    action: async () => ({ type: 'withdraw', reason }),
  },
  {
    name: 'approve',
    from: 'atLeader',
    at: 'minhxuan',
    allowed: ['leader'],
    action: async (s) => {
      await draftResult(s.code);
      return { type: 'approve' };
    },
  },
  {
    name: 'deny',
    from: 'atLeader',
    at: 'minhxuan',
    allowed: ['leader'],
    action: async () => ({ type: 'deny', reason }),
  },
  {
    name: 'attach_result',
    from: 'stepsDone',
    at: 'minhxuanCentre',
    allowed: ['receiver', 'specialist', 'clerk'],
    action: async (s) => ({ type: 'attach_result', attachmentIds: [await resultFile(s.code)], electronic: false }),
  },
  {
    name: 'deliver',
    from: 'resultReady',
    at: 'minhxuanCentre',
    allowed: ['receiver'],
    action: async () => ({ type: 'deliver', channel: 'counter' }),
  },
];

const errorCode = (e: unknown) => (e instanceof DomainError ? e.code : `unexpected: ${String(e)}`);

for (const row of rows) {
  test(`${row.name} is open to ${row.allowed.join(', ')} only`, async () => {
    const everyone: Who[] = ['citizen', ...roles];
    // The refused try first, on one dossier: a refusal changes nothing.
    const shared = await reach[row.from]();
    for (const who of everyone.filter((w) => !row.allowed.includes(w))) {
      const caller = who === 'citizen' ? shared.citizen : staff(row.at, who);
      const outcome = await act(caller, shared.code, await row.action(shared)).then(() => 'ok', errorCode);
      assert.equal(outcome, 'DOSSIER_ROLE_NOT_ALLOWED', `${who} may not ${row.name}`);
    }
    for (const who of row.allowed) {
      const s = await reach[row.from]();
      const caller = who === 'citizen' ? s.citizen : staff(row.at, who);
      const outcome = await act(caller, s.code, await row.action(s)).then(() => 'ok', errorCode);
      assert.equal(outcome, 'ok', `${who} may ${row.name}`);
    }
  });
}

test('staff of an agency that held the dossier but does not hold it now are refused whatever their role', async () => {
  const s = await reach.atSpecialist();
  for (const role of ['specialist', 'leader'] as const) {
    const outcome = await act(staff('minhxuanCentre', role), s.code, { type: 'stop', reason }).then(
      () => 'ok',
      errorCode,
    );
    assert.equal(outcome, 'DOSSIER_NOT_AT_HOLDING_AGENCY');
  }
});

test('finding lower (existence leak): staff of an agency that never held a dossier get the answer for no dossier', async () => {
  const s = await reach.atSpecialist();
  const missing = `${s.code.slice(0, -4)}9999`;
  for (const role of ['specialist', 'leader', 'receiver'] as const) {
    for (const action of [{ type: 'stop', reason }, { type: 'approve' }, { type: 'withdraw' }] as const) {
      const there = await act(staff('tuphap', role), s.code, action).catch((e: DomainError) => e);
      const none = await act(staff('tuphap', role), missing, action).catch((e: DomainError) => e);
      assert.ok(there instanceof DomainError && none instanceof DomainError);
      assert.deepEqual(
        [there.code, there.status, there.message],
        [none.code, none.status, none.message],
        `${role} ${action.type}`,
      );
    }
  }
  for (const ref of [s.code, missing]) {
    assert.equal(
      await act({ kind: 'anonymous' }, ref, { type: 'withdraw' }).then(() => 'ok', errorCode),
      'UNAUTHENTICATED',
    );
  }
});

test('another citizen cannot act on someone else’s dossier, and learns nothing about it', async () => {
  const s = await reach.submitted();
  const outcome = await act(f.citizen(), s.code, { type: 'withdraw' }).then(() => 'ok', errorCode);
  assert.equal(outcome, 'DOSSIER_NOT_FOUND');
});

test('every dossier walked through the table folds back from its action log to its stored snapshot', async () => {
  assert.deepEqual(await replayAllDossiers(f.db, f.at('2026-12-31T00:00:00Z')), []);
});
