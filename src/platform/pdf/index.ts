/**
 * PDF platform: A4 composition with an embedded Vietnamese font, QR codes, agency
 * certificates (PKCS#12), PAdES signing and verification. Knows no business rule.
 */
export type { DemoCertificate, DemoCertificateOptions, KeyAlgorithm, NameAttribute } from './certificates.ts';
export {
  certificateFingerprint,
  commonNameOf,
  createDemoCertificate,
  formatName,
  nameAttributes,
  parseCertificate,
} from './certificates.ts';
export type { CadesInput, CadesVerification } from './cms.ts';
export { createCadesSignature, verifyCadesSignature } from './cms.ts';
export type {
  Align,
  ComposerOptions,
  NationalHeaderOptions,
  ParagraphOptions,
  RichText,
  SignatureParty,
  TableColumn,
  TableOptions,
  TextRun,
} from './document.ts';
export { A4, PdfComposer } from './document.ts';
export type { FontFiles, FontStyle } from './fonts.ts';
export { loadFontFiles } from './fonts.ts';
export type { Pkcs11Options } from './pkcs11.ts';
export { createPkcs11Signer } from './pkcs11.ts';
export type { LoadedPkcs12, Pkcs12Contents } from './pkcs12.ts';
export { buildPkcs12, loadPkcs12 } from './pkcs12.ts';
export type { DrawQrOptions, QrModules } from './qr.ts';
export { drawQrCode, encodeQr } from './qr.ts';
export { openSealedKey, parseSealingSecret, sealPrivateKey } from './sealing.ts';
export type { SignatureAppearance, SignatureDetails, SignPdfOptions } from './sign.ts';
export { pdfDate, signPdf } from './sign.ts';
export type { Signer, SignerKeyType } from './signer.ts';
export { createKeySigner, createPkcs12Signer } from './signer.ts';
export type { KeyProvider, PadesLevel, Signing, SigningSettings, StoredKey } from './signing.ts';
export { createSigning } from './signing.ts';
export type { SmartCaOptions } from './smartca.ts';
export { createSmartCaSigner } from './smartca.ts';
export type { TimestampCheck } from './timestamp.ts';
export { requestTimestamp, TsaError, verifyTimestampToken } from './timestamp.ts';
export { DEFAULT_TRUST_DIR, loadTrustAnchors, readCertificates } from './trust.ts';
export type { PdfSignatureReport, RevocationStatus, SignatureVerdict, VerifyOptions } from './verify.ts';
export { formatVerificationReport, parsePdfDate, verifyPdf, vietnamIsoTime } from './verify.ts';
