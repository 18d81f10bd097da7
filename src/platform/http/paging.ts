/**
 * One paging convention for every list (issue 22): `limit` says how many, and the answer's
 * `Link: <…>; rel="next"` header (RFC 8288) is the next page, absent on the last one. A client
 * follows it without knowing how the list pages underneath: by keyset (`cursor`, the staff's
 * dossier inbox: `nextCursor` in the body) or by position (`offset`, the other lists, whose
 * body says `total` where it is counted). The routes that follow it are the operations marked
 * `paged` in the modules' operations tables (platform/http/openapi.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { openApiPath } from './openapi.ts';

interface Page {
  items?: unknown;
  total?: unknown;
  nextCursor?: unknown;
}

/** The next page's URL (path and query), or undefined on the last page. */
export function nextPage(request: Pick<FastifyRequest, 'url'>, page: Page): string | undefined {
  const url = new URL(request.url, 'http://host');
  const query = url.searchParams;
  if (typeof page.nextCursor === 'string' && page.nextCursor !== '') {
    query.set('cursor', page.nextCursor);
    query.delete('offset');
    return `${url.pathname}?${query}`;
  }
  if (page.nextCursor === null || query.has('cursor') || !Array.isArray(page.items)) return undefined;
  const offset = Number(query.get('offset') ?? 0);
  const next = offset + page.items.length;
  const limit = query.has('limit') ? Number(query.get('limit')) : undefined;
  const more = typeof page.total === 'number' ? next < page.total : limit !== undefined && page.items.length >= limit;
  if (!more || page.items.length === 0) return undefined;
  query.set('offset', String(next));
  return `${url.pathname}?${query}`;
}

/** Adds the `Link: rel="next"` header to the JSON answers of the paged routes (`GET /path/{param}` keys). */
export function installPaging(app: FastifyInstance, paged: ReadonlySet<string>): void {
  if (paged.size === 0) return;
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url;
    if (reply.statusCode !== 200 || typeof payload !== 'string' || route === undefined) return payload;
    if (!paged.has(`${request.method} ${openApiPath(route)}`)) return payload;
    let page: Page;
    try {
      page = JSON.parse(payload) as Page;
    } catch {
      return payload;
    }
    const next = nextPage(request, page);
    if (next) reply.header('link', `<${next}>; rel="next"`);
    return payload;
  });
}
