/**
 * Log serializers that never write a parameter value (issue 11, finding 7). A failed query's
 * error carries the values it was given — Drizzle puts them in its message and stack
 * ("params: …") and in `params`, pg in `detail`/`where` ("Key (login)=(…)") and in messages such as
 * `invalid input syntax for type uuid: "…"` — and a request's address carries its query
 * string and path parameters. Those values are personal data, password hashes and tracking
 * keys, so logs keep the route pattern, codes, names of constraints and the stack, not values.
 */
import type { FastifyRequest } from 'fastify';
import { currentContext } from '../context/index.ts';

/** Drizzle's "Failed query: …\nparams: …" and pg's trailing `: "value"`, cut from one text. */
function withoutValues(text: string): string {
  return text
    .replace(/\nparams: [^\n]*/g, '\nparams: [not logged]')
    .replace(/^(Failed query: )[\s\S]*?(?=\nparams: |\n {4}at |$)/, '$1[query not logged]')
    .replace(/: "[^\n]*"(?=\n|$)/g, ': "[not logged]"');
}

interface LoggedError {
  type: string;
  message: string;
  stack?: string;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  routine?: string;
  cause?: LoggedError;
}

/** Only these properties of an error are logged; everything else may hold a value. */
export function safeError(err: unknown, depth = 0): LoggedError {
  if (!(err instanceof Error)) return { type: typeof err, message: '[not an Error; not logged]' };
  const e = err as Error & Record<string, unknown>;
  const out: LoggedError = { type: e.constructor?.name ?? e.name, message: withoutValues(e.message) };
  if (typeof e.stack === 'string') out.stack = withoutValues(e.stack);
  for (const key of ['code', 'constraint', 'table', 'column', 'routine'] as const) {
    const v = e[key];
    if (typeof v === 'string' || typeof v === 'number') out[key] = String(v);
  }
  if (e.cause !== undefined && depth < 4) out.cause = safeError(e.cause, depth + 1);
  return out;
}

/** A request as logged: the route pattern, not the address with its parameters and query. */
function safeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    route: request.routeOptions?.url ?? '(no route)',
    remoteAddress: request.ip,
  };
}

const logSerializers = { err: safeError, error: safeError, req: safeRequest };

/**
 * Every line carries the ids of the unit of work it belongs to (platform/context): the request
 * id (a request's own logger has it already as a binding), the job and its id, the record changed.
 */
function workContext(_merge: object, _level: number, logger: unknown): object {
  const context = currentContext();
  if (!context) return {};
  if (context.reqId && 'reqId' in (logger as { bindings(): object }).bindings()) delete context.reqId;
  return context;
}

/** Adds the serializers to whatever logger options the caller gave (tests pass a stream). */
export function loggerOptions(
  given: boolean | Record<string, unknown> | undefined,
  level: string,
): false | Record<string, unknown> {
  if (given === false) return false;
  const base = given === undefined || given === true ? { level } : given;
  const serializers = { ...((base.serializers as Record<string, unknown> | undefined) ?? {}), ...logSerializers };
  return { ...base, serializers, mixin: workContext };
}
