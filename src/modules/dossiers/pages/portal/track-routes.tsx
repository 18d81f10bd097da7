/** Public tracking by code and key (the slip's QR code leads here). */
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../../platform/errors.ts';
import { pageContext } from '../../../../web/context.ts';
import { errorText, queryOf, seeOther, sendPage } from '../../../../web/http.tsx';
import { trackDossier } from '../../tracking.ts';
import { TrackFormPage, TrackResultPage, trackHref } from './track.tsx';

export function trackRoutes(app: FastifyInstance): void {
  const db = () => app.deps.database.db;

  app.get('/tra-cuu', async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const q = queryOf(request);
    if (!('ma' in q) && !('key' in q)) return sendPage(reply, <TrackFormPage ctx={ctx} />);
    const code = (q.ma ?? '').trim().toUpperCase();
    const key = (q.key ?? '').trim();
    const problems = [
      ...(code ? [] : [{ field: 'ma', message: ctx.t.codeRequired }]),
      ...(key ? [] : [{ field: 'key', message: ctx.t.keyRequired }]),
    ];
    if (problems.length > 0)
      return sendPage(reply, <TrackFormPage ctx={ctx} problems={problems} code={code} trackingKey={key} />, 422);
    return seeOther(reply, trackHref(code, key));
  });

  app.get<{ Params: { code: string } }>('/tra-cuu/:code', async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const code = request.params.code.trim().toUpperCase();
    const key = (queryOf(request).key ?? '').trim();
    try {
      if (!key || code.length > 60 || key.length > 40) throw new DomainError('DOSSIER_TRACKING_NOT_FOUND');
      const view = await trackDossier(db(), code, key);
      return sendPage(reply, <TrackResultPage ctx={ctx} view={view} />);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'DOSSIER_TRACKING_NOT_FOUND') throw err;
      const problems = [{ field: 'ma', message: errorText(ctx, err) }];
      return sendPage(reply, <TrackFormPage ctx={ctx} problems={problems} code={code} trackingKey={key} />, 404);
    }
  });
}
