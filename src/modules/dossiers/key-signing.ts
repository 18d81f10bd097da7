/**
 * Signing a PDF with a key owner's active key: the agency's seal, or an official's personal
 * signature (the leader first, the seal last: Decree 30/2020). `keySigning(services)` is what the
 * composition root hands to every module as `services.signing` (src/services.ts): the modules have
 * documents signed through it and never build a signer themselves. Every signature is audited on
 * the key's stream: who asked, which key (certificate fingerprint), the document's hash before and
 * after, the PAdES level.
 */
import { createHash } from 'node:crypto';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { ATTACHMENT_SIGNATURE_BOX, type Signing as PdfSigning, signPdf } from '../../platform/pdf/index.ts';
import type { DocumentSignOptions, Signing } from '../../platform/services.ts';
import { staffByAccount } from '../directory/index.ts';
import { imagesOf } from './signing-images.ts';
import { activeKeyOf, agencyById, type KeyOwner, provinceNameOf, signing, storedKeyOf } from './signing-keys.ts';

export type SignOptions = DocumentSignOptions;

/** Signs with the owner's active key at the configured PAdES level and audits it. */
async function signWithKey(
  services: PdfSigning,
  db: Executor,
  owner: KeyOwner,
  pdf: Uint8Array,
  options: SignOptions & { signerName: string },
): Promise<Uint8Array> {
  const { signed, record } = await signUnrecorded(services, db, owner, pdf, options);
  await record(db);
  return signed;
}

/** A signature made, and how to audit it in the transaction that keeps (or discards) it. */
export interface DetachedSignature {
  signed: Uint8Array;
  /** Appends the signing's audit entry; call inside a transaction. */
  record(tx: Executor): Promise<void>;
}

async function signUnrecorded(
  services: PdfSigning,
  db: Executor,
  owner: KeyOwner,
  pdf: Uint8Array,
  options: SignOptions & { signerName: string },
): Promise<DetachedSignature> {
  const agency = await agencyById(db, owner.agencyId);
  const key = await activeKeyOf(db, owner, options.at);
  const signer = await services.signerFor(storedKeyOf(key), {
    description: options.description ?? options.reason,
  });
  const signed = await signPdf(pdf, {
    signer,
    reason: options.reason,
    location: await provinceNameOf(db, agency.provinceCode),
    signerName: options.signerName,
    signingTime: options.at,
    level: services.level,
    ...(services.tsaUrl ? { tsaUrl: services.tsaUrl } : {}),
    ...(options.appearance ? { appearance: options.appearance } : {}),
  });
  const record = async (tx: Executor) => {
    await recordAudit(tx, {
      provinceCode: agency.provinceCode,
      stream: `signing-key:${key.id}`,
      action: 'signing.sign',
      actorId: options.actorId ?? null,
      actorRole: options.actorRole ?? null,
      at: options.at,
      data: {
        keyId: key.id,
        fingerprint: key.fingerprint,
        provider: key.provider,
        personal: Boolean(owner.accountId),
        reason: options.reason,
        unsignedSha256: createHash('sha256').update(pdf).digest('hex'),
        signedSha256: createHash('sha256').update(signed).digest('hex'),
        level: services.level,
      },
    });
  };
  return { signed, record };
}

/**
 * A visible signature says who signed and when (appearance.ts adds the ISO 8601 time), and shows
 * the images on file (the official's signature image, the agency's seal image), as Decree 30
 * Annex I asks. An appearance that names its own images or caption keeps them.
 */
async function withLook(db: Executor, owner: KeyOwner, options: SignOptions, who: string): Promise<SignOptions> {
  const look = options.appearance;
  if (!look || look.textOnly) return options;
  const images = await imagesOf(db, owner);
  return {
    ...options,
    appearance: {
      ...look,
      caption: look.caption ?? [who],
      ...(look.signatureImage || look.sealImage ? {} : images),
    },
  };
}

/** The seal and personal signatures over the given signing services (the composition root's). */
export function keySigning(services: () => PdfSigning = signing): Pick<Signing, 'seal' | 'personal'> {
  return {
    async seal(db, agencyId, pdf, options) {
      const agency = await agencyById(db, agencyId);
      if (options.attachmentOf) {
        // An attachment in its own file: the agency's name, the document it belongs to, the time.
        const caption = [agency.name, `Kèm theo văn bản số ${options.attachmentOf}`];
        const appearance = { rect: ATTACHMENT_SIGNATURE_BOX, textOnly: true, caption };
        return signWithKey(services(), db, { agencyId }, pdf, { ...options, appearance, signerName: agency.name });
      }
      const look = await withLook(db, { agencyId }, options, `Cơ quan: ${agency.name}`);
      return signWithKey(services(), db, { agencyId }, pdf, { ...look, signerName: agency.name });
    },
    async personal(db, official, pdf, options) {
      // The official as the agency's staff list names them (directory), not a sign-in display name.
      const member = await staffByAccount(db, official.accountId);
      if (!member || member.agencyId !== official.agencyId) throw new DomainError('SIGNING_ACCOUNT_NOT_FOUND');
      const look = await withLook(db, official, options, `Người ký: ${member.fullName}`);
      return signWithKey(services(), db, official, pdf, { ...look, signerName: member.fullName });
    },
  };
}

const processSigning = keySigning();

/** Signs a PDF PAdES with the agency's seal key (the process's signing services). */
export function signAsAgency(db: Executor, agencyId: string, pdf: Uint8Array, options: SignOptions) {
  return processSigning.seal(db, agencyId, pdf, options);
}

/** An official signs personally (the leader's signature before the agency's seal, Decree 30/2020). */
export function signPersonally(
  db: Executor,
  official: { accountId: string; agencyId: string },
  pdf: Uint8Array,
  options: SignOptions,
) {
  return processSigning.personal(db, official, pdf, options);
}

/**
 * `signPersonally` outside any transaction: for a remote signature (SmartCA, CSC) that waits for
 * the official's confirmation on the phone, so that no row stays locked meanwhile. The caller
 * audits it with `record` in the transaction that keeps the signed PDF (or in one of its own
 * when it discards it).
 */
export async function signPersonallyDetached(
  db: Executor,
  official: { accountId: string; agencyId: string },
  pdf: Uint8Array,
  options: SignOptions,
): Promise<DetachedSignature> {
  const member = await staffByAccount(db, official.accountId);
  if (!member || member.agencyId !== official.agencyId) throw new DomainError('SIGNING_ACCOUNT_NOT_FOUND');
  const look = await withLook(db, official, options, `Người ký: ${member.fullName}`);
  return signUnrecorded(signing(), db, official, pdf, { ...look, signerName: member.fullName });
}
