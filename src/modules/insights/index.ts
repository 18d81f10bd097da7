/** The insights module's public surface: the read models' feed and rebuild (and the rollups' alone), and the dashboard pages. */
export { rebuildInsights, subscribeInsights } from './feed.ts';
export { insightsPageRoutes } from './pages/routes.tsx';
export { registerInsightsJobs } from './reports/mail-reports.ts';
export { rebuildRollups } from './rollups-sql.ts';
export { insightsRouteRules } from './route-rules.ts';
