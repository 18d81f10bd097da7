/**
 * The OpenAPI description as integrators need it (issue 22): what @fastify/swagger builds from
 * the route schemas, completed in one place with each operation's stable id, Vietnamese
 * summary and tag (the modules' `operations.ts` tables), its security (derived from the route
 * rules: session cookie, CSRF token on unsafe methods, or the route's own credential), its
 * error answers (one shared `Error` schema; each status lists the codes the operation may send,
 * platform codes plus the module codes its table names, statuses from the error catalog),
 * the rate-limit headers, `servers` from PUBLIC_URL, licence and contact.
 *
 * Pages (HTML for people) are not API: only the paths under API_PREFIXES are described.
 */
import type { FastifySchema } from 'fastify';
import type { RouteRule } from '../auth/route-rules.ts';
import { errorEntry } from '../errors.ts';
import type { OwnAuthenticationRoute } from './csrf.ts';

/** The path prefixes of the API (ARCHITECTURE.md, "Public contracts"); everything else is a page. */
const API_PREFIXES = [
  '/api/v1/',
  '/open311/',
  '/webhooks/',
  '/payments/vnpay/ipn',
  '/payments/platform/confirm',
  '/healthz',
  '/readyz',
  '/metrics',
] as const;

export const isApiPath = (url: string): boolean => API_PREFIXES.some((prefix) => url.startsWith(prefix));

/** An OpenAPI security scheme as this API uses them: a key in a header, query or cookie, or a bearer token. */
export type SecurityScheme =
  | { type: 'apiKey'; in: 'header' | 'query' | 'cookie'; name: string; description: string }
  | { type: 'http'; scheme: 'bearer'; description: string };

/** A security requirement: scheme name → scopes (always none here). */
type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

/** What the description says of one operation beyond its schema. */
export interface OperationDoc {
  /** Stable, verb-first, camelCase: generated clients name their methods after it. Never change it. */
  id: string;
  /** Vietnamese, one line; the route's own summary, if longer or different, becomes the description. */
  summary: string;
  /** Module error codes the operation may answer (their status comes from the error catalog). */
  errors?: readonly string[];
  /** Security when the route rules do not say it (e.g. /metrics: an address list or a bearer token). */
  security?: readonly SecurityRequirement[];
  /** Errors in another shape than `Error`: Open311's list of `{ code, description }` (GeoReport v2). */
  errorShape?: 'open311';
  /** A list that follows the paging convention: `limit`, and a `Link: rel="next"` header (paging.ts). */
  paged?: boolean;
  /** The route takes an `Idempotency-Key` (documented by its schema); a reused key answers 422. */
  idempotent?: boolean;
  /**
   * The request body when the route reads it itself (multipart, an image, an Open311 form), so
   * its schema cannot say it: OpenAPI's `content` (media type → `{ schema }`).
   */
  body?: Readonly<Record<string, { schema: Record<string, unknown> }>>;
}

/** A multipart upload of one file (`format: binary`: a Blob in the generated client) and text fields. */
export function multipartBody(
  fields: Record<string, Record<string, unknown>>,
  required: readonly string[] = [],
): OperationDoc['body'] {
  return {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file', ...required],
        properties: { file: { type: 'string', format: 'binary', description: 'Tệp (PDF, ảnh…)' }, ...fields },
      },
    },
  };
}

/** `'METHOD /path/{param}'` (as in the description and the route rules) → its documentation. */
export type OperationDocs = Readonly<Record<string, OperationDoc>>;

export interface OpenApiOptions {
  operations: OperationDocs;
  /** Who may call a route, from the route-rule tables (platform/auth/route-rules.ts). */
  audienceOf(key: string): RouteRule['allow'] | undefined;
}

const SESSION_COOKIE = 'mocua_session';
const CSRF_COOKIE = 'mocua_csrf';
const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

const SECURITY_SCHEMES: Record<string, SecurityScheme> = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'Phiên đăng nhập: cookie HttpOnly do POST /api/v1/auth/sign-in đặt (the session cookie set by signing in).',
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: 'x-csrf-token',
    description:
      'Mã CSRF của phiên hiện tại, lấy từ GET /api/v1/csrf-token (lấy lại sau khi đăng nhập hoặc đăng xuất); bắt buộc với mọi POST, PUT, PATCH, DELETE, cùng cookie mocua_csrf.',
  },
  csrfCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: CSRF_COOKIE,
    description: 'Bí mật CSRF của trình duyệt, do GET /api/v1/csrf-token đặt; gửi kèm mã x-csrf-token.',
  },
  metricsToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'METRICS_TOKEN của máy chủ (hoặc gọi từ một địa chỉ trong METRICS_ALLOW).',
  },
};

const HEADERS: Record<string, Record<string, unknown>> = {
  RateLimitLimit: {
    description: 'Số yêu cầu được phép trong mỗi cửa sổ 60 giây (RATE_LIMIT_PER_MINUTE), cho mỗi địa chỉ.',
    schema: { type: 'integer' },
  },
  RateLimitRemaining: {
    description: 'Số yêu cầu còn lại trong cửa sổ hiện tại.',
    schema: { type: 'integer' },
  },
  RateLimitReset: {
    description: 'Số giây đến khi cửa sổ hiện tại kết thúc.',
    schema: { type: 'integer' },
  },
  Link: {
    description:
      'Trang sau của danh sách: `<…>; rel="next"` (RFC 8288), không có ở trang cuối. Mọi danh sách phân trang theo một cách: `limit` và đường dẫn này (paging.ts).',
    schema: { type: 'string' },
  },
  RetryAfter: {
    description: 'Số giây nên chờ trước khi gửi lại.',
    schema: { type: 'integer' },
  },
};

const ERROR_SCHEMA = {
  type: 'object',
  description:
    'Một lỗi: `code` ổn định cho máy (danh mục lỗi), `message` tiếng Việt cho người, `requestId` bằng tiêu đề x-request-id.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: { type: 'string', description: 'Mã lỗi ổn định (src/platform/errors.ts và các mô-đun).' },
        message: { type: 'string', description: 'Thông báo tiếng Việt cho người dùng.' },
        requestId: { type: 'string' },
        fields: {
          type: 'array',
          description: 'Các trường không hợp lệ (VALIDATION_FAILED).',
          items: {
            type: 'object',
            required: ['field', 'message'],
            properties: { field: { type: 'string' }, message: { type: 'string' } },
          },
        },
        details: { type: 'object', additionalProperties: true },
      },
    },
  },
};

const OPEN311_ERRORS_SCHEMA = {
  type: 'array',
  description: 'Lỗi theo GeoReport v2: danh sách `{ code, description }`, `code` là mã trạng thái HTTP.',
  items: {
    type: 'object',
    required: ['code', 'description'],
    properties: { code: { type: 'integer' }, description: { type: 'string' } },
  },
};

const STATUS_TEXT: Record<string, string> = {
  '400': 'Yêu cầu không hợp lệ',
  '401': 'Chưa đăng nhập hoặc thông tin xác thực sai',
  '403': 'Không được phép',
  '404': 'Không tìm thấy',
  '409': 'Xung đột với trạng thái hiện tại',
  '413': 'Dữ liệu quá lớn',
  '415': 'Kiểu dữ liệu không được hỗ trợ',
  '422': 'Không xử lý được',
  '429': 'Quá nhiều yêu cầu',
  '503': 'Tạm thời không phục vụ được',
};

type Json = Record<string, unknown>;
interface Operation extends Json {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { required?: boolean; content?: Record<string, unknown> };
  responses?: Record<string, Json>;
  summary?: string;
  description?: string;
}

/** How each route that authenticates itself is described: a scheme per credential. */
/** Every security scheme: the platform's and those of the routes that authenticate themselves. */
export function securitySchemes(ownAuthentication: readonly OwnAuthenticationRoute[]): Record<string, SecurityScheme> {
  return { ...SECURITY_SCHEMES, ...ownSchemes(ownAuthentication).schemes };
}

function ownSchemes(ownAuthentication: readonly OwnAuthenticationRoute[]) {
  const byRoute = new Map<string, string>();
  const schemes: Record<string, SecurityScheme> = {};
  for (const route of ownAuthentication) {
    if (!route.scheme) continue;
    schemes[route.scheme.id] = route.scheme.definition;
    byRoute.set(`${route.method} ${openApiPath(route.url)}`, route.scheme.id);
  }
  return { byRoute, schemes };
}

/** Fastify's `/a/:b.:c` → OpenAPI's `/a/{b}.{c}`. */
export const openApiPath = (url: string): string => url.replace(/:(\w+)/g, '{$1}');

function securityOf(
  key: string,
  unsafe: boolean,
  doc: OperationDoc,
  audience: RouteRule['allow'] | undefined,
  own: Map<string, string>,
): readonly SecurityRequirement[] {
  if (doc.security) return doc.security;
  const scheme = own.get(key);
  if (scheme) return [{ [scheme]: [] }];
  const needsSession = audience !== undefined && audience !== 'everyone' && audience !== 'credential';
  const requirement: Record<string, string[]> = needsSession ? { session: [] } : {};
  if (unsafe) Object.assign(requirement, { csrfToken: [], csrfCookie: [] });
  return Object.keys(requirement).length === 0 ? [] : [requirement];
}

/** The error codes an operation may answer, by HTTP status. */
function errorCodes(
  op: Operation,
  doc: OperationDoc,
  security: readonly SecurityRequirement[],
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (code: string) => {
    const status = errorEntry(code)?.status;
    if (status === undefined) throw new Error(`operation ${doc.id}: error code ${code} is not in the error catalog`);
    const key = String(status);
    const set = out.get(key) ?? new Set<string>();
    set.add(code);
    out.set(key, set);
  };
  const params = op.parameters ?? [];
  const hasBody = op.requestBody !== undefined;
  if (params.length > 0 || hasBody) add('VALIDATION_FAILED');
  if (params.some((p) => p.in === 'path' || p.in === 'query') || hasBody) add('INVALID_CHARACTERS');
  if (hasBody) {
    add('MALFORMED_REQUEST');
    add('PAYLOAD_TOO_LARGE');
    add('UNSUPPORTED_MEDIA_TYPE');
  }
  const session = security.some((r) => 'session' in r);
  if (session) {
    add('UNAUTHENTICATED');
    add('FORBIDDEN');
    add('PASSWORD_CHANGE_REQUIRED');
  }
  if (security.some((r) => 'csrfToken' in r)) {
    add('CSRF_INVALID');
    add('CROSS_SITE_REFUSED');
  }
  if (security.some((r) => 'metricsToken' in r)) add('FORBIDDEN');
  if (params.some((p) => p.in === 'path')) add('NOT_FOUND');
  if (doc.idempotent) add('IDEMPOTENCY_KEY_REUSED');
  add('RATE_LIMITED');
  add('SERVICE_UNAVAILABLE');
  for (const code of doc.errors ?? []) add(code);
  return out;
}

function errorResponse(status: string, codes: ReadonlySet<string>, shape: OperationDoc['errorShape']): Json {
  const headers =
    status === '429' || status === '503' ? { headers: { 'Retry-After': ref('headers', 'RetryAfter') } } : {};
  if (shape === 'open311') {
    return {
      description: STATUS_TEXT[status] ?? 'Lỗi',
      ...headers,
      content: {
        'application/json': { schema: ref('schemas', 'Open311Errors') },
        'text/xml': { schema: { type: 'string', description: 'Cùng danh sách lỗi ở dạng XML (<errors>).' } },
      },
    };
  }
  const sorted = [...codes].sort();
  const schema = {
    allOf: [
      ref('schemas', 'Error'),
      {
        type: 'object',
        properties: { error: { type: 'object', properties: { code: { type: 'string', enum: sorted } } } },
      },
    ],
  };
  return {
    description: `${STATUS_TEXT[status] ?? 'Lỗi'}: ${sorted.join(', ')}`,
    ...headers,
    content: { 'application/json': { schema } },
  };
}

const RATE_LIMIT_HEADERS = {
  'RateLimit-Limit': ref('headers', 'RateLimitLimit'),
  'RateLimit-Remaining': ref('headers', 'RateLimitRemaining'),
  'RateLimit-Reset': ref('headers', 'RateLimitReset'),
};

/** Routes the rate limit leaves out (app.ts: the load balancer's probes). */
const NOT_RATE_LIMITED = new Set(['GET /healthz', 'GET /readyz']);

export interface DocumentContext extends OpenApiOptions {
  ownAuthentication: readonly OwnAuthenticationRoute[];
  publicUrl: string;
}

/**
 * @fastify/swagger's `transform`: pages are hidden, and each operation's route schema summary
 * gives way to the table's (kept as the description when it says more).
 */
export function transformRoute(operations: OperationDocs) {
  return ({ schema, url, route }: { schema: FastifySchema; url: string; route: { method: string | string[] } }) => {
    const base = (schema ?? {}) as FastifySchema & { hide?: boolean; summary?: string; description?: string };
    if (!isApiPath(url)) return { schema: { ...base, hide: true }, url };
    const method = [route.method].flat()[0] ?? 'GET';
    const doc = operations[`${method} ${openApiPath(url)}`];
    if (!doc) return { schema: base, url };
    const own = base.summary && base.summary !== doc.summary ? base.summary : undefined;
    const description = [own, base.description].filter(Boolean).join('\n\n') || undefined;
    return {
      schema: { ...base, summary: doc.summary, operationId: doc.id, ...(description ? { description } : {}) },
      url,
    };
  };
}

/** @fastify/swagger's `transformObject`: the whole document completed. */
export function completeDocument(document: Json, context: DocumentContext): Json {
  const { byRoute: own, schemes } = ownSchemes(context.ownAuthentication);
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const key = `${method.toUpperCase()} ${path}`;
      const doc = context.operations[key];
      if (!doc) continue;
      if (doc.body && !op.requestBody) op.requestBody = { required: true, content: { ...doc.body } };
      const security = securityOf(key, UNSAFE.has(method), doc, context.audienceOf(key), own);
      op.security = security.map((r) => ({ ...r }));
      const responses = op.responses ?? {};
      if (!NOT_RATE_LIMITED.has(key)) {
        for (const [status, response] of Object.entries(responses)) {
          if (status.startsWith('2') && response.description === 'Default Response')
            response.description = 'Thành công';
          if (status.startsWith('2')) {
            response.headers = { ...RATE_LIMIT_HEADERS, ...((response.headers as Json | undefined) ?? {}) };
          }
        }
      }
      for (const [status, codes] of errorCodes(op, doc, security)) {
        if (NOT_RATE_LIMITED.has(key) && status === '429') continue;
        responses[status] = errorResponse(status, codes, doc.errorShape);
      }
      op.responses = responses;
      if (doc.paged) {
        const ok = responses['200'];
        if (ok) ok.headers = { ...((ok.headers as Json | undefined) ?? {}), Link: ref('headers', 'Link') };
      }
    }
  }
  const components = (document.components ?? {}) as Record<string, Json>;
  return {
    ...document,
    info: {
      ...((document.info as Json | undefined) ?? {}),
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      contact: { name: 'Mở Cửa', url: `${context.publicUrl}/api/docs` },
    },
    servers: [{ url: context.publicUrl, description: 'PUBLIC_URL của máy chủ này' }],
    paths,
    components: {
      ...components,
      schemas: { ...(components.schemas ?? {}), Error: ERROR_SCHEMA, Open311Errors: OPEN311_ERRORS_SCHEMA },
      securitySchemes: { ...SECURITY_SCHEMES, ...schemes },
      headers: HEADERS,
    },
  };
}
