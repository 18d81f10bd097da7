/**
 * The public open-data routes, the same under /du-lieu-mo and /open-data (stable URLs per
 * dataset and month): the page, the catalogue and each dataset's description as JSON-LD, each
 * month as CSV or JSON.
 */
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../platform/errors.ts';
import { pageContext } from '../../../web/context.ts';
import { pageErrorHandler, sendPage } from '../../../web/http.tsx';
import { openDataFile, openDataListing, openDataMetadata } from '../open-data/read-open-data.ts';
import { OpenDataPage } from './open-data-page.tsx';

const OPEN_DATA_BASES = ['/du-lieu-mo', '/open-data'] as const;

const JSONLD = 'application/ld+json; charset=utf-8';
const notFound = () => new DomainError('NOT_FOUND', {}, 'Không có bộ dữ liệu hoặc kỳ dữ liệu này.');

export async function openDataRoutes(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    scope.setErrorHandler(pageErrorHandler('portal'));
    const db = () => scope.deps.database.db;
    const provinceCode = () => scope.deps.config.provinceCode;
    const absolute = (base: string) => `${scope.deps.services.publicUrl.replace(/\/$/, '')}${base}`;
    for (const base of OPEN_DATA_BASES) {
      scope.get(base, { schema: { hide: true } }, async (request, reply) => {
        const listing = await openDataListing(db(), provinceCode());
        return sendPage(
          reply,
          <OpenDataPage ctx={pageContext(request, reply, 'portal')} base={base} listing={listing} />,
        );
      });
      scope.get(`${base}/catalog.jsonld`, { schema: { hide: true } }, async (_request, reply) => {
        const body = await openDataMetadata(db(), { provinceCode: provinceCode(), base: absolute(base) });
        return reply.header('content-type', JSONLD).header('cache-control', 'public, max-age=3600').send(body);
      });
      scope.get<{ Params: { dataset: string } }>(
        `${base}/:dataset`,
        { schema: { hide: true } },
        async (request, reply) => {
          const m = /^([a-z0-9-]{1,64})\.jsonld$/.exec(request.params.dataset);
          if (!m?.[1]) throw notFound();
          const body = await openDataMetadata(db(), {
            provinceCode: provinceCode(),
            base: absolute(base),
            datasetId: m[1],
          });
          return reply.header('content-type', JSONLD).header('cache-control', 'public, max-age=3600').send(body);
        },
      );
      scope.get<{ Params: { dataset: string; file: string } }>(
        `${base}/:dataset/:file`,
        { schema: { hide: true } },
        async (request, reply) => {
          const m = /^(\d{4}-\d{2})\.(csv|json)$/.exec(request.params.file);
          if (!m?.[1] || !/^[a-z0-9-]{1,64}$/.test(request.params.dataset)) throw notFound();
          const file = await openDataFile(db(), {
            provinceCode: provinceCode(),
            base: absolute(base),
            datasetId: request.params.dataset,
            month: m[1],
            format: m[2] === 'csv' ? 'csv' : 'json',
          });
          return reply
            .header('content-type', file.contentType)
            .header('cache-control', 'public, max-age=3600')
            .send(file.body);
        },
      );
    }
  });
}
