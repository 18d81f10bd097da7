/**
 * Our update of an issued document over the hub, two Mở Cửa instances (testing-two-instances.ts): the
 * Department of Justice issues a letter to the People's Committee Office, the Office registers
 * it; the Department's leader opens an update, which is approved, checked, signed and sealed
 * again (update-issued-document.ts) and goes out as one update package (BussinessDocType 2 naming
 * the issued package); the Office's existing receive path applies it to its document, and the
 * Department sees 01 and 15 about the update package, on its document's timeline and per
 * recipient. A letter the Office had returned (02) refuses the update: 16.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { outbox } from '../../../platform/notify/index.ts';
import { pdfSig } from '../../../platform/pdf/testing.ts';
import { getDocumentView } from '../document-view.ts';
import { deliveriesOf } from '../exchange-facts.ts';
import { returnDocument } from '../handle-incoming.ts';
import { registerDocument } from '../register-incoming-document.ts';
import { documentActions, documents } from '../schema.ts';
import { approveSignIssue, draftInput, issuedDocument, txId } from '../testing.ts';
import { updateIssuedDocument } from '../update-issued-document.ts';
import { parseEdxml } from './parse-edxml.ts';
import { exchangeOf } from './read-exchange.ts';
import { edxmlPackages } from './schema.ts';
import { type TwoInstances, twoInstances } from './testing-two-instances.ts';

let two: TwoInstances;
before(async () => {
  two = await twoInstances();
});
after(() => two?.close());

/** The Department issues a letter to the Office and the hub takes it there; the Office's package of it. */
async function letterAtOffice(subject: string) {
  const f = two.justice.tb;
  const issued = await issuedDocument(f, draftInput({ subject }), f.ctx(new Date()));
  await two.justice.deliver();
  assert.equal((await two.office.receive()).documents, 1);
  const [pkg] = await two.office.tb.t.db
    .select()
    .from(edxmlPackages)
    .where(and(eq(edxmlPackages.direction, 'incoming'), eq(edxmlPackages.subject, subject)));
  assert.ok(pkg?.documentRef);
  return { id: issued.id, codeNumber: issued.codeNumber, pkg: { ...pkg, documentRef: pkg.documentRef } };
}

/** The Department's leader updates the letter; it is approved, signed, sealed and sent. */
async function update(documentId: string, subject: string, reason: string) {
  const f = two.justice.tb;
  const ctx = f.ctx(new Date());
  const opened = await updateIssuedDocument(
    f.t.db,
    f.leader,
    documentId,
    { reason, subject },
    { transactionId: txId() },
    ctx,
  );
  assert.equal(opened.state, 'awaiting_approval');
  const reissued = await approveSignIssue(f, documentId, ctx);
  assert.equal(reissued.state, 'issued');
  await two.justice.deliver();
  return reissued;
}

const updatesSent = () => two.hub.packages.filter((p) => p.messageType === 'edoc' && /\/CN\d+</u.test(p.xml));

async function answersSeen(documentId: string) {
  const f = two.justice.tb;
  const [pkg] = await f.t.db
    .select({ id: edxmlPackages.id })
    .from(edxmlPackages)
    .where(and(eq(edxmlPackages.direction, 'outgoing'), eq(edxmlPackages.documentRef, documentId)))
    .orderBy(edxmlPackages.id)
    .offset(1);
  assert.ok(pkg, 'the update package');
  const view = await getDocumentView(f.t.db, f.leader, documentId, { blobs: f.ctx().blobs, verify: false });
  return {
    statuses: (await exchangeOf(f.t.db, pkg.id)).statuses.map((s) => s.statusCode),
    deliveries: view.deliveries.map((d) => [d.status, d.update]),
    answers: view.timeline.filter((e) => e.type === 'update_answer').map((e) => e.detail),
  };
}

test('the Department updates a letter the Office registered: one update package, applied there with the new signed version, 01 and 15 back', async () => {
  const subject = 'V/v cử cán bộ dự tập huấn hộ tịch năm 2026';
  const letter = await letterAtOffice(subject);
  const o = two.office.tb;
  const clerk = await o.callerFor('vanthu.vpubnd');
  await registerDocument(o.t.db, clerk, letter.pkg.documentRef, { transactionId: txId() }, o.ctx(new Date()));
  await two.office.deliver();
  await two.justice.receive();

  const before = updatesSent().length;
  const newSubject = 'V/v cử cán bộ dự tập huấn hộ tịch năm 2026 (đổi địa điểm)';
  const reissued = await update(letter.id, newSubject, 'Đổi địa điểm tập huấn.');
  assert.equal(reissued.codeNumber, letter.codeNumber);
  assert.equal(updatesSent().length, before + 1, 'one update package');
  // The event is delivered at least once: handled again, it finds the package it queued.
  await two.justice.tb.t.db
    .update(outbox)
    .set({ status: 'pending' })
    .where(eq(outbox.dedupeKey, `documents.outgoing_updated:${letter.id}:1`));
  await two.justice.deliver();
  assert.equal(updatesSent().length, before + 1, 'still one update package');
  const sent = await parseEdxml(updatesSent().at(-1)?.xml ?? '');
  assert.ok(sent.kind === 'document');
  assert.equal(sent.document.business.docType, '2');
  assert.equal(sent.document.business.documentId, letter.pkg.documentId, 'it names the issued package');
  assert.equal(sent.document.business.reason, 'Đổi địa điểm tập huấn.');
  assert.equal(sent.document.subject, newSubject);
  assert.equal(sent.document.code.codeNumber, letter.codeNumber, 'the same number');
  assert.equal(sent.document.promulgation.date, letter.pkg.promulgationDate, 'the same date');
  assert.deepEqual(
    sent.document.to.map((t) => t.organId),
    [two.office.code],
  );
  // The new version carries the leader's signature and the seal again, both valid in pdfsig.
  assert.equal(sent.document.attachments.length, 1);
  const report = pdfSig(sent.document.attachments[0]?.bytes ?? new Uint8Array());
  assert.equal(report.match(/Signature Validation: Signature is Valid\./gu)?.length, 2, report);

  // The Office's receive path applies it: the same document, the new subject and file version.
  await two.office.receive();
  const [updated] = await o.t.db.select().from(documents).where(eq(documents.id, letter.pkg.documentRef));
  assert.equal(updated?.subject, newSubject);
  assert.equal(updated?.state, 'registered');
  const view = await getDocumentView(o.t.db, clerk, letter.pkg.documentRef, { blobs: o.ctx().blobs, verify: false });
  assert.equal(view.updatesBySender, 1);
  assert.deepEqual(
    view.files.map((file) => file.version),
    [0, 1],
  );
  const [updatePkg] = await o.t.db
    .select()
    .from(edxmlPackages)
    .where(and(eq(edxmlPackages.direction, 'incoming'), eq(edxmlPackages.documentId, sent.document.documentId)));
  assert.notEqual(updatePkg?.verification?.verdict, 'invalid');
  assert.equal(updatePkg?.verification?.files[0]?.signatures.length, 2);

  await two.office.deliver();
  await two.justice.receive();
  assert.deepEqual(await answersSeen(letter.id), {
    statuses: ['01', '15'],
    deliveries: [['03', 'taken']],
    answers: ['Văn phòng UBND tỉnh Tuyên Quang: đồng ý cập nhật'],
  });
  const agreed = await two.justice.tb.t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.topic, 'documents.update_agreed'), eq(outbox.channel, 'event')));
  assert.ok(agreed.length >= 2, 'the clerk who issued it and the leader who updated it are told');
});

test('a letter the Office had returned refuses the update: 16 back, shown as refused', async () => {
  const subject = 'V/v báo cáo số liệu đăng ký khai sinh quý IV (gửi nhầm)';
  const letter = await letterAtOffice(subject);
  const o = two.office.tb;
  const clerk = await o.callerFor('vanthu.vpubnd');
  await returnDocument(
    o.t.db,
    clerk,
    letter.pkg.documentRef,
    { reason: 'Không thuộc thẩm quyền giải quyết.' },
    { transactionId: txId() },
    o.ctx(new Date()),
  );
  await two.office.deliver();
  await two.justice.receive();
  assert.deepEqual(
    (await deliveriesOf(two.justice.tb.t.db, letter.id)).map((d) => d.status),
    ['02'],
  );

  await update(letter.id, `${subject} — bổ sung`, 'Bổ sung số liệu.');
  await two.office.receive();
  const [returned] = await o.t.db.select().from(documents).where(eq(documents.id, letter.pkg.documentRef));
  assert.equal(returned?.state, 'returned');
  assert.equal(returned?.subject, subject, 'not updated');
  const updates = await o.t.db
    .select()
    .from(documentActions)
    .where(and(eq(documentActions.documentId, letter.pkg.documentRef), eq(documentActions.type, 'update')));
  assert.equal(updates.length, 0);

  await two.office.deliver();
  await two.justice.receive();
  assert.deepEqual(await answersSeen(letter.id), {
    statuses: ['01', '16'],
    deliveries: [['02', 'refused']],
    answers: [
      'Văn phòng UBND tỉnh Tuyên Quang: từ chối cập nhật (Văn bản cần cập nhật đã bị thu hồi, thay thế hoặc trả lại: không cập nhật.)',
    ],
  });
});
