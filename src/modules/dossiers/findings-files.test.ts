/**
 * Issue 11's findings about a dossier's files and its result (finding 1, finding 10, result
 * issuing), each as the request that reproduced it, through the service and the database.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pdfBytes, pngBytes } from '../../../test/fixtures/files.ts';
import { DomainError } from '../../platform/errors.ts';
import { addAttachment, readAttachment, stageAttachment } from './attachments.ts';
import { type FindingsKit, findingsKit, idOf, MAX, outcome } from './findings-kit.ts';
import { getDossier } from './queries.ts';

let k: FindingsKit;
before(async () => {
  k = await findingsKit();
});
after(() => k.f.t.close());

test('finding 1: a hotline operator cannot add a signed result to a dossier', async () => {
  const { code } = await k.walk('stepsDone');
  // The centre holds it for "Trả kết quả"; the competent agency signs. Neither's other roles may add.
  for (const agency of ['minhxuanCentre', 'minhxuan'] as const) {
    for (const role of ['hotline_operator', 'admin', 'inspector'] as const) {
      const caller = await k.who(agency, role);
      assert.equal(await outcome(k.upload(caller, code, 'result', true)), 'ATTACHMENT_NOT_ALLOWED', `${role} signed`);
      assert.equal(await outcome(k.upload(caller, code, 'result')), 'ATTACHMENT_NOT_ALLOWED', `${role} result`);
      assert.equal(await outcome(k.upload(caller, code, 'paper')), 'ATTACHMENT_NOT_ALLOWED', `${role} paper`);
    }
  }
  // The one who issues the result may have it sealed.
  const sealed = await k.upload(await k.who('minhxuanCentre', 'clerk'), code, 'result', true);
  assert.equal(sealed.signed, true);
  // A result staged by a hotline operator never exists to be named by attach_result.
  const staged = stageAttachment(
    k.f.db,
    k.f.blobs,
    await k.who('minhxuanCentre', 'hotline_operator'),
    { kind: 'result', fileName: 'gia-mao.pdf', bytes: await pdfBytes('Gia mao') },
    { maxBytes: MAX, provinceCode: '08' },
  );
  assert.equal(await outcome(staged), 'ATTACHMENT_NOT_ALLOWED');
});

test('finding 1: a result is added only by the roles and in the states of the role × action table', async () => {
  const early = await k.walk('atSpecialist');
  const specialist = await k.who('minhxuan', 'specialist');
  // Issue 13.11: the specialist drafts the result at their step, unsealed until the leader approves.
  assert.equal(await outcome(k.upload(specialist, early.code, 'result')), 'ok');
  assert.equal(await outcome(k.upload(specialist, early.code, 'result', true)), 'ATTACHMENT_SIGN_NOT_APPROVED');
  assert.equal(
    await outcome(k.upload(await k.who('minhxuanCentre', 'receiver'), early.code, 'result')),
    'ATTACHMENT_NOT_ALLOWED',
  );
  const atLeader = await k.walk('atLeader');
  const leader = await k.who('minhxuan', 'leader');
  assert.equal(await outcome(k.upload(leader, atLeader.code, 'result', true)), 'ATTACHMENT_SIGN_NOT_APPROVED');
  assert.equal(
    await outcome(k.upload(leader, atLeader.code, 'result')),
    'ok',
    'the leader takes a result up for signature',
  );
  assert.equal(
    await outcome(k.upload(await k.who('minhxuanCentre', 'clerk'), atLeader.code, 'result')),
    'ATTACHMENT_NOT_ALLOWED',
  );
});

test('finding 1: nothing is added to a delivered dossier, not even by its receiver or applicant', async () => {
  const { code, citizen } = await k.walk('delivered');
  for (const caller of [await k.who('minhxuanCentre', 'receiver'), await k.who('minhxuanCentre', 'clerk'), citizen]) {
    for (const kind of ['paper', 'result'] as const) {
      const sign = kind === 'result';
      assert.equal(await outcome(k.upload(caller, code, kind, sign)), 'ATTACHMENT_DOSSIER_FINISHED');
    }
  }
  const ready = await k.walk('resultReady');
  assert.equal(await outcome(k.upload(ready.citizen, ready.code, 'paper')), 'ATTACHMENT_DOSSIER_FINISHED');
});

test('finding 10: the one who handled a step does not approve it', async () => {
  const both = await k.who('minhxuan', 'specialist', 'leader');
  const other = await k.who('minhxuan', 'leader');
  // Completed the appraisal, then tries to approve it.
  const first = await k.walk('atSpecialist');
  await k.act(both, first.code, { type: 'complete_step', stepIndex: 1 });
  await k.upload(other, first.code, 'result');
  const refused = await k.act(both, first.code, { type: 'approve' }).catch((e: DomainError) => e);
  assert.ok(refused instanceof DomainError);
  assert.equal(refused.code, 'APPROVAL_BY_HANDLER');
  assert.equal(refused.status, 403);
  assert.match(refused.message, /không được phê duyệt/);
  // Was assigned the appraisal (someone else completed it).
  const second = await k.walk('atSpecialist');
  await k.act(other, second.code, { type: 'assign_step', stepIndex: 1, assigneeId: idOf(both) });
  await k.act(await k.who('minhxuan', 'specialist'), second.code, { type: 'complete_step', stepIndex: 1 });
  await k.upload(other, second.code, 'result');
  assert.equal(await outcome(k.act(both, second.code, { type: 'approve' })), 'APPROVAL_BY_HANDLER');
  // The workspace does not offer them the approval; the other leader gets it.
  assert.ok(!(await getDossier(k.f.db, both, second.code)).allowedActions.includes('approve'));
  assert.ok((await getDossier(k.f.db, other, second.code)).allowedActions.includes('approve'));
  assert.equal(await outcome(k.act(other, second.code, { type: 'approve' })), 'ok');
});

test('result issuing: a leader cannot approve with no result attached', async () => {
  const { code } = await k.walk('atLeader');
  const refused = await k
    .act(await k.who('minhxuan', 'leader'), code, { type: 'approve' })
    .catch((e: DomainError) => e);
  assert.ok(refused instanceof DomainError);
  assert.equal(refused.code, 'APPROVAL_RESULT_REQUIRED');
  assert.equal(
    refused.message,
    'Hồ sơ chưa có tệp kết quả giải quyết. Vui lòng tải lên kết quả (PDF) trước khi phê duyệt.',
  );
  assert.equal((await getDossier(k.f.db, await k.who('minhxuan', 'leader'), code)).state, 'in_progress');
});

test('result issuing: only the files ticked at "Có kết quả giải quyết" reach the citizen', async () => {
  const { code, citizen, draft } = await k.walk('stepsDone');
  const clerk = await k.who('minhxuanCentre', 'clerk');
  const chosen = await k.upload(clerk, code, 'result', false, await pdfBytes('Giay khai sinh'));
  const unticked = await k.upload(clerk, code, 'result', false, await pdfBytes('Ban nhap'));
  await k.act(clerk, code, { type: 'attach_result', attachmentIds: [chosen.id], electronic: true });
  const seen = (await getDossier(k.f.db, citizen, code)).attachments.filter((a) => a.kind === 'result');
  assert.deepEqual(
    seen.map((a) => a.id),
    [chosen.id],
  );
  for (const id of [unticked.id, draft ?? '']) {
    assert.equal(await outcome(readAttachment(k.f.db, k.f.blobs, citizen, code, id)), 'ATTACHMENT_NOT_FOUND');
  }
  const staffView = (await getDossier(k.f.db, clerk, code)).attachments.filter((a) => a.kind === 'result');
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
  const { code } = await k.walk('atLeader');
  const leader = await k.who('minhxuan', 'leader');
  const png = addAttachment(
    k.f.db,
    k.f.blobs,
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
    k.f.db,
    k.f.blobs,
    leader,
    { kind: 'result', fileName: 'ket-qua.pdf', bytes: pngBytes() },
    { maxBytes: MAX, provinceCode: '08' },
  );
  assert.equal(await outcome(staged), 'ATTACHMENT_RESULT_NOT_PDF');
});
