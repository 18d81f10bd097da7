/**
 * /api/v1/dossiers/{code}/rating, /ratings/summary, /evaluations, /counters/{id}/session and
 * kiosk tokens: thin HTTP over service.ts. The kiosk's own routes are in kiosk-routes.tsx.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { anonymous, type Caller } from '../../platform/auth/caller.ts';
import { typed } from '../../platform/http/app.ts';
import * as S from './http-schemas.ts';
import { registerRatingPage } from './rating-page.tsx';
import {
  closeCounterSession,
  createKioskToken,
  getAgencyEvaluation,
  getRatingContext,
  openCounterSession,
  rateDossier,
  ratingSummary,
  revokeKioskToken,
  setEvaluationPoints,
} from './service.ts';

const tags = ['ratings'];
const security = [{ session: [] }];

/** Set by the auth plugin; read defensively so the module also runs without it (tests). */
function callerOf(request: FastifyRequest): Caller {
  return (request as { caller?: Caller | null }).caller ?? anonymous;
}

export async function ratingRoutes(app: FastifyInstance): Promise<void> {
  const t = typed(app);
  const db = () => app.deps.database.db;
  const ratingOptions = () => ({
    changeWindowDays: app.deps.config.ratingChangeWindowDays,
    linkSecret: app.deps.config.ratingLinkSecret,
  });

  t.post(
    '/api/v1/dossiers/:code/rating',
    {
      schema: {
        tags,
        security,
        summary: 'Đánh giá sự hài lòng về một hồ sơ đã trả kết quả (người nộp, hoặc đường dẫn SMS/Zalo)',
        params: S.CodeParams,
        body: S.RateBody,
        response: { 200: S.RatingView },
      },
    },
    async (request) => {
      const { body } = request;
      return rateDossier(
        db(),
        callerOf(request),
        {
          code: request.params.code,
          level: body.level,
          convenience: body.convenience ?? null,
          overall: body.overall ?? null,
          comment: body.comment ?? null,
          channel: body.channel,
          ...(body.token !== undefined ? { token: body.token } : {}),
        },
        ratingOptions(),
      );
    },
  );

  t.get(
    '/api/v1/dossiers/:code/rating',
    {
      schema: {
        tags,
        security,
        summary: 'Hồ sơ đã được đánh giá chưa, còn được đánh giá hoặc thay đổi không',
        params: S.CodeParams,
        querystring: S.RatingQuery,
        response: { 200: S.RatingContextView },
      },
    },
    async (request) =>
      getRatingContext(
        db(),
        callerOf(request),
        { code: request.params.code, ...(request.query.token ? { token: request.query.token } : {}) },
        ratingOptions(),
      ),
  );

  t.get(
    '/api/v1/ratings/summary',
    {
      schema: {
        tags,
        security,
        summary: 'Tỷ lệ hài lòng theo cán bộ, quầy hoặc cơ quan trong một quý',
        querystring: S.SummaryQuery,
        response: { 200: S.SummaryView },
      },
    },
    async (request) => ratingSummary(db(), callerOf(request), request.query),
  );

  t.get(
    '/api/v1/evaluations',
    {
      schema: {
        tags,
        security,
        summary: 'Đánh giá 9 tiêu chí, 18 điểm của cơ quan trong một quý (điểm tính từ dữ liệu, tự chấm, thẩm định)',
        querystring: S.EvaluationQuery,
        response: { 200: S.EvaluationView },
      },
    },
    async (request) =>
      getAgencyEvaluation(db(), callerOf(request), { agencyId: request.query.agency, quarter: request.query.quarter }),
  );

  t.put(
    '/api/v1/evaluations/:agencyId/:quarter/:criterion',
    {
      schema: {
        tags,
        security,
        summary: 'Ghi điểm tự chấm (quản trị cơ quan) hoặc điểm thẩm định (quản trị cấp tỉnh) của một tiêu chí',
        params: S.EvaluationParams,
        body: S.EvaluationBody,
        response: { 200: S.EvaluationView },
      },
    },
    async (request) => {
      const { agencyId, quarter, criterion } = request.params;
      const { self, appraised, note } = request.body;
      return setEvaluationPoints(db(), callerOf(request), {
        agencyId,
        quarter,
        criterion,
        ...(self !== undefined ? { self } : {}),
        ...(appraised !== undefined ? { appraised } : {}),
        ...(note !== undefined ? { note } : {}),
      });
    },
  );

  t.post(
    '/api/v1/counters/:id/session',
    {
      schema: {
        tags,
        security,
        summary: 'Cán bộ tiếp nhận bắt đầu ca làm việc tại quầy (máy đánh giá của quầy ghi nhận cho cán bộ này)',
        params: S.IdParams,
        response: { 200: S.SessionView },
      },
    },
    async (request) => openCounterSession(db(), callerOf(request), request.params.id),
  );

  t.delete(
    '/api/v1/counters/:id/session',
    {
      schema: { tags, security, summary: 'Cán bộ kết thúc ca làm việc tại quầy', params: S.IdParams },
    },
    async (request, reply) => {
      await closeCounterSession(db(), callerOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  t.post(
    '/api/v1/counters/:id/kiosk-tokens',
    {
      schema: {
        tags,
        security,
        summary: 'Cấp mã thiết bị cho máy tính bảng đánh giá tại quầy (quản trị trung tâm hoặc cấp tỉnh)',
        params: S.IdParams,
        body: S.KioskTokenBody,
        response: { 201: S.KioskTokenView },
      },
    },
    async (request, reply) => {
      const label = request.body.label;
      const created = await createKioskToken(db(), callerOf(request), {
        counterId: request.params.id,
        ...(label !== undefined ? { label } : {}),
      });
      return reply.status(201).send(created);
    },
  );

  t.delete(
    '/api/v1/kiosk-tokens/:id',
    { schema: { tags, security, summary: 'Thu hồi mã thiết bị đánh giá tại quầy', params: S.IdParams } },
    async (request, reply) => {
      await revokeKioskToken(db(), callerOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  await registerRatingPage(app);
}
