/**
 * The images of a visible signature (Decree 30/2020 Annex I): each official uploads their own
 * signature image (blue, transparent background); an administrator of the agency (or of the
 * province) uploads the agency's seal image (red, actual size). The signature appearance draws
 * them (key-signing.ts). An image is checked by its content, not its name or declared type: a PNG
 * or a JPEG, whole, at most 512 KB and 2000 × 2000 pixels; its bytes are kept as sent, so a PNG's
 * transparency (alpha channel) reaches the PDF.
 */
import { createHash } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import { adminScopeOf, agencyById, loadAgencyFacts, staffByAccount } from '../directory/index.ts';
import { signatureImages } from './schema.ts';

registerErrors({
  SIGNATURE_IMAGE_INVALID: {
    status: 400,
    vi: 'Ảnh chữ ký, con dấu phải là tệp PNG hoặc JPEG hợp lệ (nên dùng PNG nền trong suốt).',
  },
  SIGNATURE_IMAGE_TOO_LARGE: {
    status: 400,
    vi: 'Ảnh chữ ký, con dấu quá lớn: tối đa 512 KB và 2000 × 2000 điểm ảnh.',
  },
});

export const SIGNATURE_IMAGE_MAX_BYTES = 512 * 1024;
const MAX_SIDE = 2000;

export interface ImageFacts {
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  /** PNG colour type 4 or 6, or a tRNS chunk: the background can stay transparent. */
  transparent: boolean;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngFacts(bytes: Buffer): ImageFacts | undefined {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const colourType = bytes[25] ?? 0;
  // Walk the chunks to the end: a cut or padded file is refused.
  let at = 8;
  let transparent = colourType === 4 || colourType === 6;
  let ended = false;
  while (at + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    at += 12 + length;
    if (at > bytes.length) return undefined;
    if (type === 'tRNS') transparent = true;
    if (type === 'IEND') {
      ended = at === bytes.length;
      break;
    }
  }
  return ended && width > 0 && height > 0 ? { mime: 'image/png', width, height, transparent } : undefined;
}

function jpegFacts(bytes: Buffer): ImageFacts | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) return undefined;
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] ?? 0;
    const length = bytes.readUInt16BE(at + 2);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC): the frame header holds the size.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      const height = bytes.readUInt16BE(at + 5);
      const width = bytes.readUInt16BE(at + 7);
      return width > 0 && height > 0 ? { mime: 'image/jpeg', width, height, transparent: false } : undefined;
    }
    at += 2 + length;
  }
  return undefined;
}

/** What the bytes are; `SIGNATURE_IMAGE_INVALID` or `…_TOO_LARGE` when they cannot be a signature image. */
function checkSignatureImage(bytes: Uint8Array): ImageFacts {
  if (bytes.byteLength > SIGNATURE_IMAGE_MAX_BYTES) throw new DomainError('SIGNATURE_IMAGE_TOO_LARGE');
  const buffer = Buffer.from(bytes);
  const facts = pngFacts(buffer) ?? jpegFacts(buffer);
  if (!facts) throw new DomainError('SIGNATURE_IMAGE_INVALID');
  if (facts.width > MAX_SIDE || facts.height > MAX_SIDE) throw new DomainError('SIGNATURE_IMAGE_TOO_LARGE');
  return facts;
}

export interface ImageOwner {
  agencyId: string;
  /** An official's signature image; absent or null for the agency's seal image. */
  accountId?: string | null;
}

const ownerWhere = (owner: ImageOwner) =>
  and(
    eq(signatureImages.agencyId, owner.agencyId),
    owner.accountId ? eq(signatureImages.accountId, owner.accountId) : isNull(signatureImages.accountId),
  );

/** An official's own signature image: the official themself. The seal: an administrator over the agency. */
async function mayChange(db: Executor, caller: Caller, owner: ImageOwner): Promise<boolean> {
  if (caller.kind === 'system') return true;
  if (caller.kind !== 'staff') return false;
  if (owner.accountId) return caller.id === owner.accountId && caller.agencyId === owner.agencyId;
  const scope = await adminScopeOf(db, caller);
  const target = await loadAgencyFacts(db, owner.agencyId);
  if (!target) return false;
  if (scope.kind === 'province') return target.provinceCode === scope.provinceCode;
  if (scope.kind === 'agency') {
    const within = scope.agencyId;
    return target.provinceCode === scope.provinceCode && target.path.some((n) => n.id === within);
  }
  return false;
}

/** Replaces the owner's image (audited: who, whose, which hash). */
export async function saveSignatureImage(
  db: Executor,
  caller: Caller,
  owner: ImageOwner,
  bytes: Uint8Array,
): Promise<ImageFacts & { sha256: string }> {
  if (caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  if (!(await mayChange(db, caller, owner))) throw new DomainError('FORBIDDEN', { reason: 'signature_image' });
  const facts = checkSignatureImage(bytes);
  const agency = await agencyById(db, owner.agencyId);
  if (!agency) throw new DomainError('DOSSIER_AGENCY_NOT_FOUND', { agencyId: owner.agencyId });
  if (owner.accountId) {
    const member = await staffByAccount(db, owner.accountId);
    if (!member || member.agencyId !== owner.agencyId) throw new DomainError('SIGNING_ACCOUNT_NOT_FOUND');
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const actorId = caller.kind === 'staff' ? caller.id : null;
  await db.delete(signatureImages).where(ownerWhere(owner));
  await db.insert(signatureImages).values({
    provinceCode: agency.provinceCode,
    agencyId: owner.agencyId,
    accountId: owner.accountId ?? null,
    mime: facts.mime,
    width: facts.width,
    height: facts.height,
    bytes: Buffer.from(bytes).toString('base64'),
    sha256,
    uploadedBy: actorId,
  });
  await recordAudit(db, {
    provinceCode: agency.provinceCode,
    stream: owner.accountId ? `signature-image:${owner.accountId}` : `seal-image:${owner.agencyId}`,
    action: owner.accountId ? 'signing.signature_image' : 'signing.seal_image',
    actorId,
    actorRole: caller.kind === 'staff' ? caller.roles.join(',') : caller.kind,
    data: { agencyId: owner.agencyId, sha256, mime: facts.mime, width: facts.width, height: facts.height },
  });
  return { ...facts, sha256 };
}

/** The owner's current image, if any. */
export async function signatureImageOf(
  db: Executor,
  owner: ImageOwner,
): Promise<{ bytes: Uint8Array; mime: string; width: number; height: number; createdAt: Date } | undefined> {
  const [row] = await db.select().from(signatureImages).where(ownerWhere(owner));
  if (!row) return undefined;
  return {
    bytes: new Uint8Array(Buffer.from(row.bytes, 'base64')),
    mime: row.mime,
    width: row.width,
    height: row.height,
    createdAt: row.createdAt,
  };
}

/**
 * What a visible signature of this owner shows: an official's signature image, or the agency's
 * seal image (Decree 30 Annex I: the seal is the agency's signature's image).
 */
export async function imagesOf(
  db: Executor,
  owner: ImageOwner,
): Promise<{ signatureImage?: Uint8Array; sealImage?: Uint8Array }> {
  const image = await signatureImageOf(db, owner);
  if (!image) return {};
  return owner.accountId ? { signatureImage: image.bytes } : { sealImage: image.bytes };
}
