/**
 * /api/v1/feedback… for province administrators and managers: the PAKN deadlines in force,
 * the Open311 client keys, and the indicators 5.1–5.3. Permission checks are in the services.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { anonymous, type Caller } from '../../platform/auth/caller.ts';
import { typed } from '../../platform/http/app.ts';
import type { FeedbackContext } from './core.ts';
import { RulesBody } from './http-schemas.ts';
import { feedbackIndicators } from './indicators.ts';
import { createOpen311Key, listOpen311Keys, revokeOpen311Key } from './open311-keys.ts';
import { getFeedbackRules, requireProvinceAdmin, saveFeedbackRules } from './settings.ts';

const tags = ['feedback'];
const callerOf = (request: FastifyRequest): Caller => (request as { caller?: Caller }).caller ?? anonymous;

export async function feedbackAdminRoutes(
  app: FastifyInstance,
  options: { context: () => FeedbackContext },
): Promise<void> {
  const r = typed(app);
  const db = () => app.deps.database.db;
  const province = () => options.context().provinceCode;

  r.get(
    '/api/v1/feedback/indicators',
    {
      schema: {
        tags,
        summary: 'Chỉ số 5.1–5.3 (QĐ 766) của tỉnh hoặc một cơ quan trong kỳ',
        querystring: Type.Object(
          {
            from: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
            to: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
            agencyId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const { from, to, agencyId } = request.query;
      return feedbackIndicators(db(), callerOf(request), {
        provinceCode: province(),
        from: new Date(`${from}T00:00:00+07:00`),
        to: new Date(`${to}T23:59:59.999+07:00`),
        agencyId,
      });
    },
  );

  r.get(
    '/api/v1/feedback/settings',
    { schema: { tags, summary: 'Thời hạn xử lý phản ánh, kiến nghị của tỉnh (quản trị viên)' } },
    async (request) => {
      await requireProvinceAdmin(db(), callerOf(request), province());
      return getFeedbackRules(db(), province());
    },
  );

  r.put(
    '/api/v1/feedback/settings',
    { schema: { tags, summary: 'Sửa thời hạn xử lý (có hiệu lực từ ngày)', body: RulesBody } },
    async (request) => {
      const { effectiveFrom, ...rules } = request.body;
      return saveFeedbackRules(db(), callerOf(request), { provinceCode: province(), effectiveFrom, rules });
    },
  );

  r.post(
    '/api/v1/feedback/open311-keys',
    {
      schema: {
        tags,
        summary: 'Cấp khóa API Open311 cho một ứng dụng (khóa chỉ hiện một lần)',
        body: Type.Object({ name: Type.String({ minLength: 2, maxLength: 200 }) }, { additionalProperties: false }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createOpen311Key(db(), callerOf(request), { provinceCode: province(), name: request.body.name })),
  );

  r.get('/api/v1/feedback/open311-keys', { schema: { tags, summary: 'Các khóa API Open311' } }, async (request) =>
    listOpen311Keys(db(), callerOf(request), province()),
  );

  r.post(
    '/api/v1/feedback/open311-keys/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Thu hồi khóa API Open311',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      },
    },
    async (request) => revokeOpen311Key(db(), callerOf(request), { provinceCode: province(), id: request.params.id }),
  );
}
