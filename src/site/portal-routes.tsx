/**
 * The citizens' portal: its pages in one plugin scope with HTML error pages and gzip/brotli
 * compression (page budget: ≤ 60 KB transferred per page). Pages call the services directly
 * with `request.caller`; no HTTP round trip to the JSON API.
 */

import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import { catalogPageRoutes } from '../modules/catalog/pages/index.ts';
import { provinceNameOf } from '../modules/directory/index.ts';
import { directoryPageRoutes } from '../modules/directory/pages/index.ts';
import { portalDossierRoutes } from '../modules/dossiers/pages/index.ts';
import { pageContext, provinceNameKnown, rememberProvinceName } from '../web/context.ts';
import { PAGE_COMPRESSION, pageErrorHandler, sendPage } from '../web/http.tsx';
import { assetRoutes } from '../web/layout.tsx';
import { ensureMultipart } from '../web/uploads.ts';
import { authPageRoutes } from './auth.tsx';
import { linkPageRoutes } from './link-pages.tsx';
import { notificationSettingsRoutes } from './notification-settings.tsx';
import { HomePage, loadHome } from './portal-home.tsx';

/** The portal's page scope: the home page and sign-in here, each module's public pages inside it. */
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
    homePage(scope);
    authPageRoutes(scope, 'portal');
    linkPageRoutes(scope);
    catalogPageRoutes(scope);
    directoryPageRoutes(scope);
    portalDossierRoutes(scope);
    notificationSettingsRoutes(scope);
  });
}

function homePage(app: FastifyInstance): void {
  const provinceCode = app.deps.config.provinceCode;
  const db = () => app.deps.database.db;

  app.get('/', async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const data = await loadHome(db(), provinceCode);
    return sendPage(reply, <HomePage ctx={ctx} {...data} />);
  });
}
