/**
 * CAdES detached signatures (CMS SignedData without content) for PAdES baseline B
 * (ETSI EN 319 142-1, SubFilter ETSI.CAdES.detached), built and checked with pkijs.
 *
 * Certificates and names are copied as the exact bytes read from the certificate, never
 * re-encoded: a re-encoded issuer with Vietnamese characters no longer matches the
 * certificate and every verifier rejects the signature.
 */
import { createHash, createPublicKey, verify as cryptoVerify } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bytesEqual, toArrayBuffer } from './bytes.ts';
import type { Signer } from './signer.ts';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
} as const;

const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

/** X.690 §11.6: DER orders the members of a SET OF by their encodings. */
function compareDer(a: Uint8Array, b: Uint8Array): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function sortedForDer(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  const encoded = attributes.map((attribute) => ({
    attribute,
    der: new Uint8Array(attribute.toSchema().toBER(false)),
  }));
  return encoded.sort((x, y) => compareDer(x.der, y.der)).map((e) => e.attribute);
}

/** ESS signing-certificate-v2 (RFC 5035): binds the signature to this exact certificate. */
function signingCertificateV2(certificateDer: Uint8Array, certificate: pkijs.Certificate): asn1js.Sequence {
  const directoryName = new asn1js.Constructed({
    idBlock: { tagClass: 3, tagNumber: 4 },
    value: [certificate.issuer.toSchema()],
  });
  const issuerSerial = new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: [directoryName] }), certificate.serialNumber],
  });
  // hashAlgorithm is omitted: its DEFAULT is SHA-256.
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: sha256(certificateDer) }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

/** UTCTime up to 2049, GeneralizedTime after (RFC 5652 §11.3). */
function timeValue(date: Date): asn1js.BaseBlock {
  return date.getUTCFullYear() < 2050
    ? new asn1js.UTCTime({ valueDate: date })
    : new asn1js.GeneralizedTime({ valueDate: date });
}

export interface CadesInput {
  /** SHA-256 of the signed bytes (the PDF ByteRange). */
  contentDigest: Uint8Array;
  signer: Signer;
  signingTime: Date;
  /**
   * PAdES B-T: asks a TSA to stamp the signature value (RFC 3161 over SHA-256 of it) and returns
   * the token (a ContentInfo), put in the unsigned attribute signature-time-stamp-token (RFC 3161 App. A).
   */
  timestamp?: (signatureValue: Uint8Array) => Promise<Uint8Array>;
}

/** DER of a ContentInfo holding a detached SignedData with one SignerInfo. */
export async function createCadesSignature(input: CadesInput): Promise<Uint8Array> {
  const { signer } = input;
  const certificate = pkijs.Certificate.fromBER(toArrayBuffer(signer.certificate));
  const attributes = sortedForDer([
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.signingTime, values: [timeValue(input.signingTime)] }),
    new pkijs.Attribute({
      type: OID.messageDigest,
      values: [new asn1js.OctetString({ valueHex: input.contentDigest })],
    }),
    new pkijs.Attribute({
      type: OID.signingCertificateV2,
      values: [signingCertificateV2(signer.certificate, certificate)],
    }),
  ]);
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
  // The signature covers the attributes encoded as a SET (tag 0x31), not as the [0] field (RFC 5652 §5.4).
  const toSign = new Uint8Array(signedAttrs.toSchema().toBER(false));
  toSign[0] = 0x31;
  const signature = await signer.sign(toSign);

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs,
    signatureAlgorithm:
      signer.keyType === 'rsa'
        ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRsa, algorithmParams: new asn1js.Null() })
        : new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 }),
    signature: new asn1js.OctetString({ valueHex: signature }),
  });
  if (input.timestamp) {
    const token = await input.timestamp(signature);
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [
        new pkijs.Attribute({
          type: OID.signatureTimeStampToken,
          values: [asn1js.fromBER(toArrayBuffer(token)).result],
        }),
      ],
    });
  }
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [signer.certificate, ...signer.certificateChain].map((der) =>
      pkijs.Certificate.fromBER(toArrayBuffer(der)),
    ),
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

export interface CadesVerification {
  /** The message digest matches the content and the signature over the signed attributes is good. */
  integrityValid: boolean;
  /** Why integrity failed, in English for logs; absent when valid. */
  problem?: string;
  signerCertificate?: pkijs.Certificate;
  /** All certificates carried in the CMS. */
  certificates: pkijs.Certificate[];
  /** From the signing-time signed attribute; the signer's own claim, not a trusted timestamp. */
  signingTime?: Date;
  hasSigningCertificateV2: boolean;
  /** The signature-time-stamp-token (PAdES B-T), as DER, and the signature value it must cover. */
  timestampToken?: Uint8Array;
  signatureValue?: Uint8Array;
}

function findSignerCertificate(
  signerInfo: pkijs.SignerInfo,
  certificates: pkijs.Certificate[],
): pkijs.Certificate | undefined {
  const sid = signerInfo.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certificates.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
  }
  // subjectKeyIdentifier [0]: the last bytes of its encoding are the key identifier.
  if (!(sid instanceof asn1js.BaseBlock)) return undefined;
  const sidBytes = Buffer.from(sid.toBER(false));
  return certificates.find((c) => {
    const ext = c.extensions?.find((e) => e.extnID === '2.5.29.14');
    if (!ext) return false;
    const ski = Buffer.from(ext.extnValue.valueBlock.valueHexView).subarray(2);
    return ski.length > 0 && sidBytes.subarray(sidBytes.length - ski.length).equals(ski);
  });
}

/** Checks one detached CMS signature over `content`. Never throws for a bad signature. */
export function verifyCadesSignature(cms: Uint8Array, content: Uint8Array): CadesVerification {
  let signedData: pkijs.SignedData;
  try {
    const contentInfo = pkijs.ContentInfo.fromBER(toArrayBuffer(cms));
    if (contentInfo.contentType !== OID.signedData) throw new Error('not SignedData');
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch (error) {
    return {
      integrityValid: false,
      problem: `CMS unreadable: ${String(error)}`,
      certificates: [],
      hasSigningCertificateV2: false,
    };
  }
  const certificates = (signedData.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  const signerInfo = signedData.signerInfos[0];
  const fail = (problem: string, extra: Partial<CadesVerification> = {}): CadesVerification => ({
    integrityValid: false,
    problem,
    certificates,
    hasSigningCertificateV2: false,
    ...extra,
  });
  if (!signerInfo) return fail('no SignerInfo');
  const signerCertificate = findSignerCertificate(signerInfo, certificates);
  const attributes = signerInfo.signedAttrs?.attributes ?? [];
  const attribute = (oid: string) => attributes.find((a) => a.type === oid)?.values[0];
  const timeAttr = attribute(OID.signingTime);
  const signingTime =
    timeAttr instanceof asn1js.UTCTime || timeAttr instanceof asn1js.GeneralizedTime ? timeAttr.toDate() : undefined;
  const stamp = signerInfo.unsignedAttrs?.attributes.find((a) => a.type === OID.signatureTimeStampToken)?.values[0];
  const common = {
    signerCertificate,
    signingTime,
    hasSigningCertificateV2: attribute(OID.signingCertificateV2) !== undefined,
    signatureValue: new Uint8Array(signerInfo.signature.valueBlock.valueHexView),
    ...(stamp instanceof asn1js.BaseBlock ? { timestampToken: new Uint8Array(stamp.toBER(false)) } : {}),
  };
  if (!signerCertificate) return fail('signer certificate not in the CMS', common);
  if (!signerInfo.signedAttrs) return fail('no signed attributes', common);

  const hash = DIGESTS[signerInfo.digestAlgorithm.algorithmId];
  if (!hash) return fail(`unsupported digest ${signerInfo.digestAlgorithm.algorithmId}`, common);
  const digest = attribute(OID.messageDigest);
  const actual = createHash(hash).update(content).digest();
  if (!(digest instanceof asn1js.OctetString) || !bytesEqual(digest.valueBlock.valueHexView, actual)) {
    return fail('message digest does not match the signed bytes', common);
  }
  const signedBytes = new Uint8Array(signerInfo.signedAttrs.encodedValue).slice();
  signedBytes[0] = 0x31;
  const publicKey = createPublicKey({
    key: Buffer.from(signerCertificate.subjectPublicKeyInfo.toSchema().toBER(false)),
    format: 'der',
    type: 'spki',
  });
  let valid = false;
  try {
    valid = cryptoVerify(hash, signedBytes, publicKey, Buffer.from(signerInfo.signature.valueBlock.valueHexView));
  } catch (error) {
    return fail(`signature check failed: ${String(error)}`, common);
  }
  return valid
    ? { integrityValid: true, certificates, ...common }
    : fail('signature does not match the signed attributes', common);
}
