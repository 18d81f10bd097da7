/**
 * RFC 3161 time-stamps, for PAdES B-T signatures (sign.ts) and audit checkpoints: the request is built with pkijs and POSTed as
 * `application/timestamp-query` to the configured TSA; the token (a CMS SignedData holding a
 * TSTInfo) is kept as DER and checked offline by `verifyTimestampToken`.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certificateFingerprint, formatName } from './certificates.ts';
import { verifyCadesSignature } from './cms.ts';

const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  signedData: '1.2.840.113549.1.7.2',
  extKeyUsage: '2.5.29.37',
  timeStamping: '1.3.6.1.5.5.7.3.8',
} as const;

function arrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

const sha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());

export class TsaError extends Error {
  override name = 'TsaError';
}

/** Asks the TSA to stamp `data` (its SHA-256); returns the token's DER. Throws TsaError when the TSA fails. */
export async function requestTimestamp(tsaUrl: string, data: Uint8Array, timeoutMs = 15_000): Promise<Uint8Array> {
  const nonce = randomBytes(8);
  // A positive INTEGER in minimal DER: not negative (top bit clear) and no leading zero byte,
  // else the TSA re-encodes it and its nonce no longer matches ours (1 request in 128 failed).
  nonce[0] = ((nonce[0] ?? 0) & 0x7f) | 0x01;
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: arrayBuffer(sha256(data)) }),
    }),
    nonce: new asn1js.Integer({ valueHex: arrayBuffer(nonce) }),
    // The token then carries the TSA certificate, so an inspector can check it offline.
    certReq: true,
  });
  let response: Response;
  try {
    response = await fetch(tsaUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: new Uint8Array(request.toSchema().toBER(false)),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new TsaError(`TSA unreachable: ${String(err)}`);
  }
  if (!response.ok) throw new TsaError(`TSA answered HTTP ${response.status}`);
  const body = new Uint8Array(await response.arrayBuffer());
  let parsed: pkijs.TimeStampResp;
  try {
    parsed = pkijs.TimeStampResp.fromBER(arrayBuffer(body));
  } catch (err) {
    throw new TsaError(`TSA reply unreadable: ${String(err)}`);
  }
  // granted (0) or grantedWithMods (1), RFC 3161 §2.4.2.
  if (parsed.status.status > 1 || !parsed.timeStampToken) {
    throw new TsaError(`TSA refused the request (status ${parsed.status.status})`);
  }
  const token = new Uint8Array(parsed.timeStampToken.toSchema().toBER(false));
  const check = verifyTimestampToken(token, data);
  if (!check.valid) throw new TsaError(`TSA token invalid: ${check.problem}`);
  const tst = readTstInfo(token);
  if (!tst.nonce || !Buffer.from(tst.nonce.valueBlock.valueHexView).equals(nonce)) {
    throw new TsaError('TSA token does not answer our nonce');
  }
  return token;
}

function readTstInfo(token: Uint8Array): pkijs.TSTInfo {
  const contentInfo = pkijs.ContentInfo.fromBER(arrayBuffer(token));
  if (contentInfo.contentType !== OID.signedData) throw new Error('not a SignedData');
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  const encap = signedData.encapContentInfo;
  if (encap.eContentType !== OID.tstInfo || !encap.eContent) throw new Error('no TSTInfo inside');
  return pkijs.TSTInfo.fromBER(encap.eContent.getValue());
}

export interface TimestampCheck {
  valid: boolean;
  problem?: string;
  /** When the TSA says it saw the data. */
  genTime?: Date;
  tsaName?: string;
  /** SHA-256 of the TSA certificate, to compare with the one the province contracted. */
  tsaFingerprint?: string;
}

/** Checks, offline, that `token` is a TSA-signed time-stamp over exactly `data`. Never throws. */
export function verifyTimestampToken(token: Uint8Array, data: Uint8Array): TimestampCheck {
  let tst: pkijs.TSTInfo;
  let tstBytes: Uint8Array;
  try {
    tst = readTstInfo(token);
    tstBytes = new Uint8Array(tst.toSchema().toBER(false));
    const contentInfo = pkijs.ContentInfo.fromBER(arrayBuffer(token));
    const eContent = new pkijs.SignedData({ schema: contentInfo.content }).encapContentInfo.eContent;
    if (eContent) tstBytes = new Uint8Array(eContent.getValue());
  } catch (err) {
    return { valid: false, problem: `token unreadable: ${String(err)}` };
  }
  const cms = verifyCadesSignature(token, tstBytes);
  const certificate = cms.signerCertificate;
  const about = {
    genTime: tst.genTime,
    ...(certificate
      ? {
          tsaName: formatName(certificate.subject),
          tsaFingerprint: certificateFingerprint(new Uint8Array(certificate.toSchema().toBER(false))),
        }
      : {}),
  };
  if (!cms.integrityValid) return { valid: false, problem: `TSA signature: ${cms.problem}`, ...about };
  // RFC 3161 §2.3: the TSA's certificate has the one, critical, timeStamping extended key usage.
  const eku = certificate?.extensions?.find((e) => e.extnID === OID.extKeyUsage);
  const purposes = (eku?.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
  if (!eku?.critical || !purposes.includes(OID.timeStamping)) {
    return { valid: false, problem: 'TSA certificate is not for time-stamping', ...about };
  }
  if (tst.messageImprint.hashAlgorithm.algorithmId !== OID.sha256) {
    return { valid: false, problem: 'time-stamp is not over SHA-256', ...about };
  }
  if (!Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView).equals(sha256(data))) {
    return { valid: false, problem: 'time-stamp is over other data', ...about };
  }
  return { valid: true, ...about };
}
