/**
 * Two Mở Cửa instances — two agencies, two databases — exchange a signed document through the
 * hub stand-in: sent → arrived (01) → registered (03) → assigned (04) → done (06), the statuses
 * flowing back to the sender; the received signatures verify in pdfsig and in our verifier; a
 * tampered document is flagged; a package received twice is stored once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { type HubStandIn, startHubStandIn } from '../../../../test/standins/edxml-hub/server.ts';
import { createTestDb, type TestDb } from '../../../platform/db/testing.ts';
import { dispatchOutbox, outbox } from '../../../platform/notify/index.ts';
import { createDemoCertificate, PdfComposer, signPdf } from '../../../platform/pdf/index.ts';
import { pdfSig } from '../../../platform/pdf/testing.ts';
import { hubChannel } from './hub-channel.ts';
import { createHubClient, type DocumentHub } from './hub-client.ts';
import { type EdxmlDocument, hubDate, type Organ } from './model.ts';
import { parseEdxml } from './parse-edxml.ts';
import { queueOutgoingDocument } from './queue-outgoing-document.ts';
import { exchangeOf } from './read-exchange.ts';
import { type IncomingDocument, receiveFromHub } from './receive-from-hub.ts';
import { reportStatus } from './report-status.ts';
import { edxmlPackages } from './schema.ts';

const JUSTICE: Organ = { organId: '000.00.08.H59', organName: 'Sở Tư pháp tỉnh Tuyên Quang' };
const HOME_AFFAIRS: Organ = { organId: '000.00.12.H59', organName: 'Sở Nội vụ tỉnh Tuyên Quang' };

interface Instance {
  db: TestDb;
  agency: Organ;
  hub: DocumentHub;
  registered: IncomingDocument[];
}

let hub: HubStandIn;
let sender: Instance;
let receiver: Instance;
let certificate: Uint8Array;
let signedPdf: Uint8Array;
// Outbox rows are due from their insertion (now()); dispatch instants run ahead of the real clock.
let clock = Date.now() + 60_000;
function tick(minutes: number): Date {
  // Never behind the real clock (a slow start must not put dispatches before the rows' due time).
  clock = Math.max(clock, Date.now() + 1000) + minutes * 60_000;
  return new Date(clock);
}

async function instance(agency: Organ, secret: string): Promise<Instance> {
  hub.register(agency.organId, secret);
  return {
    db: await createTestDb(),
    agency,
    hub: createHubClient({ endpoint: hub.url, systemId: agency.organId, secretKey: secret }),
    registered: [],
  };
}

before(async () => {
  hub = await startHubStandIn();
  sender = await instance(JUSTICE, 'khoá-bí-mật-sở-tư-pháp');
  receiver = await instance(HOME_AFFAIRS, 'khoá-bí-mật-sở-nội-vụ');
  // The agency's certificate issued by a CA the receiver trusts (as NEAC's or VGCA's roots are).
  const ca = await createDemoCertificate({
    commonName: 'CA gốc thử nghiệm',
    password: 'x',
    isCa: true,
    withoutPkcs12: true,
  });
  const cert = await createDemoCertificate({
    commonName: 'Sở Tư pháp tỉnh Tuyên Quang',
    organization: 'UBND tỉnh Tuyên Quang',
    password: 'mật khẩu',
    issuer: { certificate: ca.certificate, privateKeyPkcs8: ca.privateKeyPkcs8 },
  });
  certificate = ca.certificate;
  const pdf = new PdfComposer({ title: 'Công văn' });
  pdf.nationalHeader({ parentAgency: 'UBND tỉnh Tuyên Quang', agency: 'Sở Tư pháp' });
  pdf.title('CÔNG VĂN');
  pdf.paragraph('V/v đề nghị cung cấp số liệu cán bộ, công chức năm 2025.');
  signedPdf = await signPdf(await pdf.save(), {
    pkcs12: cert.pkcs12,
    password: 'mật khẩu',
    reason: 'Ban hành văn bản',
    location: 'Tuyên Quang',
  });
});
after(async () => {
  await sender?.db.close();
  await receiver?.db.close();
  await hub?.close();
});

function outgoing(number: string, pdf: Uint8Array): EdxmlDocument {
  const date = hubDate(new Date());
  return {
    from: JUSTICE,
    to: [HOME_AFFAIRS],
    documentId: `${JUSTICE.organId},${date},${number}/STP-VP`,
    code: { codeNumber: number, codeNotation: 'STP-VP' },
    promulgation: { place: 'Tuyên Quang', date },
    documentType: { type: '1', typeDetail: '0', typeName: 'Công văn' },
    subject: 'V/v đề nghị cung cấp số liệu cán bộ, công chức năm 2025',
    signer: { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', fullName: 'Nguyễn Thị Hường' },
    toPlaces: ['Như trên', 'Lưu: VT, VP'],
    otherInfo: { priority: '0', pageAmount: '1', appendixes: [] },
    business: { docType: '0', paper: '0' },
    traces: [{ organId: JUSTICE.organId, timestamp: '2025/03/05 14:30:00' }],
    attachments: [
      { contentId: `cid:${number}`, contentType: 'application/pdf', name: `${number}-STP-VP.pdf`, bytes: pdf },
    ],
  };
}

const deliver = (side: Instance, at: Date) =>
  dispatchOutbox(
    side.db.db,
    {
      edxml: hubChannel(
        side.db.db,
        () => side.hub,
        () => at,
      ),
    },
    { now: at },
  );

const receive = (side: Instance, anchors: Uint8Array[] = []) =>
  receiveFromHub(side.db.db, side.hub, {
    provinceCode: '08',
    agency: side.agency,
    trustAnchors: anchors,
    onDocument: async (_tx, incoming) => {
      side.registered.push(incoming);
      return `incoming-${incoming.packageId}`;
    },
  });

test('a signed document travels from one agency to another and its statuses come back', async () => {
  const packageId = await sender.db.db.transaction((tx) =>
    queueOutgoingDocument(tx, { provinceCode: '08', document: outgoing('125', signedPdf), documentRef: 'outgoing-1' }),
  );
  // The hub is down at the first attempt: the outbox keeps the package and retries after its backoff.
  hub.down(1);
  assert.deepEqual(await deliver(sender, tick(1)), { sent: 0, retried: 1, dead: 0 });
  assert.deepEqual(await deliver(sender, tick(0.1)), { sent: 0, retried: 0, dead: 0 }, 'not before the backoff');
  assert.deepEqual(await deliver(sender, tick(1)), { sent: 1, retried: 0, dead: 0 });
  assert.equal(hub.packages.filter((p) => p.messageType === 'edoc').length, 1);
  // Arrived (01): the receiver stores, verifies and registers it, and says so.
  assert.deepEqual(await receive(receiver, [certificate]), { documents: 1, duplicates: 0, statuses: 0, refused: 0 });
  const incoming = receiver.registered[0];
  assert.ok(incoming);
  assert.equal(incoming.document.subject, 'V/v đề nghị cung cấp số liệu cán bộ, công chức năm 2025');
  assert.deepEqual(incoming.document.attachments[0]?.bytes, signedPdf);
  await deliver(receiver, tick(1));
  await receive(sender);
  assert.deepEqual(
    (await exchangeOf(sender.db.db, packageId)).statuses.map((s) => s.statusCode),
    ['01'],
  );

  // Registered (03), assigned (04), done (06), as the documents module reports them.
  for (const statusCode of ['03', '04', '06'] as const) {
    await receiver.db.db.transaction((tx) =>
      reportStatus(tx, { packageId: incoming.packageId, statusCode, from: HOME_AFFAIRS, at: tick(1) }),
    );
    assert.equal(
      await receiver.db.db.transaction((tx) =>
        reportStatus(tx, { packageId: incoming.packageId, statusCode, from: HOME_AFFAIRS, at: tick(1) }),
      ),
      false,
      'each code once',
    );
    await deliver(receiver, tick(1));
  }
  assert.equal((await receive(sender)).statuses, 3);
  const view = await exchangeOf(sender.db.db, packageId);
  assert.deepEqual(
    view.statuses.map((s) => [s.statusCode, s.organName, s.label]),
    [
      ['01', 'Sở Nội vụ tỉnh Tuyên Quang', 'Đã đến'],
      ['03', 'Sở Nội vụ tỉnh Tuyên Quang', 'Đã tiếp nhận'],
      ['04', 'Sở Nội vụ tỉnh Tuyên Quang', 'Phân công'],
      ['06', 'Sở Nội vụ tỉnh Tuyên Quang', 'Hoàn thành'],
    ],
  );
  assert.equal(view.lastStatusCode, '06');
  assert.equal(view.documentRef, 'outgoing-1');
  // Nothing left on the hub for either side.
  assert.equal(hub.packages.filter((p) => !p.done).length, 0);
});

test('the received signature verifies in pdfsig and in our verifier, and the result is stored', async () => {
  const [row] = await receiver.db.db.select().from(edxmlPackages).where(eq(edxmlPackages.codeNumber, '125'));
  assert.ok(row?.verification);
  const [signature] = row.verification.files[0]?.signatures ?? [];
  assert.equal(signature?.integrityValid, true);
  assert.equal(signature?.chainTrusted, true);
  assert.match(signature?.signer ?? '', /CN=Sở Tư pháp tỉnh Tuyên Quang/u);
  assert.notEqual(row.verification.verdict, 'invalid');
  assert.equal(row.documentRef, `incoming-${row.id}`);
  // The bytes the receiver stored, read back from its own copy of the package.
  const parsed = await parseEdxml(row.xml);
  assert.ok(parsed.kind === 'document');
  const report = pdfSig(parsed.document.attachments[0]?.bytes ?? new Uint8Array());
  assert.match(report, /Signature Validation: Signature is Valid\./u, report);
  assert.match(report, /Signer Certificate Common Name: Sở Tư pháp tỉnh Tuyên Quang/u, report);
});

test('a document changed after signing is flagged as invalid', async () => {
  const tampered = new Uint8Array(signedPdf);
  const at = Buffer.from(tampered).indexOf('stream\n', 200) + 'stream\n'.length + 5;
  tampered[at] = (tampered[at] ?? 0) ^ 0x01;
  await sender.db.db.transaction((tx) =>
    queueOutgoingDocument(tx, { provinceCode: '08', document: outgoing('126', tampered) }),
  );
  await deliver(sender, tick(1));
  await receive(receiver, [certificate]);
  const [row] = await receiver.db.db.select().from(edxmlPackages).where(eq(edxmlPackages.codeNumber, '126'));
  assert.equal(row?.verification?.verdict, 'invalid');
  assert.equal(row?.verification?.files[0]?.signatures[0]?.integrityValid, false);
  assert.ok((row?.verification?.files[0]?.signatures[0]?.reasons.length ?? 0) > 0);
  assert.doesNotMatch(pdfSig(tampered), /Signature is Valid/u);
});

test('a package received twice (same DocumentId, sender and number) is stored once', async () => {
  const before = receiver.registered.length;
  // The sender's outbox sends the same document again (a second issue of the same package).
  await sender.db.db.transaction((tx) =>
    queueOutgoingDocument(tx, { provinceCode: '08', document: outgoing('125', signedPdf) }),
  );
  await deliver(sender, tick(1));
  assert.deepEqual(await receive(receiver, [certificate]), { documents: 0, duplicates: 1, statuses: 0, refused: 0 });
  assert.equal(receiver.registered.length, before);
  const rows = await receiver.db.db.select().from(edxmlPackages).where(eq(edxmlPackages.codeNumber, '125'));
  assert.equal(rows.length, 1);
  // A delivery retried after the hub acknowledged it is not sent again.
  const sent = hub.packages.length;
  await sender.db.db.update(outbox).set({ status: 'pending', nextAttemptAt: new Date(0) });
  await deliver(sender, tick(1));
  assert.equal(hub.packages.length, sent);
});
