/**
 * Files named by a filing or an action: each must be the dossier's own file of the right kind,
 * or a file the caller staged, which then becomes the dossier's. Results named by
 * `attach_result` with `sign` are signed PAdES with the competent agency's certificate.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import type { AttachmentKind } from './attachments.ts';
import { actorIdOf, actorRoleOf, type DossierContext, type DossierRow, scopeOf, streamOf } from './context.ts';
import { type PendingCode, writesFor } from './pending-code.ts';
import { dossierAttachments, dossiers } from './schema.ts';
import { procedureSnapshotOf } from './stored-json.ts';

registerErrors({
  ATTACHMENTS_NOT_USABLE: {
    status: 400,
    vi: 'Có tệp đính kèm không thuộc hồ sơ này hoặc không phải do bạn tải lên. Vui lòng tải tệp lên lại.',
  },
  DOSSIER_SIGNING_UNAVAILABLE: { status: 503, vi: 'Chưa ký số được kết quả lúc này. Vui lòng thử lại sau.' },
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface NamedFile {
  attachmentId: string;
  /** The procedure's paper this file is (thành phần hồ sơ). */
  paperName?: string;
}

type AttachmentRow = typeof dossierAttachments.$inferSelect;

const norm = (name: string | undefined) => (name ?? '').normalize('NFC').trim().toLowerCase();

/**
 * The applicant's own files from their earlier dossiers that may stand for a paper here
 * (tái sử dụng): the paper is reusable in the procedure the dossier was filed under, and the
 * file is a paper of, or a result issued to, another dossier of the same account.
 */
async function reusableRows(
  tx: Executor,
  caller: Caller,
  dossier: DossierRow,
  files: readonly NamedFile[],
  rows: readonly AttachmentRow[],
): Promise<Set<string>> {
  const usable = new Set<string>();
  if (caller.kind !== 'citizen') return usable;
  const papers = procedureSnapshotOf(dossier).papers;
  const reusable = new Set(papers.filter((p) => p.reusable === true).map((p) => norm(p.name)));
  const candidates = files.flatMap((file) => {
    const row = rows.find((r) => r.id === file.attachmentId);
    const fromElsewhere = typeof row?.dossierId === 'string' && row.dossierId !== dossier.id;
    const fit = row && (row.kind === 'paper' || (row.kind === 'result' && row.issued));
    return row && fromElsewhere && fit && reusable.has(norm(file.paperName)) ? [row] : [];
  });
  const sources = [...new Set(candidates.flatMap((r) => (r.dossierId ? [r.dossierId] : [])))];
  if (sources.length === 0) return usable;
  const owned = await tx
    .select({ id: dossiers.id })
    .from(dossiers)
    .where(and(inArray(dossiers.id, sources), eq(dossiers.applicantAccountId, caller.id)));
  const mine = new Set(owned.map((d) => d.id));
  for (const row of candidates) if (row.dossierId && mine.has(row.dossierId)) usable.add(row.id);
  return usable;
}

/**
 * Makes the named files the dossier's; refuses any that is neither its own nor staged by the
 * caller, nor (a paper the procedure lets be reused) the applicant's file from an earlier
 * dossier, which is copied: the earlier dossier keeps its own.
 */
export async function claimAttachments(
  tx: Executor,
  caller: Caller,
  dossier: DossierRow,
  files: readonly NamedFile[],
  kind: AttachmentKind,
  pending?: PendingCode,
): Promise<void> {
  const writes = writesFor(tx, pending);
  if (files.length === 0) return;
  const ids = files.map((f) => f.attachmentId);
  if (!ids.every((id) => UUID.test(id))) throw new DomainError('ATTACHMENTS_NOT_USABLE', { ids });
  const rows = await tx.select().from(dossierAttachments).where(inArray(dossierAttachments.id, ids)).for('update');
  const reused = kind === 'paper' ? await reusableRows(tx, caller, dossier, files, rows) : new Set<string>();
  // A connector (system caller) stages the papers it fetched under its own scope (external-filing.ts).
  const uploader = actorIdOf(caller) ?? (caller.kind === 'system' ? scopeOf(caller) : null);
  for (const file of files) {
    const row = rows.find((r) => r.id === file.attachmentId);
    const own = row?.dossierId === dossier.id;
    const staged = row?.dossierId === null && uploader !== null && row.uploadedBy === uploader;
    const reuse = row !== undefined && reused.has(row.id);
    // A result is issued as a PDF, whatever an older upload let in (attachments.ts).
    const pdfIfResult = kind !== 'result' || row?.mime === 'application/pdf';
    if (!row || !(reuse || (row.kind === kind && (own || staged))) || !pdfIfResult) {
      throw new DomainError('ATTACHMENTS_NOT_USABLE', { attachmentId: file.attachmentId });
    }
    if (own) continue;
    const paperName = file.paperName ? { paperName: file.paperName.normalize('NFC').trim() } : {};
    const [claimed] = reuse
      ? await tx
          .insert(dossierAttachments)
          .values({
            provinceCode: dossier.provinceCode,
            dossierId: dossier.id,
            kind: 'paper',
            paperName: row.paperName,
            ...paperName,
            fileName: row.fileName,
            mime: row.mime,
            size: row.size,
            blobKey: row.blobKey,
            signed: row.signed,
            uploadedBy: uploader,
            reused: true,
            reusedFrom: row.reusedFrom ?? row.id,
          })
          .returning()
      : await tx
          .update(dossierAttachments)
          .set({ dossierId: dossier.id, provinceCode: dossier.provinceCode, ...paperName })
          .where(eq(dossierAttachments.id, row.id))
          .returning();
    if (!claimed) throw new Error('claim wrote nothing');
    if (pending) {
      const written = pending.written.files;
      const at = written.findIndex((w) => w.id === claimed.id);
      if (at >= 0) written[at] = claimed;
      else written.push(claimed);
    }
    await writes.audit({
      provinceCode: dossier.provinceCode,
      stream: streamOf(dossier),
      action: 'attach_file',
      actorId: uploader,
      actorRole: actorRoleOf(caller),
      data: {
        attachmentId: claimed.id,
        kind: claimed.kind,
        sha256: claimed.blobKey,
        size: claimed.size,
        signed: claimed.signed,
        ...(reuse ? { reusedFrom: row.id } : {}),
      },
    });
  }
}

/** Marks the named results as issued: they, and no other result file, reach the applicant. */
export async function issueResults(tx: Executor, dossier: DossierRow, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(dossierAttachments)
    .set({ issued: true })
    .where(
      and(
        eq(dossierAttachments.dossierId, dossier.id),
        eq(dossierAttachments.kind, 'result'),
        inArray(dossierAttachments.id, [...ids]),
      ),
    );
}

/** Signs every unsigned PDF among the named results and keeps the signed bytes (a new sha256). */
export async function signResults(
  tx: Executor,
  ctx: Pick<DossierContext, 'blobs' | 'signing'>,
  dossier: DossierRow,
  ids: readonly string[],
  at: Date,
): Promise<number> {
  const { blobs, signing } = ctx;
  if (!blobs || !signing) throw new DomainError('DOSSIER_SIGNING_UNAVAILABLE');
  const rows = await tx
    .select()
    .from(dossierAttachments)
    .where(inArray(dossierAttachments.id, [...ids]));
  let signed = 0;
  for (const row of rows) {
    if (row.kind !== 'result' || row.signed || row.mime !== 'application/pdf') continue;
    const bytes = await blobs.get(row.blobKey);
    if (!bytes) throw new DomainError('DOSSIER_SIGNING_UNAVAILABLE', { attachmentId: row.id });
    const sealed = await signing.seal(tx, dossier.competentAgencyId, bytes, {
      reason: 'Kết quả giải quyết thủ tục hành chính',
      at,
    });
    const blobKey = await blobs.put(sealed);
    await tx
      .update(dossierAttachments)
      .set({ blobKey, size: sealed.byteLength, signed: true })
      .where(eq(dossierAttachments.id, row.id));
    signed++;
  }
  return signed;
}
