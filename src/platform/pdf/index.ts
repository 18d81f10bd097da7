/**
 * PDF platform: A4 composition with an embedded Vietnamese font, QR codes, agency
 * certificates (PKCS#12), PAdES signing and verification. Knows no business rule.
 */

export {
  certificateFingerprint,
  createDemoCertificate,
  formatName,
} from './certificates.ts';

export { createCadesSignature, verifyCadesSignature } from './cms.ts';
export type { RichText } from './document.ts';
export { PdfComposer } from './document.ts';

export { signPdf } from './sign.ts';
export type { Signer } from './signer.ts';
export { createPkcs12Signer } from './signer.ts';

export { formatVerificationReport, verifyPdf } from './verify.ts';
