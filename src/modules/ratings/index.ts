/** The ratings module's public surface: use-cases, routes and tables. */
export { kioskRoutes } from './kiosk-routes.tsx';
export { ratingRoutes } from './routes.ts';
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
