/**
 * Recall and replacement over the hub (BussinessDocType 1 and 3, DOMAIN.md §6.1): an agency of
 * another province sends the Provincial People's Committee Office a letter, the Office registers
 * and assigns it, then the sender recalls it: the Office's document is marked recalled, the
 * people on it get a notice, and 15 reaches the sender about the recalled letter. A second
 * recall of it is answered 16. A replacement is registered as a new document that replaces the
 * earlier one, which is marked replaced, with 15 back. The sender is a plain hub client reading
 * the status packages it receives.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { type HubStandIn, startHubStandIn } from '../../../../test/standins/edxml-hub/server.ts';
import { dispatchOutbox, outbox } from '../../../platform/notify/index.ts';
import { EventBus } from '../../../platform/notify/wiring.ts';
import { getDocumentView } from '../document-view.ts';
import { assignDocument, presentDocument } from '../handle-incoming.ts';
import { registerDocument } from '../register-incoming-document.ts';
import { documentActions, documents } from '../schema.ts';
import { type DocumentsTestbed, documentsTestbed, txId } from '../testing.ts';
import { buildEdxmlDocument } from './build-edxml.ts';
import { documentHooks, type ExchangeSettings, subscribeDocumentEvents } from './connect-documents.ts';
import { hubChannel } from './hub-channel.ts';
import { createHubClient, type DocumentHub } from './hub-client.ts';
import { type BusinessDocType, type EdxmlDocument, hubDate, type Organ } from './model.ts';
import { parseEdxml } from './parse-edxml.ts';
import { receiveFromHub } from './receive-from-hub.ts';
import { edxmlPackages } from './schema.ts';

const SENDER: Organ = { organId: '000.00.08.H59', organName: 'Sở Tư pháp tỉnh Hà Giang' };
const OFFICE: Organ = { organId: '000.00.01.H60', organName: 'Văn phòng UBND tỉnh Tuyên Quang' };

let hub: HubStandIn;
let tb: DocumentsTestbed;
let sender: DocumentHub;
let office: DocumentHub;
let settings: ExchangeSettings;
let channels: Parameters<typeof dispatchOutbox>[1];
let later = Date.now() + 60_000;

before(async () => {
  hub = await startHubStandIn();
  tb = await documentsTestbed();
  hub.register(SENDER.organId, 'khoá-nơi-gửi');
  hub.register(OFFICE.organId, 'khoá-văn-phòng');
  sender = createHubClient({ endpoint: hub.url, systemId: SENDER.organId, secretKey: 'khoá-nơi-gửi' });
  office = createHubClient({ endpoint: hub.url, systemId: OFFICE.organId, secretKey: 'khoá-văn-phòng' });
  settings = { provinceCode: '08', blobs: tb.ctx().blobs, hubFor: () => office, now: () => new Date() };
  const bus = new EventBus();
  subscribeDocumentEvents(bus, tb.t.db, settings);
  channels = { event: bus.channel, edxml: hubChannel(tb.t.db, settings.hubFor) };
});
after(async () => {
  await tb?.t.close();
  await hub?.close();
});

const REASONS: Record<BusinessDocType, string> = {
  '0': 'Văn bản mới',
  '1': 'Ban hành nhầm nơi nhận',
  '2': 'Sửa trích yếu và tệp đính kèm',
  '3': 'Ban hành nhầm nơi nhận',
};

function pkg(
  documentId: string,
  number: string,
  business: { docType: BusinessDocType; documentId?: string },
  subject = `V/v phối hợp xác minh hộ tịch (số ${number})`,
) {
  const date = hubDate(new Date());
  const doc: EdxmlDocument = {
    from: SENDER,
    to: [OFFICE],
    documentId,
    code: { codeNumber: number, codeNotation: 'STP-VP' },
    promulgation: { place: 'Hà Giang', date },
    documentType: { type: '1', typeDetail: '0', typeName: 'Công văn' },
    subject,
    signer: { position: 'Giám đốc', fullName: 'Lý Văn Hùng' },
    toPlaces: ['Như trên', 'Lưu: VT, VP'],
    otherInfo: { priority: '0', pageAmount: '1', appendixes: [] },
    business: { ...business, reason: REASONS[business.docType], paper: '0' },
    traces: [{ organId: SENDER.organId, timestamp: '2026/11/12 14:30:00' }],
    attachments: [
      { contentId: `cid:${number}`, contentType: 'application/pdf', name: `${number}-STP-VP.pdf`, bytes: tb.pdf },
    ],
  };
  return buildEdxmlDocument(doc);
}

async function send(
  documentId: string,
  number: string,
  business: { docType: BusinessDocType; documentId?: string },
  subject?: string,
) {
  await sender.send(await pkg(documentId, number, business, subject), 'edoc');
  await receiveFromHub(tb.t.db, office, { provinceCode: '08', agency: OFFICE, ...documentHooks(settings) });
  await deliver();
}

/** The documents module's events (statuses to report), then the status packages themselves. */
async function deliver() {
  for (let round = 0; round < 2; round++) {
    later = Math.max(later, Date.now()) + 60_000;
    await dispatchOutbox(tb.t.db, channels, { now: new Date(later) });
  }
}

/** The statuses the sender has received so far, as "DocumentId code". */
async function statusesAtSender(): Promise<string[]> {
  const out: string[] = [];
  for (const listing of await sender.listReceived('status')) {
    const parsed = await parseEdxml(await sender.get(listing.docId));
    if (parsed.kind === 'status') out.push(`${parsed.status.responseFor.documentId} ${parsed.status.statusCode}`);
    await sender.updateStatus(listing.docId, 'done');
  }
  return out;
}

async function documentOf(documentId: string) {
  const [row] = await tb.t.db
    .select({ ref: edxmlPackages.documentRef })
    .from(edxmlPackages)
    .where(and(eq(edxmlPackages.direction, 'incoming'), eq(edxmlPackages.documentId, documentId)));
  assert.ok(row?.ref, `${documentId} is registered`);
  const [doc] = await tb.t.db.select().from(documents).where(eq(documents.id, row.ref));
  assert.ok(doc);
  return doc;
}

const id = (c: { kind: string; id?: string }) => (c.kind === 'staff' && c.id ? c.id : '');

test('a recalled letter is marked recalled, its handlers are told, and 15 goes back; a second recall gets 16', async () => {
  const seen: string[] = [];
  const original = `${SENDER.organId},2026/11/12,77/STP-VP`;
  await send(original, '77', { docType: '0' });
  const letter = await documentOf(original);
  assert.equal(letter.state, 'received');
  const ctx = tb.ctx();
  const leader = await tb.callerFor('lanhdao.vpubnd');
  await registerDocument(tb.t.db, tb.vpubndClerk, letter.id, { transactionId: txId() }, ctx);
  await presentDocument(tb.t.db, tb.vpubndClerk, letter.id, { leaderId: id(leader) }, { transactionId: txId() }, ctx);
  await assignDocument(
    tb.t.db,
    leader,
    letter.id,
    { assignments: [{ assigneeId: id(leader), kind: 'lead', dueInWorkingDays: 5 }] },
    { transactionId: txId() },
    ctx,
  );
  await deliver();
  seen.push(...(await statusesAtSender()));

  await send(`${SENDER.organId},2026/11/13,77/STP-VP/TH`, '77', { docType: '1', documentId: original });
  const recalled = await documentOf(original);
  assert.equal(recalled.state, 'recalled');
  const actions = await tb.t.db.select().from(documentActions).where(eq(documentActions.documentId, letter.id));
  const recall = actions.find((a) => a.type === 'recall');
  assert.ok(recall);
  assert.equal(recall.actorKind, 'system');
  assert.deepEqual((recall.payload as { reason?: string }).reason, 'Ban hành nhầm nơi nhận');
  const notices = await tb.t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.topic, 'documents.recalled'), eq(outbox.channel, 'event')));
  assert.deepEqual(
    notices.map((n) => n.recipient).sort(),
    [id(tb.vpubndClerk), id(leader)].sort(),
    'the clerk who registered it and the leader handling it are told',
  );
  const view = await getDocumentView(tb.t.db, leader, letter.id, { blobs: ctx.blobs, verify: false });
  assert.equal(view.timeline.at(-1)?.label, 'Nơi gửi thu hồi văn bản');
  assert.equal(view.timeline.at(-1)?.detail, 'Lý do: Ban hành nhầm nơi nhận');
  assert.deepEqual(view.allowed, [], 'nothing is left to do on a recalled letter');
  seen.push(...(await statusesAtSender()));
  assert.deepEqual(seen, [
    `${original} 01`,
    `${original} 03`,
    `${original} 04`,
    `${SENDER.organId},2026/11/13,77/STP-VP/TH 01`,
    `${original} 15`,
  ]);

  // Recalled again: nothing left to recall, 16 about the second recall.
  await send(`${SENDER.organId},2026/11/14,77/STP-VP/TH2`, '77', { docType: '1', documentId: original });
  assert.deepEqual(await statusesAtSender(), [
    `${SENDER.organId},2026/11/14,77/STP-VP/TH2 01`,
    `${SENDER.organId},2026/11/14,77/STP-VP/TH2 16`,
  ]);
  // A recall of a letter never received: 16 too, and no document is registered for it.
  const before = (await tb.t.db.select().from(documents)).length;
  await send(`${SENDER.organId},2026/11/14,90/STP-VP/TH`, '90', { docType: '1', documentId: 'không-có' });
  assert.equal((await tb.t.db.select().from(documents)).length, before);
  assert.deepEqual(await statusesAtSender(), [
    `${SENDER.organId},2026/11/14,90/STP-VP/TH 01`,
    `${SENDER.organId},2026/11/14,90/STP-VP/TH 16`,
  ]);
});

test('a replacement is registered as a new document that replaces the earlier one, and 15 goes back', async () => {
  const first = `${SENDER.organId},2026/11/15,80/STP-VP`;
  const second = `${SENDER.organId},2026/11/16,81/STP-VP`;
  await send(first, '80', { docType: '0' });
  await send(second, '81', { docType: '3', documentId: first });
  const replaced = await documentOf(first);
  const replacement = await documentOf(second);
  assert.equal(replaced.state, 'replaced');
  assert.equal(replacement.state, 'received', 'the replacement waits for the clerk like any received document');
  const view = await getDocumentView(tb.t.db, tb.vpubndClerk, replaced.id, { blobs: tb.ctx().blobs, verify: false });
  assert.deepEqual(
    view.links.map((l) => [l.id, l.relation]),
    [[replacement.id, 'replaced_by']],
  );
  const other = await getDocumentView(tb.t.db, tb.vpubndClerk, replacement.id, {
    blobs: tb.ctx().blobs,
    verify: false,
  });
  assert.deepEqual(
    other.links.map((l) => [l.id, l.relation]),
    [[replaced.id, 'replaces']],
  );
  assert.deepEqual((await statusesAtSender()).sort(), [`${first} 01`, `${first} 15`, `${second} 01`].sort());
});

test('an update changes the received letter as a new version, tells its people, answers 15, and is applied once', async () => {
  const original = `${SENDER.organId},2026/11/17,82/STP-VP`;
  const update = `${SENDER.organId},2026/11/18,82/STP-VP/CN`;
  await send(original, '82', { docType: '0' });
  const letter = await documentOf(original);
  const ctx = tb.ctx();
  const leader = await tb.callerFor('lanhdao.vpubnd');
  await registerDocument(tb.t.db, tb.vpubndClerk, letter.id, { transactionId: txId() }, ctx);
  await assignDocument(
    tb.t.db,
    leader,
    letter.id,
    { assignments: [{ assigneeId: id(leader), kind: 'lead', dueInWorkingDays: 5 }] },
    { transactionId: txId() },
    ctx,
  );
  await deliver();
  await statusesAtSender();
  const count = (await tb.t.db.select().from(documents)).length;

  const newSubject = 'V/v phối hợp xác minh hộ tịch của bà Lò Thị Mai (sửa đổi)';
  await send(update, '82', { docType: '2', documentId: original }, newSubject);
  assert.equal((await tb.t.db.select().from(documents)).length, count, 'no new document for an update');
  const updated = await documentOf(original);
  assert.equal(updated.subject, newSubject);
  assert.equal(updated.state, 'in_progress', 'the people handling it go on');
  const view = await getDocumentView(tb.t.db, leader, letter.id, { blobs: ctx.blobs, verify: false });
  assert.equal(view.updatesBySender, 1);
  assert.equal(view.timeline.at(-1)?.label, 'Nơi gửi cập nhật văn bản');
  assert.equal(
    view.timeline.at(-1)?.detail,
    `Lý do: Sửa trích yếu và tệp đính kèm. Trích yếu: “V/v phối hợp xác minh hộ tịch (số 82)” → “${newSubject}”. Tệp mới (phiên bản 1): 82-STP-VP.pdf`,
  );
  assert.deepEqual(
    view.files.map((f) => [f.role, f.version]),
    [
      ['main', 0],
      ['main', 1],
    ],
    'the earlier file stays, the update is version 1',
  );
  const notices = await tb.t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.topic, 'documents.updated'), eq(outbox.channel, 'event')));
  assert.deepEqual(notices.map((n) => n.recipient).sort(), [id(tb.vpubndClerk), id(leader)].sort());
  assert.deepEqual(await statusesAtSender(), [`${update} 01`, `${update} 15`]);

  // The hub delivers the same update again: stored once, applied once, nothing more to say.
  await send(update, '82', { docType: '2', documentId: original }, newSubject);
  const actions = await tb.t.db.select().from(documentActions).where(eq(documentActions.documentId, letter.id));
  assert.equal(actions.filter((a) => a.type === 'update').length, 1);
  assert.deepEqual(await statusesAtSender(), []);

  // An update of a recalled letter (the first test's) changes nothing: 16.
  const recalledLetter = `${SENDER.organId},2026/11/12,77/STP-VP`;
  await send(`${SENDER.organId},2026/11/18,77/STP-VP/CN`, '77', { docType: '2', documentId: recalledLetter }, 'Mới');
  assert.equal((await documentOf(recalledLetter)).subject, 'V/v phối hợp xác minh hộ tịch (số 77)');
  assert.deepEqual(await statusesAtSender(), [
    `${SENDER.organId},2026/11/18,77/STP-VP/CN 01`,
    `${SENDER.organId},2026/11/18,77/STP-VP/CN 16`,
  ]);

  // An update of a letter never received here is received as a new one, and its timeline says why.
  const orphan = `${SENDER.organId},2026/11/18,95/STP-VP/CN`;
  await send(orphan, '95', { docType: '2', documentId: 'không-có' });
  const stray = await documentOf(orphan);
  assert.equal(stray.state, 'received');
  const strayView = await getDocumentView(tb.t.db, tb.vpubndClerk, stray.id, { blobs: ctx.blobs, verify: false });
  assert.match(strayView.timeline[0]?.detail ?? '', /bản cập nhật của văn bản không-có.*tiếp nhận như văn bản mới/u);
  assert.deepEqual(await statusesAtSender(), [`${orphan} 01`]);
});
