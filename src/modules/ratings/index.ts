/** The ratings module's public surface: use-cases and routes. */
export { kioskRoutes } from './kiosk-routes.tsx';
export { ratingRoutes } from './routes.ts';
export type { RatingLevel } from './schema.ts';
export * from './service.ts';
