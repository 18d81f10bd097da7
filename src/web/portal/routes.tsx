/**
 * The citizens' portal: its pages in one plugin scope with HTML error pages and gzip/brotli
 * compression (page budget: ≤ 60 KB transferred per page). Pages call the services directly
 * with `request.caller`; no HTTP round trip to the JSON API.
 */

import { createReadStream } from 'node:fs';
import path from 'node:path';
import compress from '@fastify/compress';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { getProcedure } from '../../modules/catalog/index.ts';
import { listAgencies } from '../../modules/directory/index.ts';
import { trackDossier } from '../../modules/dossiers/index.ts';
import { anonymous } from '../../platform/auth/caller.ts';
import { getWorkingCalendar } from '../../platform/calendar/store.ts';
import { DomainError } from '../../platform/errors.ts';
import { authPageRoutes, errorText } from '../auth.tsx';
import { pageContext, provinceNameKnown, rememberProvinceName } from '../context.ts';
import { PAGE_COMPRESSION, pageErrorHandler, queryOf, seeOther, sendPage } from '../http.tsx';
import { assetRoutes } from '../layout.tsx';
import { linkPageRoutes } from '../link-pages.tsx';
import { AgenciesPage } from './agencies.tsx';
import { dossierRoutes } from './dossier-routes.tsx';
import { filingRoutes } from './filing.tsx';
import { HomePage, loadHome, provinceNameOf } from './home.tsx';
import { notificationSettingsRoutes } from './notification-settings.tsx';
import { FORM_FILE, FORMS_DIR, formFileExists, ProcedurePage, receivingPlaces } from './procedure.tsx';
import { loadSearch, parseSearchQuery, SearchPage } from './search.tsx';
import { TrackFormPage, TrackResultPage, trackHref } from './track.tsx';
import type { PortalDeps } from './uploads.ts';

/** Registers the page scope; `extra` adds more page routes inside it (the filing and dossier pages). */
export async function portalRoutes(app: FastifyInstance): Promise<void> {
  // The header names the province on every page (portal and workspace): read at the first
  // request once the directory holds the province (a seed after start is picked up), then kept.
  const { config, database } = app.deps;
  app.addHook('onRequest', async () => {
    if (provinceNameKnown(config.provinceCode)) return;
    const province = await provinceNameOf(database.db, config.provinceCode);
    if (!province.includes('(mã'))
      rememberProvinceName(config.provinceCode, province.charAt(0).toUpperCase() + province.slice(1));
  });
  await app.register(async (scope) => {
    await scope.register(compress, PAGE_COMPRESSION);
    await ensureMultipart(scope);
    scope.setErrorHandler(pageErrorHandler('portal'));
    assetRoutes(scope);
    publicPages(scope);
    authPageRoutes(scope, 'portal');
    linkPageRoutes(scope);
    const deps = pageDeps(scope);
    filingRoutes(scope, deps);
    notificationSettingsRoutes(scope);
    dossierRoutes(scope, deps);
  });
}

/** Uploads (papers) are multipart; the dossier API registers the parser already when it is wired first. */
export async function ensureMultipart(scope: FastifyInstance): Promise<void> {
  if (!scope.hasContentTypeParser('multipart/form-data')) await scope.register(multipart);
}

export function pageDeps(app: FastifyInstance): PortalDeps {
  const { config } = app.deps;
  const { blobs, publicUrl, signing } = app.deps.services;
  return {
    blobs,
    maxBytes: config.uploadMaxBytes,
    maxMb: Math.round((config.uploadMaxBytes / (1024 * 1024)) * 10) / 10,
    // Links in notices and QR codes use the public address (platform/config.ts publicUrlOf).
    dossierContext: () => ({
      provinceCode: config.provinceCode,
      publicUrl,
      blobs,
      ...(signing ? { signing } : {}),
      uploadMaxBytes: config.uploadMaxBytes,
      counterHours: config.counterOutsideHours,
      assuranceRequired: config.oidcIssuer !== undefined,
    }),
  };
}

function publicPages(app: FastifyInstance): void {
  const provinceCode = app.deps.config.provinceCode;
  const db = () => app.deps.database.db;

  app.get('/', async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const data = await loadHome(db(), provinceCode);
    return sendPage(reply, <HomePage ctx={ctx} {...data} />);
  });

  app.get('/co-quan', async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const [provinceName, agencies] = await Promise.all([
      provinceNameOf(db(), provinceCode),
      listAgencies(db(), anonymous, { provinceCode }),
    ]);
    return sendPage(reply, <AgenciesPage ctx={ctx} provinceName={provinceName} agencies={agencies} />);
  });

  app.get('/thu-tuc', async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const query = parseSearchQuery(queryOf(request));
    const { result, fields } = await loadSearch(db(), provinceCode, query);
    return sendPage(reply, <SearchPage ctx={ctx} query={query} result={result} fields={fields} />);
  });

  app.get<{ Params: { code: string } }>('/thu-tuc/:code', async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const procedure = await getProcedure(db(), request.params.code, { provinceCode });
    if (!procedure.active) throw new DomainError('PROCEDURE_NOT_FOUND');
    const tree = await listAgencies(db(), anonymous, { provinceCode });
    const places = receivingPlaces(procedure, tree);
    // Issue 23: the expected due date if filed now, on the calendar of the only receiving place.
    const hours = places.length === 1 ? (places[0]?.effectiveOfficeHours ?? null) : null;
    const calendar = await getWorkingCalendar(db(), { provinceCode, hours });
    const limit = procedure.timeLimitOnline ?? procedure.timeLimit;
    const expectedDue = calendar.legalDue(new Date(), limit, limit.cutoff ? { cutoff: limit.cutoff } : {});
    return sendPage(reply, <ProcedurePage ctx={ctx} procedure={procedure} places={places} expectedDue={expectedDue} />);
  });

  app.get<{ Params: { file: string } }>('/mau-don/:file', async (request, reply) => {
    const name = request.params.file;
    if (!FORM_FILE.test(name) || !formFileExists(name)) throw new DomainError('NOT_FOUND');
    const type = name.endsWith('.pdf')
      ? 'application/pdf'
      : name.endsWith('.xlsx')
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    return reply
      .type(type)
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'public, max-age=3600')
      .send(createReadStream(path.join(FORMS_DIR, name)));
  });

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
