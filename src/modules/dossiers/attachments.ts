/**
 * Files of a dossier: scans of papers (applicant or receiver) and results (staff). Checked by
 * content (PDF, JPEG, PNG, DOCX; never by name or declared type), bounded in size, stored in
 * the blob store under their sha256. A file may be staged before its dossier exists and is
 * linked when the filing or the action that uses it names it.
 */
import { and, asc, eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import { verifyPdf } from '../../platform/pdf/index.ts';
import type { BlobStore } from '../../platform/storage/index.ts';
import { type CheckedUpload, checkUpload } from '../../platform/storage/uploads.ts';
import { actorIdOf, actorOf, actorRoleOf, type DossierRow, lockDossier, streamOf } from './context.ts';
import { signAsAgency } from './key-signing.ts';
import { attachmentView, auditPersonalRead, readableDossier, visibleTo } from './queries.ts';
import { dossierAttachments, dossierSteps } from './schema.ts';
import { signing } from './signing-keys.ts';
import { snapshotOf } from './snapshot-json.ts';
import { enforceStagingQuota, type StagingQuota } from './staging.ts';
import { type FilePurpose, isTerminal, mayAddFile } from './states.ts';
import type { AttachmentView, SignatureReport } from './view-types.ts';

export type { AttachmentView } from './view-types.ts';

registerErrors({
  ATTACHMENT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy tệp đính kèm.' },
  ATTACHMENT_NOT_ALLOWED: { status: 403, vi: 'Bạn không được đính kèm loại tệp này vào hồ sơ.' },
  ATTACHMENT_SIGN_PDF_ONLY: { status: 400, vi: 'Chỉ ký số được tệp PDF.' },
  ATTACHMENT_SIGN_NOT_APPROVED: {
    status: 409,
    vi: 'Chỉ ký số kết quả sau khi lãnh đạo đã phê duyệt hồ sơ.',
  },
  ATTACHMENT_DOSSIER_FINISHED: {
    status: 409,
    vi: 'Hồ sơ đã kết thúc hoặc đã có kết quả nên không thể đính kèm thêm tệp.',
  },
  ATTACHMENT_RESULT_NOT_PDF: { status: 415, vi: 'Tệp kết quả giải quyết phải là tệp PDF.' },
  ATTACHMENT_ATTESTATION_INVALID: { status: 400, vi: 'Bản số hóa không mang chữ ký số hợp lệ của cơ quan tiếp nhận.' },
});

export type AttachmentKind = 'paper' | 'result';

export interface UploadInput {
  kind: AttachmentKind;
  paperName?: string;
  fileName: string;
  bytes: Uint8Array;
  /** Sign a PDF result PAdES with the competent agency's certificate (after approval). */
  sign?: boolean;
  /**
   * A paper already signed by the receiving agency (a copy digitised and attested at the
   * counter, papers module): kept as signed once its signature verifies.
   */
  attested?: boolean;
}

/** A file name safe to store and to send back: no path, no control characters. */
function safeFileName(name: string): string {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const clean = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .replace(/^\.+/, '')
    .trim();
  return (clean || 'tep-dinh-kem').slice(0, 200);
}

/** Roles that prepare or issue a result (approve, attach_result in the role × action table). */
const resultRoles: readonly string[] = ['leader', 'clerk', 'specialist', 'receiver'];

/** Results are the work of the roles that approve or issue them; papers come from the applicant or staff. */
function mayStage(caller: Caller, kind: AttachmentKind): boolean {
  if (caller.kind === 'staff') return kind === 'paper' || caller.roles.some((r) => resultRoles.includes(r));
  return caller.kind === 'citizen' && kind === 'paper';
}

/** A result is issued as a PDF (the pages say so, and only a PDF takes the seal): checked by content. */
async function checkFile(input: { kind: AttachmentKind; bytes: Uint8Array }, maxBytes: number, fileName: string) {
  const checked: CheckedUpload = await checkUpload(input.bytes, { maxBytes, fileName });
  if (input.kind === 'result' && checked.kind !== 'pdf') {
    throw new DomainError('ATTACHMENT_RESULT_NOT_PDF', { fileName, detected: checked.mime });
  }
  return checked;
}

/**
 * The permission check of actions, applied to a file (states.ts `mayAddFile`): who the caller
 * is to the dossier now, and whether one of the actions the file serves is open to them.
 */
export async function assertMayAdd(db: Executor, caller: Caller, row: DossierRow, purpose: FilePurpose): Promise<void> {
  const snapshot = snapshotOf(row);
  const steps = await db
    .select({ agencyId: dossierSteps.agencyId })
    .from(dossierSteps)
    .where(eq(dossierSteps.dossierId, row.id))
    .orderBy(asc(dossierSteps.idx));
  const actor = actorOf(caller, row, steps[snapshot.currentStep]?.agencyId);
  const kind = purpose === 'paper' ? 'paper' : 'result';
  if (mayAddFile(snapshot, actor, purpose)) return;
  if (purpose === 'signedResult' && !snapshot.approved && mayAddFile(snapshot, actor, 'result')) {
    // The result is the competent agency's decision: it is sealed once the leader approved it.
    throw new DomainError('ATTACHMENT_SIGN_NOT_APPROVED');
  }
  // Ended, or its result issued: nothing more is added, whoever asks.
  if (isTerminal(snapshot.state) || snapshot.state === 'result_ready') {
    throw new DomainError('ATTACHMENT_DOSSIER_FINISHED', { kind, state: snapshot.state });
  }
  throw new DomainError('ATTACHMENT_NOT_ALLOWED', { kind });
}

/** A file uploaded before the dossier (or the action) it belongs to; only its uploader may use it. */
export async function stageAttachment(
  db: Executor,
  blobs: BlobStore,
  caller: Caller,
  input: Omit<UploadInput, 'sign'>,
  options: { maxBytes: number; provinceCode: string; quota?: Partial<StagingQuota> },
): Promise<AttachmentView> {
  if (caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  if (!mayStage(caller, input.kind)) throw new DomainError('ATTACHMENT_NOT_ALLOWED', { kind: input.kind });
  const fileName = safeFileName(input.fileName);
  const checked = await checkFile(input, options.maxBytes, fileName);
  const uploader = actorIdOf(caller);
  if (uploader === null) throw new DomainError('ATTACHMENT_NOT_ALLOWED', { kind: input.kind });
  const blobKey = await blobs.put(input.bytes);
  return db.transaction(async (tx) => {
    await enforceStagingQuota(tx, uploader, input.bytes.byteLength, options.quota);
    const [row] = await tx
      .insert(dossierAttachments)
      .values({
        provinceCode: options.provinceCode,
        dossierId: null,
        kind: input.kind,
        paperName: input.paperName?.normalize('NFC').trim() || null,
        fileName,
        mime: checked.mime,
        size: input.bytes.byteLength,
        blobKey,
        uploadedBy: uploader,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    return attachmentView(row);
  });
}

/** Adds a file straight to a dossier the caller may work on (supplements, results, counter scans). */
export async function addAttachment(
  db: Executor,
  blobs: BlobStore,
  caller: Caller,
  code: string,
  input: UploadInput,
  options: { maxBytes: number; now?: Date },
): Promise<AttachmentView> {
  const dossier = await readableDossier(db, caller, code);
  if (input.sign && input.kind !== 'result') throw new DomainError('ATTACHMENT_SIGN_PDF_ONLY');
  const purpose: FilePurpose = input.kind === 'paper' ? 'paper' : input.sign ? 'signedResult' : 'result';
  // Checked before the work (and the seal), and again under the dossier's lock below.
  await assertMayAdd(db, caller, dossier, purpose);
  const fileName = safeFileName(input.fileName);
  const checked = await checkFile(input, options.maxBytes, fileName);
  let bytes = input.bytes;
  if (input.attested) {
    const reports = checked.kind === 'pdf' ? await verifyPdf(bytes, { trustAnchors: signing().trustAnchors }) : [];
    if (!reports.some((r) => r.integrityValid && r.coversWholeDocument)) {
      throw new DomainError('ATTACHMENT_ATTESTATION_INVALID');
    }
  }
  if (input.sign) {
    if (checked.kind !== 'pdf') throw new DomainError('ATTACHMENT_SIGN_PDF_ONLY');
    bytes = await signAsAgency(db, dossier.competentAgencyId, bytes, {
      reason: 'Kết quả giải quyết thủ tục hành chính',
      at: options.now ?? new Date(),
    });
  }
  const blobKey = await blobs.put(bytes);
  return db.transaction(async (tx) => {
    const { row: locked } = await lockDossier(tx, dossier.id);
    await assertMayAdd(tx, caller, locked, purpose);
    const [row] = await tx
      .insert(dossierAttachments)
      .values({
        provinceCode: dossier.provinceCode,
        dossierId: dossier.id,
        kind: input.kind,
        paperName: input.paperName?.normalize('NFC').trim() || null,
        fileName,
        mime: checked.mime,
        size: bytes.byteLength,
        blobKey,
        signed: input.sign === true || input.attested === true,
        uploadedBy: actorIdOf(caller),
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, {
      provinceCode: row.provinceCode,
      stream: streamOf(dossier),
      action: 'attach_file',
      actorId: actorIdOf(caller),
      actorRole: actorRoleOf(caller),
      data: { attachmentId: row.id, kind: row.kind, sha256: blobKey, size: row.size, signed: row.signed },
    });
    return attachmentView(row);
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function findAttachment(db: Executor, caller: Caller, code: string, id: string) {
  const dossier = await readableDossier(db, caller, code);
  if (!UUID.test(id)) throw new DomainError('ATTACHMENT_NOT_FOUND');
  const [row] = await db
    .select()
    .from(dossierAttachments)
    .where(and(eq(dossierAttachments.id, id), eq(dossierAttachments.dossierId, dossier.id)));
  if (!row || !visibleTo(caller, row)) throw new DomainError('ATTACHMENT_NOT_FOUND');
  return { dossier, row };
}

/** The bytes of a file; a staff download of an applicant's paper is a read of personal data (audited). */
export async function readAttachment(db: Executor, blobs: BlobStore, caller: Caller, code: string, id: string) {
  const { dossier, row } = await findAttachment(db, caller, code, id);
  const bytes = await blobs.get(row.blobKey);
  if (!bytes) throw new DomainError('ATTACHMENT_NOT_FOUND');
  if (row.kind === 'paper') await auditPersonalRead(db, caller, dossier, { attachmentId: row.id });
  return { meta: attachmentView(row), bytes };
}

export async function listAttachments(db: Executor, caller: Caller, code: string): Promise<AttachmentView[]> {
  const dossier = await readableDossier(db, caller, code);
  const rows = await db.select().from(dossierAttachments).where(eq(dossierAttachments.dossierId, dossier.id));
  return rows.filter((row) => visibleTo(caller, row)).map(attachmentView);
}

/** The API's report of a PDF attachment's signatures: signer, signing time, integrity. */
export async function attachmentSignatures(
  db: Executor,
  blobs: BlobStore,
  caller: Caller,
  code: string,
  id: string,
): Promise<SignatureReport[]> {
  const { row } = await findAttachment(db, caller, code, id);
  const bytes = await blobs.get(row.blobKey);
  if (!bytes) throw new DomainError('ATTACHMENT_NOT_FOUND');
  const reports = await verifyPdf(bytes, { trustAnchors: signing().trustAnchors });
  return reports.map((r) => ({
    signer: r.signerCommonName ?? r.signerSubject,
    signerSubject: r.signerSubject,
    signingTime: r.signingTime ? new Date(r.signingTime).toISOString() : null,
    integrityValid: r.integrityValid,
    coversWholeDocument: r.coversWholeDocument,
    certificateSelfSigned: r.certificateSelfSigned,
    verdict: r.verdict,
    reasons: r.reasons,
    level: r.level,
    timestampTime: r.timestamp?.valid && r.timestamp.time ? r.timestamp.time.toISOString() : null,
    chainTrusted: r.chain.trusted,
    revocation: r.revocation.status,
    changesAfterSigning: r.changesAfterSigning,
    certificateFingerprint: r.certificateFingerprint ?? null,
  }));
}
