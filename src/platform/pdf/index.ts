/**
 * PDF platform: A4 composition with an embedded Vietnamese font, QR codes, agency
 * certificates (PKCS#12), signers (sealed keys, PKCS#11, remote SmartCA), PAdES signing from
 * B-B to B-LTA and verification. Knows no business rule.
 */

export { ATTACHMENT_SIGNATURE_BOX, iso8601Vietnam, type SignatureAppearance } from './appearance.ts';
export {
  certificateFingerprint,
  createDemoCertificate,
  formatName,
  parseCertificate,
} from './certificates.ts';
export { createCadesSignature, verifyCadesSignature } from './cms.ts';
export type { RichText } from './document.ts';
export { PdfComposer } from './document.ts';
export { loadPkcs12 } from './pkcs12.ts';
export { signPdf } from './sign.ts';
export type { Signer } from './signer.ts';
export { createPkcs12Signer } from './signer.ts';
export type { Signing, StoredKey } from './signing.ts';
export { createSigning } from './signing.ts';
export { fillTextFields } from './text-fields.ts';
export { pdfTextLayer } from './text-layer.ts';
export { loadTrustAnchors, readCertificates } from './trust.ts';
export { formatVerificationReport, verifyPdf } from './verify.ts';
