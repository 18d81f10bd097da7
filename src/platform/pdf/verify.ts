/**
 * Reads every signature of a PDF and checks it: the bytes named by /ByteRange are hashed,
 * the CMS is checked with cms.ts, and the range is checked to leave out only /Contents.
 * Trust in the certificate (a national root, revocation) is a separate question; this
 * reports whether the certificate is self-signed and valid at signing time.
 */
import type { PdfObject, PdfRef } from '@libpdf/core';
import { PDF, type PdfArray, PdfDict, PdfName, PdfNumber, PdfString } from '@libpdf/core';
import type * as pkijs from 'pkijs';
import { commonNameOf, formatName } from './certificates.ts';
import { verifyCadesSignature } from './cms.ts';
import { DomainError } from './errors.ts';

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

async function verifyField(bytes: Uint8Array, field: SignatureField, resolve: Resolve): Promise<PdfSignatureReport> {
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

/** Every signature in the PDF, in the order of the form's fields (the order they were added). */
export async function verifyPdf(bytes: Uint8Array): Promise<PdfSignatureReport[]> {
  let pdf: PDF;
  try {
    pdf = await PDF.load(bytes);
  } catch (error) {
    throw new DomainError('PDF_UNREADABLE', { reason: error instanceof Error ? error.message : String(error) });
  }
  const resolve: Resolve = (ref) => pdf.getObject(ref);
  const acroForm = deref(pdf.getCatalog().get('AcroForm'), resolve);
  const fields: SignatureField[] = [];
  if (acroForm instanceof PdfDict)
    collectSignatureFields(acroForm.getArray('Fields', resolve), resolve, '', undefined, fields);
  const reports: PdfSignatureReport[] = [];
  for (const field of fields) reports.push(await verifyField(bytes, field, resolve));
  return reports;
}

function vietnamTime(date: Date | undefined): string {
  if (!date) return 'không rõ';
  const local = new Date(date.getTime() + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())} ${p(local.getUTCDate())}/${p(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} (UTC+7)`;
}

/** Plain-text report in Vietnamese, for `mocua verify-pdf FILE` and logs. */
export function formatVerificationReport(reports: readonly PdfSignatureReport[]): string {
  if (reports.length === 0) return 'Tài liệu không có chữ ký số.';
  return reports
    .map((r, i) =>
      [
        `Chữ ký ${i + 1} (${r.fieldName})`,
        `  Người ký: ${r.signerSubject || 'không đọc được chứng thư'}`,
        `  Tổ chức cấp chứng thư: ${r.issuerSubject || 'không rõ'}${r.certificateSelfSigned ? ' (chứng thư tự ký)' : ''}`,
        `  Thời điểm ký: ${vietnamTime(r.signingTime)}`,
        ...(r.reason ? [`  Lý do: ${r.reason}`] : []),
        `  Toàn vẹn: ${r.integrityValid ? 'hợp lệ, nội dung không bị thay đổi' : `KHÔNG hợp lệ (${r.problem ?? 'không rõ lý do'})`}`,
        `  Phạm vi: ${r.coversWholeDocument ? 'toàn bộ tài liệu' : 'tài liệu đã được bổ sung sau khi ký'}`,
        `  Chứng thư còn hiệu lực lúc ký: ${r.certificateValidAtSigningTime ? 'có' : 'không'}`,
      ].join('\n'),
    )
    .join('\n\n');
}
