/**
 * Our agency recalls a document it issued (recall-issued-document.ts): the rule (a leader of
 * the issuing agency, from "issued" only), and the internal case — the Department of Justice
 * issues to the People's Committee Office of the same deployment and recalls it: the Office's
 * copy is recalled in the same transaction, the delivery answers 15, a retried request is one
 * recall, and the recall event for the hub names the document once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import { outbox } from '../../platform/notify/index.ts';
import { getDocumentView } from './document-view.ts';
import { createDraft } from './draft-document.ts';
import { deliveriesOf, recordDeliveryStatus } from './exchange-facts.ts';
import { issueDocument } from './issue-document.ts';
import { recallIssuedDocument } from './recall-issued-document.ts';
import { approveDraft, checkDocumentFormat, signDocument, submitDraft } from './review-document.ts';
import { documentActions, documents } from './schema.ts';
import { type DocumentState, decide } from './states.ts';
import { at, type DocumentsTestbed, documentsTestbed, draftInput, txId } from './testing.ts';

let f: DocumentsTestbed;
before(async () => {
  f = await documentsTestbed();
});
after(() => f.t.close());

const rejects = (promise: Promise<unknown>, code: string) =>
  assert.rejects(promise, (e: unknown) => e instanceof DomainError && e.code === code);
const idOf = (c: Caller) => (c.kind === 'staff' ? c.id : '');

test('the rule: a leader of the issuing agency recalls an issued outgoing document, nobody else, from no other state', () => {
  const facts = (roles: Parameters<typeof decide>[3]['roles'], sameAgency = true) => ({
    roles,
    relations: new Set(['any'] as const),
    sameAgency,
  });
  assert.deepEqual(decide('recall_issued', 'outgoing', 'issued', facts(['leader'])), {
    ok: true,
    to: 'recalled_by_us',
  });
  for (const role of ['clerk', 'specialist'] as const) {
    assert.deepEqual(decide('recall_issued', 'outgoing', 'issued', facts([role])), {
      ok: false,
      reason: 'wrong_role',
    });
  }
  const others: DocumentState[] = ['draft', 'awaiting_signature', 'signed', 'recalled_by_us'];
  for (const state of others) {
    assert.deepEqual(decide('recall_issued', 'outgoing', state, facts(['leader'])), {
      ok: false,
      reason: 'wrong_state',
    });
  }
  assert.equal(decide('recall_issued', 'incoming', 'registered', facts(['leader'])).ok, false);
  assert.deepEqual(decide('recall_issued', 'outgoing', 'issued', facts(['leader'], false)), {
    ok: false,
    reason: 'other_agency',
  });
});

async function issuedToOfficeAndMinistry() {
  const ctx = f.ctx(at('2026-11-17T08:30'));
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
  await submitDraft(f.t.db, f.specialist, draft.id, { approverId: idOf(f.leader) }, { transactionId: txId() }, ctx);
  await approveDraft(f.t.db, f.leader, draft.id, { transactionId: txId() }, ctx);
  await checkDocumentFormat(f.t.db, f.clerk, draft.id, { transactionId: txId() }, ctx);
  await signDocument(f.t.db, f.leader, draft.id, { transactionId: txId() }, ctx);
  const issued = await issueDocument(f.t.db, f.clerk, draft.id, {}, { transactionId: txId() }, ctx);
  return { id: draft.id, codeNumber: issued.codeNumber };
}

test('internal recipient: the leader recalls, the Office’s copy is recalled in the same transaction, 15 on the delivery; a retry is one recall', async () => {
  const doc = await issuedToOfficeAndMinistry();
  const ctx = f.ctx(at('2026-11-18T09:00'));
  await rejects(
    recallIssuedDocument(f.t.db, f.leader, doc.id, { reason: '  ' }, { transactionId: txId() }, ctx),
    'VALIDATION_FAILED',
  );
  await rejects(
    recallIssuedDocument(f.t.db, f.clerk, doc.id, { reason: 'Sai nơi nhận.' }, { transactionId: txId() }, ctx),
    'DOCUMENT_FORBIDDEN',
  );
  await rejects(
    recallIssuedDocument(f.t.db, f.yteLeader, doc.id, { reason: 'Sai nơi nhận.' }, { transactionId: txId() }, ctx),
    'DOCUMENT_NOT_FOUND',
  );
  const transactionId = txId();
  const first = await recallIssuedDocument(
    f.t.db,
    f.leader,
    doc.id,
    { reason: 'Ban hành nhầm nơi nhận.' },
    { transactionId },
    ctx,
  );
  const again = await recallIssuedDocument(
    f.t.db,
    f.leader,
    doc.id,
    { reason: 'Ban hành nhầm nơi nhận.' },
    { transactionId },
    ctx,
  );
  assert.equal(first.state, 'recalled_by_us');
  assert.deepEqual(again, first, 'the same transaction id answers the same');
  assert.equal(first.external, 1);
  await rejects(
    recallIssuedDocument(f.t.db, f.leader, doc.id, { reason: 'Lần nữa.' }, { transactionId: txId() }, ctx),
    'DOCUMENT_ACTION_NOT_ALLOWED',
  );

  const [copy] = await f.t.db
    .select()
    .from(documents)
    .where(and(eq(documents.agencyId, f.vpubnd), eq(documents.codeNumber, doc.codeNumber)));
  assert.equal(copy?.state, 'recalled', 'the Office’s copy is recalled');
  const copyActions = await f.t.db
    .select()
    .from(documentActions)
    .where(eq(documentActions.documentId, copy?.id ?? ''));
  assert.equal(copyActions.filter((a) => a.type === 'recall').length, 1);
  const ours = await f.t.db.select().from(documentActions).where(eq(documentActions.documentId, doc.id));
  assert.equal(ours.filter((a) => a.type === 'recall_issued').length, 1);
  assert.deepEqual((await deliveriesOf(f.t.db, doc.id)).map((d) => [d.channel, d.status]).sort(), [
    ['hub', 'pending'],
    ['internal', '15'],
  ]);
  const events = await f.t.db.select().from(outbox).where(eq(outbox.topic, 'documents.outgoing_recalled'));
  assert.equal(events.filter((m) => JSON.stringify(m.payload).includes(doc.id)).length, 1);

  const view = await getDocumentView(f.t.db, f.leader, doc.id, { blobs: ctx.blobs, verify: false });
  assert.deepEqual(view.deliveries.map((d) => [d.channel, d.recall]).sort(), [
    ['hub', 'waiting'],
    ['internal', 'taken'],
  ]);
  // The hub's answers: a late 01 (the recall package's own arrival) does not hide the wait; 16 is kept.
  const answer = (statusCode: '01' | '16') =>
    recordDeliveryStatus(f.t.db, { documentId: doc.id, organId: '000.00.00.G01', statusCode, at: ctx.now });
  assert.deepEqual(await answer('01'), { updated: false });
  assert.deepEqual(await answer('16'), { updated: true });
  assert.deepEqual(await answer('01'), { updated: false });
  assert.deepEqual(await answer('16'), { updated: true }, 'the same answer again changes nothing more');
  // The answer is a line on the timeline and a notice to the clerk who issued it and the leader.
  const refusals = await f.t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.topic, 'documents.recall_refused'), eq(outbox.channel, 'event')));
  assert.deepEqual(refusals.map((n) => n.recipient).sort(), [idOf(f.clerk), idOf(f.leader)].sort());
  const answered = await getDocumentView(f.t.db, f.leader, doc.id, { blobs: ctx.blobs, verify: false });
  assert.deepEqual(answered.deliveries.map((d) => [d.channel, d.status, d.recall]).sort(), [
    ['hub', '16', 'refused'],
    ['internal', '15', 'taken'],
  ]);
  assert.deepEqual(
    answered.timeline.filter((e) => e.type === 'recall_answer').map((e) => [e.label, e.detail]),
    [['Nơi nhận trả lời việc thu hồi', 'Bộ Tư pháp: từ chối thu hồi hoặc không có văn bản để thu hồi']],
  );
  assert.equal(view.timeline.at(-1)?.label, 'Thu hồi văn bản đã phát hành');
  assert.equal(view.timeline.at(-1)?.detail, 'Lý do: Ban hành nhầm nơi nhận.');
  assert.deepEqual(view.allowed, []);
});
