/**
 * The document page shows, in Vietnamese, the signature verdict stored when a document arrived
 * over the hub: the whole app (seeded demo province), the hub stand-in, two packages sent to the
 * Provincial People's Committee Office by an agency of another province, one signed by a
 * certificate of a trusted CA and one changed after signing. The Office's clerk opens each.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type HubStandIn, startHubStandIn } from '../../../../test/standins/edxml-hub/server.ts';
import { createDemoCertificate, PdfComposer, signPdf } from '../../../platform/pdf/index.ts';
import { formatDateTime } from '../../../web/components/format.ts';
import { Browser, type SeededApp, seededApp } from '../../../web/testing.ts';
import { buildEdxmlDocument } from '../edxml/build-edxml.ts';
import { documentHooks } from '../edxml/connect-documents.ts';
import { createHubClient, type DocumentHub } from '../edxml/hub-client.ts';
import { type EdxmlDocument, hubDate, type Organ } from '../edxml/model.ts';
import { receiveFromHub } from '../edxml/receive-from-hub.ts';
import { edxmlPackages } from '../edxml/schema.ts';

const SENDER: Organ = { organId: '000.00.08.H59', organName: 'Sở Tư pháp tỉnh Hà Giang' };
const OFFICE: Organ = { organId: '000.00.01.H60', organName: 'Văn phòng UBND tỉnh Tuyên Quang' };

let s: SeededApp;
let hub: HubStandIn;
let senderHub: DocumentHub;
let officeHub: DocumentHub;
let anchor: Uint8Array;
let signed: Uint8Array;

before(async () => {
  s = await seededApp();
  hub = await startHubStandIn();
  hub.register(SENDER.organId, 'khoá-nơi-gửi');
  hub.register(OFFICE.organId, 'khoá-văn-phòng');
  senderHub = createHubClient({ endpoint: hub.url, systemId: SENDER.organId, secretKey: 'khoá-nơi-gửi' });
  officeHub = createHubClient({ endpoint: hub.url, systemId: OFFICE.organId, secretKey: 'khoá-văn-phòng' });
  const ca = await createDemoCertificate({
    commonName: 'CA gốc thử nghiệm',
    password: 'x',
    isCa: true,
    withoutPkcs12: true,
  });
  const cert = await createDemoCertificate({
    commonName: SENDER.organName,
    organization: 'UBND tỉnh Hà Giang',
    password: 'p12',
    issuer: { certificate: ca.certificate, privateKeyPkcs8: ca.privateKeyPkcs8 },
  });
  anchor = ca.certificate;
  const pdf = new PdfComposer({ title: 'Công văn' });
  pdf.title('CÔNG VĂN');
  pdf.paragraph('V/v phối hợp rà soát thủ tục hành chính liên tỉnh.');
  signed = await signPdf(await pdf.save(), { pkcs12: cert.pkcs12, password: 'p12', reason: 'Ban hành văn bản' });
});
after(async () => {
  await s?.close();
  await hub?.close();
});

function edxml(number: string, pdf: Uint8Array): EdxmlDocument {
  const date = hubDate(new Date());
  return {
    from: SENDER,
    to: [OFFICE],
    documentId: `${SENDER.organId},${date},${number}/STP-VP`,
    code: { codeNumber: number, codeNotation: 'STP-VP' },
    promulgation: { place: 'Hà Giang', date },
    documentType: { type: '1', typeDetail: '0', typeName: 'Công văn' },
    subject: `V/v phối hợp rà soát thủ tục hành chính liên tỉnh (số ${number})`,
    signer: { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', fullName: 'Lý Văn Hùng' },
    toPlaces: ['Như trên', 'Lưu: VT, VP'],
    otherInfo: { priority: '0', pageAmount: '1', appendixes: [] },
    business: { docType: '0', paper: '0' },
    traces: [{ organId: SENDER.organId, timestamp: '2026/11/12 14:30:00' }],
    attachments: [
      { contentId: `cid:${number}`, contentType: 'application/pdf', name: `${number}-STP-VP.pdf`, bytes: pdf },
    ],
  };
}

/** Sends the package, receives it at the Office as the exchange job does, and returns the document's id. */
async function arrive(number: string, pdf: Uint8Array): Promise<string> {
  await senderHub.send(await buildEdxmlDocument(edxml(number, pdf)), 'edoc');
  const services = s.app.deps.services;
  await receiveFromHub(s.db.db, officeHub, {
    provinceCode: '08',
    agency: OFFICE,
    trustAnchors: [anchor],
    ...documentHooks({ provinceCode: '08', blobs: services.blobs, hubFor: () => officeHub, now: () => new Date() }),
  });
  const rows = await s.db.db.select().from(edxmlPackages);
  const row = rows.find((r) => r.direction === 'incoming' && r.codeNumber === number);
  assert.ok(row?.documentRef && row.verification, 'the package is stored with its verification');
  return row.documentRef;
}

async function clerkPage(id: string): Promise<string> {
  const b = new Browser(s.app);
  await b.page('/workspace/dang-nhap');
  const signIn = await b.post('/workspace/dang-nhap', { login: 'vanthu.vpubnd', password: 'MoCua@2026' });
  assert.equal(signIn.statusCode, 303);
  const res = await b.get(`/workspace/van-ban/${id}`);
  assert.equal(res.statusCode, 200);
  return res.body;
}

const section = (html: string) => {
  const start = html.indexOf('id="received-signatures"');
  assert.ok(start > 0, 'the page has the received signatures section');
  return html.slice(start, html.indexOf('</section>', start));
};

test('a received document signed by a trusted CA: the signer, the time and the verdict in Vietnamese', async () => {
  const id = await arrive('301', signed);
  const [row] = (await s.db.db.select().from(edxmlPackages)).filter((r) => r.documentRef === id);
  const stored = row?.verification?.files[0]?.signatures[0];
  assert.ok(stored?.signingTime);
  assert.notEqual(row?.verification?.verdict, 'invalid');
  const html = section(await clerkPage(id));
  assert.match(html, /Kiểm tra chữ ký số khi nhận/u);
  assert.match(html, /Người ký: <strong>Sở Tư pháp tỉnh Hà Giang<\/strong>/u);
  assert.ok(html.includes(`datetime="${stored.signingTime}"`), 'the signing time is shown');
  assert.ok(html.includes(formatDateTime(stored.signingTime, 'vi')));
  assert.match(html, row?.verification?.verdict === 'valid' ? /Hợp lệ/u : /Chưa xác định được/u);
  assert.doesNotMatch(html, /Đã bị sửa đổi sau khi ký/u);
  assert.doesNotMatch(html, /Không hợp lệ|\b(valid|invalid|indeterminate)\b(?!")/u);
});

test('a received document changed after signing is flagged as tampered and not valid', async () => {
  const tampered = new Uint8Array(signed);
  const at = Buffer.from(tampered).indexOf('stream\n', 200) + 'stream\n'.length + 5;
  tampered[at] = (tampered[at] ?? 0) ^ 0x01;
  const id = await arrive('302', tampered);
  const page = await clerkPage(id);
  assert.match(page, /data-received-verdict="invalid"/u);
  const html = section(page);
  assert.match(html, /Không hợp lệ/u);
  assert.match(html, /Có chữ ký số không hợp lệ: văn bản có thể đã bị sửa đổi/u);
  assert.match(html, /data-tampered="true"[^>]*>Người ký: <strong>Sở Tư pháp tỉnh Hà Giang/u);
  assert.match(html, /Đã bị sửa đổi sau khi ký/u);
  assert.match(html, /nội dung đã bị thay đổi sau khi ký/u);
});

test('a document registered on paper has no received-signatures section', async () => {
  const rows = await s.db.db.select().from(edxmlPackages);
  assert.ok(rows.length >= 2);
  const b = new Browser(s.app);
  await b.page('/workspace/dang-nhap');
  await b.post('/workspace/dang-nhap', { login: 'vanthu.vpubnd', password: 'MoCua@2026' });
  const form = await b.page('/workspace/van-ban/vao-so');
  assert.equal(form.statusCode, 200);
  const res = await b.post('/workspace/van-ban/vao-so', {
    issuerName: 'Bưu điện tỉnh',
    type: 'CV',
    codeNumber: '9',
    codeNotation: 'BĐ-KD',
    issuedDate: '2026-11-10',
    subject: 'V/v giao nhận văn bản giấy',
    urgency: 'normal',
    secrecy: 'none',
  });
  assert.equal(res.statusCode, 303);
  const page = await b.get(String(res.headers.location).replace(/\?.*$/u, ''));
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, /received-signatures/u);
});
