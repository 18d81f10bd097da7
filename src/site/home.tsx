/**
 * The web's entrance for src/site/routes.ts: the citizens' portal (/) and the staff
 * workspace (/workspace). `homeRoutes` registers both, so the existing wiring keeps working.
 */
import type { FastifyInstance } from 'fastify';
import { portalRoutes } from './portal-routes.tsx';
import { workspaceRoutes } from './workspace-routes.tsx';

export async function homeRoutes(app: FastifyInstance): Promise<void> {
  await portalRoutes(app);
  await workspaceRoutes(app);
}
