/**
 * A dossier filed online somewhere else (the national public-service portal, DOMAIN.md §1.1
 * "Design consequence") and handed to us by a connector: it enters our lifecycle as `submitted`,
 * exactly like an online filing on our portal, with the papers the connector fetched. The
 * connector acts as a system caller; its key (`transactionId`, e.g. `national:<MaHoSo>`) makes a
 * retry return the first answer, never a second dossier (platform/records `once`).
 */
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import type { BlobStore } from '../../platform/storage/index.ts';
import { checkUpload } from '../../platform/storage/uploads.ts';
import type { DossierContext } from './context.ts';
import { scopeOf } from './context.ts';
import type { Applicant } from './filing-rules.ts';
import { dossierAttachments } from './schema.ts';
import { fileDossier } from './submit.ts';
import type { DossierView } from './view-types.ts';

export interface ExternalPaper {
  /** The procedure's paper (thành phần hồ sơ) the file stands for. */
  paperName: string;
  fileName: string;
  bytes: Uint8Array;
}

export interface ExternalFiling {
  /** Procedure id, national or local code. */
  procedure: string;
  agencyId?: string;
  applicant: Applicant;
  formData?: Record<string, unknown>;
  papers: readonly ExternalPaper[];
  /** The portal's TaiKhoanDuocXacThucVoiVNeID: the filer's account was verified with VNeID there. */
  vneidVerified?: boolean;
}

/** A file name safe to store: no path, no control characters. */
const safeName = (name: string) =>
  (
    name
      .normalize('NFC')
      .split(/[\\/]/)
      .pop()
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
      ?.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
      .trim() || 'tep-dinh-kem'
  ).slice(0, 200);

/**
 * Files the external dossier as `submitted` on channel `online`. Only a system caller may: the
 * connector's own permission check (who may call it) happens where it authenticates the portal.
 */
export async function acceptExternalFiling(
  db: Executor,
  blobs: BlobStore,
  caller: Caller,
  filing: ExternalFiling,
  options: { transactionId: string; maxBytes: number },
  ctx: DossierContext,
): Promise<DossierView> {
  if (caller.kind !== 'system') throw new DomainError('DOSSIER_FILER_NOT_ALLOWED');
  const uploadedBy = scopeOf(caller);
  const staged: Array<{ attachmentId: string; paperName: string }> = [];
  for (const paper of filing.papers) {
    const fileName = safeName(paper.fileName);
    const checked = await checkUpload(paper.bytes, { maxBytes: options.maxBytes, fileName });
    const blobKey = await blobs.put(paper.bytes);
    const [row] = await db
      .insert(dossierAttachments)
      .values({
        provinceCode: ctx.provinceCode,
        dossierId: null,
        kind: 'paper',
        paperName: paper.paperName.normalize('NFC').trim() || null,
        fileName,
        mime: checked.mime,
        size: paper.bytes.byteLength,
        blobKey,
        uploadedBy,
      })
      .returning({ id: dossierAttachments.id });
    if (!row) throw new Error('insert returned nothing');
    staged.push({ attachmentId: row.id, paperName: paper.paperName });
  }
  return fileDossier(
    db,
    caller,
    {
      procedure: filing.procedure,
      ...(filing.agencyId ? { agencyId: filing.agencyId } : {}),
      applicant: filing.applicant,
      formData: filing.formData ?? {},
      papers: staged,
      channel: 'online',
    },
    {
      transactionId: options.transactionId,
      external: true,
      ...(filing.vneidVerified !== undefined ? { vneidVerified: filing.vneidVerified } : {}),
    },
    ctx,
  );
}
