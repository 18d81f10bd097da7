/**
 * /api/v1/feedback…: thin HTTP over the feedback use-cases (TypeBox schemas in
 * http-schemas.ts). Writes honour `Idempotency-Key`: the same key twice returns the first
 * answer. The public pages are in pages.tsx, Open311 in open311.ts.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { anonymous, type Caller } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import { typed } from '../../platform/http/app.ts';
import type { BlobStore } from '../../platform/storage/index.ts';
import { takeFeedbackAction } from './actions.ts';
import { feedbackAdminRoutes } from './admin-routes.ts';
import { feedbackCategories, suggestCategory } from './categories.ts';
import type { FeedbackContext } from './core.ts';
import { listHotlineCalls, logHotlineCall } from './hotline.ts';
import {
  ActionBody,
  ActionParams,
  FeedbackBody,
  FeedbackCode,
  HotlineCallBody,
  IdempotencyKey,
  ListQuery,
  PublishedQuery,
  toAction,
} from './http-schemas.ts';
import { type SubmitFeedbackInput, submitFeedback } from './intake.ts';
import { storePhoto } from './photos.ts';
import { getPublishedAnswer, listPublishedAnswers, rateAnswer } from './public.ts';
import type { FeedbackChannel } from './schema.ts';
import { getFeedback, listFeedback } from './views.ts';

const tags = ['feedback'];
const callerOf = (request: FastifyRequest): Caller => (request as { caller?: Caller }).caller ?? anonymous;
const headers = Type.Object({ 'idempotency-key': IdempotencyKey });

const keyOf = (request: FastifyRequest) => {
  const header = request.headers['idempotency-key'];
  return typeof header === 'string' && header.length >= 8 && header.length <= 128 ? header : randomUUID();
};

/** The service input from a form body; photos must be blobs already uploaded. */
async function inputOf(blobs: BlobStore, channel: FeedbackChannel, b: FeedbackBody): Promise<SubmitFeedbackInput> {
  for (const key of b.photos ?? []) {
    if (!(await blobs.has(key))) {
      throw new DomainError('VALIDATION_FAILED', {
        fields: [{ field: 'photos', message: 'Ảnh đính kèm chưa được tải lên. Vui lòng tải lại ảnh.' }],
      });
    }
  }
  return {
    channel,
    kind: b.kind,
    classification: b.classification,
    categoryCode: b.categoryCode,
    subject: b.subject,
    content: b.content,
    dossierCode: b.dossierCode,
    place: b.place,
    attachments: (b.photos ?? []).map((key) => ({ kind: 'blob' as const, key })),
    sender: b.sender ?? {},
    official: b.official,
    agencyId: b.agencyId,
  };
}

export interface FeedbackRouteOptions {
  blobs?: BlobStore;
  context?: () => FeedbackContext;
}

export async function feedbackRoutes(app: FastifyInstance, options: FeedbackRouteOptions = {}): Promise<void> {
  const r = typed(app);
  const db = () => app.deps.database.db;
  const blobs = options.blobs ?? app.deps.services.blobs;
  const maxBytes = app.deps.config.uploadMaxBytes;
  const ctx =
    options.context ??
    (() => ({
      provinceCode: app.deps.config.provinceCode,
      publicUrl: app.deps.services.publicUrl,
    }));
  const province = () => ctx().provinceCode;

  r.get('/api/v1/feedback/categories', { schema: { tags, summary: 'Nhóm nội dung phản ánh, kiến nghị' } }, async () =>
    feedbackCategories().map(({ code, name, description, group, classification }) => ({
      code,
      name,
      description,
      group,
      classification,
    })),
  );

  // The form's script asks as the sender types (issue 13.8); the rule is suggestCategory's, the one
  // the form applies when the sender leaves the category empty.
  r.get(
    '/api/v1/feedback/categories/suggest',
    {
      schema: {
        tags,
        summary: 'Gợi ý nhóm nội dung theo lời người gửi (người gửi vẫn đổi được)',
        querystring: Type.Object({ text: Type.String({ maxLength: 2000 }) }),
      },
    },
    async (request) => {
      const c = suggestCategory(request.query.text);
      return { code: c?.code ?? null, name: c?.name ?? null };
    },
  );

  r.post(
    '/api/v1/feedback',
    { schema: { tags, summary: 'Gửi phản ánh, kiến nghị từ cổng dịch vụ công', headers, body: FeedbackBody } },
    async (request, reply) => {
      const input = await inputOf(blobs, 'portal', request.body);
      const receipt = await submitFeedback(db(), callerOf(request), input, { transactionId: keyOf(request) }, ctx());
      return reply.status(201).send(receipt);
    },
  );

  r.post(
    '/api/v1/feedback/letters',
    { schema: { tags, summary: 'Cán bộ nhập phản ánh, kiến nghị gửi bằng văn bản giấy', headers, body: FeedbackBody } },
    async (request, reply) => {
      const input = await inputOf(blobs, 'letter', request.body);
      const receipt = await submitFeedback(db(), callerOf(request), input, { transactionId: keyOf(request) }, ctx());
      return reply.status(201).send(receipt);
    },
  );

  // Photos come as the raw image body (image/jpeg, image/png or image/webp), in their own scope
  // so the image parsers apply to this route only. Stored without metadata (photos.ts).
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      ['image/jpeg', 'image/png', 'image/webp'],
      { parseAs: 'buffer', bodyLimit: maxBytes },
      (_req, body, done) => done(null, body),
    );
    typed(scope).post(
      '/api/v1/feedback/photos',
      {
        schema: {
          tags,
          summary: 'Tải ảnh cho phản ánh (thân yêu cầu là ảnh JPEG, PNG hoặc WebP)',
          consumes: ['image/jpeg', 'image/png', 'image/webp'],
          querystring: Type.Object({
            keepLocation: Type.Optional(
              Type.Boolean({ description: 'Người gửi đồng ý giữ vị trí chụp (GPS) trong ảnh; mặc định xóa' }),
            ),
          }),
        },
      },
      async (request, reply) => {
        const body = request.body;
        const bytes = body instanceof Uint8Array ? body : new Uint8Array();
        const photo = await storePhoto(blobs, bytes, { maxBytes, keepLocation: request.query.keepLocation === true });
        return reply.status(201).send({
          key: photo.key,
          mime: photo.mime,
          size: photo.size,
          locationKept: photo.locationKept,
        });
      },
    );
  });

  r.post(
    '/api/v1/feedback/hotline-calls',
    {
      schema: {
        tags,
        summary: 'Tổng đài: ghi cuộc gọi (trả lời ngay, hoặc tạo phản ánh)',
        headers,
        body: HotlineCallBody,
      },
    },
    async (request, reply) => {
      const b = request.body;
      const input =
        b.outcome === 'answered'
          ? b
          : { outcome: b.outcome, callerPhone: b.callerPhone, feedback: await inputOf(blobs, 'hotline', b.feedback) };
      const view = await logHotlineCall(db(), callerOf(request), input, { transactionId: keyOf(request) }, ctx());
      return reply.status(201).send(view);
    },
  );

  r.get(
    '/api/v1/feedback/hotline-calls',
    {
      schema: {
        tags,
        summary: 'Tổng đài: các cuộc gọi gần đây',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
      },
    },
    async (request) =>
      listHotlineCalls(db(), callerOf(request), { provinceCode: province(), limit: request.query.limit }),
  );

  r.get(
    '/api/v1/feedback',
    {
      schema: {
        tags,
        summary: 'Phản ánh, kiến nghị của cơ quan (cán bộ) hoặc của tôi (công dân)',
        querystring: ListQuery,
      },
    },
    async (request) => listFeedback(db(), callerOf(request), { provinceCode: province(), ...request.query }),
  );

  r.get(
    '/api/v1/feedback/published',
    {
      schema: { tags, summary: 'Các câu trả lời đã công khai (đã che thông tin cá nhân)', querystring: PublishedQuery },
    },
    async (request) => listPublishedAnswers(db(), { provinceCode: province(), ...request.query }),
  );

  r.get(
    '/api/v1/feedback/published/:code',
    { schema: { tags, summary: 'Một câu trả lời đã công khai', params: Type.Object({ code: FeedbackCode }) } },
    async (request) => getPublishedAnswer(db(), province(), request.params.code),
  );

  await feedbackAdminRoutes(app, { context: ctx });

  r.get(
    '/api/v1/feedback/:code',
    {
      schema: {
        tags,
        summary:
          'Một phản ánh, kiến nghị (cán bộ: việc đọc thông tin cá nhân được ghi nhật ký; người gửi: ?key=mã tra cứu)',
        params: Type.Object({ code: FeedbackCode }),
        querystring: Type.Object(
          { key: Type.Optional(Type.String({ maxLength: 20 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) =>
      getFeedback(db(), callerOf(request), province(), request.params.code, { trackingKey: request.query.key }),
  );

  r.post(
    '/api/v1/feedback/:code/actions/:action',
    {
      schema: {
        tags,
        summary:
          'Xử lý: accept, refuse, request_info, supply_info, answer, publish, transfer, reassign, reopen, merge, link',
        params: ActionParams,
        headers,
        body: ActionBody,
      },
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
    },
    async (request) => {
      const { code, action } = request.params;
      return takeFeedbackAction(
        db(),
        callerOf(request),
        code,
        toAction(action, request.body),
        { transactionId: keyOf(request), trackingKey: request.body.trackingKey },
        ctx(),
      );
    },
  );

  r.post(
    '/api/v1/feedback/:code/reactions',
    {
      schema: {
        tags,
        summary: 'Hài lòng / không hài lòng với câu trả lời đã công khai (một lần)',
        params: Type.Object({ code: FeedbackCode }),
        body: Type.Object(
          {
            reaction: Type.Union([Type.Literal('like'), Type.Literal('dislike')]),
            trackingKey: Type.Optional(Type.String({ maxLength: 20 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) =>
      rateAnswer(db(), callerOf(request), {
        provinceCode: province(),
        code: request.params.code,
        reaction: request.body.reaction,
        trackingKey: request.body.trackingKey,
      }),
  );
}
