import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as pkijs from 'pkijs';
import type { DemoCertificate } from './certificates.ts';
import { createDemoCertificate } from './certificates.ts';
import { PdfComposer } from './document.ts';
import { signPdf } from './sign.ts';
import { createPkcs12Signer } from './signer.ts';
import { pdfSig, pdfToText } from './testing.ts';
import { formatVerificationReport, parsePdfDate, verifyPdf } from './verify.ts';

const PASSWORD = 'mật khẩu';
let agency: DemoCertificate;
let unsigned: Uint8Array;

before(async () => {
  agency = await createDemoCertificate({
    commonName: 'Sở Tư pháp tỉnh Tuyên Quang',
    organization: 'UBND tỉnh Tuyên Quang',
    locality: 'Tuyên Quang',
    password: PASSWORD,
  });
  const doc = new PdfComposer({ title: 'Kết quả giải quyết hồ sơ' });
  doc.nationalHeader({ parentAgency: 'UBND tỉnh Tuyên Quang', agency: 'Sở Tư pháp' });
  doc.title('TRÍCH LỤC KHAI SINH');
  doc.paragraph('Họ và tên: Nguyễn Thị Hường. Nơi sinh: xã Yên Sơn, tỉnh Tuyên Quang.');
  unsigned = await doc.save();
});

const signingTime = new Date('2025-03-05T07:30:00Z');

async function signAsAgency(bytes: Uint8Array = unsigned): Promise<Uint8Array> {
  return signPdf(bytes, {
    pkcs12: agency.pkcs12,
    password: PASSWORD,
    reason: 'Phê duyệt kết quả giải quyết hồ sơ',
    location: 'Tuyên Quang',
    signingTime,
  });
}

/** Changes one byte inside the first content stream: the file still parses, the signed bytes differ. */
function flipByteInSignedContent(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes);
  const stream = Buffer.from(copy).indexOf('stream\n', 200);
  assert.ok(stream > 0);
  const at = stream + 'stream\n'.length + 5;
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

test('pdfsig accepts a PAdES signature by a certificate whose subject is Vietnamese', async () => {
  const report = pdfSig(await signAsAgency());
  assert.match(report, /Signature Validation: Signature is Valid\./u, report);
  assert.match(report, /Signer Certificate Common Name: Sở Tư pháp tỉnh Tuyên Quang/u, report);
  assert.match(report, /Signature Type: ETSI\.CAdES\.detached/u, report);
  assert.match(report, /Total document signed/u, report);
});

test('signing appends an incremental update: the original bytes are kept unchanged', async () => {
  const signed = await signAsAgency();
  assert.deepEqual(signed.subarray(0, unsigned.length), unsigned);
  assert.ok(pdfToText(signed).includes('TRÍCH LỤC KHAI SINH'));
});

test('verifyPdf reports the Vietnamese signer, the signing time and an intact document', async () => {
  const [report, ...others] = await verifyPdf(await signAsAgency());
  assert.equal(others.length, 0);
  assert.ok(report);
  assert.equal(report.signerSubject, 'CN=Sở Tư pháp tỉnh Tuyên Quang, O=UBND tỉnh Tuyên Quang, L=Tuyên Quang, C=VN');
  assert.equal(report.signerCommonName, 'Sở Tư pháp tỉnh Tuyên Quang');
  assert.equal(report.signerName, 'Sở Tư pháp tỉnh Tuyên Quang');
  assert.equal(report.reason, 'Phê duyệt kết quả giải quyết hồ sơ');
  assert.equal(report.subFilter, 'ETSI.CAdES.detached');
  assert.deepEqual(report.signingTime, signingTime);
  assert.equal(report.integrityValid, true);
  assert.equal(report.coversWholeDocument, true);
  assert.equal(report.certificateSelfSigned, true);
});

test('one changed byte in the signed content makes pdfsig and verifyPdf reject the signature', async () => {
  const tampered = flipByteInSignedContent(await signAsAgency());
  const report = pdfSig(tampered);
  assert.doesNotMatch(report, /Signature is Valid\./u, report);
  assert.match(report, /Digest Mismatch|Signature is Invalid/u, report);
  const [verified] = await verifyPdf(tampered);
  assert.equal(verified?.integrityValid, false);
  assert.equal(verified?.signerCommonName, 'Sở Tư pháp tỉnh Tuyên Quang');
});

test('a second signature keeps the first valid; only the last covers the whole file', async () => {
  const officer = await createDemoCertificate({
    commonName: 'Nguyễn Văn Ánh',
    organization: 'Sở Tư pháp tỉnh Tuyên Quang',
    password: 'x',
    keyAlgorithm: 'ECDSA-P256',
  });
  const twice = await signPdf(await signAsAgency(), { pkcs12: officer.pkcs12, password: 'x', reason: 'Ký duyệt' });
  const report = pdfSig(twice);
  assert.equal(report.match(/Signature is Valid\./gu)?.length, 2, report);
  const [first, second] = await verifyPdf(twice);
  assert.equal(first?.fieldName, 'Signature1');
  assert.equal(first?.integrityValid, true);
  assert.equal(first?.coversWholeDocument, false);
  assert.equal(second?.fieldName, 'Signature2');
  assert.equal(second?.signerCommonName, 'Nguyễn Văn Ánh');
  assert.equal(second?.integrityValid, true);
  assert.equal(second?.coversWholeDocument, true);
});

test('the CMS carries the PAdES signed attributes: content-type, message-digest, signing-certificate-v2, signing-time', async () => {
  const signed = await signAsAgency();
  const text = Buffer.from(signed).toString('latin1');
  const hex = /\/Contents <([0-9A-F]+)>/u.exec(text)?.[1] ?? '';
  const cms = pkijs.ContentInfo.fromBER(new Uint8Array(Buffer.from(hex.replace(/(00)+$/u, ''), 'hex')));
  const signedData = new pkijs.SignedData({ schema: cms.content });
  const types = signedData.signerInfos[0]?.signedAttrs?.attributes.map((a) => a.type).sort();
  assert.deepEqual(types, [
    '1.2.840.113549.1.9.16.2.47',
    '1.2.840.113549.1.9.3',
    '1.2.840.113549.1.9.4',
    '1.2.840.113549.1.9.5',
  ]);
  assert.equal(signedData.encapContentInfo.eContent, undefined, 'detached: the PDF bytes are not inside the CMS');
});

test('a pluggable Signer (as an HSM would be) signs through the same path', async () => {
  const local = await createPkcs12Signer(agency.pkcs12, PASSWORD);
  let calls = 0;
  const hsm = {
    ...local,
    sign: async (data: Uint8Array) => {
      calls++;
      return local.sign(data);
    },
  };
  const signed = await signPdf(unsigned, { signer: hsm, signerName: 'Giám đốc Sở Tư pháp' });
  assert.equal(calls, 1);
  const [report] = await verifyPdf(signed);
  assert.equal(report?.integrityValid, true);
  assert.equal(report?.signerName, 'Giám đốc Sở Tư pháp');
});

test('an unsigned PDF has no signatures to report', async () => {
  assert.deepEqual(await verifyPdf(unsigned), []);
  assert.equal(formatVerificationReport([]), 'Tài liệu không có chữ ký số.');
});

test('the text report names the signer, the time in Vietnam and the integrity verdict', async () => {
  const text = formatVerificationReport(await verifyPdf(await signAsAgency()));
  assert.match(text, /Người ký: CN=Sở Tư pháp tỉnh Tuyên Quang/u);
  assert.match(text, /Thời điểm ký: 14:30:00 05\/03\/2025 \(UTC\+7\)/u);
  assert.match(text, /Toàn vẹn: hợp lệ/u);
  assert.match(
    formatVerificationReport(await verifyPdf(flipByteInSignedContent(await signAsAgency()))),
    /Toàn vẹn: KHÔNG hợp lệ/u,
  );
});

test('PDF dates are read with their UTC offset', () => {
  assert.deepEqual(parsePdfDate("D:20250305143000+07'00'"), new Date('2025-03-05T07:30:00Z'));
  assert.deepEqual(parsePdfDate('D:20250305073000Z'), new Date('2025-03-05T07:30:00Z'));
  assert.equal(parsePdfDate('yesterday'), undefined);
});
