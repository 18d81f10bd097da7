/**
 * The exchange joined to the documents module, two Mở Cửa instances (two databases): the
 * Department of Justice issues a signed and sealed document to the People's Committee Office;
 * the documents module's issue event sends it over the hub; the Office's instance registers it
 * as an incoming document, its clerk registers it (03), the leader assigns it (04) and it is
 * closed (06); every status reaches the sender's delivery record. Then the Department recalls
 * what it issued (recall-issued-document.ts): a document the Office registered is recalled there
 * and 15 comes back; a document the Office never received is answered 16; a recall event
 * delivered twice sends one package. Both answers show on the Department's document page.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { HubStandIn } from '../../../../test/standins/edxml-hub/server.ts';
import type { Caller } from '../../../platform/auth/caller.ts';
import { outbox } from '../../../platform/notify/index.ts';
import { pdfSig } from '../../../platform/pdf/testing.ts';
import { CODES } from '../../directory/testing.ts';
import { getDocumentView } from '../document-view.ts';
import { createDraft } from '../draft-document.ts';
import { deliveriesOf } from '../exchange-facts.ts';
import { assignDocument, closeDocument, presentDocument } from '../handle-incoming.ts';
import { issueDocument } from '../issue-document.ts';
import { recallIssuedDocument } from '../recall-issued-document.ts';
import { registerDocument } from '../register-incoming-document.ts';
import { approveDraft, checkDocumentFormat, signDocument, submitDraft } from '../review-document.ts';
import { documents } from '../schema.ts';
import { at, draftInput, issuedDocument, txId } from '../testing.ts';
import { parseEdxml } from './parse-edxml.ts';
import { exchangeOf } from './read-exchange.ts';
import { edxmlPackages } from './schema.ts';
import { OFFICE, type Side, type TwoInstances, twoInstances } from './testing-two-instances.ts';

let hub: HubStandIn;
let justice: Side;
let office: Side;
let instances: TwoInstances | undefined;

before(async () => {
  instances = await twoInstances();
  ({ hub, justice, office } = instances);
});
after(() => instances?.close());

const idOf = (c: Caller) => (c.kind === 'staff' ? c.id : '');

test('an issued document goes over the hub, is registered, assigned and closed, and the sender sees 01 → 03 → 04 → 06', async () => {
  const f = justice.tb;
  const ctx = f.ctx(at('2026-11-17T08:30'));
  const draft = await createDraft(f.t.db, f.specialist, draftInput(), { transactionId: txId() }, ctx);
  await submitDraft(f.t.db, f.specialist, draft.id, { approverId: idOf(f.leader) }, { transactionId: txId() }, ctx);
  await approveDraft(f.t.db, f.leader, draft.id, { transactionId: txId() }, ctx);
  await checkDocumentFormat(f.t.db, f.clerk, draft.id, { transactionId: txId() }, ctx);
  await signDocument(f.t.db, f.leader, draft.id, { transactionId: txId() }, ctx);
  const issued = await issueDocument(f.t.db, f.clerk, draft.id, {}, { transactionId: txId() }, ctx);
  assert.equal(issued.state, 'issued');

  await justice.deliver();
  const sent = hub.packages.filter((p) => p.messageType === 'edoc');
  assert.equal(sent.length, 1, 'one package for the issued document');
  assert.equal(sent[0]?.to, OFFICE);

  // The Office's instance: stored, verified, registered as an incoming document waiting for the clerk.
  assert.equal((await office.receive()).documents, 1);
  const o = office.tb;
  const [pkg] = await o.t.db.select().from(edxmlPackages).where(eq(edxmlPackages.direction, 'incoming'));
  assert.ok(pkg?.documentRef);
  const [incoming] = await o.t.db.select().from(documents).where(eq(documents.id, pkg.documentRef));
  assert.equal(incoming?.state, 'received');
  assert.equal(incoming?.codeNumber, issued.codeNumber);
  assert.equal(incoming?.issuerOrganId, CODES.tuphap);
  // The leader's signature and the agency's seal, both intact, in our verifier and in pdfsig.
  const signatures = pkg.verification?.files[0]?.signatures ?? [];
  assert.equal(signatures.length, 2);
  assert.ok(signatures.every((s) => s.integrityValid));
  assert.notEqual(pkg.verification?.verdict, 'invalid');
  const parsed = await parseEdxml(pkg.xml);
  assert.ok(parsed.kind === 'document');
  const report = pdfSig(parsed.document.attachments[0]?.bytes ?? new Uint8Array());
  assert.equal(report.match(/Signature Validation: Signature is Valid\./gu)?.length, 2, report);

  const clerk = await o.callerFor('vanthu.vpubnd');
  const leader = await o.callerFor('lanhdao.vpubnd');
  // The receiving side acts now: its statuses follow the 01 the receipt stamped with the real clock.
  const octx = o.ctx(new Date());
  const docId = pkg.documentRef;
  const steps: Array<() => Promise<unknown>> = [
    () => registerDocument(o.t.db, clerk, docId, { transactionId: txId() }, octx),
    async () => {
      await presentDocument(o.t.db, clerk, docId, { leaderId: idOf(leader) }, { transactionId: txId() }, octx);
      await assignDocument(
        o.t.db,
        leader,
        docId,
        { assignments: [{ assigneeId: idOf(clerk), kind: 'lead', dueInWorkingDays: 5 }] },
        { transactionId: txId() },
        octx,
      );
    },
    () => closeDocument(o.t.db, clerk, docId, { result: 'Đã tổng hợp.' }, { transactionId: txId() }, octx),
  ];
  const seen: string[] = [];
  await office.deliver();
  await justice.receive();
  seen.push((await deliveriesOf(f.t.db, draft.id)).find((d) => d.channel === 'hub')?.status ?? '');
  for (const step of steps) {
    await step();
    await office.deliver();
    await justice.receive();
    seen.push((await deliveriesOf(f.t.db, draft.id)).find((d) => d.channel === 'hub')?.status ?? '');
  }
  assert.deepEqual(seen, ['01', '03', '04', '06']);
  const [outgoing] = await f.t.db
    .select({ id: edxmlPackages.id })
    .from(edxmlPackages)
    .where(and(eq(edxmlPackages.direction, 'outgoing'), eq(edxmlPackages.documentRef, draft.id)));
  assert.ok(outgoing);
  assert.deepEqual(
    (await exchangeOf(f.t.db, outgoing.id)).statuses.map((s) => s.label),
    ['Đã đến', 'Đã tiếp nhận', 'Phân công', 'Hoàn thành'],
  );
  assert.equal(hub.packages.filter((p) => !p.done).length, 0);
});

/** The Department drafts, gets approved and signed, seals and issues a letter to the Office. */
async function issueToOffice(subject: string, deliver = true) {
  const f = justice.tb;
  const issued = await issuedDocument(f, draftInput({ subject }), f.ctx(new Date()));
  if (deliver) await justice.deliver();
  return issued.id;
}

const recallsSent = () => hub.packages.filter((p) => p.messageType === 'edoc' && p.xml.includes('/TH<'));

async function recall(documentId: string, reason: string) {
  const f = justice.tb;
  const result = await recallIssuedDocument(
    f.t.db,
    f.leader,
    documentId,
    { reason },
    { transactionId: txId() },
    f.ctx(new Date()),
  );
  assert.equal(result.state, 'recalled_by_us');
  await justice.deliver();
}

async function recallOutcomes(documentId: string) {
  const f = justice.tb;
  const view = await getDocumentView(f.t.db, f.leader, documentId, { blobs: f.ctx().blobs, verify: false });
  return view.deliveries.map((d) => [d.channel, d.status, d.recall]);
}

test('the Department recalls a letter the Office registered: recalled there, 15 back, shown per recipient; a redelivered recall event is one package', async () => {
  const before = recallsSent().length;
  const id = await issueToOffice('V/v cử cán bộ dự tập huấn hộ tịch (văn bản sẽ thu hồi)');
  assert.equal((await office.receive()).documents, 1);
  const o = office.tb;
  const [pkg] = await o.t.db
    .select()
    .from(edxmlPackages)
    .where(
      and(
        eq(edxmlPackages.direction, 'incoming'),
        eq(edxmlPackages.subject, 'V/v cử cán bộ dự tập huấn hộ tịch (văn bản sẽ thu hồi)'),
      ),
    );
  assert.ok(pkg?.documentRef);
  const clerk = await o.callerFor('vanthu.vpubnd');
  await registerDocument(o.t.db, clerk, pkg.documentRef, { transactionId: txId() }, o.ctx(new Date()));
  await office.deliver();
  await justice.receive();
  assert.deepEqual(await recallOutcomes(id), [['hub', '03', null]]);

  await recall(id, 'Ban hành nhầm thời gian tập huấn.');
  assert.deepEqual(await recallOutcomes(id), [['hub', '03', 'waiting']]);
  assert.equal(recallsSent().length, before + 1, 'one recall package');
  // The event is delivered at least once: handled again, it finds the package it queued.
  await justice.tb.t.db
    .update(outbox)
    .set({ status: 'pending' })
    .where(eq(outbox.dedupeKey, `documents.outgoing_recalled:${id}`));
  await justice.deliver();
  assert.equal(recallsSent().length, before + 1, 'still one recall package');
  const sent = await parseEdxml(recallsSent().at(-1)?.xml ?? '');
  assert.ok(sent.kind === 'document');
  assert.equal(sent.document.business.docType, '1');
  assert.equal(sent.document.business.documentId, pkg.documentId, 'it names the issued package');
  assert.equal(sent.document.business.reason, 'Ban hành nhầm thời gian tập huấn.');
  assert.notEqual(sent.document.documentId, pkg.documentId);

  await office.receive();
  const [recalled] = await o.t.db.select().from(documents).where(eq(documents.id, pkg.documentRef));
  assert.equal(recalled?.state, 'recalled');
  await office.deliver();
  await justice.receive();
  assert.deepEqual(await recallOutcomes(id), [['hub', '15', 'taken']]);
});

test('a recall of a letter the Office never received is answered 16, shown as refused', async () => {
  const id = await issueToOffice('V/v báo cáo số liệu đăng ký khai sinh (văn bản thất lạc)');
  // The Office's hub client never takes it in: the package is marked failed on the hub.
  for (const listing of await office.client.listReceived('edoc'))
    await office.client.updateStatus(listing.docId, 'fail');
  await recall(id, 'Văn bản gửi nhầm.');
  const counts = await office.receive();
  assert.equal(counts.documents, 1, 'the recall package is stored');
  await office.deliver();
  await justice.receive();
  assert.deepEqual(await recallOutcomes(id), [['hub', '16', 'refused']]);
  const [incoming] = await office.tb.t.db
    .select()
    .from(documents)
    .where(eq(documents.subject, 'V/v báo cáo số liệu đăng ký khai sinh (văn bản thất lạc)'));
  assert.equal(incoming, undefined, 'nothing was registered at the Office');
});

test('recalled before the issue event ran: the letter goes out first, then its recall, and the Office answers 15', async () => {
  const subject = 'V/v lịch tiếp công dân tháng 12 (thu hồi ngay sau khi phát hành)';
  const before = hub.packages.filter((p) => p.messageType === 'edoc').length;
  const id = await issueToOffice(subject, false);
  // The issue event waits for a later attempt (a failed first one): the recall event runs first.
  const issueEvent = eq(outbox.dedupeKey, `documents.outgoing_issued:${id}`);
  await justice.tb.t.db
    .update(outbox)
    .set({ nextAttemptAt: new Date('2100-01-01T00:00:00Z') })
    .where(issueEvent);
  await recall(id, 'Lịch tiếp công dân thay đổi.');
  const sent = hub.packages.filter((p) => p.messageType === 'edoc').slice(before);
  assert.equal(sent.length, 2, 'the letter and its recall');
  assert.equal((await parseEdxml(sent[0]?.xml ?? '')).kind, 'document');
  assert.doesNotMatch(sent[0]?.xml ?? '', /\/TH</u, 'the letter first');
  assert.match(sent[1]?.xml ?? '', /\/TH</u, 'then the recall');
  // The issue event's own attempt finds the package already queued.
  await justice.tb.t.db.update(outbox).set({ nextAttemptAt: new Date() }).where(issueEvent);
  await justice.deliver();
  assert.equal(hub.packages.filter((p) => p.messageType === 'edoc').length, before + 2);

  await office.receive();
  const [copy] = await office.tb.t.db.select().from(documents).where(eq(documents.subject, subject));
  assert.equal(copy?.state, 'recalled');
  await office.deliver();
  await justice.receive();
  assert.deepEqual(await recallOutcomes(id), [['hub', '15', 'taken']]);
});
