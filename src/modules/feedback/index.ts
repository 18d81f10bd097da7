/** The feedback module's public surface: use-cases and HTTP entrances (API, Open311, pages). */
export { type FeedbackFact, feedbackFacts } from './facts.ts';
export { computeIndicators, type FeedbackIndicators } from './indicators.ts';
export { open311Routes } from './open311.ts';
/** Its operations in the OpenAPI description and who may call its routes (src/site/routes.ts). */
export { feedbackOperations } from './operations.ts';
export { feedbackPageRoutes } from './pages.tsx';
export { feedbackRouteRules } from './route-rules.ts';
export { feedbackRoutes } from './routes.ts';
export * from './service.ts';
