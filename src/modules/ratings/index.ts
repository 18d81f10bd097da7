/** The ratings module's public surface: use-cases and routes. */

export { type RatingFact, ratingFacts } from './facts.ts';
export { kioskRoutes } from './kiosk-routes.tsx';
export { ratingRoutes } from './routes.ts';
export { type ServiceIndex54, serviceIndex54 } from './rules.ts';
export type { RatingLevel } from './schema.ts';
export * from './service.ts';
