/**
 * Composition root: the platform's HTTP app plus every module's routes and pages.
 * The only file, with src/jobs.ts and src/modules/seeds.ts, that knows all modules.
 */
import type { FastifyInstance } from 'fastify';
import { getProcedure } from './modules/catalog/index.ts';
import { directoryCallerResolver, officeHoursOf, staffCallerColumn } from './modules/directory/index.ts';
import { authPlugin } from './platform/auth/index.ts';
import { calendarRoutes } from './platform/calendar/routes.ts';
import type { Config } from './platform/config.ts';
import type { DbHandle, Executor } from './platform/db/index.ts';
import { DomainError } from './platform/errors.ts';
import { createHttpApp } from './platform/http/app.ts';
import { notifyRoutes } from './platform/notify/routes.ts';
import { platformOperations } from './platform/operations.ts';
import { platformRouteRules } from './platform/route-rules.ts';
import type { Services } from './platform/services.ts';
import { buildServices } from './services.ts';
import { moduleOperations, moduleRouteRules, moduleRoutes, ownAuthenticationRoutes } from './site/routes.ts';

export interface BuildOptions {
  config: Config;
  database: DbHandle;
  /** Built once by the caller that also runs the jobs (src/services.ts); built here otherwise. */
  services?: Services;
  logger?: boolean | Record<string, unknown>;
}

/** Issue 23: the public expected due date of a procedure (its kind, cut-off, single receiving agency). */
async function procedureLimitOf(db: Executor, code: string, provinceCode: string) {
  const p = await getProcedure(db, code, { provinceCode });
  if (!p.active) throw new DomainError('PROCEDURE_NOT_FOUND');
  return {
    limit: p.timeLimit,
    cutoff: p.timeLimit.cutoff,
    agencyCode: p.agencies.length === 1 ? p.agencies[0]?.code : undefined,
  };
}

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const services = options.services ?? buildServices(options.config);
  const rules = { ...platformRouteRules, ...moduleRouteRules };
  const app = await createHttpApp({
    ...options,
    services,
    ownAuthentication: ownAuthenticationRoutes,
    openapi: { operations: { ...platformOperations, ...moduleOperations }, audienceOf: (key) => rules[key]?.allow },
  });
  // Called directly (not registered) so that every route sees request.caller. The staff record
  // is read in the session's own statement (one round trip per signed-in request).
  await authPlugin(app, {
    resolveCaller: directoryCallerResolver(() => options.database.db),
    callerColumn: staffCallerColumn,
  });
  await calendarRoutes({
    officeHoursOf: (db, code) => officeHoursOf(db, { code }),
    procedureLimitOf: (db, code) => procedureLimitOf(db, code, options.config.provinceCode),
  })(app);
  await notifyRoutes(app);
  for (const register of moduleRoutes) await register(app);
  return app;
}
