/**
 * The verification service (used by `mocua verify-pdf`, the API and the result pages). For every
 * signature of a PDF: integrity (the bytes named by /ByteRange hashed, the CMS checked with
 * cms.ts, the range leaving out only /Contents), the signer, the chain to the configured trust
 * anchors, the time (a signature time-stamp, PAdES B-T, is a trusted time; the signer's own
 * claim is not), the certificate's validity at that time, its revocation (OCSP answers in the
 * document's DSS, or asked online), and what was added after signing (other signatures and
 * validation data are permitted; changed pages are not). Document time-stamps (B-LTA) are
 * checked as RFC 3161 tokens over their byte range.
 */

import { createHash } from 'node:crypto';
import type { PdfObject, PdfRef } from '@libpdf/core';
import { PDF, PdfArray, PdfDict, PdfName, PdfNumber, PdfStream, PdfString } from '@libpdf/core';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { iso8601Vietnam } from './appearance.ts';
import { toArrayBuffer } from './bytes.ts';
import { certificateFingerprint, commonNameOf, formatName } from './certificates.ts';
import { verifyCadesSignature } from './cms.ts';
import { DomainError } from './errors.ts';
import { verifyTimestampToken } from './timestamp.ts';

export interface VerifyOptions {
  /** DER of the trusted roots (NEAC, VGCA); none: no chain can be trusted. */
  trustAnchors?: readonly Uint8Array[];
  /** The validation time when a signature has no trusted time-stamp; default now. */
  now?: Date;
  /** Ask the OCSP responders named in the certificates when the document carries no answer. */
  online?: boolean;
}

type RevocationStatus = 'good' | 'revoked' | 'unknown';
type SignatureVerdict = 'valid' | 'invalid' | 'indeterminate';

export interface PdfSignatureReport {
  fieldName: string;
  /** The signer certificate's subject, Vietnamese intact: "CN=Sở Tư pháp tỉnh Tuyên Quang, O=…, C=VN". */
  signerSubject: string;
  signerCommonName?: string;
  issuerSubject: string;
  /** Hex serial number of the signer certificate. */
  serialNumber: string;
  /** /Name of the signature dictionary, when present. */
  signerName?: string;
  /** The signer's claimed time: CMS signing-time, else /M. Not a trusted timestamp. */
  signingTime?: Date;
  reason?: string;
  location?: string;
  subFilter?: string;
  byteRange: number[];
  /** The signature covers the file up to its last byte (no change was appended after it). */
  coversWholeDocument: boolean;
  /** The signed bytes are unchanged and the signature matches the certificate's key. */
  integrityValid: boolean;
  /** Why integrity failed (English, for logs). */
  problem?: string;
  certificateSelfSigned: boolean;
  certificateValidAtSigningTime: boolean;
  certificateNotBefore?: Date;
  certificateNotAfter?: Date;
  /** 'signature' (CAdES), or 'document-timestamp' (ETSI.RFC3161, PAdES B-LTA). */
  kind: 'signature' | 'document-timestamp';
  /** SHA-256 of the signer certificate. */
  certificateFingerprint?: string;
  /** The signature time-stamp (B-T) or the document time-stamp itself: a TSA-attested time. */
  timestamp?: { valid: boolean; time?: Date; tsaName?: string; problem?: string };
  /** The time the certificate is judged at: the time-stamp's when valid, else `now`. */
  validationTime: Date;
  /** PAdES level reached: B-B, B-T, B-LT (validation data in the DSS), B-LTA (a later document time-stamp). */
  level: 'B-B' | 'B-T' | 'B-LT' | 'B-LTA' | 'none';
  /** The chain from the signer to a configured trust anchor, checked at `validationTime`. */
  chain: { trusted: boolean; anchor?: string; problem?: string };
  /** From an OCSP answer in the DSS (B-LT) or asked online. */
  revocation: { status: RevocationStatus; source: 'dss' | 'online' | 'none'; revokedAt?: Date };
  /** What the file gained after this signature: nothing, signatures/validation data only, or changed pages. */
  changesAfterSigning: 'none' | 'signatures-only' | 'content-changed';
  verdict: SignatureVerdict;
  /** Why the verdict is not 'valid', in Vietnamese for people. */
  reasons: string[];
}

interface SignatureField {
  name: string;
  signature: PdfDict;
}

type Resolve = (ref: PdfRef) => PdfObject | null;

function deref(value: PdfObject | undefined, resolve: Resolve): PdfObject | undefined {
  return value?.type === 'ref' ? (resolve(value) ?? undefined) : value;
}

function collectSignatureFields(
  items: PdfArray | undefined,
  resolve: Resolve,
  prefix: string,
  inheritedFt: string | undefined,
  out: SignatureField[],
  depth = 0,
): void {
  if (!items || depth > 20) return;
  for (const item of items) {
    const field = deref(item, resolve);
    if (!(field instanceof PdfDict)) continue;
    const partial = field.getString('T', resolve)?.asString();
    const name = partial === undefined ? prefix : prefix ? `${prefix}.${partial}` : partial;
    const ft = field.getName('FT', resolve)?.value ?? inheritedFt;
    const value = deref(field.get('V'), resolve);
    if (ft === 'Sig' && value instanceof PdfDict) out.push({ name, signature: value });
    collectSignatureFields(field.getArray('Kids', resolve), resolve, name, ft, out, depth + 1);
  }
}

/** "D:20250305143000+07'00'" → Date. */
export function parsePdfDate(text: string | undefined): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?/u.exec(text ?? '');
  if (!m) return undefined;
  const n = (i: number, fallback: number) => (m[i] ? Number(m[i]) : fallback);
  const utc = Date.UTC(n(1, 0), n(2, 1) - 1, n(3, 1), n(4, 0), n(5, 0), n(6, 0));
  const sign = m[7] === '-' ? -1 : m[7] === '+' ? 1 : 0;
  return new Date(utc - sign * (n(8, 0) * 60 + n(9, 0)) * 60_000);
}

/** The DER inside /Contents, without the zero padding left in the placeholder. */
function trimDer(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x30) return bytes;
  const first = bytes[1] ?? 0;
  if (first < 0x80) return bytes.subarray(0, 2 + first);
  const count = first & 0x7f;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (bytes[2 + i] ?? 0);
  return bytes.subarray(0, Math.min(bytes.length, 2 + count + length));
}

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes))
    .toString('hex')
    .toUpperCase();
}

async function isSelfSigned(certificate: pkijs.Certificate): Promise<boolean> {
  if (!certificate.subject.isEqual(certificate.issuer)) return false;
  try {
    return await certificate.verify();
  } catch {
    return false;
  }
}

function checkRange(bytes: Uint8Array, range: number[]): string | undefined {
  const [a, b, c, d] = range;
  if (range.length !== 4 || a === undefined || b === undefined || c === undefined || d === undefined)
    return 'ByteRange must hold four numbers';
  if (a !== 0 || b <= 0 || c <= b || d < 0 || c + d > bytes.length) return 'ByteRange does not fit the file';
  // Only the hex string of /Contents may be left out (ISO 32000-1 §12.8.1).
  if (bytes[b] !== 0x3c || bytes[c - 1] !== 0x3e) return 'ByteRange leaves out more than /Contents';
  return undefined;
}

type BaseReport = Omit<
  PdfSignatureReport,
  | 'kind'
  | 'timestamp'
  | 'validationTime'
  | 'level'
  | 'chain'
  | 'revocation'
  | 'changesAfterSigning'
  | 'verdict'
  | 'reasons'
> & { cms: ReturnType<typeof verifyCadesSignature>; signedBytes: Uint8Array; contents: Uint8Array };

async function verifyField(bytes: Uint8Array, field: SignatureField, resolve: Resolve): Promise<BaseReport> {
  const sig = field.signature;
  const rangeArray = sig.getArray('ByteRange', resolve);
  const byteRange = rangeArray ? rangeArray.toArray().map((v) => (v instanceof PdfNumber ? v.value : Number.NaN)) : [];
  const contents = sig.getString('Contents', resolve);
  const text = (key: string) => {
    const value = sig.get(key, resolve);
    return value instanceof PdfString ? value.asString().normalize('NFC') : undefined;
  };
  const rangeProblem = checkRange(bytes, byteRange);
  const [a = 0, b = 0, c = 0, d = 0] = byteRange;
  const signed = rangeProblem ? new Uint8Array() : Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]);
  const cms = verifyCadesSignature(trimDer(contents?.bytes ?? new Uint8Array()), signed);
  const cert = cms.signerCertificate;
  const signingTime = cms.signingTime ?? parsePdfDate(text('M'));
  const notBefore = cert?.notBefore.value;
  const notAfter = cert?.notAfter.value;
  const when = signingTime ?? new Date();
  const subFilter = sig.get('SubFilter', resolve);
  return {
    cms,
    signedBytes: signed,
    contents: trimDer(contents?.bytes ?? new Uint8Array()),
    certificateFingerprint: cert ? certificateFingerprint(new Uint8Array(cert.toSchema().toBER(false))) : undefined,
    fieldName: field.name,
    signerSubject: cert ? formatName(cert.subject) : '',
    signerCommonName: cert ? commonNameOf(cert) : undefined,
    issuerSubject: cert ? formatName(cert.issuer) : '',
    serialNumber: cert ? hex(cert.serialNumber.valueBlock.valueHexView) : '',
    signerName: text('Name'),
    signingTime,
    reason: text('Reason'),
    location: text('Location'),
    subFilter: subFilter instanceof PdfName ? subFilter.value : undefined,
    byteRange,
    coversWholeDocument: !rangeProblem && a === 0 && c + d === bytes.length,
    integrityValid: !rangeProblem && cms.integrityValid,
    problem: rangeProblem ?? cms.problem,
    certificateSelfSigned: cert ? await isSelfSigned(cert) : false,
    certificateValidAtSigningTime: Boolean(notBefore && notAfter && notBefore <= when && when <= notAfter),
    certificateNotBefore: notBefore,
    certificateNotAfter: notAfter,
  };
}

function streamsOf(dict: PdfDict | undefined, key: string, resolve: Resolve): Uint8Array[] {
  const array = dict?.getArray(key, resolve);
  const out: Uint8Array[] = [];
  for (const item of array ?? []) {
    const value = deref(item, resolve);
    if (value instanceof PdfStream) out.push(value.getDecodedData());
  }
  return out;
}

function safeCertificate(der: Uint8Array): pkijs.Certificate | undefined {
  try {
    return pkijs.Certificate.fromBER(toArrayBuffer(der));
  } catch {
    return undefined;
  }
}

interface OcspAnswer {
  status: RevocationStatus;
  revokedAt?: Date;
}

/** The status an OCSP response gives `cert` (issued by `issuer`), after checking the response's signature. */
async function ocspStatus(
  response: Uint8Array,
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate,
): Promise<OcspAnswer | undefined> {
  try {
    const ocsp = pkijs.OCSPResponse.fromBER(toArrayBuffer(response));
    if (!ocsp.responseBytes) return undefined;
    const basic = pkijs.BasicOCSPResponse.fromBER(
      toArrayBuffer(new Uint8Array(ocsp.responseBytes.response.valueBlock.valueHexView)),
    );
    if (!(await basic.verify({ trustedCerts: [issuer] }))) return undefined;
    for (const single of basic.tbsResponseData.responses) {
      const id = single.certID;
      if (!id.serialNumber.isEqual(cert.serialNumber)) continue;
      const status = single.certStatus as asn1js.BaseBlock & { idBlock: { tagNumber: number } };
      if (status.idBlock.tagNumber === 0) return { status: 'good' };
      if (status.idBlock.tagNumber === 1) {
        const inner = (status as unknown as asn1js.Constructed).valueBlock.value[0];
        const revokedAt = inner instanceof asn1js.GeneralizedTime ? inner.toDate() : undefined;
        return { status: 'revoked', ...(revokedAt ? { revokedAt } : {}) };
      }
      return { status: 'unknown' };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function ocspUrlOf(cert: pkijs.Certificate): string | undefined {
  const ext = cert.extensions?.find((e) => e.extnID === '1.3.6.1.5.5.7.1.1');
  const access = ext?.parsedValue as pkijs.InfoAccess | undefined;
  const ocsp = access?.accessDescriptions.find((d) => d.accessMethod === '1.3.6.1.5.5.7.48.1');
  return ocsp && typeof ocsp.accessLocation.value === 'string' ? ocsp.accessLocation.value : undefined;
}

async function askOcsp(cert: pkijs.Certificate, issuer: pkijs.Certificate): Promise<Uint8Array | undefined> {
  const url = ocspUrlOf(cert);
  if (!url) return undefined;
  try {
    const request = new pkijs.OCSPRequest();
    await request.createForCertificate(cert, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request' },
      body: new Uint8Array(request.toSchema(true).toBER(false)),
      signal: AbortSignal.timeout(10_000),
    });
    return response.ok ? new Uint8Array(await response.arrayBuffer()) : undefined;
  } catch {
    return undefined;
  }
}

/** Issuer of `cert` among `pool`: same name and a signature that checks. */
async function issuerOf(
  cert: pkijs.Certificate,
  pool: readonly pkijs.Certificate[],
): Promise<pkijs.Certificate | undefined> {
  for (const candidate of pool) {
    if (!candidate.subject.isEqual(cert.issuer)) continue;
    try {
      if (await cert.verify(candidate)) return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

async function checkChain(
  cert: pkijs.Certificate,
  others: readonly pkijs.Certificate[],
  anchors: readonly pkijs.Certificate[],
  at: Date,
): Promise<PdfSignatureReport['chain']> {
  if (anchors.length === 0) return { trusted: false, problem: 'no trust anchors configured' };
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: [...anchors],
    certs: [
      cert,
      ...others.filter(
        (c) => !anchors.some((a) => a.subject.isEqual(c.subject) && a.serialNumber.isEqual(c.serialNumber)),
      ),
    ],
    checkDate: at,
  });
  try {
    const result = await engine.verify();
    if (!result.result) return { trusted: false, problem: result.resultMessage };
    const path = result.certificatePath ?? [];
    const root = path[path.length - 1];
    return { trusted: true, ...(root ? { anchor: formatName(root.subject) } : {}) };
  } catch (error) {
    return { trusted: false, problem: String(error) };
  }
}

/** SHA-256 of each page's decoded content streams, to tell a changed page from an added signature. */
async function pageDigests(bytes: Uint8Array): Promise<string[] | undefined> {
  try {
    const pdf = await PDF.load(bytes);
    const resolve: Resolve = (ref) => pdf.getObject(ref);
    return pdf.getPages().map((page) => {
      const hash = createHash('sha256');
      const contents = deref(page.dict.get('Contents'), resolve);
      const items = contents instanceof PdfArray ? [...contents] : contents ? [contents] : [];
      for (const item of items) {
        const stream = deref(item, resolve);
        if (stream instanceof PdfStream) hash.update(stream.getDecodedData());
      }
      const annots = page.dict.getArray('Annots', resolve);
      for (const item of annots ?? []) {
        const annot = deref(item, resolve);
        // Widgets of signature fields may be added after signing; other annotations may not.
        if (annot instanceof PdfDict && annot.getName('Subtype', resolve)?.value !== 'Widget') hash.update('annot');
      }
      return hash.digest('hex');
    });
  } catch {
    return undefined;
  }
}

function vi(report: Omit<PdfSignatureReport, 'verdict' | 'reasons'>): { verdict: SignatureVerdict; reasons: string[] } {
  const invalid: string[] = [];
  const unsure: string[] = [];
  if (!report.integrityValid) invalid.push('nội dung đã bị thay đổi sau khi ký hoặc chữ ký không khớp');
  if (report.changesAfterSigning === 'content-changed') invalid.push('trang tài liệu đã bị sửa sau khi ký');
  if (report.timestamp && !report.timestamp.valid) invalid.push('dấu thời gian không hợp lệ');
  if (!report.certificateValidAtSigningTime) {
    (report.timestamp?.valid ? invalid : unsure).push('chứng thư số không còn hiệu lực tại thời điểm ký');
  }
  if (report.revocation.status === 'revoked') {
    const before = report.revocation.revokedAt && report.revocation.revokedAt <= report.validationTime;
    (before || !report.timestamp?.valid ? invalid : unsure).push('chứng thư số đã bị thu hồi');
  }
  if (!report.chain.trusted) unsure.push('chứng thư số không thuộc tổ chức chứng thực được tin cậy');
  if (report.revocation.status === 'unknown' && report.chain.trusted)
    unsure.push('chưa kiểm tra được tình trạng thu hồi');
  if (invalid.length > 0) return { verdict: 'invalid', reasons: [...invalid, ...unsure] };
  if (unsure.length > 0) return { verdict: 'indeterminate', reasons: unsure };
  return { verdict: 'valid', reasons: [] };
}

/** Every signature in the PDF, in the order of the form's fields (the order they were added). */
export async function verifyPdf(bytes: Uint8Array, options: VerifyOptions = {}): Promise<PdfSignatureReport[]> {
  let pdf: PDF;
  try {
    pdf = await PDF.load(bytes);
  } catch (error) {
    throw new DomainError('PDF_UNREADABLE', { reason: error instanceof Error ? error.message : String(error) });
  }
  const resolve: Resolve = (ref) => pdf.getObject(ref);
  const catalog = pdf.getCatalog();
  const acroForm = deref(catalog.get('AcroForm'), resolve);
  const fields: SignatureField[] = [];
  if (acroForm instanceof PdfDict)
    collectSignatureFields(acroForm.getArray('Fields', resolve), resolve, '', undefined, fields);
  const dss = deref(catalog.get('DSS'), resolve);
  const dssDict = dss instanceof PdfDict ? dss : undefined;
  const dssCerts = streamsOf(dssDict, 'Certs', resolve)
    .map(safeCertificate)
    .filter((c) => c !== undefined);
  const dssOcsps = streamsOf(dssDict, 'OCSPs', resolve);
  const anchors = (options.trustAnchors ?? []).map(safeCertificate).filter((c) => c !== undefined);
  const finalPages = await pageDigests(bytes);

  const bases: BaseReport[] = [];
  for (const field of fields) bases.push(await verifyField(bytes, field, resolve));
  const reports: PdfSignatureReport[] = [];
  for (const [index, base] of bases.entries()) {
    const { cms, signedBytes, contents, ...fieldReport } = base;
    const isDocTimestamp = fieldReport.subFilter === 'ETSI.RFC3161';
    let timestamp: PdfSignatureReport['timestamp'];
    let signer = cms.signerCertificate;
    let integrityValid = fieldReport.integrityValid;
    let problem = fieldReport.problem;
    if (isDocTimestamp) {
      const check = verifyTimestampToken(contents, signedBytes);
      timestamp = {
        valid: check.valid,
        ...(check.genTime ? { time: check.genTime } : {}),
        ...(check.tsaName ? { tsaName: check.tsaName } : {}),
        ...(check.problem ? { problem: check.problem } : {}),
      };
      integrityValid = check.valid && !checkRange(bytes, fieldReport.byteRange);
      problem = integrityValid ? undefined : (check.problem ?? problem);
      signer = cms.signerCertificate;
    } else if (cms.timestampToken && cms.signatureValue) {
      const check = verifyTimestampToken(cms.timestampToken, cms.signatureValue);
      timestamp = {
        valid: check.valid,
        ...(check.genTime ? { time: check.genTime } : {}),
        ...(check.tsaName ? { tsaName: check.tsaName } : {}),
        ...(check.problem ? { problem: check.problem } : {}),
      };
    }
    const validationTime = timestamp?.valid && timestamp.time ? timestamp.time : (options.now ?? new Date());
    const claimed = isDocTimestamp ? timestamp?.time : timestamp?.valid ? timestamp.time : fieldReport.signingTime;
    const when = claimed ?? validationTime;
    const notBefore = signer?.notBefore.value;
    const notAfter = signer?.notAfter.value;
    const certificateValidAtSigningTime = Boolean(notBefore && notAfter && notBefore <= when && when <= notAfter);

    const pool = [...cms.certificates, ...dssCerts, ...anchors];
    const chain = signer
      ? await checkChain(
          signer,
          [...cms.certificates, ...dssCerts].filter((c) => c !== signer),
          anchors,
          validationTime,
        )
      : { trusted: false, problem: 'no signer certificate' };
    let revocation: PdfSignatureReport['revocation'] = { status: 'unknown', source: 'none' };
    const issuer = signer ? await issuerOf(signer, pool) : undefined;
    if (signer && issuer && signer !== issuer) {
      for (const answer of dssOcsps) {
        const status = await ocspStatus(answer, signer, issuer);
        if (status) {
          revocation = { ...status, source: 'dss' };
          break;
        }
      }
      if (revocation.source === 'none' && options.online) {
        const answer = await askOcsp(signer, issuer);
        const status = answer ? await ocspStatus(answer, signer, issuer) : undefined;
        if (status) revocation = { ...status, source: 'online' };
      }
    }

    let changesAfterSigning: PdfSignatureReport['changesAfterSigning'] = 'none';
    if (!fieldReport.coversWholeDocument) {
      const [, , c = 0, d = 0] = fieldReport.byteRange;
      const revisionPages = await pageDigests(bytes.subarray(0, c + d));
      const same =
        revisionPages !== undefined &&
        finalPages !== undefined &&
        revisionPages.length === finalPages.length &&
        revisionPages.every((h, i) => h === finalPages[i]);
      changesAfterSigning = same ? 'signatures-only' : 'content-changed';
    }
    const later = bases.slice(index + 1);
    const hasDss = revocation.source === 'dss';
    const level: PdfSignatureReport['level'] = isDocTimestamp
      ? 'none'
      : !timestamp?.valid
        ? 'B-B'
        : later.some((b) => b.subFilter === 'ETSI.RFC3161')
          ? hasDss
            ? 'B-LTA'
            : 'B-T'
          : hasDss
            ? 'B-LT'
            : 'B-T';
    const report = {
      ...fieldReport,
      integrityValid,
      ...(problem ? { problem } : { problem: undefined }),
      kind: isDocTimestamp ? ('document-timestamp' as const) : ('signature' as const),
      certificateValidAtSigningTime,
      ...(timestamp ? { timestamp } : {}),
      validationTime,
      level,
      chain,
      revocation,
      changesAfterSigning,
    };
    reports.push({ ...report, ...vi(report) });
  }
  return reports;
}

function vietnamTime(date: Date | undefined): string {
  if (!date) return 'không rõ';
  const local = new Date(date.getTime() + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())} ${p(local.getUTCDate())}/${p(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} (UTC+7)`;
}

const VERDICT: Record<SignatureVerdict, string> = {
  valid: 'HỢP LỆ',
  invalid: 'KHÔNG HỢP LỆ',
  indeterminate: 'CHƯA XÁC ĐỊNH ĐƯỢC',
};

const REVOCATION: Record<RevocationStatus, string> = {
  good: 'chưa bị thu hồi',
  revoked: 'ĐÃ BỊ THU HỒI',
  unknown: 'chưa kiểm tra được',
};

const CHANGES: Record<PdfSignatureReport['changesAfterSigning'], string> = {
  none: 'toàn bộ tài liệu, không có thay đổi sau khi ký',
  'signatures-only': 'sau khi ký chỉ được bổ sung chữ ký số hoặc dữ liệu xác thực, nội dung không đổi',
  'content-changed': 'NỘI DUNG TRANG ĐÃ BỊ SỬA SAU KHI KÝ',
};

/** Plain-text report in Vietnamese, for `mocua verify-pdf FILE` and logs. */
export function formatVerificationReport(reports: readonly PdfSignatureReport[]): string {
  if (reports.length === 0) return 'Tài liệu không có chữ ký số.';
  return reports
    .map((r, i) =>
      [
        `${r.kind === 'document-timestamp' ? 'Dấu thời gian tài liệu' : 'Chữ ký'} ${i + 1} (${r.fieldName}): ${VERDICT[r.verdict]}`,
        ...r.reasons.map((reason) => `  - ${reason}`),
        `  Người ký: ${r.signerSubject || 'không đọc được chứng thư'}`,
        `  Tổ chức cấp chứng thư: ${r.issuerSubject || 'không rõ'}${r.certificateSelfSigned ? ' (chứng thư tự ký)' : ''}`,
        `  Thời điểm ký: ${vietnamTime(r.signingTime)}`,
        ...(r.timestamp
          ? [
              `  Dấu thời gian: ${r.timestamp.valid && r.timestamp.time ? `${iso8601Vietnam(r.timestamp.time)} (${r.timestamp.tsaName ?? 'TSA'})` : 'KHÔNG hợp lệ'}`,
            ]
          : ['  Dấu thời gian: không có (thời điểm ký do người ký tự khai)']),
        ...(r.reason ? [`  Lý do: ${r.reason}`] : []),
        `  Toàn vẹn: ${r.integrityValid ? 'hợp lệ, nội dung không bị thay đổi' : `KHÔNG hợp lệ (${r.problem ?? 'không rõ lý do'})`}`,
        `  Phạm vi: ${CHANGES[r.changesAfterSigning]}`,
        `  Chứng thư còn hiệu lực lúc ký: ${r.certificateValidAtSigningTime ? 'có' : 'không'}`,
        `  Chuỗi chứng thực: ${r.chain.trusted ? `tin cậy (${r.chain.anchor ?? ''})` : 'không dẫn tới tổ chức chứng thực gốc được tin cậy'}`,
        `  Thu hồi: ${REVOCATION[r.revocation.status]}${r.revocation.source === 'dss' ? ' (theo dữ liệu xác thực trong tệp)' : r.revocation.source === 'online' ? ' (tra cứu OCSP)' : ''}`,
        `  Mức PAdES: ${r.level === 'none' ? '—' : r.level}`,
      ].join('\n'),
    )
    .join('\n\n');
}
