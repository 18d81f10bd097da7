/**
 * Files, slips and the register over HTTP. Uploads are multipart (one file per post, the
 * limit from UPLOAD_MAX_BYTES); pages send their CSRF token in the query string or header.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { typed } from '../../platform/http/app.ts';
import type { BlobStore } from '../../platform/storage/index.ts';
import {
  addAttachment,
  attachmentSignatures,
  listAttachments,
  readAttachment,
  stageAttachment,
} from './attachments.ts';
import type { DossierContext } from './context.ts';
import { callerOf, DossierRef } from './http-common.ts';
import { dossierRegister } from './register-service.ts';
import { dossierSlip, slipKinds } from './slip-service.ts';
import { AttachmentView, SignatureReport } from './view-types.ts';

const tags = ['dossiers'];

/** The one file of a multipart post and its text fields. */
async function uploaded(request: FastifyRequest) {
  const file = await request.file();
  if (!file) throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'file', message: 'Vui lòng chọn tệp.' }] });
  const bytes = new Uint8Array(await file.toBuffer());
  const field = (name: string): string | undefined => {
    const f = file.fields[name];
    const one = Array.isArray(f) ? f[0] : f;
    return one && one.type === 'field' && typeof one.value === 'string' ? one.value.normalize('NFC').trim() : undefined;
  };
  const paperName = field('paperName');
  return {
    bytes,
    fileName: file.filename,
    kind: field('kind') === 'result' ? ('result' as const) : ('paper' as const),
    sign: field('sign') === 'true',
    ...(paperName ? { paperName } : {}),
  };
}

export async function dossierFileRoutes(
  app: FastifyInstance,
  deps: { blobs: BlobStore; ctx: () => DossierContext; db: () => Executor },
): Promise<void> {
  const r = typed(app);
  const { blobs, db } = deps;
  const maxBytes = app.deps.config.uploadMaxBytes;
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 12 } });
  const FileParams = Type.Object({ code: DossierRef, id: Type.String({ format: 'uuid' }) });
  const multipartSummary = 'multipart: file, kind=paper|result, paperName';

  r.post(
    '/api/v1/attachments',
    {
      schema: {
        tags,
        summary: `Tải tệp lên trước khi nộp hồ sơ hoặc thao tác (${multipartSummary}); dùng id trong papers hoặc attachmentIds`,
        consumes: ['multipart/form-data'],
        response: { 201: AttachmentView },
      },
    },
    async (request, reply) => {
      const { bytes, fileName, kind, paperName } = await uploaded(request);
      const input = { bytes, fileName, kind, ...(paperName ? { paperName } : {}) };
      const staged = await stageAttachment(db(), blobs, callerOf(request), input, {
        maxBytes,
        provinceCode: app.deps.config.provinceCode,
      });
      return reply.status(201).send(staged);
    },
  );

  r.post(
    '/api/v1/dossiers/:code/attachments',
    {
      schema: {
        tags,
        summary: `Đính kèm tệp vào hồ sơ (${multipartSummary}, sign=true để ký số kết quả PDF đã phê duyệt)`,
        params: Type.Object({ code: DossierRef }),
        consumes: ['multipart/form-data'],
        response: { 201: AttachmentView },
      },
    },
    async (request, reply) => {
      const input = await uploaded(request);
      const created = await addAttachment(db(), blobs, callerOf(request), request.params.code, input, { maxBytes });
      return reply.status(201).send(created);
    },
  );

  r.get(
    '/api/v1/dossiers/:code/attachments',
    {
      schema: {
        tags,
        summary: 'Các tệp đính kèm của hồ sơ',
        params: Type.Object({ code: DossierRef }),
        response: { 200: Type.Array(AttachmentView) },
      },
    },
    async (request) => listAttachments(db(), callerOf(request), request.params.code),
  );

  r.get(
    '/api/v1/dossiers/:code/attachments/:id',
    {
      schema: {
        tags,
        summary:
          'Tải một tệp đính kèm (cán bộ tải giấy tờ được ghi nhật ký); ?view=true mở tệp PDF ngay trong trình duyệt (xem trước dự thảo kết quả)',
        params: FileParams,
        querystring: Type.Object({ view: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const { meta, bytes } = await readAttachment(
        db(),
        blobs,
        callerOf(request),
        request.params.code,
        request.params.id,
      );
      return reply
        .type(meta.mime)
        .header(
          'content-disposition',
          // Only a PDF opens in the page (a preview); anything else is always a download.
          `${request.query.view === true && meta.mime === 'application/pdf' ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(meta.fileName)}`,
        )
        .send(Buffer.from(bytes));
    },
  );

  r.get(
    '/api/v1/dossiers/:code/attachments/:id/signatures',
    {
      schema: {
        tags,
        summary: 'Kiểm tra chữ ký số của tệp PDF: người ký, thời điểm ký, toàn vẹn',
        params: FileParams,
        response: { 200: Type.Array(SignatureReport) },
      },
    },
    async (request) => attachmentSignatures(db(), blobs, callerOf(request), request.params.code, request.params.id),
  );

  r.get(
    '/api/v1/dossiers/:code/slips/:kind.pdf',
    {
      schema: {
        tags,
        summary:
          'Phiếu của hồ sơ (PDF): receipt (Mẫu 01, có mã QR tra cứu), supplement-request (02), intake-refusal (03), apology (04), stop-notice (05), control-sheet (06); (ký số theo mặc định; ?signed=false để lấy bản chưa ký)',
        params: Type.Object({ code: DossierRef, kind: Type.Enum(slipKinds) }),
        querystring: Type.Object({ signed: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const pdf = await dossierSlip(db(), callerOf(request), request.params.code, request.params.kind, {
        // Slips are issued sealed by their agency unless asked otherwise (issue 13.10).
        signed: request.query.signed ?? true,
        publicUrl: deps.ctx().publicUrl ?? '',
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${request.params.kind}-${request.params.code}.pdf"`)
        .send(Buffer.from(pdf));
    },
  );

  r.get(
    '/api/v1/dossier-register.xlsx',
    {
      schema: {
        tags,
        summary: 'Sổ theo dõi hồ sơ (Mẫu 07) của cơ quan tiếp nhận, Excel',
        querystring: Type.Object(
          {
            from: Type.String({ format: 'date-time' }),
            to: Type.String({ format: 'date-time' }),
            agency: Type.Optional(Type.String({ format: 'uuid', description: 'Default: the caller’s agency' })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { from, to, agency } = request.query;
      const xlsx = await dossierRegister(db(), callerOf(request), {
        from: new Date(from),
        to: new Date(to),
        ...(agency ? { agencyId: agency } : {}),
      });
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="so-theo-doi-ho-so.xlsx"')
        .send(Buffer.from(xlsx));
    },
  );
}
