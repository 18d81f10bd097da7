/**
 * Our agency updates a document it issued (update-issued-document.ts): the rule (a leader of the
 * issuing agency, from "issued" only), and the internal case — the Department of Justice issues
 * to the People's Committee Office of the same deployment and to the Ministry over the hub, then
 * updates it: the new version is approved, checked, signed and sealed again with the issued
 * number and date, the Office's copy takes it in the same transaction (15 on the timeline), the
 * hub gets one update event, and the Ministry's answers count only as 15 or 16.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, max } from 'drizzle-orm';
import { DomainError } from '../../platform/errors.ts';
import { outbox } from '../../platform/notify/index.ts';
import { pdfSig } from '../../platform/pdf/testing.ts';
import { getDocumentView } from './document-view.ts';
import { deliveriesOf, recordDeliveryStatus } from './exchange-facts.ts';
import { latestFile, readBlob } from './files.ts';
import { documentActions, documentFiles, documents } from './schema.ts';
import { type DocumentState, decide } from './states.ts';
import {
  approveSignIssue,
  at,
  type DocumentsTestbed,
  documentsTestbed,
  draftInput,
  idOf,
  issuedDocument,
  txId,
} from './testing.ts';
import { updateIssuedDocument } from './update-issued-document.ts';

let f: DocumentsTestbed;
before(async () => {
  f = await documentsTestbed();
});
after(() => f.t.close());

const rejects = (promise: Promise<unknown>, code: string) =>
  assert.rejects(promise, (e: unknown) => e instanceof DomainError && e.code === code);

test('the rule: a leader of the issuing agency opens an update of an issued document, nobody else, from no other state', () => {
  const facts = (roles: Parameters<typeof decide>[3]['roles'], sameAgency = true) => ({
    roles,
    relations: new Set(['any'] as const),
    sameAgency,
  });
  assert.deepEqual(decide('update_issued', 'outgoing', 'issued', facts(['leader'])), {
    ok: true,
    to: 'awaiting_approval',
  });
  for (const role of ['clerk', 'specialist'] as const) {
    assert.equal(decide('update_issued', 'outgoing', 'issued', facts([role])).ok, false);
  }
  const others: DocumentState[] = ['draft', 'awaiting_approval', 'signed', 'recalled_by_us'];
  for (const state of others) {
    assert.deepEqual(decide('update_issued', 'outgoing', state, facts(['leader'])), {
      ok: false,
      reason: 'wrong_state',
    });
  }
  assert.equal(decide('update_issued', 'incoming', 'registered', facts(['leader'])).ok, false);
  assert.equal(decide('update_issued', 'outgoing', 'issued', facts(['leader'], false)).ok, false);
  assert.equal(decide('update_answer', 'outgoing', 'issued', facts(['leader'])).ok, false, 'the system’s only');
});

test('internal recipient: the update is signed and sealed again with the same number and date, the Office’s copy takes it, 15 on the timeline; the hub’s 01 does not count, its 16 does', async () => {
  const ctx = f.ctx(at('2026-11-17T08:30'));
  const issued = await issuedDocument(
    f,
    draftInput({
      recipients: [
        { kind: 'internal', agencyId: f.vpubnd, organName: 'Văn phòng UBND tỉnh' },
        { kind: 'external', organId: '000.00.00.G01', organName: 'Bộ Tư pháp' },
      ],
    }),
    ctx,
  );
  const [before] = await f.t.db.select().from(documents).where(eq(documents.id, issued.id));
  assert.ok(before?.registerNumber);
  const later = f.ctx(at('2026-11-20T10:00'));
  const subject = 'Báo cáo kết quả rà soát thủ tục hành chính lĩnh vực hộ tịch (sửa số liệu)';
  const input = { reason: 'Sửa số thủ tục đã rà soát.', subject, content: 'Đã rà soát 27 thủ tục.' };
  await rejects(
    updateIssuedDocument(f.t.db, f.leader, issued.id, { ...input, reason: ' ' }, { transactionId: txId() }, later),
    'VALIDATION_FAILED',
  );
  await rejects(
    updateIssuedDocument(f.t.db, f.clerk, issued.id, input, { transactionId: txId() }, later),
    'DOCUMENT_FORBIDDEN',
  );
  await rejects(
    updateIssuedDocument(f.t.db, f.yteLeader, issued.id, input, { transactionId: txId() }, later),
    'DOCUMENT_NOT_FOUND',
  );
  await rejects(
    updateIssuedDocument(f.t.db, f.leader, issued.id, { reason: 'Không đổi gì.' }, { transactionId: txId() }, later),
    'VALIDATION_FAILED',
  );
  const transactionId = txId();
  const opened = await updateIssuedDocument(f.t.db, f.leader, issued.id, input, { transactionId }, later);
  assert.deepEqual(
    await updateIssuedDocument(f.t.db, f.leader, issued.id, input, { transactionId }, later),
    opened,
    'a retried request is the same update',
  );
  assert.equal(opened.state, 'awaiting_approval');
  assert.equal(opened.update, 1);
  const [waiting] = await f.t.db.select().from(documents).where(eq(documents.id, issued.id));
  assert.equal(waiting?.approverId, idOf(f.leader), 'the leader who opened it approves and signs it');
  assert.equal((await latestFile(f.t.db, issued.id, 'draft'))?.version, opened.version);

  const reissued = await approveSignIssue(f, issued.id, later);
  assert.equal(reissued.state, 'issued');
  assert.equal(reissued.codeNumber, issued.codeNumber);
  assert.equal(reissued.issuedDate, '2026-11-17', 'the date of the issued document stays');
  const [after] = await f.t.db.select().from(documents).where(eq(documents.id, issued.id));
  assert.equal(after?.registerNumber, before.registerNumber, 'no new entry in the outgoing register');
  assert.equal(after?.subject, subject);
  const main = await latestFile(f.t.db, issued.id, 'main');
  assert.equal(main?.version, opened.version);
  const report = pdfSig(await readBlob(later.blobs, main?.blobKey ?? ''));
  assert.equal(report.match(/Signature Validation: Signature is Valid\./gu)?.length, 2, report);

  // The Office's copy: the new subject and the sealed version as its next file version, once.
  const [copy] = await f.t.db
    .select()
    .from(documents)
    .where(and(eq(documents.agencyId, f.vpubnd), eq(documents.codeNumber, issued.codeNumber)));
  assert.equal(copy?.subject, subject);
  assert.equal(copy?.state, 'registered', 'its handling goes on');
  const updates = await f.t.db
    .select()
    .from(documentActions)
    .where(and(eq(documentActions.documentId, copy?.id ?? ''), eq(documentActions.type, 'update')));
  assert.equal(updates.length, 1);
  assert.equal((updates[0]?.payload as { reason?: string } | undefined)?.reason, 'Sửa số thủ tục đã rà soát.');
  const [files] = await f.t.db
    .select({ version: max(documentFiles.version) })
    .from(documentFiles)
    .where(eq(documentFiles.documentId, copy?.id ?? ''));
  assert.equal(files?.version, 1, 'its first update: the received files are version 0');

  const events = await f.t.db.select().from(outbox).where(eq(outbox.topic, 'documents.outgoing_updated'));
  const ours = events.filter((m) => JSON.stringify(m.payload).includes(issued.id));
  assert.equal(ours.length, 1);
  assert.equal((ours[0]?.payload as { update?: number } | undefined)?.update, 1);

  const view = await getDocumentView(f.t.db, f.leader, issued.id, { blobs: later.blobs, verify: false });
  assert.deepEqual(view.deliveries.map((d) => [d.channel, d.update]).sort(), [
    ['hub', 'waiting'],
    ['internal', 'taken'],
  ]);
  assert.deepEqual(
    view.timeline.filter((e) => e.type === 'update_answer').map((e) => [e.label, e.detail]),
    [['Nơi nhận trả lời việc cập nhật', 'Văn phòng UBND tỉnh: đồng ý cập nhật']],
  );
  assert.equal(
    view.timeline.at(-1)?.detail,
    `Phát hành bản cập nhật lần 1, giữ số ${issued.codeNumber} và ngày 17/11/2026 của văn bản`,
  );
  const openedLine = view.timeline.find((e) => e.type === 'update_issued');
  assert.equal(openedLine?.label, 'Mở bản cập nhật văn bản đã phát hành');
  assert.match(
    openedLine?.detail ?? '',
    /^Bản cập nhật lần 1 \(dự thảo lần \d+\)\. Lý do: Sửa số thủ tục đã rà soát\./u,
  );
  assert.match(
    openedLine?.detail ?? '',
    /Trích yếu: “Báo cáo kết quả rà soát thủ tục hành chính lĩnh vực hộ tịch” → /u,
  );

  // The Ministry answers over the hub: the update package's own 01 is not an answer; 16 is.
  const answer = (statusCode: '01' | '16') =>
    recordDeliveryStatus(f.t.db, {
      documentId: issued.id,
      organId: '000.00.00.G01',
      statusCode,
      at: later.now,
      about: 'update',
    });
  assert.deepEqual(await answer('01'), { updated: false });
  assert.deepEqual(await answer('16'), { updated: true });
  const answered = await getDocumentView(f.t.db, f.leader, issued.id, { blobs: later.blobs, verify: false });
  assert.deepEqual(answered.deliveries.map((d) => [d.channel, d.status, d.update]).sort(), [
    ['hub', 'pending', 'refused'],
    ['internal', '03', 'taken'],
  ]);
  const refusals = await f.t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.topic, 'documents.update_refused'), eq(outbox.channel, 'event')));
  assert.deepEqual(refusals.map((n) => n.recipient).sort(), [idOf(f.clerk), idOf(f.leader)].sort());
  assert.deepEqual(
    (await deliveriesOf(f.t.db, issued.id)).map((d) => d.status).sort(),
    ['03', 'pending'],
    'the deliveries keep the document’s own status',
  );
});
