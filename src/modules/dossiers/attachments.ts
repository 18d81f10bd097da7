/**
 * Files of a dossier: scans of papers (applicant or receiver) and results (staff of the
 * holding agency). Checked by content, stored under their sha256; a PDF result can be signed
 * PAdES with the agency's certificate on the way in.
 */
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import { signPdf, verifyPdf } from '../../platform/pdf/index.ts';
import type { BlobStore } from '../../platform/storage/index.ts';
import { checkUpload } from '../../platform/storage/uploads.ts';
import { agencies } from '../directory/schema.ts';
import { dossierAttachments, dossiers } from './schema.ts';
import { signingKeyOf } from './slip-service.ts';
import { loadView } from './views.ts';

registerErrors({
  ATTACHMENT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy tệp đính kèm.' },
  ATTACHMENT_NOT_ALLOWED: { status: 403, vi: 'Bạn không được đính kèm loại tệp này vào hồ sơ.' },
  ATTACHMENT_SIGN_PDF_ONLY: { status: 400, vi: 'Chỉ ký số được tệp PDF.' },
});

export interface AttachmentView {
  id: string;
  kind: 'paper' | 'result' | 'slip';
  paperName: string | null;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  signed: boolean;
  uploadedAt: string;
}

const view = (a: typeof dossierAttachments.$inferSelect): AttachmentView => ({
  id: a.id,
  kind: a.kind,
  paperName: a.paperName,
  fileName: a.fileName,
  mime: a.mime,
  size: a.size,
  sha256: a.blobKey,
  signed: a.signed,
  uploadedAt: a.uploadedAt.toISOString(),
});

/** A file name safe to store and to send back: no path, no control characters. */
export function safeFileName(name: string): string {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  // Control characters (U+0000–U+001F, U+007F) never reach a stored name or a header.
  const printable = [...base].filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f).join('');
  const clean = printable
    .replace(/["<>|:*?]/g, '')
    .replace(/^\.+/, '')
    .trim();
  return (clean || 'tep-dinh-kem').slice(0, 200);
}

export async function addAttachment(
  db: Executor,
  blobs: BlobStore,
  caller: Caller,
  code: string,
  input: { kind: 'paper' | 'result'; paperName?: string; fileName: string; bytes: Uint8Array; sign?: boolean },
  options: { maxBytes: number; now?: Date },
): Promise<AttachmentView> {
  const dossier = await loadView(db, caller, code, { audit: false });
  if (input.kind === 'result' && !(caller.kind === 'staff' && caller.agencyId === dossier.holdingAgencyId)) {
    throw new DomainError('ATTACHMENT_NOT_ALLOWED', { kind: input.kind });
  }
  if (
    input.kind === 'paper' &&
    caller.kind !== 'citizen' &&
    !(caller.kind === 'staff' && caller.agencyId === dossier.holdingAgencyId)
  ) {
    throw new DomainError('ATTACHMENT_NOT_ALLOWED', { kind: input.kind });
  }
  const fileName = safeFileName(input.fileName);
  const checked = await checkUpload(input.bytes, { maxBytes: options.maxBytes, fileName });
  let bytes = input.bytes;
  let signed = false;
  if (input.sign) {
    if (checked.kind !== 'pdf') throw new DomainError('ATTACHMENT_SIGN_PDF_ONLY');
    const [agency] = await db.select().from(agencies).where(eq(agencies.id, dossier.holdingAgencyId));
    const key = await signingKeyOf(db, dossier.holdingAgencyId);
    bytes = await signPdf(bytes, {
      pkcs12: key.pkcs12,
      password: key.password,
      reason: 'Kết quả giải quyết thủ tục hành chính',
      location: 'Tuyên Quang',
      signerName: agency?.name ?? '',
      signingTime: options.now ?? new Date(),
    });
    signed = true;
  }
  const blobKey = await blobs.put(bytes);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(dossierAttachments)
      .values({
        provinceCode:
          (await tx.select({ p: dossiers.provinceCode }).from(dossiers).where(eq(dossiers.id, dossier.id)))[0]?.p ?? '',
        dossierId: dossier.id,
        kind: input.kind,
        paperName: input.paperName ?? null,
        fileName,
        mime: checked.mime,
        size: bytes.byteLength,
        blobKey,
        signed,
        uploadedBy: caller.kind === 'citizen' || caller.kind === 'staff' ? caller.id : null,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, {
      provinceCode: row.provinceCode,
      stream: `dossier:${code}`,
      action: 'attach_file',
      actorId: caller.kind === 'citizen' || caller.kind === 'staff' ? caller.id : null,
      actorRole: caller.kind === 'staff' ? caller.roles.join(',') : caller.kind,
      data: { attachmentId: row.id, kind: row.kind, sha256: blobKey, size: row.size, signed },
    });
    return view(row);
  });
}

async function findAttachment(db: Executor, caller: Caller, code: string, id: string) {
  const dossier = await loadView(db, caller, code, { audit: false });
  const [row] = await db
    .select()
    .from(dossierAttachments)
    .where(and(eq(dossierAttachments.id, id), eq(dossierAttachments.dossierId, dossier.id)));
  if (!row) throw new DomainError('ATTACHMENT_NOT_FOUND');
  return row;
}

export async function readAttachment(db: Executor, blobs: BlobStore, caller: Caller, code: string, id: string) {
  const row = await findAttachment(db, caller, code, id);
  const bytes = await blobs.get(row.blobKey);
  if (!bytes) throw new DomainError('ATTACHMENT_NOT_FOUND');
  return { meta: view(row), bytes };
}

export async function listAttachments(db: Executor, caller: Caller, code: string): Promise<AttachmentView[]> {
  const dossier = await loadView(db, caller, code, { audit: false });
  const rows = await db.select().from(dossierAttachments).where(eq(dossierAttachments.dossierId, dossier.id));
  return rows.map(view);
}

/** The API's report of a PDF attachment's signatures: signer, signing time, integrity. */
export async function attachmentSignatures(db: Executor, blobs: BlobStore, caller: Caller, code: string, id: string) {
  const { bytes } = await readAttachment(db, blobs, caller, code, id);
  const reports = await verifyPdf(bytes);
  return reports.map((r) => ({
    signer: r.signerCommonName ?? r.signerSubject,
    signerSubject: r.signerSubject,
    signingTime: r.signingTime ? new Date(r.signingTime).toISOString() : null,
    integrityValid: r.integrityValid,
    coversWholeDocument: r.coversWholeDocument,
    certificateSelfSigned: r.certificateSelfSigned,
  }));
}
