/**
 * /open311/v2: Open311 GeoReport v2 (discovery, services, service definitions, POST and GET
 * requests) and mySociety's servicerequestupdates, each as `.json` or `.xml`. Errors leave
 * as the spec's list of `{code, description}` with the matching HTTP status, in the format
 * the URL asked for. The routes live in their own Fastify scope so that this error shape
 * does not leak into the rest of the API.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, errorEntry } from '../../platform/errors.ts';
import { isDatabaseOutage, OUTAGE_RETRY_AFTER_SECONDS } from '../../platform/http/errors.ts';
import { feedbackCategories, findCategory } from './categories.ts';
import type { FeedbackContext } from './core.ts';
import './errors.ts';
import {
  definitionDocument,
  discoveryDocument,
  errorsXml,
  listXml,
  type Open311Error,
  type Open311Format,
  serviceOf,
} from './open311-format.ts';
import {
  getServiceRequest,
  type Open311Params,
  postServiceRequest,
  queryServiceRequests,
  serviceRequestUpdates,
} from './open311-service.ts';

const tags = ['feedback'];
const CHANGESET = '2026-11-22T00:00:00+07:00';

function formatOf(request: FastifyRequest): Open311Format {
  const fromParam = (request.params as { format?: string } | undefined)?.format;
  if (fromParam === 'json' || fromParam === 'xml') return fromParam;
  return /\.json(\?|$)/.test(request.url) ? 'json' : 'xml';
}

function requireFormat(request: FastifyRequest): Open311Format {
  const f = (request.params as { format?: string }).format;
  if (f !== 'json' && f !== 'xml') throw new DomainError('OPEN311_FORMAT_UNKNOWN', { format: f });
  return f;
}

function sendDocument(reply: FastifyReply, format: Open311Format, doc: string | object, status = 200) {
  if (format === 'json') return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(doc));
  return reply.status(status).type('text/xml; charset=utf-8').send(doc);
}

function sendList(reply: FastifyReply, format: Open311Format, root: string, item: string, items: readonly object[]) {
  return sendDocument(reply, format, format === 'json' ? items : listXml(root, item, items));
}

function sendErrors(reply: FastifyReply, format: Open311Format, status: number, errors: Open311Error[]) {
  return sendDocument(reply, format, format === 'json' ? errors : errorsXml(errors), status);
}

/** Query and form fields as single strings (a repeated field keeps its first value). */
function paramsOf(source: unknown): Open311Params {
  const out: Open311Params = {};
  if (typeof source !== 'object' || source === null) return out;
  for (const [key, value] of Object.entries(source)) {
    const one = Array.isArray(value) ? value[0] : value;
    if (typeof one === 'string' || typeof one === 'number' || typeof one === 'boolean') out[key] = String(one);
  }
  return out;
}

function errorOf(error: unknown): { status: number; description: string } {
  if (error instanceof DomainError) return { status: error.status, description: error.message };
  const e = error as { statusCode?: number; validation?: unknown };
  if (e.validation) return { status: 400, description: 'Tham số không hợp lệ.' };
  if (e.statusCode === 429)
    return { status: 429, description: 'Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.' };
  if (e.statusCode === 415)
    return { status: 415, description: 'Yêu cầu phải gửi dạng application/x-www-form-urlencoded.' };
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500)
    return { status: e.statusCode, description: 'Yêu cầu không hợp lệ.' };
  return { status: 500, description: 'Hệ thống gặp sự cố. Vui lòng thử lại sau.' };
}

export interface Open311Options {
  /** Defaults from the app's configuration. */
  context?: () => FeedbackContext;
}

export async function open311Routes(app: FastifyInstance, options: Open311Options = {}): Promise<void> {
  const ctx =
    options.context ??
    (() => ({
      provinceCode: app.deps.config.provinceCode,
      publicUrl: app.deps.services.publicUrl,
    }));
  const db = () => app.deps.database.db;
  await app.register(
    async (o) => {
      o.setErrorHandler((error, request, reply) => {
        if (isDatabaseOutage(error)) reply.header('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
        const { status, description } = isDatabaseOutage(error)
          ? { status: 503, description: errorEntry('SERVICE_UNAVAILABLE')?.vi ?? 'Service unavailable' }
          : errorOf(error);
        if (status >= 500) request.log.error({ err: error }, 'open311 failure');
        return sendErrors(reply, formatOf(request), status, [{ code: status, description }]);
      });
      o.setNotFoundHandler((request, reply) =>
        sendErrors(reply, formatOf(request), 404, [{ code: 404, description: 'Không có tài nguyên Open311 này.' }]),
      );

      o.get(
        '/discovery.:format',
        { schema: { tags, summary: 'Open311: service discovery' } },
        async (request, reply) => {
          const format = requireFormat(request);
          const base = `${ctx().publicUrl ?? ''}/open311/v2`;
          const doc = discoveryDocument(
            {
              baseUrl: base,
              changeset: CHANGESET,
              contact:
                'Trung tâm Phục vụ hành chính công tỉnh; phản ánh, kiến nghị qua cổng dịch vụ công hoặc tổng đài.',
              keyService: 'Khóa API (api_key) do quản trị viên cấp tỉnh cấp cho từng ứng dụng.',
            },
            format,
          );
          return sendDocument(reply, format, doc);
        },
      );

      o.get(
        '/services.:format',
        { schema: { tags, summary: 'Open311: danh sách nhóm nội dung (services)' } },
        async (request, reply) =>
          sendList(reply, requireFormat(request), 'services', 'service', feedbackCategories().map(serviceOf)),
      );

      o.get(
        '/services/:code.:format',
        { schema: { tags, summary: 'Open311: định nghĩa dịch vụ (attributes)' } },
        async (request, reply) => {
          const format = requireFormat(request);
          const { code } = request.params as { code: string };
          if (!findCategory(code)) throw new DomainError('OPEN311_SERVICE_NOT_FOUND', { service_code: code });
          return sendDocument(reply, format, definitionDocument(code, format));
        },
      );

      o.post(
        '/requests.:format',
        {
          schema: { tags, summary: 'Open311: gửi phản ánh, kiến nghị (form-encoded, cần api_key)' },
        },
        async (request, reply) => {
          const format = requireFormat(request);
          const header = request.headers['idempotency-key'];
          const transactionId =
            typeof header === 'string' && header.length >= 8 && header.length <= 128 ? header : randomUUID();
          const created = await postServiceRequest(db(), paramsOf(request.body), { transactionId }, ctx());
          return sendList(reply, format, 'service_requests', 'request', created);
        },
      );

      o.get(
        '/requests.:format',
        { schema: { tags, summary: 'Open311: tra cứu các yêu cầu' } },
        async (request, reply) => {
          const format = requireFormat(request);
          const items = await queryServiceRequests(db(), ctx().provinceCode, paramsOf(request.query), new Date());
          return sendList(reply, format, 'service_requests', 'request', items);
        },
      );

      o.get('/requests/:id.:format', { schema: { tags, summary: 'Open311: một yêu cầu' } }, async (request, reply) => {
        const format = requireFormat(request);
        const { id } = request.params as { id: string };
        const items = await getServiceRequest(db(), ctx().provinceCode, id, paramsOf(request.query));
        return sendList(reply, format, 'service_requests', 'request', items);
      });

      o.get(
        '/servicerequestupdates.:format',
        { schema: { tags, summary: 'Open311 (mySociety): các thay đổi trạng thái' } },
        async (request, reply) => {
          const format = requireFormat(request);
          const updates = await serviceRequestUpdates(db(), ctx().provinceCode, paramsOf(request.query), new Date());
          return sendList(reply, format, 'service_request_updates', 'request_update', updates);
        },
      );
    },
    { prefix: '/open311/v2' },
  );
}
