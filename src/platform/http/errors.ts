/**
 * The one error mapper: every failure leaves as `{ error: { code, message, … } }` with a
 * stable code, a Vietnamese message and the request id. Nothing but a real fault gives 5xx.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, errorEntry } from '../errors.ts';

/** Seconds a client should wait before retrying during a database outage. */
export const OUTAGE_RETRY_AFTER_SECONDS = 30;

const CONNECTION_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);
const CONNECTION_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|Client was closed|Cannot use a pool after calling end|timeout exceeded when trying to connect|PGlite is clos)/;

/**
 * The database cannot be reached (a fault of the moment, not of the request): pg's connection
 * class 08, shutdown 57P01–57P03, too many connections 53300, a database that is gone 3D000,
 * socket errors, a pool or PGlite that is closed. Looked for through Drizzle's wrapping `cause`.
 */
export function isDatabaseOutage(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^08/.test(code) || /^57P0[123]$/.test(code) || code === '53300' || code === '3D000') return true;
    if (CONNECTION_ERRNOS.has(code)) return true;
  }
  if (CONNECTION_MESSAGES.test(error.message)) return true;
  if (error instanceof AggregateError && error.errors.some((e) => isDatabaseOutage(e, depth + 1))) return true;
  return isDatabaseOutage(error.cause, depth + 1);
}

/** pg 22021/22P05 (a NUL or an unencodable character reached SQL): the input's fault, not ours. */
function isBadTextForDatabase(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = (error as { code?: unknown }).code;
  if (code === '22021' || code === '22P05') return true;
  return isBadTextForDatabase(error.cause, depth + 1);
}

export interface FieldProblem {
  field: string;
  message: string;
}

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    requestId: string;
    fields?: FieldProblem[];
    details?: Record<string, unknown>;
  };
}

function body(request: FastifyRequest, code: string, extra: Partial<ErrorBody['error']> = {}): ErrorBody {
  return { error: { code, message: errorEntry(code)?.vi ?? code, requestId: request.id, ...extra } };
}

const ajvMessagesVi: Record<string, (params: Record<string, unknown>) => string> = {
  required: (p) => `Thiếu trường bắt buộc "${String(p.missingProperty)}".`,
  type: (p) => `Phải là kiểu ${String(p.type)}.`,
  minLength: (p) => `Phải có ít nhất ${String(p.limit)} ký tự.`,
  maxLength: (p) => `Không được dài quá ${String(p.limit)} ký tự.`,
  minimum: (p) => `Phải lớn hơn hoặc bằng ${String(p.limit)}.`,
  maximum: (p) => `Phải nhỏ hơn hoặc bằng ${String(p.limit)}.`,
  pattern: () => 'Không đúng định dạng.',
  format: (p) => `Không đúng định dạng ${String(p.format)}.`,
  enum: (p) => `Phải là một trong các giá trị: ${(p.allowedValues as unknown[] | undefined)?.join(', ') ?? ''}.`,
  const: () => 'Giá trị không hợp lệ.',
  additionalProperties: (p) => `Trường "${String(p.additionalProperty)}" không được phép.`,
  minItems: (p) => `Phải có ít nhất ${String(p.limit)} phần tử.`,
  maxItems: (p) => `Không được quá ${String(p.limit)} phần tử.`,
};

interface AjvIssue {
  instancePath?: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

function fieldProblems(validation: readonly AjvIssue[], context: string | undefined): FieldProblem[] {
  const seen = new Set<string>();
  const out: FieldProblem[] = [];
  for (const issue of validation) {
    const base = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    const field =
      issue.keyword === 'required'
        ? [base, String(issue.params.missingProperty)].filter(Boolean).join('.')
        : base || (context ?? 'body');
    const message = ajvMessagesVi[issue.keyword]?.(issue.params) ?? 'Giá trị không hợp lệ.';
    const key = `${field}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field: context && context !== 'body' ? `${context}.${field}` : field, message });
  }
  return out;
}

export function sendError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof DomainError) {
    const details = Object.keys(error.details).length > 0 ? error.details : undefined;
    return reply.status(error.status).send(body(request, error.code, { message: error.message, details }));
  }
  const fe = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (fe.validation) {
    return reply
      .status(400)
      .send(body(request, 'VALIDATION_FAILED', { fields: fieldProblems(fe.validation, fe.validationContext) }));
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return reply.status(413).send(body(request, 'PAYLOAD_TOO_LARGE'));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return reply.status(415).send(body(request, 'UNSUPPORTED_MEDIA_TYPE'));
    case 'FST_CSRF_INVALID_TOKEN':
    case 'FST_CSRF_MISSING_SECRET':
      return reply.status(403).send(body(request, 'CSRF_INVALID'));
  }
  const status = fe.statusCode ?? 500;
  if (status === 429) return reply.status(429).send(body(request, 'RATE_LIMITED'));
  if (status === 404) return reply.status(404).send(body(request, 'NOT_FOUND'));
  if (status === 405) return reply.status(405).send(body(request, 'METHOD_NOT_ALLOWED'));
  if (status === 413) return reply.status(413).send(body(request, 'PAYLOAD_TOO_LARGE'));
  if (status === 415) return reply.status(415).send(body(request, 'UNSUPPORTED_MEDIA_TYPE'));
  if (status >= 400 && status < 500) return reply.status(status).send(body(request, 'MALFORMED_REQUEST'));
  if (isDatabaseOutage(error)) {
    // Every route answers the outage the same way; the log says so once per request, without values.
    request.log.warn({ err: error }, 'database unreachable');
    reply.header('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
    return reply.status(503).send(body(request, 'SERVICE_UNAVAILABLE'));
  }
  // Backstop of the text guard (text-guard.ts) for text read past it, e.g. a multipart field.
  if (isBadTextForDatabase(error)) return reply.status(400).send(body(request, 'INVALID_CHARACTERS'));
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send(body(request, 'INTERNAL'));
}
