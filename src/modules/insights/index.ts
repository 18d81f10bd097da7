/** The insights module's public surface: the read models' feed, rebuild, indicators, the 766 index, routes. */
export {
  handleInsightsEvent,
  type RebuildCounts,
  rebuildInsights,
  refreshDossiers,
  refreshFeedback,
  refreshRatings,
  subscribeInsights,
} from './feed.ts';
export { components766, groups766, type Index766, type IndexLevel, type ScopeScore } from './index766.ts';
export type { Dimension, Figure, Filters, Indicators, Rate } from './indicators.ts';
export { insightsPageRoutes } from './pages.tsx';
export { type Period, parsePeriod, previousPeriod } from './periods.ts';
export { dashboard, drillDown, loadLookups, serviceIndexReport } from './service.ts';
