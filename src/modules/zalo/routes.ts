/**
 * `POST /webhooks/zalo`: the Zalo OA webhook (DOMAIN.md §7.1). Checks `X-ZEvent-Signature`
 * over the exact bytes received (401 when it is missing or wrong), drops replays (timestamp
 * window and message id), stores the event in the outbox in one transaction with its replay
 * key and answers 200 at once; src/jobs.ts hands `zalo.event` messages to the chat.
 */
import type { FastifyInstance } from 'fastify';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import { enqueue } from '../../platform/notify/index.ts';
import { verifyZaloSignature, ZaloReplayGuard, zaloEventKey } from '../../platform/notify/zalo/signature.ts';

registerErrors({
  ZALO_WEBHOOK_DISABLED: { status: 404, vi: 'Kênh Zalo OA chưa được cấu hình trên hệ thống này.' },
  ZALO_SIGNATURE_INVALID: { status: 401, vi: 'Chữ ký X-ZEvent-Signature không có hoặc không đúng.' },
});

/** Zalo's events are small; anything larger is not from Zalo. */
const WEBHOOK_BODY_LIMIT = 64 * 1024;

export async function zaloWebhookRoutes(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    // The signature covers the raw bytes: keep them, parse later.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
    scope.post(
      '/webhooks/zalo',
      {
        bodyLimit: WEBHOOK_BODY_LIMIT,
        schema: {
          tags: ['zalo'],
          summary: 'Sự kiện từ Zalo Official Account (webhook, có chữ ký X-ZEvent-Signature)',
        },
      },
      async (request, reply) => {
        const { config, database } = app.deps;
        if (!config.zaloAppId || !config.zaloOaSecretKey) throw new DomainError('ZALO_WEBHOOK_DISABLED');
        const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const header = request.headers['x-zevent-signature'];
        const checked = verifyZaloSignature({
          rawBody,
          header: Array.isArray(header) ? header[0] : header,
          appId: config.zaloAppId,
          oaSecretKey: config.zaloOaSecretKey,
        });
        if (!checked.ok) {
          request.log.warn({ reason: checked.reason }, 'zalo webhook signature refused');
          throw new DomainError('ZALO_SIGNATURE_INVALID', { reason: checked.reason });
        }
        const event = checked.event;
        const accepted = await database.db.transaction(async (tx) => {
          const replay = await new ZaloReplayGuard(tx).check(event);
          if (!replay.ok) return replay.reason;
          await enqueue(tx, {
            provinceCode: config.provinceCode,
            channel: 'event',
            topic: 'zalo.event',
            payload: event,
            dedupeKey: `zalo-event:${zaloEventKey(event)}`,
          });
          return 'accepted';
        });
        if (accepted !== 'accepted') request.log.info({ reason: accepted }, 'zalo webhook event dropped');
        // Zalo retries anything but 200: a replay is answered 200 too, and dropped.
        return reply
          .status(200)
          .send({ error: 0, message: accepted === 'accepted' ? 'Success' : `Ignored: ${accepted}` });
      },
    );
  });
}
