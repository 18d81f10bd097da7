/**
 * The HTTP side of the pages: sending HTML, Post/Redirect/Get, reading form bodies, turning
 * domain errors into form problems, and the error pages of the page routes.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyCompressOptions } from '@fastify/compress';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { safeReturnTo } from '../platform/auth/index.ts';
import { DomainError, errorEntry } from '../platform/errors.ts';
import { isDatabaseOutage, OUTAGE_RETRY_AFTER_SECONDS } from '../platform/http/errors.ts';
import type { Problem } from './components/form.tsx';
import { type Area, type PageContext, pageContext } from './context.ts';
import { Layout, renderPage } from './layout.tsx';

/**
 * The compression of every page scope (`scope.register(compress, PAGE_COMPRESSION)`): brotli or
 * gzip above 512 bytes, and a page up to 256 KB compressed in one synchronous call rather than
 * through a zlib stream. The stream's pipeline and thread-pool round trip cost more CPU than the
 * compression itself (brotli quality 4: ~0.2 ms for the 22 KB workspace inbox; with the
 * library's default cut-off, 8 KB on 2 cores, every list page took the stream).
 */
export const PAGE_COMPRESSION: FastifyCompressOptions = {
  global: true,
  encodings: ['br', 'gzip'],
  threshold: 512,
  syncThreshold: 256 * 1024,
};

/** Pages carry personal data or CSRF tokens: never stored by shared caches. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(renderPage(page));
}

/** Post/Redirect/Get: after a form post the browser fetches the next page with GET. */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.redirect(location, 303);
}

export type FormBody = Record<string, string | string[] | undefined>;

/** The urlencoded body (repeated names become arrays). */
export function formBody(request: FastifyRequest): FormBody {
  const body = request.body;
  return typeof body === 'object' && body !== null ? (body as FormBody) : {};
}

/** The message of a domain error in the page's language (the services speak Vietnamese). */
export function errorText(ctx: PageContext, err: DomainError): string {
  return (ctx.lang === 'en' ? ctx.t.domainErrors[err.code] : undefined) ?? err.message;
}

/** The national sign-on (platform/auth/oidc-routes.ts), asking for `level` when a procedure needs it. */
export function oidcStartPath(kind: 'citizen' | 'staff', returnTo: string, level?: number): string {
  return `/auth/oidc/start?kind=${kind}${level ? `&level=${level}` : ''}&returnTo=${encodeURIComponent(returnTo)}`;
}

/** A client transaction id from the form (a double-clicked button replays), else a new one. */
export function transactionIdOf(body: Record<string, unknown>): string {
  const txn = body.txn;
  return typeof txn === 'string' && /^[A-Za-z0-9-]{8,128}$/.test(txn) ? txn : randomUUID();
}

/** One field, trimmed and NFC (what a citizen reads is stored composed). */
export function field(body: FormBody, name: string): string {
  const v = body[name];
  const one = Array.isArray(v) ? v[0] : v;
  return (one ?? '').normalize('NFC').trim();
}

export function fieldList(body: FormBody, name: string): string[] {
  const v = body[name];
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all.map((x) => x.normalize('NFC').trim()).filter((x) => x !== '');
}

export function queryOf(request: FastifyRequest): Record<string, string> {
  const q = request.query;
  if (typeof q !== 'object' || q === null) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) {
    const one = Array.isArray(v) ? v[0] : v;
    if (typeof one === 'string') out[k] = one;
  }
  return out;
}

/**
 * The field problems a domain error carries (`details.fields` as the services write them),
 * renamed to the page's input names; otherwise the error's own message as a general problem.
 */
export function problemsOf(err: unknown, rename: (field: string) => string = (f) => f): Problem[] {
  if (!(err instanceof DomainError)) throw err;
  const fields = (err.details as { fields?: unknown }).fields;
  if (Array.isArray(fields) && fields.length > 0) {
    return fields.flatMap((f) =>
      typeof f === 'object' && f !== null && 'field' in f && 'message' in f
        ? [{ field: rename(String(f.field)), message: String(f.message) }]
        : [],
    );
  }
  return [{ field: '', message: err.message }];
}

/** Where to go after signing in: a path on this site only (never an open redirect). */
export const returnPath = (raw: string | undefined, fallback: string) => (raw ? safeReturnTo(raw) : fallback);

export const signInPath = (area: Area, back: string) =>
  `${area === 'workspace' ? '/workspace/dang-nhap' : '/dang-nhap'}?tiep=${encodeURIComponent(back)}`;

function ErrorPage({ ctx, title, body, showId }: { ctx: PageContext; title: string; body: string; showId?: boolean }) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{body}</p>
      {showId ? <p class="muted">{ctx.t.requestId(ctx.requestId)}</p> : null}
      <p>
        <a href={ctx.area === 'workspace' ? '/workspace' : '/'}>{ctx.t.home}</a>
      </p>
    </Layout>
  );
}

function statusOf(error: FastifyError | Error): number {
  if (error instanceof DomainError) return error.status;
  const code = (error as FastifyError).code;
  if (code === 'FST_CSRF_INVALID_TOKEN' || code === 'FST_CSRF_MISSING_SECRET') return 419;
  return (error as FastifyError).statusCode ?? 500;
}

/**
 * Errors of the page routes as pages, not JSON: not signed in → the sign-in page with a
 * way back; CSRF → "session expired"; 403, 404, 429 and faults as short pages in the
 * person's language, faults with the request id to quote.
 */
export function pageErrorHandler(area: Area) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const status = statusOf(error);
    const code = error instanceof DomainError ? error.code : undefined;
    if (code === 'UNAUTHENTICATED' && request.method === 'GET') {
      return seeOther(reply, signInPath(area, request.url));
    }
    const ctx = pageContext(request, reply, area);
    const t = ctx.t;
    if (status === 419) return sendPage(reply, <ErrorPage ctx={ctx} title={t.csrfTitle} body={t.csrfBody} />, 403);
    if (status === 404)
      return sendPage(reply, <ErrorPage ctx={ctx} title={t.notFoundTitle} body={t.notFoundBody} />, 404);
    if (status === 429)
      return sendPage(reply, <ErrorPage ctx={ctx} title={t.tooManyRequestsTitle} body={t.tooManyRequestsBody} />, 429);
    if (status === 401 || status === 403)
      return sendPage(
        reply,
        <ErrorPage
          ctx={ctx}
          title={t.forbiddenTitle}
          body={error instanceof DomainError ? error.message : t.forbiddenBody}
        />,
        403,
      );
    if (status < 500) {
      const body = error instanceof DomainError ? error.message : t.notFoundBody;
      return sendPage(reply, <ErrorPage ctx={ctx} title={t.errorSummaryTitle} body={body} />, status);
    }
    if (isDatabaseOutage(error)) {
      // The one outage answer (platform/http/errors.ts), as a page.
      reply.header('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
      const body = errorEntry('SERVICE_UNAVAILABLE')?.vi ?? t.serverErrorBody;
      return sendPage(reply, <ErrorPage ctx={ctx} title={t.serverErrorTitle} body={body} showId />, 503);
    }
    request.log.error({ err: error }, 'page error');
    return sendPage(reply, <ErrorPage ctx={ctx} title={t.serverErrorTitle} body={t.serverErrorBody} showId />, 500);
  };
}

/** A 404 page for a path inside the page scopes that matched no route. */
export function notFoundPage(app: FastifyInstance, area: Area): void {
  app.setNotFoundHandler((request, reply) => {
    const ctx = pageContext(request, reply, area);
    return sendPage(reply, <ErrorPage ctx={ctx} title={ctx.t.notFoundTitle} body={ctx.t.notFoundBody} />, 404);
  });
}
