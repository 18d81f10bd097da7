/**
 * The staff workspace under /workspace: its own plugin scope (HTML error and not-found pages,
 * compression, the staff sign-in), with each module's workspace pages inside it.
 */
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import { dossierWorkspaceRoutes } from '../modules/dossiers/pages/index.ts';
import { notFoundPage, PAGE_COMPRESSION, pageErrorHandler } from '../web/http.tsx';
import { ensureMultipart } from '../web/uploads.ts';
import { authPageRoutes } from './auth.tsx';

export async function workspaceRoutes(app: FastifyInstance): Promise<void> {
  await app.register(
    async (scope) => {
      await scope.register(compress, PAGE_COMPRESSION);
      await ensureMultipart(scope);
      scope.setErrorHandler(pageErrorHandler('workspace'));
      notFoundPage(scope, 'workspace');
      authPageRoutes(scope, 'workspace');
      dossierWorkspaceRoutes(scope);
    },
    { prefix: '/workspace' },
  );
}
