/** The dossiers' pages, for the site (src/site) to mount: the portal's filing, tracking and "my dossiers", the workspace. */
import type { FastifyInstance } from 'fastify';
import { pageDeps } from './page-deps.ts';
import { dossierRoutes } from './portal/dossier-routes.tsx';
import { filingRoutes } from './portal/filing.tsx';
import { trackRoutes } from './portal/track-routes.tsx';

export { dossierWorkspaceRoutes } from './workspace/routes.tsx';

/** The portal's dossier pages, inside the portal's page scope (its error pages and compression). */
export function portalDossierRoutes(scope: FastifyInstance): void {
  const deps = pageDeps(scope);
  trackRoutes(scope);
  filingRoutes(scope, deps);
  dossierRoutes(scope, deps);
}
