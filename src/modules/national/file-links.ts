/**
 * Public download links of the papers and results we give the national portal
 * (`DuongDanTaiTepTin`, `DuongDanTepTinKetQua`): the portal fetches them itself (§3.1 "Files"),
 * so they carry their own proof, an HMAC over the dossier, the file and the expiry, and end.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Long enough for the portal to fetch after a retried sync, short enough not to be a permanent link. */
const FILE_LINK_DAYS = 30;

const mac = (secret: string, dossierCode: string, attachmentId: string, expires: number) =>
  createHmac('sha256', secret).update(`${dossierCode}\n${attachmentId}\n${expires}`).digest('base64url');

export function signedFileUrl(
  base: string,
  secret: string,
  dossierCode: string,
  attachmentId: string,
  now: Date,
): string {
  const expires = Math.floor(now.getTime() / 1000) + FILE_LINK_DAYS * 86_400;
  const sig = mac(secret, dossierCode, attachmentId, expires);
  return `${base.replace(/\/+$/, '')}/national/files/${encodeURIComponent(dossierCode)}/${attachmentId}?e=${expires}&s=${sig}`;
}

export function checkFileLink(
  secret: string,
  dossierCode: string,
  attachmentId: string,
  expires: number,
  sig: string,
  now: Date,
): boolean {
  if (!Number.isSafeInteger(expires) || expires * 1000 < now.getTime()) return false;
  const want = Buffer.from(mac(secret, dossierCode, attachmentId, expires));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got);
}
