/**
 * The counter kiosk over HTTP, without sign-in: the tablet proves itself with its counter's
 * kiosk token — in the page URL (`/kiosk/{counterId}?token=…`), as a hidden field of the plain
 * form, and as the `X-Kiosk-Token` header of the JSON API the kiosk script uses.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DomainError } from '../../platform/errors.ts';
import { typed } from '../../platform/http/app.ts';
import * as S from './http-schemas.ts';
import { authenticateKiosk, kioskPagePath, kioskStatus, rateAtKiosk } from './kiosk.ts';
import { KioskErrorPage, KioskPage, KioskThanksPage, kioskAssets, renderKiosk } from './kiosk-page.tsx';

const tags = ['ratings'];

function sendHtml(reply: FastifyReply, html: string, status = 200) {
  // The page holds the kiosk token and a CSRF token: never cached by anyone.
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

export async function kioskRoutes(app: FastifyInstance): Promise<void> {
  const t = typed(app);
  const db = () => app.deps.database.db;

  for (const asset of Object.values(kioskAssets)) {
    app.get(asset.path, { schema: { hide: true } }, async (request, reply) => {
      const versioned = (request.query as Record<string, unknown>).v === asset.version;
      return reply
        .type(asset.type)
        .header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
        .header('etag', `"${asset.version}"`)
        .send(asset.body);
    });
  }

  const errorPage = (reply: FastifyReply, err: unknown) => {
    if (!(err instanceof DomainError)) throw err;
    return sendHtml(reply, renderKiosk(<KioskErrorPage message={err.message} />), err.status);
  };

  t.get(
    '/kiosk/:counterId',
    {
      schema: { hide: true, params: S.CounterParams, querystring: S.KioskPageQuery },
    },
    async (request, reply) => {
      const { token } = request.query;
      try {
        const kiosk = await authenticateKiosk(db(), request.params.counterId, token);
        const status = await kioskStatus(db(), kiosk);
        const page = (
          <KioskPage status={status} token={token ?? ''} csrf={reply.generateCsrf()} clientId={randomUUID()} />
        );
        return sendHtml(reply, renderKiosk(page));
      } catch (err) {
        return errorPage(reply, err);
      }
    },
  );

  // The plain form (no script): CSRF is checked by the platform for every form post.
  t.post(
    '/kiosk/:counterId',
    { schema: { hide: true, params: S.CounterParams, body: S.KioskForm } },
    async (request, reply) => {
      const { counterId } = request.params;
      const body = request.body;
      try {
        const kiosk = await authenticateKiosk(db(), counterId, body.token);
        await rateAtKiosk(db(), kiosk, {
          level: body.level,
          comment: body.comment ?? null,
          clientId: body.clientId,
          ratedAt: new Date(),
        }).catch((err: unknown) => {
          // A second tap on another button before the page changed: the first answer stands.
          if (err instanceof DomainError && err.code === 'IDEMPOTENCY_KEY_REUSED') return null;
          throw err;
        });
        const status = await kioskStatus(db(), kiosk);
        const backTo = kioskPagePath(counterId, body.token);
        return sendHtml(reply, renderKiosk(<KioskThanksPage status={status} backTo={backTo} />));
      } catch (err) {
        return errorPage(reply, err);
      }
    },
  );

  t.post(
    '/api/v1/kiosk/:counterId/ratings',
    {
      schema: {
        tags,
        summary:
          'Máy đánh giá tại quầy gửi một đánh giá (mã thiết bị trong tiêu đề X-Kiosk-Token; gửi lại cùng clientId không tạo bản ghi mới)',
        params: S.CounterParams,
        headers: S.KioskHeaders,
        body: S.KioskRatingBody,
        response: { 200: S.KioskRatingView, 201: S.KioskRatingView },
      },
    },
    async (request, reply) => {
      const kiosk = await authenticateKiosk(db(), request.params.counterId, request.headers['x-kiosk-token']);
      const { body } = request;
      const result = await rateAtKiosk(db(), kiosk, {
        level: body.level,
        comment: body.comment ?? null,
        clientId: body.clientId,
        ratedAt: new Date(body.ratedAt),
      });
      return reply.status(result.duplicate ? 200 : 201).send(result);
    },
  );

  t.get(
    '/api/v1/kiosk/:counterId',
    {
      schema: {
        tags,
        summary: 'Quầy và cán bộ đang nhận ca, cho màn hình máy đánh giá (tiêu đề X-Kiosk-Token)',
        params: S.CounterParams,
        headers: S.KioskHeaders,
        response: { 200: S.KioskStatusView },
      },
    },
    async (request) => {
      const kiosk = await authenticateKiosk(db(), request.params.counterId, request.headers['x-kiosk-token']);
      return kioskStatus(db(), kiosk);
    },
  );
}
