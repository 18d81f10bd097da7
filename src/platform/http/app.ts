/**
 * The Fastify app factory: security headers, cookies, forms, rate limits, CSRF on every
 * state change, hostile text refused at the edge, request ids, one error mapper, logs without
 * values, health and metrics, OpenAPI. Modules add their routes to the app this returns (see
 * src/app.ts); the platform knows no module. Threat model: docs/security.md.
 */
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { Type } from 'typebox';
import type { Config } from '../config.ts';
import { runInContext } from '../context/index.ts';
import type { DbHandle } from '../db/index.ts';
import { DomainError } from '../errors.ts';
import { platformServices, type Services } from '../services.ts';
import { flushTracing, type ServerSpan, startServerSpan, tracingEnabled } from '../telemetry/index.ts';
import { installCsrf, type OwnAuthenticationRoute } from './csrf.ts';
import { behindTls, HSTS, isHttps, metricsAccess, proxyTrust, requestIdOf, secureCookies } from './edge.ts';
import { OUTAGE_RETRY_AFTER_SECONDS, sendError } from './errors.ts';
import { loggerOptions } from './log.ts';
import { createMetrics } from './metrics.ts';
import { completeDocument, type OpenApiOptions, securitySchemes, transformRoute } from './openapi.ts';
import { installPaging } from './paging.ts';
import { installTextGuard } from './text-guard.ts';

export const typed = (app: FastifyInstance) => app.withTypeProvider<TypeBoxTypeProvider>();

export interface AppDeps {
  config: Config;
  database: DbHandle;
  /** The shared providers (platform/services.ts), built once by the composition root. */
  services: Services;
  /** Pino logger options; tests pass false. */
  logger?: boolean | Record<string, unknown>;
  /** Routes that authenticate each request themselves, so need no CSRF token (one list: src/site/routes.ts). */
  ownAuthentication?: readonly OwnAuthenticationRoute[];
  /** Operation ids, summaries, errors and who may call each route (one table per module: src/site/routes.ts). */
  openapi?: OpenApiOptions;
}

/** One method of one route as registered (the pattern, e.g. /api/v1/dossiers/:code). */
interface RouteEntry {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    /** Every route added to this app, pages and API alike (tests walk it: test/abuse/routes.test.ts). */
    routeList(): readonly RouteEntry[];
    /** The app's Prometheus registry: modules add their own figures (e.g. the exchange gateway's). */
    metricsRegistry: Registry;
  }
}

/** Each request's server span while tracing is on (platform/telemetry). */
const serverSpans = new WeakMap<FastifyRequest, ServerSpan>();

const helmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      styleSrc: ["'self'"],
      scriptSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      upgradeInsecureRequests: null,
    },
  },
  hsts: false,
};

/** The headers @fastify/helmet sets with our options, read off one response of a throwaway app. */
async function securityHeaders(hsts: boolean): Promise<Record<string, string>> {
  const probe = Fastify({ logger: false });
  await probe.register(helmet, helmetOptions);
  probe.get('/', async () => 'ok');
  const res = await probe.inject({ method: 'GET', url: '/' });
  await probe.close();
  const headers: Record<string, string> = {};
  const own = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);
  for (const [name, value] of Object.entries(res.headers)) {
    if (!own.has(name) && typeof value === 'string') headers[name] = value;
  }
  // TLS ends at the proxy: HSTS only when a trusted proxy serves the https PUBLIC_URL.
  if (hsts) headers['strict-transport-security'] = HSTS;
  return headers;
}

/** `services` default to the platform's own (tests of the platform and of one module); src/app.ts passes the full set. */
export async function createHttpApp(
  input: Omit<AppDeps, 'services'> & { services?: Services },
): Promise<FastifyInstance> {
  const deps: AppDeps = { ...input, services: input.services ?? platformServices(input.config) };
  const { config } = deps;
  const app = Fastify({
    logger: loggerOptions(deps.logger, config.logLevel),
    // A number of hops or the proxies' addresses, never `true` (config.ts refuses it).
    trustProxy: proxyTrust(config),
    bodyLimit: Math.max(1024 * 1024, config.uploadMaxBytes + 64 * 1024),
    requestIdHeader: false,
    genReqId: requestIdOf,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
    routerOptions: { maxParamLength: 200 },
  });
  app.decorate('deps', deps);
  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url ?? route.path });
  });
  app.decorate('routeList', () => routes);

  // A cross-site <form enctype="text/plain"> must not reach a JSON route.
  app.removeContentTypeParser('text/plain');
  // The security headers are the same for every response: computed once by @fastify/helmet
  // (which would otherwise rebuild its middleware, CSP parsing included, on every request)
  // and set together with the request id in one hook.
  const security = await securityHeaders(behindTls(config));
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(security);
    reply.header('x-request-id', request.id);
    // The rest of the request runs in its own context: every log line carries the request id,
    // and with tracing on every span below is a child of the request's.
    runInContext({ reqId: request.id }, () => {
      const span = startServerSpan(request.method, request.routeOptions.url ?? 'unmatched', request.headers);
      if (!span) return done();
      serverSpans.set(request, span);
      span.run(done);
    });
  });
  if (tracingEnabled()) {
    app.addHook('onResponse', (request, reply, done) => {
      serverSpans.get(request)?.end(reply.statusCode);
      done();
    });
    // The spans still buffered leave before the process does.
    app.addHook('onClose', () => flushTracing());
  }
  await app.register(cookie);
  if (isHttps(config)) secureCookies(app);
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  installTextGuard(app);
  await installCsrf(app, config, deps.ownAuthentication ?? []);

  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 })
    : undefined;
  if (redis) app.addHook('onClose', async () => void redis.disconnect());
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    // RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset (the IETF draft's names, which the
    // OpenAPI description documents) and Retry-After on 429.
    enableDraftSpec: true,
    ...(redis ? { redis } : {}),
    allowList: (req: FastifyRequest) => req.url === '/healthz' || req.url === '/readyz',
  });

  app.setErrorHandler((error, request, reply) =>
    sendError(error instanceof Error ? error : new Error(String(error)), request, reply),
  );
  app.setNotFoundHandler((request, reply) =>
    sendError(Object.assign(new Error('not found'), { statusCode: 404 }), request, reply),
  );

  const openapi: OpenApiOptions = deps.openapi ?? { operations: {}, audienceOf: () => undefined };
  const publicUrl = config.publicUrl ? config.publicUrl.replace(/\/+$/, '') : `http://localhost:${config.port}`;
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Mở Cửa API',
        description:
          'Cổng dịch vụ công, một cửa điện tử và phản ánh, kiến nghị của một tỉnh (public-service portal, electronic one-stop-shop and citizen feedback of a Vietnamese province). Hướng dẫn tích hợp: docs/integrators.md.',
        version: '0.1.0',
      },
      tags: [
        {
          name: 'platform',
          description: 'Sức khỏe, sẵn sàng, số đo, mã CSRF (health, readiness, metrics, CSRF token)',
        },
        { name: 'auth', description: 'Đăng nhập, phiên, tài khoản (sign-in, sessions, accounts)' },
        { name: 'calendar', description: 'Lịch làm việc và hạn giải quyết (working-day calendar, legal deadlines)' },
        { name: 'notifications', description: 'Kênh nhận thông báo (notification preferences)' },
        {
          name: 'directory',
          description: 'Đơn vị hành chính, cơ quan, cán bộ, quầy (units, agencies, staff, counters)',
        },
        {
          name: 'catalog',
          description: 'Thủ tục hành chính, lĩnh vực, quy trình (procedures, fields, process templates)',
        },
        {
          name: 'dossiers',
          description:
            'Hồ sơ: nộp, tiếp nhận, xử lý, phiếu, kết quả, tra cứu (filing, workflow, slips, results, tracking)',
        },
        { name: 'feedback', description: 'Phản ánh, kiến nghị (citizen feedback)' },
        { name: 'open311', description: 'Open311 GeoReport v2 cho phản ánh, kiến nghị' },
        { name: 'ratings', description: 'Đánh giá sự hài lòng, chấm điểm cơ quan (satisfaction ratings, evaluation)' },
        { name: 'zalo', description: 'Zalo Official Account (webhook)' },
      ],
      components: { securitySchemes: securitySchemes(deps.ownAuthentication ?? []) },
    },
    transform: transformRoute(openapi.operations),
    transformObject: (documents) =>
      completeDocument('openapiObject' in documents ? (documents.openapiObject as Record<string, unknown>) : {}, {
        ...openapi,
        ownAuthentication: deps.ownAuthentication ?? [],
        publicUrl,
      }),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  installPaging(app, new Set(Object.entries(openapi.operations).flatMap(([key, op]) => (op.paged ? [key] : []))));

  const metrics = createMetrics(app);
  app.decorate('metricsRegistry', metrics.registry);
  const ok = Type.Object({ status: Type.String() });
  const t = typed(app);
  t.get('/healthz', { schema: { tags: ['platform'], summary: 'Liveness', response: { 200: ok } } }, async () => ({
    status: 'ok',
  }));
  t.get(
    '/readyz',
    {
      schema: {
        tags: ['platform'],
        summary: 'Readiness: the database answers',
        response: { 200: ok, 503: Type.Any() },
      },
    },
    async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        await deps.database.ping();
        return { status: 'ready' };
      } catch (err) {
        request.log.warn({ err }, 'database not reachable');
        reply.header('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
        return reply.status(503).send({
          error: { code: 'SERVICE_UNAVAILABLE', message: 'Cơ sở dữ liệu không phản hồi.', requestId: request.id },
        });
      }
    },
  );
  t.get(
    '/api/v1/csrf-token',
    {
      schema: {
        tags: ['platform'],
        summary:
          'A CSRF token for this session: every POST, PUT, PATCH and DELETE sends it as x-csrf-token (or _csrf); ask again after signing in or out',
        response: { 200: Type.Object({ token: Type.String() }) },
      },
    },
    async (_req, reply) => ({ token: reply.generateCsrf() }),
  );
  const mayReadMetrics = metricsAccess(config);
  t.get(
    '/metrics',
    {
      schema: {
        tags: ['platform'],
        summary: 'Prometheus metrics (METRICS_ALLOW addresses, or Authorization: Bearer METRICS_TOKEN)',
        hide: false,
      },
    },
    async (request, reply) => {
      if (!mayReadMetrics(request)) throw new DomainError('FORBIDDEN');
      reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
  return app;
}
