/**
 * /api/v1/dossiers…, /api/v1/track/{code}: thin HTTP over the dossier service.
 * POST /api/v1/dossiers honours `Idempotency-Key`; so do actions (the same key twice returns
 * the first answer).
 */
import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { anonymous, type Caller } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import { typed } from '../../platform/http/app.ts';
import { localBlobStore } from '../../platform/storage/index.ts';
import { addAttachment, attachmentSignatures, listAttachments, readAttachment } from './attachments.ts';
import { type DossierContext, fileDossier, takeAction } from './core.ts';
import { dossierRegister, dossierSlip, slipKinds } from './slip-service.ts';
import { type DossierAction, dossierStates } from './states.ts';
import { getDossier, listDossiers, trackDossier } from './views.ts';

const tags = ['dossiers'];
const callerOf = (request: FastifyRequest): Caller => (request as { caller?: Caller }).caller ?? anonymous;
const DossierCode = Type.String({ minLength: 10, maxLength: 40, pattern: '^[0-9A-Z.]+-\\d{6}-\\d{4,9}$' });
const IdempotencyKey = Type.Optional(
  Type.String({
    minLength: 8,
    maxLength: 128,
    description: 'Client transaction id: the same key twice returns the first answer',
  }),
);

const ApplicantBody = Type.Object(
  {
    type: Type.Union([
      Type.Literal('citizen'),
      Type.Literal('business'),
      Type.Literal('agency'),
      Type.Literal('other'),
    ]),
    fullName: Type.String({ minLength: 2, maxLength: 200 }),
    personalId: Type.Optional(Type.String({ maxLength: 20 })),
    phone: Type.Optional(Type.String({ maxLength: 20 })),
    email: Type.Optional(Type.String({ maxLength: 200, format: 'email' })),
    address: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

const FileBody = Type.Object(
  {
    procedure: Type.String({ minLength: 1, maxLength: 80, description: 'Procedure id, national or local code' }),
    agencyId: Type.Optional(Type.String({ format: 'uuid', description: 'The implementing agency chosen' })),
    applicant: ApplicantBody,
    formData: Type.Optional(
      Type.Record(
        Type.String({ maxLength: 80 }),
        Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean()]),
      ),
    ),
  },
  { additionalProperties: false },
);

const actionTypes = [
  'receive',
  'refuse_intake',
  'request_supplement',
  'supplement',
  'assign_step',
  'complete_step',
  'return_step',
  'transfer',
  'transfer_back',
  'request_payment',
  'record_payment',
  'apologise_extend',
  'stop',
  'withdraw',
  'approve',
  'deny',
  'attach_result',
  'deliver',
] as const;

const ActionBody = Type.Object(
  {
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    missingPapers: Type.Optional(
      Type.Array(
        Type.Object({
          paperId: Type.Optional(Type.String()),
          name: Type.String({ minLength: 1, maxLength: 500 }),
          reason: Type.String({ maxLength: 1000 }),
        }),
        { maxItems: 50 },
      ),
    ),
    attachmentIds: Type.Optional(Type.Array(Type.String({ maxLength: 80 }), { maxItems: 50 })),
    stepIndex: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
    assigneeId: Type.Optional(Type.String({ maxLength: 80 })),
    toAgencyId: Type.Optional(Type.String({ format: 'uuid' })),
    amount: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000_000 })),
    items: Type.Optional(
      Type.Array(Type.Object({ name: Type.String({ maxLength: 300 }), amount: Type.Integer({ minimum: 0 }) }), {
        maxItems: 20,
      }),
    ),
    method: Type.Optional(Type.Union([Type.Literal('online'), Type.Literal('cash'), Type.Literal('transfer')])),
    reference: Type.Optional(Type.String({ maxLength: 200 })),
    newDueAt: Type.Optional(Type.String({ format: 'date-time' })),
    electronic: Type.Optional(Type.Boolean()),
    channel: Type.Optional(Type.Union([Type.Literal('counter'), Type.Literal('post'), Type.Literal('electronic')])),
    trackingNumber: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
type ActionBody = Static<typeof ActionBody>;

/** Builds the state machine's action from the route's action name and body (the machine checks the rest). */
function toAction(type: (typeof actionTypes)[number], b: ActionBody): DossierAction {
  const reason = b.reason ?? '';
  switch (type) {
    case 'receive':
      return { type, dueAt: new Date(), steps: [] };
    case 'refuse_intake':
    case 'stop':
    case 'deny':
      return { type, reason };
    case 'withdraw':
      return { type, ...(b.reason ? { reason: b.reason } : {}) };
    case 'request_supplement':
      return { type, missingPapers: b.missingPapers ?? [], ...(b.note ? { note: b.note } : {}) };
    case 'supplement':
      return { type, attachmentIds: b.attachmentIds ?? [] };
    case 'assign_step':
      return { type, stepIndex: b.stepIndex ?? -1, assigneeId: b.assigneeId ?? '' };
    case 'complete_step':
      return { type, stepIndex: b.stepIndex ?? -1, ...(b.note ? { note: b.note } : {}) };
    case 'return_step':
      return { type, stepIndex: b.stepIndex ?? -1, reason };
    case 'transfer':
      return { type, toAgencyId: b.toAgencyId ?? '', reason };
    case 'transfer_back':
      return { type };
    case 'request_payment':
      return { type, amount: b.amount ?? 0, items: b.items ?? [] };
    case 'record_payment':
      return { type, amount: b.amount ?? 0, method: b.method ?? 'cash', reference: b.reference ?? '' };
    case 'apologise_extend':
      return { type, reason, newDueAt: new Date(b.newDueAt ?? Number.NaN) };
    case 'approve':
      return { type };
    case 'attach_result':
      return { type, attachmentIds: b.attachmentIds ?? [], electronic: b.electronic ?? false };
    case 'deliver':
      return {
        type,
        channel: b.channel ?? 'counter',
        ...(b.trackingNumber ? { trackingNumber: b.trackingNumber } : {}),
      };
  }
}

export async function dossierRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const blobs = localBlobStore(app.deps.config.blobDir);
  const maxBytes = app.deps.config.uploadMaxBytes;
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 12 } });
  const db = () => app.deps.database.db;
  const ctx = (): DossierContext => ({
    provinceCode: app.deps.config.provinceCode,
    publicUrl: app.deps.config.publicUrl ?? `http://localhost:${app.deps.config.port}`,
  });
  const keyOf = (request: FastifyRequest) => {
    const header = request.headers['idempotency-key'];
    return typeof header === 'string' && header.length >= 8 && header.length <= 128 ? header : randomUUID();
  };

  r.post(
    '/api/v1/dossiers',
    {
      schema: {
        tags,
        summary: 'Nộp hồ sơ (công dân trực tuyến, hoặc cán bộ tiếp nhận tại quầy)',
        headers: Type.Object({ 'idempotency-key': IdempotencyKey }),
        body: FileBody,
      },
    },
    async (request, reply) => {
      const view = await fileDossier(db(), callerOf(request), request.body, { transactionId: keyOf(request) }, ctx());
      return reply.status(201).send(view);
    },
  );

  r.get(
    '/api/v1/dossiers',
    {
      schema: {
        tags,
        summary: 'Danh sách hồ sơ: của cơ quan (cán bộ) hoặc của tôi (công dân), khẩn nhất trước',
        querystring: Type.Object(
          {
            state: Type.Optional(Type.Union(dossierStates.map((s) => Type.Literal(s)))),
            dueSoon: Type.Optional(Type.Boolean()),
            overdue: Type.Optional(Type.Boolean()),
            procedureId: Type.Optional(Type.String({ format: 'uuid' })),
            agencyId: Type.Optional(Type.String({ format: 'uuid' })),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const q = request.query;
      return listDossiers(db(), callerOf(request), {
        ...(q.state ? { state: q.state } : {}),
        ...(q.dueSoon !== undefined ? { dueSoon: q.dueSoon } : {}),
        ...(q.overdue !== undefined ? { overdue: q.overdue } : {}),
        ...(q.procedureId ? { procedureId: q.procedureId } : {}),
        ...(q.agencyId ? { agencyId: q.agencyId } : {}),
        ...(q.from ? { from: new Date(q.from) } : {}),
        ...(q.to ? { to: new Date(q.to) } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
        ...(q.offset ? { offset: q.offset } : {}),
      });
    },
  );

  r.get(
    '/api/v1/dossiers/:code',
    {
      schema: {
        tags,
        summary: 'Một hồ sơ (đọc thông tin cá nhân được ghi nhật ký)',
        params: Type.Object({ code: DossierCode }),
      },
    },
    async (request) => getDossier(db(), callerOf(request), request.params.code),
  );

  r.post(
    '/api/v1/dossiers/:code/actions/:action',
    {
      schema: {
        tags,
        summary: 'Thực hiện một thao tác trên hồ sơ (tiếp nhận, yêu cầu bổ sung, chuyển bước, phê duyệt, trả kết quả…)',
        params: Type.Object({ code: DossierCode, action: Type.Union(actionTypes.map((a) => Type.Literal(a))) }),
        headers: Type.Object({ 'idempotency-key': IdempotencyKey }),
        body: ActionBody,
      },
      // Most actions need no body (receive, approve, …): an empty POST means {}.
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
    },
    async (request) => {
      const action = toAction(request.params.action, request.body);
      if (action.type === 'apologise_extend' && Number.isNaN(action.newDueAt.getTime())) {
        throw new DomainError('VALIDATION_FAILED', {
          fields: [{ field: 'newDueAt', message: 'Vui lòng nhập ngày hẹn trả mới.' }],
        });
      }
      return takeAction(db(), callerOf(request), request.params.code, action, { transactionId: keyOf(request) }, ctx());
    },
  );

  r.get(
    '/api/v1/dossiers/:code/slips/:kind.pdf',
    {
      schema: {
        tags,
        summary:
          'Phiếu của hồ sơ (PDF): receipt (Mẫu 01), supplement-request (02), intake-refusal (03), apology (04), stop-notice (05), control-sheet (06); ?signed=true để ký số',
        params: Type.Object({ code: DossierCode, kind: Type.Union(slipKinds.map((k) => Type.Literal(k))) }),
        querystring: Type.Object({ signed: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const pdf = await dossierSlip(db(), callerOf(request), request.params.code, request.params.kind, {
        signed: request.query.signed ?? false,
        publicUrl: ctx().publicUrl ?? '',
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${request.params.kind}-${request.params.code}.pdf"`)
        .send(Buffer.from(pdf));
    },
  );

  r.post(
    '/api/v1/dossiers/:code/attachments',
    {
      schema: {
        tags,
        summary:
          'Đính kèm tệp (giấy tờ hoặc kết quả) — multipart: file, kind=paper|result, paperName, sign=true để ký số kết quả PDF',
        params: Type.Object({ code: DossierCode }),
        consumes: ['multipart/form-data'],
      },
      // Files are posted by scripts and by pages: pages put the CSRF token in the query string.
    },
    async (request, reply) => {
      const file = await request.file();
      if (!file)
        throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'file', message: 'Vui lòng chọn tệp.' }] });
      const bytes = new Uint8Array(await file.toBuffer());
      const field = (name: string) => {
        const f = file.fields[name];
        const one = Array.isArray(f) ? f[0] : f;
        return one && 'value' in one && typeof one.value === 'string' ? one.value : undefined;
      };
      const kind = field('kind') === 'result' ? 'result' : 'paper';
      const paperName = field('paperName');
      const created = await addAttachment(
        db(),
        blobs,
        callerOf(request),
        request.params.code,
        { kind, fileName: file.filename, bytes, sign: field('sign') === 'true', ...(paperName ? { paperName } : {}) },
        { maxBytes },
      );
      return reply.status(201).send(created);
    },
  );

  r.get(
    '/api/v1/dossiers/:code/attachments',
    { schema: { tags, summary: 'Các tệp đính kèm của hồ sơ', params: Type.Object({ code: DossierCode }) } },
    async (request) => listAttachments(db(), callerOf(request), request.params.code),
  );

  r.get(
    '/api/v1/dossiers/:code/attachments/:id',
    {
      schema: {
        tags,
        summary: 'Tải một tệp đính kèm',
        params: Type.Object({ code: DossierCode, id: Type.String({ format: 'uuid' }) }),
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
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(meta.fileName)}`)
        .send(Buffer.from(bytes));
    },
  );

  r.get(
    '/api/v1/dossiers/:code/attachments/:id/signatures',
    {
      schema: {
        tags,
        summary: 'Kiểm tra chữ ký số của tệp PDF: người ký, thời điểm ký, toàn vẹn',
        params: Type.Object({ code: DossierCode, id: Type.String({ format: 'uuid' }) }),
      },
    },
    async (request) => attachmentSignatures(db(), blobs, callerOf(request), request.params.code, request.params.id),
  );

  r.get(
    '/api/v1/dossier-register.xlsx',
    {
      schema: {
        tags,
        summary: 'Sổ theo dõi hồ sơ (Mẫu 07) của cơ quan tiếp nhận, Excel',
        querystring: Type.Object(
          { from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const xlsx = await dossierRegister(db(), callerOf(request), {
        from: new Date(request.query.from),
        to: new Date(request.query.to),
      });
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="so-theo-doi-ho-so.xlsx"')
        .send(Buffer.from(xlsx));
    },
  );

  r.get(
    '/api/v1/track/:code',
    {
      schema: {
        tags,
        summary: 'Tra cứu hồ sơ bằng mã số và mã tra cứu trên giấy tiếp nhận (không có thông tin cá nhân)',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 60 }) }),
        querystring: Type.Object(
          { key: Type.String({ minLength: 1, maxLength: 20 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => trackDossier(db(), request.params.code, request.query.key),
  );
}
