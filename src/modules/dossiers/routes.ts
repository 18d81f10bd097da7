/**
 * /api/v1/dossiers… and /api/v1/track/{code}: thin HTTP over the dossier service. Writes honour
 * `Idempotency-Key` (the same key twice returns the first answer). Files, slips and the
 * register are in routes-files.ts.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { typed } from '../../platform/http/app.ts';
import { actionRoutes } from './action-bodies.ts';
import { takeAction } from './actions.ts';
import type { DossierContext } from './context.ts';
import { callerOf, DossierRef } from './http-common.ts';
import { getDossier } from './queries.ts';
import { dossierFileRoutes } from './routes-files.ts';
import { searchDossiers } from './search.ts';
import { fileDossier, updateDraft } from './submit.ts';
import { trackDossier } from './tracking.ts';
import { DossierList, DossierStateSchema, DossierView, TrackingView } from './view-types.ts';

const tags = ['dossiers'];
const Headers = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 8,
      maxLength: 128,
      description: 'Client transaction id: the same key twice returns the first answer',
    }),
  ),
});

const Applicant = Type.Object(
  {
    type: Type.Enum(['citizen', 'business', 'agency', 'other']),
    fullName: Type.String({ minLength: 2, maxLength: 200 }),
    personalId: Type.Optional(Type.String({ maxLength: 20 })),
    phone: Type.Optional(Type.String({ maxLength: 20 })),
    email: Type.Optional(Type.String({ maxLength: 200, format: 'email' })),
    address: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
const FormData = Type.Record(
  Type.String({ maxLength: 80 }),
  Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean()]),
);
const Papers = Type.Array(
  Type.Object(
    { attachmentId: Type.String({ format: 'uuid' }), paperName: Type.Optional(Type.String({ maxLength: 1000 })) },
    { additionalProperties: false },
  ),
  {
    maxItems: 100,
    description:
      'Files staged with POST /api/v1/attachments, each as one of the papers; for a reusable paper, also a paper or issued result of one of the applicant’s earlier dossiers (copied). An online filing names every required paper.',
  },
);
const FileBody = Type.Object(
  {
    procedure: Type.String({ minLength: 1, maxLength: 80, description: 'Procedure id, national or local code' }),
    agencyId: Type.Optional(Type.String({ format: 'uuid', description: 'The implementing agency chosen' })),
    applicant: Applicant,
    formData: Type.Optional(FormData),
    papers: Type.Optional(Papers),
    submit: Type.Optional(Type.Boolean({ description: 'false: keep as a draft (citizens); default true' })),
    channel: Type.Optional(
      Type.Enum(['online', 'counter', 'post'], { description: 'Staff: counter (default) or post' }),
    ),
    outsideHoursReason: Type.Optional(
      Type.String({
        maxLength: 2000,
        description: 'Counter: why the papers are received outside the agency working time (recorded override)',
      }),
    ),
  },
  { additionalProperties: false },
);
const DraftBody = Type.Object(
  {
    agencyId: Type.Optional(Type.String({ format: 'uuid' })),
    applicant: Type.Optional(Applicant),
    formData: Type.Optional(FormData),
    papers: Type.Optional(Papers),
  },
  { additionalProperties: false },
);

export async function dossierRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const { config } = app.deps;
  const { blobs, publicUrl, signing } = app.deps.services;
  const db = () => app.deps.database.db;
  const ctx = (): DossierContext => ({
    provinceCode: config.provinceCode,
    publicUrl,
    blobs,
    ...(signing ? { signing } : {}),
    uploadMaxBytes: config.uploadMaxBytes,
    counterHours: config.counterOutsideHours,
    assuranceRequired: config.oidcIssuer !== undefined,
  });
  const transactionId = (request: FastifyRequest) => {
    const header = request.headers['idempotency-key'];
    return typeof header === 'string' && header.length >= 8 && header.length <= 128 ? header : randomUUID();
  };

  r.post(
    '/api/v1/dossiers',
    {
      schema: {
        tags,
        summary: 'Nộp hồ sơ (công dân trực tuyến, có thể lưu nháp; hoặc cán bộ tiếp nhận tại quầy: nộp và tiếp nhận)',
        headers: Headers,
        body: FileBody,
        response: { 201: DossierView },
      },
    },
    async (request, reply) => {
      const view = await fileDossier(
        db(),
        callerOf(request),
        request.body,
        { transactionId: transactionId(request) },
        ctx(),
      );
      return reply.status(201).send(view);
    },
  );

  r.put(
    '/api/v1/dossiers/:code',
    {
      schema: {
        tags,
        summary: 'Sửa hồ sơ nháp (công dân) trước khi nộp',
        params: Type.Object({ code: DossierRef }),
        headers: Headers,
        body: DraftBody,
        response: { 200: DossierView },
      },
    },
    async (request) =>
      updateDraft(
        db(),
        callerOf(request),
        request.params.code,
        request.body,
        { transactionId: transactionId(request) },
        ctx(),
      ),
  );

  r.get(
    '/api/v1/dossiers',
    {
      schema: {
        tags,
        summary:
          'Danh sách hồ sơ: của cơ quan (cán bộ: đang xử lý, khẩn nhất trước; đã kết thúc với finished=true; tìm kiếm với q) hoặc của tôi (công dân)',
        querystring: Type.Object(
          {
            state: Type.Optional(DossierStateSchema),
            dueSoon: Type.Optional(Type.Boolean()),
            overdue: Type.Optional(Type.Boolean()),
            procedureId: Type.Optional(Type.String({ format: 'uuid' })),
            agencyId: Type.Optional(Type.String({ format: 'uuid' })),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            q: Type.Optional(
              Type.String({
                maxLength: 100,
                description: 'Code, applicant name or id number (a staff search is audited)',
              }),
            ),
            finished: Type.Optional(Type.Boolean({ description: 'Staff: the finished dossiers, newest first' })),
            cursor: Type.Optional(
              Type.String({ maxLength: 400, description: 'Staff: the nextCursor of the previous page' }),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            offset: Type.Optional(
              Type.Integer({ minimum: 0, maximum: 10_000, description: "A citizen's own list; staff page by cursor" }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: DossierList },
      },
    },
    async (request) => {
      const { from, to, ...rest } = request.query;
      return searchDossiers(db(), callerOf(request), {
        ...rest,
        ...(from ? { from: new Date(from) } : {}),
        ...(to ? { to: new Date(to) } : {}),
      });
    },
  );

  r.get(
    '/api/v1/dossiers/:code',
    {
      schema: {
        tags,
        summary:
          'Một hồ sơ: trạng thái, các bước, diễn biến, thao tác được phép (cán bộ đọc thông tin cá nhân được ghi nhật ký)',
        params: Type.Object({ code: DossierRef }),
        response: { 200: DossierView },
      },
    },
    async (request) => getDossier(db(), callerOf(request), request.params.code),
  );

  for (const definition of actionRoutes) {
    r.post(
      `/api/v1/dossiers/:code/actions/${definition.type}`,
      {
        schema: {
          tags,
          summary: definition.summary,
          params: Type.Object({ code: DossierRef }),
          headers: Headers,
          body: definition.body,
          response: { 200: DossierView },
        },
        // Many actions carry nothing (receive, approve, …): an empty POST means {}.
        preValidation: async (request) => {
          if (request.body === undefined || request.body === null) request.body = {};
        },
      },
      async (request) => {
        const { action, signResult } = definition.parse(request.body);
        return takeAction(
          db(),
          callerOf(request),
          request.params.code,
          action,
          { transactionId: transactionId(request), signResult },
          ctx(),
        );
      },
    );
  }

  r.get(
    '/api/v1/track/:code',
    {
      schema: {
        tags,
        summary: 'Tra cứu hồ sơ bằng mã số và mã tra cứu trên giấy tiếp nhận (không có thông tin cá nhân)',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 60 }) }),
        querystring: Type.Object(
          { key: Type.String({ minLength: 1, maxLength: 40 }) },
          { additionalProperties: false },
        ),
        response: { 200: TrackingView },
      },
    },
    async (request) => trackDossier(db(), request.params.code, request.query.key),
  );

  await dossierFileRoutes(app, { blobs, ctx, db });
}
