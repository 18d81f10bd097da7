/**
 * OpenTelemetry traces, sent to an OTLP/HTTP collector when OTEL_EXPORTER_OTLP_ENDPOINT is set
 * (docs/operators.md, "Traces"): a server span per request named after its route pattern, a
 * span per database statement (PostgreSQL and PGlite), per outbound HTTP call (fetch) and per
 * job. Unset, none of the SDK is loaded: every function here checks one variable and calls
 * straight through, and the packages are imported only by `startTracing`.
 *
 * Logs' rule holds for traces too: no parameter value in any span. Spans are named after route
 * patterns, SQL operations and job names; every attribute passes an allow-list before export
 * (`scrub`), and an outbound call's URL is cut to its origin (a register's path or query may
 * hold a citizen's number).
 */
import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { forgetBetweenTests } from '../process-state.ts';

type Api = typeof import('@opentelemetry/api');

interface Tracing {
  api: Api;
  tracer: Tracer;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

let tracing: Tracing | undefined;
forgetBetweenTests(() => {
  const current = tracing;
  tracing = undefined;
  if (current) void current.shutdown();
});

export interface TracingOptions {
  /** OTLP/HTTP base URL; spans go to `${endpoint}/v1/traces`. */
  endpoint: string | undefined;
  serviceName: string;
}

/** Attributes a span may keep: names, patterns, codes and sizes, never a value a caller sent. */
const KEPT = new Set([
  'http.request.method',
  'http.route',
  'http.response.status_code',
  'url.scheme',
  'url.full',
  'server.address',
  'server.port',
  'network.protocol.version',
  'network.peer.address',
  'network.peer.port',
  'db.system.name',
  'db.operation.name',
  'messaging.system',
  'messaging.operation.name',
  'messaging.destination.name',
  'messaging.message.id',
  'error.type',
]);

/** Cuts every attribute that is not on the allow-list; a URL keeps its origin only. */
function scrub(attributes: Attributes): void {
  for (const key of Object.keys(attributes)) {
    if (!KEPT.has(key)) delete attributes[key];
  }
  const full = attributes['url.full'];
  if (typeof full === 'string') {
    try {
      attributes['url.full'] = new URL(full).origin;
    } catch {
      delete attributes['url.full'];
    }
  }
}

/** Scrubs each span as it ends, before the batch processor sees it (processors run in order). */
const scrubbing: SpanProcessor = {
  onStart: () => {},
  onEnd: (span: ReadableSpan) => scrub(span.attributes as Attributes),
  forceFlush: async () => {},
  shutdown: async () => {},
};

/** Loads the SDK and starts exporting, when an endpoint is configured; otherwise does nothing. */
export async function startTracing(options: TracingOptions): Promise<boolean> {
  if (!options.endpoint || tracing) return tracing !== undefined;
  const [api, node, exporter, resources, instrumentation, undici] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/instrumentation'),
    import('@opentelemetry/instrumentation-undici'),
  ]);
  const traces = `${options.endpoint.replace(/\/+$/, '')}/v1/traces`;
  const provider = new node.NodeTracerProvider({
    resource: resources.resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [scrubbing, new node.BatchSpanProcessor(new exporter.OTLPTraceExporter({ url: traces }))],
  });
  // The global provider, the AsyncLocalStorage context manager and W3C trace-context propagation.
  provider.register();
  const unregister = instrumentation.registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new undici.UndiciInstrumentation({
        // The exporter's own posts are not traced (they would feed themselves).
        ignoreRequestHook: (request) => `${request.origin}${request.path}` === traces,
      }),
    ],
  });
  tracing = {
    api,
    tracer: provider.getTracer('mocua'),
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      unregister();
      await provider.shutdown();
      api.trace.disable();
      api.context.disable();
      api.propagation.disable();
    },
  };
  return true;
}

export function tracingEnabled(): boolean {
  return tracing !== undefined;
}

/** Sends what is buffered (tests; before exit). A collector that does not answer loses those spans, nothing else. */
export async function flushTracing(): Promise<void> {
  await tracing?.flush().catch(() => {});
}

export async function stopTracing(): Promise<void> {
  const current = tracing;
  tracing = undefined;
  await current?.shutdown().catch(() => {});
}

/** The error's class or SQLSTATE, never its message (messages quote values). */
function errorType(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return err instanceof Error ? err.constructor.name : typeof err;
}

function ended(span: Span, err?: unknown): void {
  if (err !== undefined) {
    span.setAttribute('error.type', errorType(err));
    span.setStatus({ code: 2 });
  }
  span.end();
}

/** Runs `fn` in a span of its own (a job), a child of the current one; straight through when tracing is off. */
export async function inSpan<T>(name: string, attributes: Attributes, fn: () => Promise<T>): Promise<T> {
  const t = tracing;
  if (!t) return fn();
  return t.tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      const result = await fn();
      ended(span);
      return result;
    } catch (err) {
      ended(span, err);
      throw err;
    }
  });
}

/** A request's server span: `run` continues the request inside it, `end` closes it with the status. */
export interface ServerSpan {
  run(next: () => void): void;
  end(statusCode: number): void;
}

/** Starts a request's server span, named `METHOD /route/:pattern`, continuing a caller's traceparent. */
export function startServerSpan(
  method: string,
  route: string,
  headers: Record<string, string | string[] | undefined>,
): ServerSpan | undefined {
  const t = tracing;
  if (!t) return undefined;
  const parent = t.api.propagation.extract(t.api.context.active(), headers);
  const span = t.tracer.startSpan(
    `${method} ${route}`,
    {
      kind: t.api.SpanKind.SERVER,
      attributes: { 'http.request.method': method, 'http.route': route },
    },
    parent,
  );
  const context: Context = t.api.trace.setSpan(parent, span);
  return {
    run: (next) => t.api.context.with(context, next),
    end: (statusCode) => {
      span.setAttribute('http.response.status_code', statusCode);
      if (statusCode >= 500) span.setStatus({ code: 2 });
      span.end();
    },
  };
}

/** SELECT, INSERT, UPDATE, DELETE, WITH, BEGIN…: the first keyword of a statement, its only trace. */
function operationOf(text: unknown): string {
  if (typeof text !== 'string') return 'QUERY';
  const match = /^\s*([A-Za-z]+)/.exec(text);
  return match?.[1]?.toUpperCase() ?? 'QUERY';
}

type QueryFn = (...args: never[]) => unknown;

/**
 * Wraps a driver's query function so each call is a client span named after its operation.
 * Works for promise-returning calls (pg, PGlite) and pg's callback form (its pool's `query`).
 */
export function tracedQuery<F extends QueryFn>(query: F): F {
  const call = (self: unknown, args: unknown[]) => query.apply(self, args as never[]);
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const t = tracing;
    if (!t) return call(this, args);
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
    const operation = operationOf(text);
    const span = t.tracer.startSpan(operation, {
      kind: t.api.SpanKind.CLIENT,
      attributes: { 'db.system.name': 'postgresql', 'db.operation.name': operation },
    });
    const callbackAt = args.findIndex((a) => typeof a === 'function');
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as (err: unknown, ...rest: unknown[]) => void;
      args[callbackAt] = (err: unknown, ...rest: unknown[]) => {
        ended(span, err ?? undefined);
        callback(err, ...rest);
      };
      return call(this, args);
    }
    let result: unknown;
    try {
      result = call(this, args);
    } catch (err) {
      ended(span, err);
      throw err;
    }
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      return (result as Promise<unknown>).then(
        (value) => {
          ended(span);
          return value;
        },
        (err: unknown) => {
          ended(span, err);
          throw err;
        },
      );
    }
    ended(span);
    return result;
  };
  return wrapped as unknown as F;
}

/** Binds a callback to the current context (pg's pool hands out connections in another request's callbacks). */
export function bindToContext<F extends (...args: never[]) => unknown>(fn: F): F {
  const t = tracing;
  return t ? t.api.context.bind(t.api.context.active(), fn) : fn;
}
