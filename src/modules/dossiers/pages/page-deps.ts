/**
 * What the dossiers' pages need from the composition root (blob store, upload limits, the
 * dossier context of a request), and taking a posted file as a dossier's attachment.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller } from '../../../platform/auth/caller.ts';
import type { Executor } from '../../../platform/db/index.ts';
import { DomainError } from '../../../platform/errors.ts';
import type { BlobStore } from '../../../platform/storage/index.ts';
import type { Problem } from '../../../web/components/form.tsx';
import type { PageContext } from '../../../web/context.ts';
import { errorText } from '../../../web/http.tsx';
import { type UploadLimits, uploadedFile } from '../../../web/uploads.ts';
import { addAttachment } from '../attachments.ts';
import type { DossierContext } from '../context.ts';

export interface PortalDeps extends UploadLimits {
  blobs: BlobStore;
  dossierContext(request: FastifyRequest): DossierContext;
}

export function pageDeps(app: FastifyInstance): PortalDeps {
  const { config } = app.deps;
  const { blobs, publicUrl, signing } = app.deps.services;
  return {
    blobs,
    maxBytes: config.uploadMaxBytes,
    maxMb: Math.round((config.uploadMaxBytes / (1024 * 1024)) * 10) / 10,
    // Links in notices and QR codes use the public address (platform/config.ts publicUrlOf).
    dossierContext: () => ({
      provinceCode: config.provinceCode,
      publicUrl,
      blobs,
      ...(signing ? { signing } : {}),
      uploadMaxBytes: config.uploadMaxBytes,
      counterHours: config.counterOutsideHours,
      assuranceRequired: config.oidcIssuer !== undefined,
    }),
  };
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
