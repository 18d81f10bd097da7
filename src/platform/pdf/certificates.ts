/**
 * Demo signing certificates for agencies, and reading names out of X.509 certificates.
 *
 * Subjects carry Vietnamese with diacritics ("Sở Tư pháp tỉnh Tuyên Quang"), so every
 * attribute except countryName is a UTF8String (RFC 5280 §4.1.2.4 asks for UTF8String;
 * countryName stays PrintableString). The certificate bytes are never re-encoded: CMS and
 * PDF readers match the issuer byte for byte, and a library that re-encodes names as
 * another string type breaks the signature (the node-forge failure noted in the issue).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toArrayBuffer } from './bytes.ts';
import { buildPkcs12 } from './pkcs12.ts';

type KeyAlgorithm = 'RSA-2048' | 'ECDSA-P256';

export interface DemoCertificateOptions {
  /** CN, e.g. "Sở Tư pháp tỉnh Tuyên Quang". */
  commonName: string;
  /** O, e.g. "UBND tỉnh Tuyên Quang". */
  organization?: string;
  organizationalUnit?: string;
  /** L, e.g. "Tuyên Quang". */
  locality?: string;
  /** ST, e.g. "Tuyên Quang". */
  province?: string;
  /** C, two letters; default "VN". */
  country?: string;
  email?: string;
  /** Password that protects the PKCS#12 file. */
  password: string;
  keyAlgorithm?: KeyAlgorithm;
  notBefore?: Date;
  /** Validity in days; default 3 years. */
  validityDays?: number;
  /** A demo CA (made with `isCa: true`) that issues this certificate; self-signed without it. */
  issuer?: { certificate: Uint8Array; privateKeyPkcs8: Uint8Array; chain?: readonly Uint8Array[] };
  isCa?: boolean;
  /** Certify this public key (SPKI DER, e.g. read from a token) instead of making a key; no PKCS#12 then. */
  publicKeySpki?: Uint8Array;
  /** OCSP responder named in the certificate's authorityInfoAccess (RFC 5280 §4.2.2.1). */
  ocspUrl?: string;
  /** Leave the PKCS#12 out (`pkcs12` is then empty): the demo seed seals the key itself. */
  withoutPkcs12?: boolean;
  /** Extended key usage OIDs, e.g. id-kp-OCSPSigning for a responder's certificate. */
  extendedKeyUsage?: readonly string[];
}

export interface DemoCertificate {
  /** Password-protected PKCS#12 holding the key, the certificate and its issuers. */
  pkcs12: Uint8Array;
  /** DER of the certificate. */
  certificate: Uint8Array;
  /** PKCS#8 DER of the private key, to issue further demo certificates with a demo CA; never store it. */
  privateKeyPkcs8: Uint8Array;
}

const OID = {
  C: '2.5.4.6',
  ST: '2.5.4.8',
  L: '2.5.4.7',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
  E: '1.2.840.113549.1.9.1',
};
const LABELS: Record<string, string> = Object.fromEntries(Object.entries(OID).map(([label, oid]) => [oid, label]));

/**
 * One attribute per RDN SET, as every CA does. (pkijs, asked to encode a name it built
 * itself, puts all attributes into one multi-valued RDN; we hand it finished bytes instead.)
 */
function subjectName(options: DemoCertificateOptions): pkijs.RelativeDistinguishedNames {
  const attributes: [string, pkijs.AttributeValueType][] = [
    [OID.C, new asn1js.PrintableString({ value: options.country ?? 'VN' })],
  ];
  const utf8 = (value: string) => new asn1js.Utf8String({ value: value.normalize('NFC') });
  if (options.province) attributes.push([OID.ST, utf8(options.province)]);
  if (options.locality) attributes.push([OID.L, utf8(options.locality)]);
  if (options.organization) attributes.push([OID.O, utf8(options.organization)]);
  if (options.organizationalUnit) attributes.push([OID.OU, utf8(options.organizationalUnit)]);
  attributes.push([OID.CN, utf8(options.commonName)]);
  if (options.email) attributes.push([OID.E, new asn1js.IA5String({ value: options.email })]);
  const sequence = new asn1js.Sequence({
    value: attributes.map(
      ([type, value]) => new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value }).toSchema()] }),
    ),
  });
  return pkijs.RelativeDistinguishedNames.fromBER(sequence.toBER(false));
}

function keyTypeOf(pkcs8: Uint8Array): KeyAlgorithm {
  const type = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }).asymmetricKeyType;
  return type === 'rsa' ? 'RSA-2048' : 'ECDSA-P256';
}

function importAlgorithm(key: KeyAlgorithm): RsaHashedImportParams | EcKeyImportParams {
  return key === 'RSA-2048' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: 'P-256' };
}

function spkiOfPkcs8(pkcs8: Uint8Array): Uint8Array {
  const privateKey = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  return new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }));
}

function generatePkcs8(keyAlgorithm: KeyAlgorithm): Uint8Array {
  const pair =
    keyAlgorithm === 'RSA-2048'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return new Uint8Array(pair.privateKey.export({ format: 'der', type: 'pkcs8' }));
}

function bitString(...bits: number[]): asn1js.BitString {
  const byte = bits.reduce((acc, bit) => acc | (0x80 >> bit), 0);
  let unused = 0;
  while (unused < 7 && (byte & (1 << unused)) === 0) unused++;
  return new asn1js.BitString({ valueHex: new Uint8Array([byte]), unusedBits: unused });
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(spki: pkijs.PublicKeyInfo): asn1js.OctetString {
  const hash = createHash('sha1').update(spki.subjectPublicKey.valueBlock.valueHexView).digest();
  return new asn1js.OctetString({ valueHex: toArrayBuffer(hash) });
}

function extension(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

/**
 * Makes a key pair and a certificate with a Vietnamese subject, wrapped in a PKCS#12
 * protected by `password`. The seed gives every demo agency such a signing identity.
 */
export async function createDemoCertificate(options: DemoCertificateOptions): Promise<DemoCertificate> {
  const keyAlgorithm = options.keyAlgorithm ?? 'RSA-2048';
  const privateKeyPkcs8 = options.publicKeySpki ? new Uint8Array() : generatePkcs8(keyAlgorithm);
  const issuer = options.issuer ? pkijs.Certificate.fromBER(toArrayBuffer(options.issuer.certificate)) : undefined;
  const signerPkcs8 = options.issuer?.privateKeyPkcs8 ?? privateKeyPkcs8;
  if (signerPkcs8.length === 0) throw new Error('a certificate for an outside key needs an issuer');
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const serial = serialNumberFrom(randomBytes(16));

  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: toArrayBuffer(serial) });
  cert.subject = subjectName(options);
  cert.issuer = issuer ? issuer.subject : cert.subject;
  cert.notBefore.value = notBefore;
  cert.notAfter.value = new Date(notBefore.getTime() + (options.validityDays ?? 3 * 365) * 86_400_000);
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(
    toArrayBuffer(options.publicKeySpki ?? spkiOfPkcs8(privateKeyPkcs8)),
  );

  // KeyUsage bits (RFC 5280 §4.2.1.3): 0 digitalSignature, 1 nonRepudiation, 5 keyCertSign, 6 cRLSign.
  const keyUsage = options.isCa ? bitString(0, 5, 6) : bitString(0, 1);
  cert.extensions = [
    extension('2.5.29.19', true, new pkijs.BasicConstraints({ cA: Boolean(options.isCa) }).toSchema()),
    extension('2.5.29.15', true, keyUsage),
    extension('2.5.29.14', false, keyIdentifier(cert.subjectPublicKeyInfo)),
    extension(
      '2.5.29.35',
      false,
      new pkijs.AuthorityKeyIdentifier({
        keyIdentifier: keyIdentifier((issuer ?? cert).subjectPublicKeyInfo),
      }).toSchema(),
    ),
  ];
  if (options.ocspUrl) {
    const access = new pkijs.InfoAccess({
      accessDescriptions: [
        new pkijs.AccessDescription({
          accessMethod: '1.3.6.1.5.5.7.48.1',
          accessLocation: new pkijs.GeneralName({ type: 6, value: options.ocspUrl }),
        }),
      ],
    });
    cert.extensions.push(extension('1.3.6.1.5.5.7.1.1', false, access.toSchema()));
  }
  if (options.extendedKeyUsage) {
    const usages = new pkijs.ExtKeyUsage({ keyPurposes: [...options.extendedKeyUsage] });
    cert.extensions.push(extension('2.5.29.37', false, usages.toSchema()));
  }
  const signingKey = await crypto.subtle.importKey(
    'pkcs8',
    toArrayBuffer(signerPkcs8),
    importAlgorithm(keyTypeOf(signerPkcs8)),
    false,
    ['sign'],
  );
  await cert.sign(signingKey, 'SHA-256');

  const der = new Uint8Array(cert.toSchema(true).toBER(false));
  const chain = options.issuer ? [options.issuer.certificate, ...(options.issuer.chain ?? [])] : [];
  if (options.publicKeySpki || options.withoutPkcs12)
    return { pkcs12: new Uint8Array(), certificate: der, privateKeyPkcs8 };
  const pkcs12 = await buildPkcs12({
    privateKeyPkcs8,
    certificate: der,
    chain,
    password: options.password,
    friendlyName: options.commonName,
  });
  return { pkcs12, certificate: der, privateKeyPkcs8 };
}

export interface NameAttribute {
  /** Short label (CN, O, OU, L, ST, C, E) or the OID when unknown. */
  type: string;
  value: string;
}

function decodeAttributeValue(value: unknown): string {
  // UTF8String, PrintableString, IA5String, BMPString, TeletexString: asn1js decodes all to `value`.
  if (value instanceof asn1js.BaseStringBlock) return value.valueBlock.value;
  if (value instanceof asn1js.BaseBlock) return Buffer.from(value.valueBeforeDecodeView).toString('hex');
  return String(value);
}

export function nameAttributes(name: pkijs.RelativeDistinguishedNames): NameAttribute[] {
  return name.typesAndValues.map((tv) => ({
    type: LABELS[tv.type] ?? tv.type,
    value: decodeAttributeValue(tv.value).normalize('NFC'),
  }));
}

/** "CN=Sở Tư pháp tỉnh Tuyên Quang, O=UBND tỉnh Tuyên Quang, L=Tuyên Quang, C=VN" (most specific first, RFC 4514 order). */
export function formatName(name: pkijs.RelativeDistinguishedNames): string {
  return nameAttributes(name)
    .reverse()
    .map((a) => `${a.type}=${a.value.replace(/([,+"\\<>;])/gu, '\\$1')}`)
    .join(', ');
}

/**
 * A certificate's serial from random bytes: a positive INTEGER (RFC 5280 §4.1.2.2) in minimal DER,
 * the top bit clear and the first byte never 0 (a 0x00 followed by a byte below 0x80 is not DER;
 * NSS, so pdfsig, then cannot read the certificate: one certificate in 256 made its signatures
 * "Unknown Validation Failure").
 */
export function serialNumberFrom(random: Uint8Array): Uint8Array {
  const serial = Uint8Array.from(random);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  return serial;
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}

export function commonNameOf(certificate: pkijs.Certificate): string | undefined {
  return nameAttributes(certificate.subject).find((a) => a.type === 'CN')?.value;
}

/** SHA-256 of the DER, as shown to officers when they pick a certificate. */
export function certificateFingerprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase();
}
