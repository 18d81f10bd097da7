/**
 * Composition root: the platform's HTTP app plus every module's routes and pages.
 * The only file that knows all modules.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from './platform/config.ts';
import type { DbHandle } from './platform/db/index.ts';
import { createHttpApp } from './platform/http/app.ts';
import { moduleRoutes } from './modules/routes.ts';

export interface BuildOptions {
  config: Config;
  database: DbHandle;
  logger?: boolean | Record<string, unknown>;
}

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const app = await createHttpApp(options);
  for (const register of moduleRoutes) await register(app);
  return app;
}
