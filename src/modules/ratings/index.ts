/** The ratings module's public surface: use-cases and routes. */

export { type RatingFact, ratingFacts } from './facts.ts';
export { kioskRoutes } from './kiosk-routes.tsx';
/** Its operations in the OpenAPI description and who may call its routes (src/site/routes.ts). */
export { ratingOperations } from './operations.ts';
export { ratingRouteRules } from './route-rules.ts';
export { ratingRoutes } from './routes.ts';
export { type ServiceIndex54, serviceIndex54 } from './rules.ts';
export type { RatingLevel } from './schema.ts';
export * from './service.ts';
