import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as asn1js from 'asn1js';
import { DomainError } from '../errors.ts';
import {
  createDemoCertificate,
  formatName,
  nameAttributes,
  parseCertificate,
  serialNumberFrom,
} from './certificates.ts';
import { loadPkcs12 } from './pkcs12.ts';

const agency = {
  commonName: 'Sở Tư pháp tỉnh Tuyên Quang',
  organization: 'UBND tỉnh Tuyên Quang',
  locality: 'Tuyên Quang',
  password: 'mật khẩu demo',
};

test('a demo certificate carries its Vietnamese subject as UTF8String, country as PrintableString', async () => {
  const demo = await createDemoCertificate(agency);
  const cert = parseCertificate(demo.certificate);
  assert.equal(
    formatName(cert.subject),
    'CN=Sở Tư pháp tỉnh Tuyên Quang, O=UBND tỉnh Tuyên Quang, L=Tuyên Quang, C=VN',
  );
  for (const tv of cert.subject.typesAndValues) {
    const expected = tv.type === '2.5.4.6' ? asn1js.PrintableString : asn1js.Utf8String;
    assert.ok(tv.value instanceof expected, `${tv.type} encoded as ${tv.value.constructor.name}`);
  }
  // One attribute per RDN, as CAs issue them (not one multi-valued RDN).
  const name = asn1js.fromBER(cert.subject.toSchema().toBER(false)).result;
  assert.ok(name instanceof asn1js.Sequence);
  assert.equal(name.valueBlock.value.length, 4);
});

test('the PKCS#12 opens with its password and yields the same certificate and a usable key', async () => {
  const demo = await createDemoCertificate(agency);
  const loaded = await loadPkcs12(demo.pkcs12, agency.password);
  assert.deepEqual(loaded.certificate, demo.certificate);
  assert.equal(loaded.keyType, 'rsa');
  assert.equal(loaded.privateKey.asymmetricKeyDetails?.modulusLength, 2048);
  assert.equal(loaded.chain.length, 0);
});

test('a wrong password is refused with PKCS12_WRONG_PASSWORD', async () => {
  const demo = await createDemoCertificate(agency);
  await assert.rejects(
    loadPkcs12(demo.pkcs12, 'sai mật khẩu'),
    (error) => error instanceof DomainError && error.code === 'PKCS12_WRONG_PASSWORD',
  );
});

test('bytes that are not a PKCS#12 are refused with PKCS12_INVALID', async () => {
  await assert.rejects(
    loadPkcs12(new Uint8Array([1, 2, 3, 4]), 'x'),
    (error) => error instanceof DomainError && error.code === 'PKCS12_INVALID',
  );
});

test('a certificate issued by a demo CA keeps the CA in its PKCS#12 chain', async () => {
  const ca = await createDemoCertificate({
    commonName: 'CA thử nghiệm tỉnh Tuyên Quang',
    organization: 'UBND tỉnh Tuyên Quang',
    password: 'ca',
    isCa: true,
    keyAlgorithm: 'ECDSA-P256',
  });
  const officer = await createDemoCertificate({ ...agency, commonName: 'Nguyễn Văn Ánh', issuer: ca });
  const loaded = await loadPkcs12(officer.pkcs12, agency.password);
  assert.deepEqual(loaded.chain, [ca.certificate]);
  const cert = parseCertificate(officer.certificate);
  assert.equal(formatName(cert.issuer), 'CN=CA thử nghiệm tỉnh Tuyên Quang, O=UBND tỉnh Tuyên Quang, C=VN');
  assert.equal(await cert.verify(parseCertificate(ca.certificate)), true);
});

test('an ECDSA P-256 key works as well as RSA', async () => {
  const demo = await createDemoCertificate({ ...agency, keyAlgorithm: 'ECDSA-P256' });
  const loaded = await loadPkcs12(demo.pkcs12, agency.password);
  assert.equal(loaded.keyType, 'ec');
  assert.equal(
    nameAttributes(parseCertificate(loaded.certificate).subject).find((a) => a.type === 'CN')?.value,
    agency.commonName,
  );
});

test('serial numbers are positive INTEGERs in minimal DER, whatever the random bytes', () => {
  for (const first of [0x00, 0x01, 0x7f, 0x80, 0xff]) {
    for (const second of [0x00, 0x7f, 0x80, 0xff]) {
      const serial = serialNumberFrom(Uint8Array.of(first, second, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14));
      const der = new asn1js.Integer({ valueHex: serial.buffer as ArrayBuffer }).toBER();
      const [, length = 0, head = 0, next = 0] = new Uint8Array(der);
      assert.equal(length, 16, 'no sign byte was needed');
      assert.ok(head < 0x80 && (head !== 0 || next >= 0x80), `minimal and positive from ${first}, ${second}`);
    }
  }
});
