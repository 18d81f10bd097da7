/**
 * Files posted by the pages (multipart; the CSRF token rides in the action's query string,
 * since the body is read after the CSRF check): one file per post, checked by its content.
 */

import type { FastifyRequest } from 'fastify';
import { addAttachment, type DossierContext } from '../../modules/dossiers/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import type { BlobStore } from '../../platform/storage/index.ts';
import { checkUpload } from '../../platform/storage/uploads.ts';
import { errorText } from '../auth.tsx';
import type { Problem } from '../components/form.tsx';
import type { PageContext } from '../context.ts';

export interface PortalDeps {
  blobs: BlobStore;
  maxBytes: number;
  maxMb: number;
  dossierContext(request: FastifyRequest): DossierContext;
}

export type Upload =
  | { ok: true; bytes: Uint8Array; fileName: string; fields: Record<string, string> }
  | { ok: false; message: string };

/** The one file of a multipart post, or the reason it cannot be taken (nothing chosen, too large, wrong type). */
export async function uploadedFile(request: FastifyRequest, deps: PortalDeps, ctx: PageContext): Promise<Upload> {
  if (!request.isMultipart()) return { ok: false, message: ctx.t.uploadChooseFile };
  let file: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    file = await request.file({ limits: { fileSize: deps.maxBytes, files: 1, fields: 10 } });
  } catch {
    return { ok: false, message: ctx.t.uploadChooseFile };
  }
  if (!file || file.filename === '') {
    await file?.toBuffer().catch(() => undefined);
    return { ok: false, message: ctx.t.uploadChooseFile };
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.toBuffer());
  } catch {
    return { ok: false, message: errorText(ctx, new DomainError('UPLOAD_TOO_LARGE')) };
  }
  try {
    await checkUpload(bytes, { maxBytes: deps.maxBytes, fileName: file.filename });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { ok: false, message: errorText(ctx, err) };
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(file.fields)) {
    const one = Array.isArray(value) ? value[0] : value;
    if (one && one.type === 'field' && typeof one.value === 'string') fields[name] = one.value.normalize('NFC').trim();
  }
  return { ok: true, bytes, fileName: file.filename.normalize('NFC'), fields };
}

/**
 * Takes the posted file (with the paper it is for, if the form named one) as an attachment of
 * the dossier. Returns the problem to show beside the form's `file` field, or undefined when
 * the file was added. A server fault (5xx) is not the file's fault: it is thrown, not shown.
 */
export async function attachUpload(
  request: FastifyRequest,
  deps: PortalDeps,
  target: { db: Executor; caller: Caller; code: string; kind: 'paper' | 'result'; ctx: PageContext },
): Promise<Problem | undefined> {
  const { ctx } = target;
  const upload = await uploadedFile(request, deps, ctx);
  if (!upload.ok) return { field: 'file', message: upload.message };
  try {
    await addAttachment(
      target.db,
      deps.blobs,
      target.caller,
      target.code,
      {
        kind: target.kind,
        fileName: upload.fileName,
        bytes: upload.bytes,
        ...(upload.fields.paperName ? { paperName: upload.fields.paperName } : {}),
        // A result's paper name is its document number (issue 13.11).
        ...(target.kind === 'result' && upload.fields.resultNumber
          ? { paperName: upload.fields.resultNumber.slice(0, 100) }
          : {}),
      },
      { maxBytes: deps.maxBytes },
    );
  } catch (err) {
    if (!(err instanceof DomainError) || err.status >= 500) throw err;
    return { field: 'file', message: errorText(ctx, err) };
  }
  return undefined;
}
