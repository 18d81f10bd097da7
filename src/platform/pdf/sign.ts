/**
 * PAdES baseline B signing (ETSI EN 319 142-1): the PDF gets an incremental update with a
 * signature field whose /Contents is a zero-filled placeholder; the bytes outside the
 * placeholder (the /ByteRange) are hashed, and the CAdES detached CMS (cms.ts) is written
 * into the placeholder. Earlier signatures stay valid because nothing before them changes.
 */
import type { PdfObject, PdfRef, RevocationProvider } from '@libpdf/core';
import { HttpTimestampAuthority, PDF, PdfArray, PdfDict, PdfName, PdfNumber, PdfString } from '@libpdf/core';
import { acroFormOf, asDict } from './acro-form.ts';
import { appearanceStream, type SignatureAppearance } from './appearance.ts';
import { commonNameOf, parseCertificate } from './certificates.ts';
import { createCadesSignature, sha256 } from './cms.ts';
import { DomainError } from './errors.ts';
import type { Signer } from './signer.ts';
import { createPkcs12Signer } from './signer.ts';
import { requestTimestamp, TsaError } from './timestamp.ts';

interface SignatureDetails {
  /** /Reason, e.g. "Phê duyệt kết quả giải quyết hồ sơ". */
  reason?: string;
  /** /Location, e.g. "Tuyên Quang". */
  location?: string;
  /** /Name; default the certificate's common name (readers show it). */
  signerName?: string;
  contactInfo?: string;
  /** Claimed signing time (no timestamp authority at level B-B); default now. */
  signingTime?: Date;
  /** Signature field name; default "Signature<n>". */
  fieldName?: string;
  /** Bytes reserved for the CMS; grows by itself when too small. Default 16 KiB. */
  reservedBytes?: number;
  /**
   * PAdES level (ETSI EN 319 142-1 §6): B-B (default), B-T (the signature stamped by `tsaUrl`),
   * B-LT (B-T, then the chain's certificates and OCSP/CRL answers in the DSS, when the
   * revocation services answer), B-LTA (B-LT, then an archival document time-stamp).
   */
  level?: 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
  /** RFC 3161 time-stamping authority, required from B-T up. */
  tsaUrl?: string;
  /** Where OCSP answers and CRLs come from for B-LT; default: the URLs in the certificates. */
  revocationProvider?: RevocationProvider;
  /** A visible signature (Annex I of Decree 30/2020); invisible without it. */
  appearance?: SignatureAppearance;
  /** Told what B-LT could not gather (e.g. REVOCATION_UNAVAILABLE); the signature then stays B-T. */
  onWarning?: (warning: { code: string; message: string }) => void;
}

export type SignPdfOptions = SignatureDetails & ({ signer: Signer } | { pkcs12: Uint8Array; password: string });

/** Ten digits: wide enough for any offset we will write, patched in place with spaces as padding. */
const RANGE_PLACEHOLDER = 9_999_999_999;

/** PDF date in Vietnam time (UTC+7, no daylight saving): D:YYYYMMDDHHmmSS+07'00'. */
function pdfDate(date: Date): string {
  const local = new Date(date.getTime() + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${local.getUTCFullYear()}${p(local.getUTCMonth() + 1)}${p(local.getUTCDate())}${p(local.getUTCHours())}${p(local.getUTCMinutes())}${p(local.getUTCSeconds())}+07'00'`;
}

function fieldNames(fields: PdfArray | undefined, resolve: (ref: PdfRef) => PdfObject | null): Set<string> {
  const names = new Set<string>();
  for (const item of fields ?? []) {
    const field = asDict(item instanceof PdfDict ? item : item.type === 'ref' ? resolve(item) : undefined);
    const name = field?.getString('T', resolve)?.asString();
    if (name) names.add(name);
  }
  return names;
}

async function loadPdf(bytes: Uint8Array): Promise<PDF> {
  try {
    return await PDF.load(bytes);
  } catch (error) {
    throw new DomainError('PDF_UNREADABLE', { reason: error instanceof Error ? error.message : String(error) });
  }
}

/** Adds an invisible signature field with placeholders, saved as an incremental update. */
async function preparePlaceholder(
  pdfBytes: Uint8Array,
  details: SignatureDetails,
  signerName: string,
  reserved: number,
): Promise<Uint8Array> {
  const pdf = await loadPdf(pdfBytes);
  if (pdf.isEncrypted) throw new DomainError('PDF_ENCRYPTED');
  const resolve = (ref: PdfRef) => pdf.getObject(ref);
  const look = details.appearance;
  const page = pdf.getPage(look ? (look.page ?? (look.textOnly ? 0 : pdf.getPageCount() - 1)) : 0);
  if (!page) throw new DomainError('PDF_UNREADABLE', { reason: 'no such page' });

  const { form: acroForm, fields } = acroFormOf(pdf);
  const taken = fieldNames(fields, resolve);
  let fieldName = details.fieldName ?? '';
  for (let n = 1; fieldName === '' || taken.has(fieldName); n++) fieldName = `Signature${n}`;

  const entries: Record<string, PdfObject> = {
    Type: PdfName.of('Sig'),
    Filter: PdfName.of('Adobe.PPKLite'),
    SubFilter: PdfName.of('ETSI.CAdES.detached'),
    ByteRange: PdfArray.of(
      PdfNumber.of(0),
      PdfNumber.of(RANGE_PLACEHOLDER),
      PdfNumber.of(RANGE_PLACEHOLDER),
      PdfNumber.of(RANGE_PLACEHOLDER),
    ),
    Contents: new PdfString(new Uint8Array(reserved), 'hex'),
    M: PdfString.fromString(pdfDate(details.signingTime ?? new Date())),
    Name: PdfString.fromString(signerName),
  };
  if (details.reason) entries.Reason = PdfString.fromString(details.reason);
  if (details.location) entries.Location = PdfString.fromString(details.location);
  if (details.contactInfo) entries.ContactInfo = PdfString.fromString(details.contactInfo);
  const signatureRef = pdf.register(PdfDict.of(entries));

  // Without an appearance the widget is invisible (zero rectangle); flags Print + Locked.
  const widget: Record<string, PdfObject> = {
    Type: PdfName.of('Annot'),
    Subtype: PdfName.of('Widget'),
    FT: PdfName.of('Sig'),
    T: PdfString.fromString(fieldName),
    V: signatureRef,
    Rect: PdfArray.of(PdfNumber.of(0), PdfNumber.of(0), PdfNumber.of(0), PdfNumber.of(0)),
    F: PdfNumber.of(132),
    P: page.ref,
  };
  if (look) {
    const { width, height } = look.rect;
    // A text-only agency signature is placed from the page's top right corner (Decree 30 Annex I).
    const x = look.textOnly ? page.width - look.rect.x - width : look.rect.x;
    const y = look.textOnly ? page.height - look.rect.y - height : look.rect.y;
    widget.Rect = PdfArray.of(PdfNumber.of(x), PdfNumber.of(y), PdfNumber.of(x + width), PdfNumber.of(y + height));
    widget.AP = PdfDict.of({ N: pdf.register(await appearanceStream(pdf, look, details.signingTime ?? new Date())) });
  }
  const widgetRef = pdf.register(PdfDict.of(widget));
  fields.push(widgetRef);
  acroForm.set('SigFlags', PdfNumber.of(3));
  const annots = page.dict.getArray('Annots', resolve);
  if (annots) annots.push(widgetRef);
  else page.dict.set('Annots', PdfArray.of(widgetRef));

  // The update keeps the original's cross-reference format. A file libpdf had to repair cannot
  // take an update; it is rewritten whole, with a plain xref so /Contents stays findable.
  if (pdf.canSaveIncrementally() === null) return pdf.save({ incremental: true, subsetFonts: false });
  return pdf.save({ useXRefStream: false, subsetFonts: false });
}

interface Placeholder {
  contentsStart: number;
  contentsEnd: number;
  rangeStart: number;
  rangeEnd: number;
}

function findPlaceholder(bytes: Uint8Array, reserved: number): Placeholder {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const contentsStart = text.lastIndexOf(`<${'0'.repeat(reserved * 2)}>`);
  const rangeKey = text.lastIndexOf('/ByteRange');
  const rangeStart = text.indexOf('[', rangeKey);
  const rangeEnd = text.indexOf(']', rangeStart) + 1;
  const numbers = text
    .slice(rangeStart + 1, rangeEnd - 1)
    .trim()
    .split(/\s+/u);
  if (contentsStart < 0 || rangeKey < 0 || numbers.length !== 4 || numbers[1] !== String(RANGE_PLACEHOLDER)) {
    throw new Error('signature placeholder not found in the prepared PDF');
  }
  return { contentsStart, contentsEnd: contentsStart + reserved * 2 + 2, rangeStart, rangeEnd };
}

/**
 * Signs a PDF with the agency's key: PAdES B-B, SubFilter ETSI.CAdES.detached, SHA-256,
 * signed attributes content-type, message-digest, signing-certificate-v2 and signing-time.
 */
export async function signPdf(pdfBytes: Uint8Array, options: SignPdfOptions): Promise<Uint8Array> {
  const signer = 'signer' in options ? options.signer : await createPkcs12Signer(options.pkcs12, options.password);
  const signingTime = options.signingTime ?? new Date();
  const signerName = options.signerName ?? commonNameOf(parseCertificate(signer.certificate)) ?? 'Không rõ';
  let reserved = options.reservedBytes ?? 16_384;
  for (;;) {
    const prepared = await preparePlaceholder(pdfBytes, { ...options, signingTime }, signerName, reserved);
    const place = findPlaceholder(prepared, reserved);
    const byteRange = [0, place.contentsStart, place.contentsEnd, prepared.length - place.contentsEnd];
    const rangeText = `[${byteRange.join(' ')}]`.padEnd(place.rangeEnd - place.rangeStart, ' ');
    const out = new Uint8Array(prepared);
    out.set(Buffer.from(rangeText, 'latin1'), place.rangeStart);
    const signed = Buffer.concat([out.subarray(0, place.contentsStart), out.subarray(place.contentsEnd)]);
    const level = options.level ?? 'B-B';
    const tsaUrl = options.tsaUrl;
    if (level !== 'B-B' && !tsaUrl) throw new DomainError('SIGNING_TSA_FAILED', { reason: 'no TSA configured' });
    const cms = await createCadesSignature({
      contentDigest: sha256(signed),
      signer,
      signingTime,
      ...(tsaUrl && level !== 'B-B'
        ? {
            timestamp: async (value: Uint8Array) => {
              try {
                return await requestTimestamp(tsaUrl, value);
              } catch (error) {
                if (error instanceof TsaError) throw new DomainError('SIGNING_TSA_FAILED', { reason: error.message });
                throw error;
              }
            },
          }
        : {}),
    });
    if (cms.length > reserved) {
      reserved = cms.length + 4096;
      continue;
    }
    const hex = Buffer.from(cms)
      .toString('hex')
      .toUpperCase()
      .padEnd(reserved * 2, '0');
    out.set(Buffer.from(hex, 'latin1'), place.contentsStart + 1);
    return extendLongTerm(out, options);
  }
}

/** B-LT: the DSS with what a verifier needs later; B-LTA: then a document time-stamp over it all. */
async function extendLongTerm(signed: Uint8Array, options: SignPdfOptions): Promise<Uint8Array> {
  const level = options.level ?? 'B-B';
  if (level !== 'B-LT' && level !== 'B-LTA') return signed;
  const pdf = await PDF.load(signed);
  const result = await pdf.addValidationData(
    options.revocationProvider ? { revocationProvider: options.revocationProvider } : {},
  );
  for (const warning of result.warnings) options.onWarning?.(warning);
  if (level !== 'B-LTA' || !options.tsaUrl) return result.bytes;
  const archived = await PDF.load(result.bytes);
  const stamped = await archived.addTimestamp({
    timestampAuthority: new HttpTimestampAuthority(options.tsaUrl),
    longTermValidation: true,
    ...(options.revocationProvider ? { revocationProvider: options.revocationProvider } : {}),
  });
  for (const warning of stamped.warnings) options.onWarning?.(warning);
  return stamped.bytes;
}
