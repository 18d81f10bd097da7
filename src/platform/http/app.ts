/**
 * The Fastify app factory: security headers, cookies, forms, rate limits, CSRF for form
 * posts, request ids, one error mapper, health and metrics, OpenAPI. Modules add their
 * routes to the app this returns (see src/app.ts); the platform knows no module.
 */
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { Type } from 'typebox';
import type { Config } from '../config.ts';
import type { DbHandle } from '../db/index.ts';
import { sendError } from './errors.ts';
import { createMetrics } from './metrics.ts';

export type TypedApp = ReturnType<typeof typed>;
export const typed = (app: FastifyInstance) => app.withTypeProvider<TypeBoxTypeProvider>();

export interface AppDeps {
  config: Config;
  database: DbHandle;
  /** Pino logger options; tests pass false. */
  logger?: boolean | Record<string, unknown>;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

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
async function securityHeaders(): Promise<Record<string, string>> {
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
  return headers;
}

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i;

export async function createHttpApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: deps.logger ?? { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: Math.max(1024 * 1024, config.uploadMaxBytes + 64 * 1024),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
    routerOptions: { maxParamLength: 200 },
  });
  app.decorate('deps', deps);

  // A cross-site <form enctype="text/plain"> must not reach a JSON route.
  app.removeContentTypeParser('text/plain');
  // The security headers are the same for every response: computed once by @fastify/helmet
  // (which would otherwise rebuild its middleware, CSP parsing included, on every request)
  // and set together with the request id in one hook.
  const security = await securityHeaders();
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(security);
    reply.header('x-request-id', request.id);
    done();
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  await app.register(csrf, {
    cookieKey: 'mocua_csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: false },
    getToken: (req: FastifyRequest) => {
      const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
      if (typeof fromBody === 'string') return fromBody;
      const fromQuery = (req.query as Record<string, unknown> | undefined)?._csrf;
      if (typeof fromQuery === 'string') return fromQuery;
      const header = req.headers['x-csrf-token'];
      return typeof header === 'string' ? header : undefined;
    },
  });
  // Form posts (the pages) need a CSRF token; JSON requests cannot be sent cross-site
  // without a CORS preflight, which this server never grants.
  app.addHook('preHandler', (req, reply, done) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return done();
    if (!FORM_TYPES.test(req.headers['content-type'] ?? '')) return done();
    if (req.routeOptions.config && (req.routeOptions.config as { csrf?: boolean }).csrf === false) return done();
    app.csrfProtection(req, reply, done);
  });

  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 })
    : undefined;
  if (redis) app.addHook('onClose', async () => void redis.disconnect());
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    ...(redis ? { redis } : {}),
    allowList: (req: FastifyRequest) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics',
  });

  app.setErrorHandler((error, request, reply) =>
    sendError(error instanceof Error ? error : new Error(String(error)), request, reply),
  );
  app.setNotFoundHandler((request, reply) =>
    sendError(Object.assign(new Error('not found'), { statusCode: 404 }), request, reply),
  );

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Mở Cửa API',
        description: 'Public-service portal, electronic one-stop-shop and citizen feedback of a Vietnamese province.',
        version: '0.1.0',
      },
      tags: [
        { name: 'platform', description: 'Health, readiness and metrics' },
        { name: 'calendar', description: 'Working-day calendar and legal deadlines' },
        { name: 'directory', description: 'Administrative units, agencies, staff and counters' },
        { name: 'catalog', description: 'Procedures (TTHC), fields and process templates' },
        { name: 'dossiers', description: 'Dossiers: filing, reception, workflow, slips, results, tracking' },
        { name: 'feedback', description: 'Citizen feedback (phản ánh, kiến nghị)' },
        { name: 'ratings', description: 'Satisfaction ratings and agency evaluation' },
        { name: 'auth', description: 'Sign-in and sessions' },
      ],
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'mocua_session' } },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  const metrics = createMetrics(app);
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
        summary: 'A CSRF token for form and multipart posts (send it as x-csrf-token or _csrf)',
        response: { 200: Type.Object({ token: Type.String() }) },
      },
    },
    async (_req, reply) => ({ token: reply.generateCsrf() }),
  );
  t.get(
    '/metrics',
    { schema: { tags: ['platform'], summary: 'Prometheus metrics', hide: false } },
    async (_req, reply) => {
      reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
  return app;
}
