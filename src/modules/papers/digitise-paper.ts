/**
 * Digitisation at the counter (số hóa khi tiếp nhận, Decree 45/2020; DOMAIN.md §2.1): the
 * receiver scans a paper the applicant presents, the platform makes the attested copy
 * (attested-copy.ts), the receiving agency signs it PAdES with its key (the platform signers,
 * docs/signatures.md), it becomes the dossier's paper (dossiers' addAttachment, which checks
 * the signature and the dossier's state), and it enters the applicant's store as a digitised
 * paper with its attestation, ready for reuse.
 *
 * Who may attest: the receiver (role `receiver`) of the one-stop that received the dossier
 * (policies.ts). The signature is the agency's seal: Decree 45 gives the digitised copy its
 * value through the agency that received the original; the receiver's name is in the copy.
 */
import { eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import type { BlobStore } from '../../platform/storage/index.ts';
import { checkUpload } from '../../platform/storage/uploads.ts';
import { agencyById, staffByAccount } from '../directory/index.ts';
import { addAttachment, dossierStoreRecord, getDossier, signAsAgency } from '../dossiers/index.ts';
import { composeAttestedCopy } from './attested-copy.ts';
import { keepPaper } from './ingest-dossier-papers.ts';
import { isReceiverOf } from './policies.ts';
import { paperUses, personalPapers } from './schema.ts';
import './errors.ts';

export interface DigitiseInput {
  dossierCode: string;
  paperName: string;
  fileName: string;
  scan: Uint8Array;
  /** The paper's own validity (YYYY-MM-DD), when it has one (an identity card, a licence). */
  validUntil?: string;
}

export interface DigitisedPaper {
  paperId: string;
  attachmentId: string;
  size: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The dossier, if the caller is the receiver of the one-stop that received it; else PAPER_ATTEST_NOT_ALLOWED. */
export async function assertMayDigitise(db: Executor, caller: Caller, dossierCode: string) {
  if (caller.kind !== 'staff') throw new DomainError('PAPER_ATTEST_NOT_ALLOWED');
  const dossier = await getDossier(db, caller, dossierCode);
  if (!isReceiverOf(caller, dossier)) throw new DomainError('PAPER_ATTEST_NOT_ALLOWED');
  return dossier;
}

export async function digitisePaper(
  db: Executor,
  blobs: BlobStore,
  caller: Caller,
  input: DigitiseInput,
  options: { maxBytes: number; now?: Date },
): Promise<DigitisedPaper> {
  const now = options.now ?? new Date();
  const dossier = await assertMayDigitise(db, caller, input.dossierCode);
  const receiverId = caller.kind === 'staff' ? caller.id : '';
  if (input.validUntil !== undefined && (!DATE.test(input.validUntil) || Number.isNaN(Date.parse(input.validUntil)))) {
    throw new DomainError('PAPER_VALID_UNTIL_INVALID');
  }
  const checked = await checkUpload(input.scan, {
    maxBytes: options.maxBytes,
    allowed: ['pdf', 'jpeg', 'png'],
    fileName: input.fileName,
  }).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === 'UPLOAD_TYPE_NOT_ALLOWED')
      throw new DomainError('PAPER_SCAN_TYPE');
    throw error;
  });
  const [agency, receiver] = await Promise.all([
    agencyById(db, dossier.receivingAgencyId),
    staffByAccount(db, receiverId),
  ]);
  const receiverName = receiver?.fullName ?? '';
  const copy = await composeAttestedCopy(
    { kind: checked.kind, bytes: input.scan },
    {
      paperName: input.paperName,
      dossierCode: dossier.code,
      applicantName: dossier.applicant?.fullName ?? '',
      agencyName: agency?.name ?? '',
      receiverName,
      at: now,
      validUntil: input.validUntil ?? null,
    },
  );
  const signed = await signAsAgency(db, dossier.receivingAgencyId, copy, {
    reason: 'Bản số hóa đã đối chiếu với bản chính',
    at: now,
    actorId: receiverId,
    actorRole: 'receiver',
  });
  const baseName = input.fileName.replace(/\.[A-Za-z0-9]+$/, '');
  const attachment = await addAttachment(
    db,
    blobs,
    caller,
    dossier.code,
    {
      kind: 'paper',
      paperName: input.paperName,
      fileName: `${baseName}-ban-so-hoa.pdf`,
      bytes: signed,
      attested: true,
    },
    // The copy carries the scan and the attestation page: room for both.
    { maxBytes: options.maxBytes * 2, now },
  );
  return db.transaction(async (tx) => {
    const record = await dossierStoreRecord(tx, dossier.id);
    const file = record?.files.find((f) => f.attachmentId === attachment.id);
    if (!record || !file) throw new Error('the digitised copy is not among the dossier’s files');
    const paper = await keepPaper(tx, record, file, 'digitised');
    if (!paper) throw new Error('the digitised paper was not kept');
    await tx
      .update(personalPapers)
      .set({
        origin: 'digitised',
        validUntil: input.validUntil ?? null,
        attestedBy: receiverId,
        attestedByName: receiverName,
        attestedAt: now,
      })
      .where(eq(personalPapers.id, paper.id));
    await tx.insert(paperUses).values({
      provinceCode: record.provinceCode,
      paperId: paper.id,
      kind: 'digitised',
      dossierCode: record.code,
      actorId: receiverId,
      actorRole: 'receiver',
      agencyId: record.receivingAgencyId,
      at: now,
    });
    return { paperId: paper.id, attachmentId: attachment.id, size: attachment.size };
  });
}
