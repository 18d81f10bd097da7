/**
 * Issue 11's findings about dossiers (security review and result issuing), each as the
 * request that reproduced it, through the service and the database.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pdfBytes, pngBytes } from '../../../test/fixtures/files.ts';
import { auditTrail } from '../../platform/audit/index.ts';
import type { Caller, StaffRole } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import type { ProcedureView } from '../catalog/index.ts';
import { takeAction } from './actions.ts';
import { addAttachment, readAttachment, stageAttachment } from './attachments.ts';
import { getDossier } from './queries.ts';
import { searchDossiers } from './search.ts';
import { removeStaleStagedFiles } from './staging.ts';
import type { DossierAction } from './states.ts';
import {
  type AgencyKey,
  applicant,
  type DossierFixture,
  dossierFixture,
  file,
  stageRequiredPapers,
  txId,
} from './testing.ts';

let f: DossierFixture;
let procedure: ProcedureView;
const people = new Map<string, Caller>();

before(async () => {
  f = await dossierFixture();
  procedure = await f.procedure();
});
after(() => f.t.close());

const NOW = '2026-12-07T03:00:00Z';
const MAX = 1e6;

/** One staff member per agency and role set, made once. */
async function who(agency: AgencyKey, ...roles: StaffRole[]): Promise<Caller> {
  const key = `${agency}:${roles.join(',')}`;
  const known = people.get(key);
  if (known) return known;
  const made = await f.staffAt(agency, roles);
  people.set(key, made);
  return made;
}
const idOf = (caller: Caller) => (caller.kind === 'staff' || caller.kind === 'citizen' ? caller.id : '');
const act = (caller: Caller, code: string, action: DossierAction, sign = false) =>
  takeAction(f.db, caller, code, action, { transactionId: txId('finding'), signResult: sign }, f.at(NOW));
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? e.code : `unexpected: ${String(e)}`),
  );
const upload = async (caller: Caller, code: string, kind: 'paper' | 'result', sign = false, bytes?: Uint8Array) =>
  addAttachment(
    f.db,
    f.blobs,
    caller,
    code,
    { kind, fileName: kind === 'result' ? 'ket-qua.pdf' : 'giay-to.pdf', bytes: bytes ?? (await pdfBytes(kind)), sign },
    { maxBytes: MAX, now: new Date(NOW) },
  );

type Stage = 'atSpecialist' | 'atLeader' | 'stepsDone' | 'resultReady' | 'delivered';
const order: Stage[] = ['atSpecialist', 'atLeader', 'stepsDone', 'resultReady', 'delivered'];

/** A dossier filed online and taken through the service to `stage`. */
async function walk(stage: Stage) {
  const citizen = f.citizen();
  const { code } = await file(f, citizen, procedure, NOW);
  const receiver = await who('minhxuanCentre', 'receiver');
  const upTo = (s: Stage) => order.indexOf(s) <= order.indexOf(stage);
  await act(receiver, code, { type: 'receive', dueAt: new Date(0), steps: [] });
  await act(receiver, code, { type: 'complete_step', stepIndex: 0 });
  if (upTo('atLeader')) await act(await who('minhxuan', 'specialist'), code, { type: 'complete_step', stepIndex: 1 });
  let draft: string | undefined;
  if (upTo('stepsDone')) {
    draft = (await upload(await who('minhxuan', 'leader'), code, 'result')).id;
    await act(await who('minhxuan', 'leader'), code, { type: 'approve' });
    await act(receiver, code, { type: 'complete_step', stepIndex: 3 });
  }
  if (upTo('resultReady') && draft) {
    await act(await who('minhxuanCentre', 'clerk'), code, {
      type: 'attach_result',
      attachmentIds: [draft],
      electronic: true,
    });
  }
  if (upTo('delivered')) await act(receiver, code, { type: 'deliver', channel: 'counter' });
  return { code, citizen, draft };
}

test('finding 1: a hotline operator cannot add a signed result to a dossier', async () => {
  const { code } = await walk('stepsDone');
  // The centre holds it for "Trả kết quả"; the competent agency signs. Neither's other roles may add.
  for (const agency of ['minhxuanCentre', 'minhxuan'] as const) {
    for (const role of ['hotline_operator', 'admin', 'inspector'] as const) {
      const caller = await who(agency, role);
      assert.equal(await outcome(upload(caller, code, 'result', true)), 'ATTACHMENT_NOT_ALLOWED', `${role} signed`);
      assert.equal(await outcome(upload(caller, code, 'result')), 'ATTACHMENT_NOT_ALLOWED', `${role} result`);
      assert.equal(await outcome(upload(caller, code, 'paper')), 'ATTACHMENT_NOT_ALLOWED', `${role} paper`);
    }
  }
  // The one who issues the result may have it sealed.
  const sealed = await upload(await who('minhxuanCentre', 'clerk'), code, 'result', true);
  assert.equal(sealed.signed, true);
  // A result staged by a hotline operator never exists to be named by attach_result.
  const staged = stageAttachment(
    f.db,
    f.blobs,
    await who('minhxuanCentre', 'hotline_operator'),
    { kind: 'result', fileName: 'gia-mao.pdf', bytes: await pdfBytes('Gia mao') },
    { maxBytes: MAX, provinceCode: '08' },
  );
  assert.equal(await outcome(staged), 'ATTACHMENT_NOT_ALLOWED');
});

test('finding 1: a result is added only by the roles and in the states of the role × action table', async () => {
  const early = await walk('atSpecialist');
  const specialist = await who('minhxuan', 'specialist');
  assert.equal(await outcome(upload(specialist, early.code, 'result')), 'ATTACHMENT_NOT_ALLOWED');
  const atLeader = await walk('atLeader');
  const leader = await who('minhxuan', 'leader');
  assert.equal(await outcome(upload(leader, atLeader.code, 'result', true)), 'ATTACHMENT_SIGN_NOT_APPROVED');
  assert.equal(
    await outcome(upload(leader, atLeader.code, 'result')),
    'ok',
    'the leader takes a result up for signature',
  );
  assert.equal(
    await outcome(upload(await who('minhxuanCentre', 'clerk'), atLeader.code, 'result')),
    'ATTACHMENT_NOT_ALLOWED',
  );
});

test('finding 1: nothing is added to a delivered dossier, not even by its receiver or applicant', async () => {
  const { code, citizen } = await walk('delivered');
  for (const caller of [await who('minhxuanCentre', 'receiver'), await who('minhxuanCentre', 'clerk'), citizen]) {
    for (const kind of ['paper', 'result'] as const) {
      const sign = kind === 'result';
      assert.equal(await outcome(upload(caller, code, kind, sign)), 'ATTACHMENT_DOSSIER_FINISHED');
    }
  }
  const ready = await walk('resultReady');
  assert.equal(await outcome(upload(ready.citizen, ready.code, 'paper')), 'ATTACHMENT_DOSSIER_FINISHED');
});

test('finding 10: the one who handled a step does not approve it', async () => {
  const both = await who('minhxuan', 'specialist', 'leader');
  const other = await who('minhxuan', 'leader');
  // Completed the appraisal, then tries to approve it.
  const first = await walk('atSpecialist');
  await act(both, first.code, { type: 'complete_step', stepIndex: 1 });
  await upload(other, first.code, 'result');
  const refused = await act(both, first.code, { type: 'approve' }).catch((e: DomainError) => e);
  assert.ok(refused instanceof DomainError);
  assert.equal(refused.code, 'APPROVAL_BY_HANDLER');
  assert.equal(refused.status, 403);
  assert.match(refused.message, /không được phê duyệt/);
  // Was assigned the appraisal (someone else completed it).
  const second = await walk('atSpecialist');
  await act(other, second.code, { type: 'assign_step', stepIndex: 1, assigneeId: idOf(both) });
  await act(await who('minhxuan', 'specialist'), second.code, { type: 'complete_step', stepIndex: 1 });
  await upload(other, second.code, 'result');
  assert.equal(await outcome(act(both, second.code, { type: 'approve' })), 'APPROVAL_BY_HANDLER');
  // The workspace does not offer them the approval; the other leader gets it.
  assert.ok(!(await getDossier(f.db, both, second.code)).allowedActions.includes('approve'));
  assert.ok((await getDossier(f.db, other, second.code)).allowedActions.includes('approve'));
  assert.equal(await outcome(act(other, second.code, { type: 'approve' })), 'ok');
});

test('result issuing: a leader cannot approve with no result attached', async () => {
  const { code } = await walk('atLeader');
  const refused = await act(await who('minhxuan', 'leader'), code, { type: 'approve' }).catch((e: DomainError) => e);
  assert.ok(refused instanceof DomainError);
  assert.equal(refused.code, 'APPROVAL_RESULT_REQUIRED');
  assert.equal(
    refused.message,
    'Hồ sơ chưa có tệp kết quả giải quyết. Vui lòng tải lên kết quả (PDF) trước khi phê duyệt.',
  );
  assert.equal((await getDossier(f.db, await who('minhxuan', 'leader'), code)).state, 'in_progress');
});

test('result issuing: only the files ticked at "Có kết quả giải quyết" reach the citizen', async () => {
  const { code, citizen, draft } = await walk('stepsDone');
  const clerk = await who('minhxuanCentre', 'clerk');
  const chosen = await upload(clerk, code, 'result', false, await pdfBytes('Giay khai sinh'));
  const unticked = await upload(clerk, code, 'result', false, await pdfBytes('Ban nhap'));
  await act(clerk, code, { type: 'attach_result', attachmentIds: [chosen.id], electronic: true });
  const seen = (await getDossier(f.db, citizen, code)).attachments.filter((a) => a.kind === 'result');
  assert.deepEqual(
    seen.map((a) => a.id),
    [chosen.id],
  );
  for (const id of [unticked.id, draft ?? '']) {
    assert.equal(await outcome(readAttachment(f.db, f.blobs, citizen, code, id)), 'ATTACHMENT_NOT_FOUND');
  }
  const staffView = (await getDossier(f.db, clerk, code)).attachments.filter((a) => a.kind === 'result');
  assert.deepEqual(
    staffView.map((a) => [a.id, a.issued]).sort(),
    [
      [chosen.id, true],
      [unticked.id, false],
      [draft, false],
    ].sort(),
  );
});

test('result issuing: a result declared PDF is a PDF, checked by content', async () => {
  const { code } = await walk('atLeader');
  const leader = await who('minhxuan', 'leader');
  const png = addAttachment(
    f.db,
    f.blobs,
    leader,
    code,
    { kind: 'result', fileName: 'ket-qua.pdf', bytes: pngBytes() },
    { maxBytes: MAX },
  ).catch((e: DomainError) => e);
  const refused = await png;
  assert.ok(refused instanceof DomainError);
  assert.equal(refused.code, 'ATTACHMENT_RESULT_NOT_PDF');
  assert.equal(refused.message, 'Tệp kết quả giải quyết phải là tệp PDF.');
  const staged = stageAttachment(
    f.db,
    f.blobs,
    leader,
    { kind: 'result', fileName: 'ket-qua.pdf', bytes: pngBytes() },
    { maxBytes: MAX, provinceCode: '08' },
  );
  assert.equal(await outcome(staged), 'ATTACHMENT_RESULT_NOT_PDF');
});

test('finding lower (references): transfer to an unknown agency, assign_step to nobody or a stranger are refused', async () => {
  const { code } = await walk('atSpecialist');
  const specialist = await who('minhxuan', 'specialist');
  const transfer = (toAgencyId: string) =>
    outcome(act(specialist, code, { type: 'transfer', toAgencyId, reason: 'Xác minh' }));
  assert.equal(await transfer('7d1f6f0e-0000-4000-8000-000000000000'), 'TRANSFER_AGENCY_UNKNOWN');
  assert.equal(await transfer('not-an-agency'), 'TRANSFER_AGENCY_UNKNOWN');
  assert.equal(await transfer(f.agency.minhxuan), 'TRANSFER_AGENCY_UNKNOWN', 'not to itself');
  const assign = (assigneeId: string) =>
    outcome(act(specialist, code, { type: 'assign_step', stepIndex: 1, assigneeId }));
  assert.equal(await assign(''), 'ASSIGNEE_REQUIRED');
  assert.equal(await assign('tai-khoan-la'), 'ASSIGNEE_NOT_ELIGIBLE');
  assert.equal(await assign(idOf(await who('tuphap', 'specialist'))), 'ASSIGNEE_NOT_ELIGIBLE', 'another agency');
  assert.equal(await assign(idOf(await who('minhxuan', 'clerk'))), 'ASSIGNEE_NOT_ELIGIBLE', 'not the step’s role');
  assert.equal(await assign(idOf(specialist)), 'ok');
  const refused = await act(specialist, code, { type: 'transfer', toAgencyId: 'x', reason: 'Xác minh' }).catch(
    (e: DomainError) => e,
  );
  assert.ok(refused instanceof DomainError);
  assert.equal(refused.status, 422);
  assert.equal(await transfer(f.agency.tuphap), 'ok');
});

test('finding lower (papers): filing online refuses a dossier without the procedure’s required papers', async () => {
  const citizen = f.citizen();
  assert.equal(await outcome(file(f, citizen, procedure, NOW, { papers: [] })), 'DOSSIER_PAPERS_MISSING');
  const [one] = await stageRequiredPapers(f, citizen, procedure);
  assert.ok(one);
  assert.equal(await outcome(file(f, citizen, procedure, NOW, { papers: [one] })), 'DOSSIER_PAPERS_MISSING');
  // A draft may lack them; submitting it may not.
  const draft = await file(f, citizen, procedure, NOW, { papers: [], submit: false });
  assert.equal(await outcome(act(citizen, draft.id, { type: 'submit' })), 'DOSSIER_PAPERS_MISSING');
  // At the counter the receiver checks the originals in hand.
  assert.equal(await outcome(file(f, await who('minhxuanCentre', 'receiver'), procedure, NOW)), 'ok');
  assert.equal(await outcome(file(f, citizen, procedure, NOW)), 'ok');
});

test('finding lower (papers): a reusable paper may be the applicant’s own file from an earlier dossier', async () => {
  const citizen = f.citizen();
  const earlier = await file(f, citizen, procedure, NOW);
  const paperOf = (name: string) => earlier.attachments.find((a) => a.paperName === name)?.id ?? '';
  const [declaration] = (await stageRequiredPapers(f, citizen, procedure)).filter(
    (p) => p.paperName !== 'Giấy chứng sinh',
  );
  assert.ok(declaration);
  // Giấy chứng sinh is reusable in the procedure; the declaration (Tờ khai) is not.
  const birth = { attachmentId: paperOf('Giấy chứng sinh'), paperName: 'Giấy chứng sinh' };
  const reused = await file(f, citizen, procedure, NOW, { papers: [declaration, birth] });
  const copy = reused.attachments.find((a) => a.paperName === 'Giấy chứng sinh');
  assert.ok(copy && copy.id !== birth.attachmentId, 'a copy, the earlier dossier keeps its file');
  assert.equal(copy.sha256, earlier.attachments.find((a) => a.id === birth.attachmentId)?.sha256);
  assert.equal((await getDossier(f.db, citizen, earlier.code)).attachments.length, 2);
  const notReusable = { attachmentId: paperOf('Tờ khai đăng ký khai sinh'), paperName: 'Tờ khai đăng ký khai sinh' };
  const [birthAgain] = (await stageRequiredPapers(f, citizen, procedure)).filter(
    (p) => p.paperName === 'Giấy chứng sinh',
  );
  assert.ok(birthAgain);
  assert.equal(
    await outcome(file(f, citizen, procedure, NOW, { papers: [notReusable, birthAgain] })),
    'ATTACHMENTS_NOT_USABLE',
  );
  const stranger = f.citizen();
  const [theirDeclaration] = (await stageRequiredPapers(f, stranger, procedure)).filter(
    (p) => p.paperName !== 'Giấy chứng sinh',
  );
  assert.ok(theirDeclaration);
  assert.equal(
    await outcome(file(f, stranger, procedure, NOW, { papers: [theirDeclaration, birth] })),
    'ATTACHMENTS_NOT_USABLE',
    'someone else’s paper is never reused',
  );
});

test('finding lower (staging): staged uploads have a per-account quota and are removed after a day', async () => {
  const citizen = f.citizen();
  const stage = (caller: Caller, text: string) =>
    stageAttachment(
      f.db,
      f.blobs,
      caller,
      { kind: 'paper', fileName: 'scan.pdf', bytes: new TextEncoder().encode(`%PDF-1.4\n${text}\n%%EOF\n`) },
      { maxBytes: MAX, provinceCode: '08', quota: { files: 2 } },
    );
  await stage(citizen, 'a');
  await stage(citizen, 'b');
  const over = await stage(citizen, 'c').catch((e: DomainError) => e);
  assert.ok(over instanceof DomainError);
  assert.equal(over.code, 'STAGED_UPLOADS_QUOTA_EXCEEDED');
  assert.equal(over.status, 429);
  assert.equal(await outcome(stage(f.citizen(), 'd')), 'ok', 'another account has its own quota');
  const claimed = await file(f, citizen, procedure, NOW);
  assert.equal(await removeStaleStagedFiles(f.db, new Date(Date.now() + 23 * 3_600_000)), 0, 'kept for a day');
  assert.ok((await removeStaleStagedFiles(f.db, new Date(Date.now() + 25 * 3_600_000))) >= 3);
  assert.equal(await outcome(stage(citizen, 'e')), 'ok', 'the quota is free again');
  const after = await getDossier(f.db, citizen, claimed.code);
  assert.equal(after.attachments.filter((a) => a.kind === 'paper').length, 2, 'a claimed file is never removed');
});

test('finding lower (search audit): a staff search by id number is one audit entry saying who searched for what', async () => {
  const citizen = f.citizen();
  const { code } = await file(f, citizen, procedure, NOW);
  const receiver = await who('minhxuanCentre', 'receiver');
  const stream = `dossier-search:${f.agency.minhxuanCentre}`;
  const before = (await auditTrail(f.db, stream)).length;
  const found = await searchDossiers(f.db, receiver, { q: applicant.personalId, limit: 200 });
  assert.ok(found.items.some((d) => d.code === code));
  const entries = (await auditTrail(f.db, stream)).slice(before);
  assert.equal(entries.length, 1);
  const [entry] = entries;
  assert.equal(entry?.action, 'search_personal_data');
  assert.equal(entry?.actorId, idOf(receiver));
  const data = entry?.data as { queryKind: string; query: string; codes: string[] };
  assert.equal(data.queryKind, 'personal_id');
  assert.equal(data.query, applicant.personalId);
  assert.ok(data.codes.includes(code));
  // The inbox without a query and a citizen's own list are not searches of others' data.
  await searchDossiers(f.db, receiver, { limit: 5 });
  await searchDossiers(f.db, citizen, { q: applicant.personalId });
  assert.equal((await auditTrail(f.db, stream)).length, before + 1);
});
