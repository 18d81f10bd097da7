/** The feedback module's public surface: use-cases, HTTP entrances (API, Open311, pages) and tables. */

export { type FeedbackFact, type FeedbackFactSelection, feedbackFacts } from './facts.ts';
export { open311Routes } from './open311.ts';
export { feedbackPageRoutes } from './pages.tsx';
export { feedbackRoutes } from './routes.ts';
export {
  feedbackActions,
  feedbackCodeCounters,
  feedbackItems,
  feedbackLinks,
  feedbackReactions,
  feedbackSettings,
  hotlineCalls,
  open311ApiKeys,
} from './schema.ts';
export * from './service.ts';
export { type FeedbackAction, type FeedbackState, feedbackStates } from './states.ts';
