/** The ratings module's public surface: use-cases, routes and tables. */

export { type RatingFact, type RatingFactSelection, ratingFacts } from './facts.ts';
export { kioskRoutes } from './kiosk-routes.tsx';
export { ratingRoutes } from './routes.ts';
export { type ServiceIndex54, type ServiceIndex54Config, serviceIndex54 } from './rules.ts';
export {
  agencyEvaluations,
  counterKioskTokens,
  counterSessionHistory,
  counterSessions,
  dossierRatings,
  officerRatings,
  type RatingChannel,
  type RatingLevel,
  ratingChannels,
  ratingLevels,
} from './schema.ts';
export * from './service.ts';
