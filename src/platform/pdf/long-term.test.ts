import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type OcspStandIn, startOcspStandIn } from '../../../test/standins/ocsp/server.ts';
import { startTsaStandIn, type TsaStandIn } from '../../../test/standins/tsa/server.ts';
import { createDemoCertificate, type DemoCertificate } from './certificates.ts';
import { PdfComposer } from './document.ts';
import { signPdf } from './sign.ts';
import { createPkcs12Signer } from './signer.ts';
import { pdfSig } from './testing.ts';
import { formatVerificationReport, verifyPdf } from './verify.ts';

let ca: DemoCertificate;
let tsa: TsaStandIn;
let ocsp: OcspStandIn;
let unsigned: Uint8Array;
const DAY = 86_400_000;

before(async () => {
  ca = await createDemoCertificate({ commonName: 'CA gốc thử nghiệm', password: 'x', isCa: true, withoutPkcs12: true });
  tsa = await startTsaStandIn();
  ocsp = await startOcspStandIn(ca);
  const doc = new PdfComposer({ title: 'Kết quả' });
  doc.title('GIẤY PHÉP');
  doc.paragraph('Cấp cho ông Lê Văn Hùng.');
  unsigned = await doc.save();
});
after(async () => {
  await tsa.close();
  await ocsp.close();
});

async function agencyCert(options: { notBefore?: Date; validityDays?: number } = {}) {
  const cert = await createDemoCertificate({
    commonName: 'Sở Xây dựng tỉnh Tuyên Quang',
    organization: 'UBND tỉnh Tuyên Quang',
    password: 'x',
    issuer: { certificate: ca.certificate, privateKeyPkcs8: ca.privateKeyPkcs8 },
    ocspUrl: ocsp.url,
    ...options,
  });
  ocsp.issue(cert.certificate);
  return { cert, signer: await createPkcs12Signer(cert.pkcs12, 'x') };
}

const trust = () => ({ trustAnchors: [ca.certificate] });

test('B-T: the signature carries a TSA time-stamp; pdfsig accepts it and it still verifies after the certificate expired', async () => {
  const { cert, signer } = await agencyCert({ validityDays: 30 });
  const signed = await signPdf(unsigned, { signer, level: 'B-T', tsaUrl: tsa.url });
  assert.match(pdfSig(signed), /Signature is Valid\./u);
  const afterExpiry = new Date(Date.now() + 400 * DAY);
  const [report] = await verifyPdf(signed, { ...trust(), now: afterExpiry });
  assert.equal(report?.level, 'B-T');
  assert.equal(report?.timestamp?.valid, true);
  assert.equal(report?.certificateValidAtSigningTime, true);
  assert.equal(report?.chain.trusted, true, report?.chain.problem);
  assert.ok((report?.validationTime.getTime() ?? 0) < Date.now() + 60_000, 'judged at the time-stamp, not at now');
  assert.notEqual(report?.verdict, 'invalid', report?.reasons.join('; '));
  // Without a time-stamp the same certificate is judged at "now": expired.
  const plain = await signPdf(unsigned, { signer });
  const [b] = await verifyPdf(plain, { ...trust(), now: afterExpiry });
  assert.equal(b?.level, 'B-B');
  assert.equal(b?.chain.trusted, false);
  assert.notEqual(b?.verdict, 'valid');
  assert.ok(cert.certificate.length > 0);
});

test('B-LT: the OCSP answer is embedded in the DSS; with the national roots configured the signature is valid', async () => {
  const { signer } = await agencyCert();
  const before = ocsp.answered;
  const signed = await signPdf(unsigned, { signer, level: 'B-LT', tsaUrl: tsa.url });
  assert.ok(ocsp.answered > before, 'the responder was asked');
  assert.match(pdfSig(signed), /Signature is Valid\./u);
  const [report] = await verifyPdf(signed, trust());
  assert.equal(report?.level, 'B-LT');
  assert.deepEqual(report?.revocation, { status: 'good', source: 'dss' });
  assert.equal(report?.changesAfterSigning, 'signatures-only');
  assert.equal(report?.verdict, 'valid', report?.reasons.join('; '));
  assert.match(formatVerificationReport([report ?? assert.fail()]), /HỢP LỆ[\s\S]*Thu hồi: chưa bị thu hồi/u);
});

test('a revoked certificate, an untrusted root and an expired certificate at signing time are each reported for what they are', async () => {
  const revoked = await agencyCert();
  ocsp.revoke(revoked.cert.certificate, new Date(Date.now() - 60_000));
  const signedRevoked = await signPdf(unsigned, { signer: revoked.signer, level: 'B-LT', tsaUrl: tsa.url });
  const [r] = await verifyPdf(signedRevoked, trust());
  assert.equal(r?.revocation.status, 'revoked');
  assert.equal(r?.verdict, 'invalid');
  assert.ok(r?.reasons.includes('chứng thư số đã bị thu hồi'));

  const good = await agencyCert();
  const other = await createDemoCertificate({ commonName: 'CA khác', password: 'x', isCa: true, withoutPkcs12: true });
  const [u] = await verifyPdf(await signPdf(unsigned, { signer: good.signer, level: 'B-T', tsaUrl: tsa.url }), {
    trustAnchors: [other.certificate],
  });
  assert.equal(u?.integrityValid, true);
  assert.equal(u?.chain.trusted, false);
  assert.equal(u?.verdict, 'indeterminate');
  assert.ok(u?.reasons.includes('chứng thư số không thuộc tổ chức chứng thực được tin cậy'));

  const old = await agencyCert({ notBefore: new Date(Date.now() - 400 * DAY), validityDays: 365 });
  const [e] = await verifyPdf(await signPdf(unsigned, { signer: old.signer, level: 'B-T', tsaUrl: tsa.url }), trust());
  assert.equal(e?.certificateValidAtSigningTime, false);
  assert.equal(e?.verdict, 'invalid');
  assert.ok(e?.reasons.includes('chứng thư số không còn hiệu lực tại thời điểm ký'));
});

test('a page changed in an update after signing is reported, though the signed bytes still match', async () => {
  const { signer } = await agencyCert();
  const signed = await signPdf(unsigned, { signer, level: 'B-T', tsaUrl: tsa.url });
  const { PDF } = await import('@libpdf/core');
  const pdf = await PDF.load(signed);
  const page = pdf.getPage(0);
  if (!page) throw new Error('no page');
  page.drawText('DA SUA', { x: 50, y: 50, size: 20 });
  const changed = await pdf.save({ incremental: true });
  const [report] = await verifyPdf(changed, trust());
  assert.equal(report?.integrityValid, true);
  assert.equal(report?.changesAfterSigning, 'content-changed');
  assert.equal(report?.verdict, 'invalid');
});

test('B-LTA: a document time-stamp over the signature and its validation data', async () => {
  const { signer } = await agencyCert();
  const signed = await signPdf(unsigned, { signer, level: 'B-LTA', tsaUrl: tsa.url });
  // poppler checks the CAdES signature; it cannot check ETSI.RFC3161 document time-stamps.
  assert.match(pdfSig(signed), /Signature is Valid\./u);
  const reports = await verifyPdf(signed, trust());
  const signature = reports.find((r) => r.kind === 'signature');
  const stamp = reports.find((r) => r.kind === 'document-timestamp');
  assert.equal(signature?.level, 'B-LTA');
  assert.equal(signature?.verdict, 'valid', signature?.reasons.join('; '));
  assert.equal(stamp?.timestamp?.valid, true);
  assert.equal(stamp?.integrityValid, true);
});
