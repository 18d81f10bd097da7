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
