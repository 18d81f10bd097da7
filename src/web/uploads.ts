/**
 * Files posted by the pages (multipart; the CSRF token rides in the action's query string,
 * since the body is read after the CSRF check): one file per post, checked by its content.
 */

import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../platform/errors.ts';
import { checkUpload } from '../platform/storage/uploads.ts';
import type { PageContext } from './context.ts';
import { errorText } from './http.tsx';

/** The upload limit of the pages (config.uploadMaxBytes), in bytes and as shown to people. */
export interface UploadLimits {
  maxBytes: number;
  maxMb: number;
}

export type Upload =
  | { ok: true; bytes: Uint8Array; fileName: string; fields: Record<string, string> }
  | { ok: false; message: string };

/** The one file of a multipart post, or the reason it cannot be taken (nothing chosen, too large, wrong type). */
export async function uploadedFile(request: FastifyRequest, deps: UploadLimits, ctx: PageContext): Promise<Upload> {
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

/** Uploads (papers) are multipart; the dossier API registers the parser already when it is wired first. */
export async function ensureMultipart(scope: FastifyInstance): Promise<void> {
  if (!scope.hasContentTypeParser('multipart/form-data')) await scope.register(multipart);
}
