import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { verifyAudit } from '../../platform/audit/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { outbox } from '../../platform/notify/index.ts';
import { verifyPdf } from '../../platform/pdf/index.ts';
import { pdfSig, pdfToText } from '../../platform/pdf/testing.ts';
import { createDraft } from './draft-document.ts';
import { deliveriesOf, outgoingPackage, recordDeliveryStatus } from './exchange-facts.ts';
import { answerDocument, assignDocument, closeDocument, presentDocument, startHandling } from './handle-incoming.ts';
import { issueDocument } from './issue-document.ts';
import { registerDocument, registerIncomingDocument } from './register-incoming-document.ts';
import { approveDraft, checkDocumentFormat, sendBackDraft, signDocument, submitDraft } from './review-document.ts';
import { documentActions, documents } from './schema.ts';
import { at, type DocumentsTestbed, documentsTestbed, draftInput, incomingInput, txId } from './testing.ts';
import { documentsOfFile, openWorkFile } from './work-files.ts';

let f: DocumentsTestbed;
before(async () => {
  f = await documentsTestbed();
});
after(() => f.t.close());

const rejects = (promise: Promise<unknown>, code: string) =>
  assert.rejects(promise, (e: unknown) => e instanceof DomainError && e.code === code);

const id = (c: { kind: string; id?: string }) => (c.kind === 'staff' && c.id ? c.id : '');

test('incoming: the clerk registers a scan (số đến 01, then 02), presents it, the leader assigns, the lead answers and closes', async () => {
  const ctx = f.ctx(at('2026-11-16T09:00'));
  const first = await registerIncomingDocument(f.t.db, f.clerk, incomingInput(f.pdf), { transactionId: txId() }, ctx);
  assert.equal(first.state, 'registered');
  const second = await registerIncomingDocument(
    f.t.db,
    f.clerk,
    incomingInput(f.pdf, { codeNumber: '124' }),
    { transactionId: txId() },
    ctx,
  );
  assert.equal(second.registerNumber, (first.registerNumber ?? 0) + 1);

  // Only the clerk registers; the specialist may not.
  await rejects(
    registerIncomingDocument(f.t.db, f.specialist, incomingInput(f.pdf), { transactionId: txId() }, ctx),
    'DOCUMENT_FORBIDDEN',
  );
  // Assigning before the leader has it is the leader's act, not the clerk's.
  await rejects(
    assignDocument(
      f.t.db,
      f.clerk,
      first.id,
      { assignments: [{ assigneeId: id(f.specialist), kind: 'lead' }] },
      { transactionId: txId() },
      ctx,
    ),
    'DOCUMENT_FORBIDDEN',
  );
  await presentDocument(f.t.db, f.clerk, first.id, { leaderId: id(f.leader) }, { transactionId: txId() }, ctx);
  // Two leads are refused.
  await rejects(
    assignDocument(
      f.t.db,
      f.leader,
      first.id,
      {
        assignments: [
          { assigneeId: id(f.specialist), kind: 'lead' },
          { assigneeId: id(f.specialist2), kind: 'lead' },
        ],
      },
      { transactionId: txId() },
      ctx,
    ),
    'DOCUMENT_ASSIGNEE_INVALID',
  );
  const assigned = await assignDocument(
    f.t.db,
    f.leader,
    first.id,
    {
      instruction: 'Giao Phòng Hành chính tư pháp chủ trì tham mưu trả lời.',
      assignments: [
        { assigneeId: id(f.specialist), kind: 'lead', dueInWorkingDays: 5 },
        { assigneeId: id(f.specialist2), kind: 'co_handle', dueInWorkingDays: 3 },
      ],
    },
    { transactionId: txId() },
    ctx,
  );
  assert.equal(assigned.state, 'in_progress');
  await startHandling(f.t.db, f.specialist, first.id, { transactionId: txId() }, ctx);
  // The co-handler may not close: only the lead.
  await rejects(
    closeDocument(f.t.db, f.specialist2, first.id, {}, { transactionId: txId() }, ctx),
    'DOCUMENT_FORBIDDEN',
  );
  const answer = await createDraft(f.t.db, f.specialist, draftInput(), { transactionId: txId() }, ctx);
  await answerDocument(f.t.db, f.specialist, first.id, { outgoingId: answer.id }, { transactionId: txId() }, ctx);
  const closed = await closeDocument(
    f.t.db,
    f.specialist,
    first.id,
    { result: 'Đã trả lời.' },
    { transactionId: txId() },
    ctx,
  );
  assert.equal(closed.state, 'done');
  const actions = await f.t.db.select().from(documentActions).where(eq(documentActions.documentId, first.id));
  assert.deepEqual(
    actions.sort((a, b) => a.seq - b.seq).map((a) => a.type),
    ['receive', 'register', 'present', 'assign', 'start', 'answer', 'close'],
  );
  // A retry with the same key answers the same and writes nothing.
  const key = txId();
  const once1 = await registerIncomingDocument(
    f.t.db,
    f.clerk,
    incomingInput(f.pdf, { codeNumber: '900' }),
    { transactionId: key },
    ctx,
  );
  const once2 = await registerIncomingDocument(
    f.t.db,
    f.clerk,
    incomingInput(f.pdf, { codeNumber: '900' }),
    { transactionId: key },
    ctx,
  );
  assert.deepEqual(once1, once2);
});

test('a document from the hub waits for the clerk, is received once, and reports 03 to its sender when registered', async () => {
  const ctx = f.ctx(at('2026-11-16T10:00'));
  const input = incomingInput(f.pdf, { source: 'hub', exchangeDocumentId: 'DOC-7781', agencyId: f.tuphap });
  const system = { kind: 'system', name: 'edxml' } as const;
  const receipt = await registerIncomingDocument(f.t.db, system, input, { transactionId: txId() }, ctx);
  assert.equal(receipt.state, 'received');
  const again = await registerIncomingDocument(f.t.db, system, input, { transactionId: txId() }, ctx);
  assert.deepEqual({ id: again.id, duplicate: again.duplicate }, { id: receipt.id, duplicate: true });
  const registered = await registerDocument(f.t.db, f.clerk, receipt.id, { transactionId: txId() }, ctx);
  assert.equal(registered.state, 'registered');
  const statuses = await f.t.db.select().from(outbox).where(eq(outbox.topic, 'documents.incoming_status'));
  assert.ok(
    statuses.some((m) => JSON.stringify(m.payload).includes(receipt.id) && JSON.stringify(m.payload).includes('"03"')),
  );
});

test('outgoing: draft → approval → format check → leader signs → clerk seals, numbers and issues to an internal and an external recipient', async () => {
  const ctx = f.ctx(at('2026-11-17T08:30'));
  const file = await openWorkFile(
    f.t.db,
    f.specialist,
    { notation: '01.HCTP', title: 'Rà soát TTHC hộ tịch 2026', retentionYears: 10 },
    ctx.now,
  );
  const draft = await createDraft(
    f.t.db,
    f.specialist,
    draftInput({
      recipients: [
        { kind: 'internal', agencyId: f.vpubnd, organName: 'Văn phòng UBND tỉnh' },
        { kind: 'external', organId: '000.00.00.G01', organName: 'Bộ Tư pháp' },
      ],
    }),
    { transactionId: txId() },
    ctx,
  );
  // The approver must be a leader of the agency.
  await rejects(
    submitDraft(f.t.db, f.specialist, draft.id, { approverId: id(f.specialist2) }, { transactionId: txId() }, ctx),
    'DOCUMENT_APPROVER_INVALID',
  );
  await submitDraft(f.t.db, f.specialist, draft.id, { approverId: id(f.leader) }, { transactionId: txId() }, ctx);
  await sendBackDraft(f.t.db, f.leader, draft.id, { reason: 'Bổ sung số liệu.' }, { transactionId: txId() }, ctx);
  await submitDraft(f.t.db, f.specialist, draft.id, { approverId: id(f.leader) }, { transactionId: txId() }, ctx);
  await approveDraft(f.t.db, f.leader, draft.id, { transactionId: txId() }, ctx);
  // The leader may not sign before the clerk's format check.
  await rejects(
    signDocument(f.t.db, f.leader, draft.id, { transactionId: txId() }, ctx),
    'DOCUMENT_ACTION_NOT_ALLOWED',
  );
  await checkDocumentFormat(f.t.db, f.clerk, draft.id, { transactionId: txId() }, ctx);
  const waiting = await f.t.db.select().from(outbox).where(eq(outbox.topic, 'documents.awaiting_signature'));
  assert.ok(
    waiting.some((m) => m.recipient === id(f.leader)),
    'the leader is told a document waits for the signature',
  );
  await rejects(signDocument(f.t.db, f.specialist, draft.id, { transactionId: txId() }, ctx), 'DOCUMENT_FORBIDDEN');
  await signDocument(f.t.db, f.leader, draft.id, { transactionId: txId() }, ctx);
  const issued = await issueDocument(
    f.t.db,
    f.clerk,
    draft.id,
    { workFileId: file.id },
    { transactionId: txId() },
    ctx,
  );
  assert.equal(issued.state, 'issued');
  assert.match(issued.codeNumber, /^\d{2,}$/u);
  assert.equal(issued.issuedDate, '2026-11-17');

  const pkg = await outgoingPackage(f.t.db, ctx.blobs, draft.id);
  assert.deepEqual(pkg.to, [{ organId: '000.00.00.G01', organName: 'Bộ Tư pháp' }]);
  const report = await verifyPdf(pkg.files[0]?.bytes ?? new Uint8Array());
  assert.equal(report.length, 2, 'the leader’s signature, then the agency’s');
  assert.ok(report.every((s) => s.integrityValid));
  assert.equal(report[0]?.changesAfterSigning, 'signatures-only');
  // Number and date in the sealed PDF (Art. 15), written before the seal: the seal covers them,
  // and the leader's signature (an earlier revision) still verifies, as poppler reads them too.
  const sealed = pkg.files[0]?.bytes ?? new Uint8Array();
  const text = pdfToText(sealed);
  assert.match(text, new RegExp(`Số: ${issued.codeNumber}/${issued.codeNotation}`, 'u'));
  assert.match(text, /Tuyên Quang, ngày 17 tháng 11 năm 2026/u);
  assert.equal(report[1]?.changesAfterSigning, 'none', 'the seal covers the whole file, number and date included');
  const sig = pdfSig(sealed);
  assert.equal(sig.match(/Signature is Valid/gu)?.length, 2, sig);

  const [internal] = await f.t.db
    .select()
    .from(documents)
    .where(and(eq(documents.agencyId, f.vpubnd), eq(documents.codeNumber, issued.codeNumber)));
  assert.equal(internal?.state, 'registered');
  const events = await f.t.db.select().from(outbox).where(eq(outbox.topic, 'documents.outgoing_issued'));
  assert.equal(events.filter((m) => JSON.stringify(m.payload).includes(draft.id)).length, 1);
  assert.deepEqual(
    await recordDeliveryStatus(f.t.db, {
      documentId: draft.id,
      organId: '000.00.00.G01',
      statusCode: '03',
      at: ctx.now,
    }),
    {
      updated: true,
    },
  );
  const deliveries = await deliveriesOf(f.t.db, draft.id);
  assert.deepEqual(deliveries.map((d) => [d.channel, d.status]).sort(), [
    ['hub', '03'],
    ['internal', '03'],
  ]);
  const filed = await documentsOfFile(f.t.db, f.specialist, file.id);
  assert.deepEqual(
    filed.map((d) => d.id),
    [draft.id],
  );
  const audit = await verifyAudit(f.t.db);
  assert.equal(audit.firstBreak, null);
});
