/**
 * The exchange module's public face: the data-sharing gateway's pages and jobs (LGSP/NDXP), the
 * counter's population look-up, and the export and offline verification of the signed log.
 */
import './errors.ts';

export { counterPrefillOf, PopulationSection } from './counter-prefill.tsx';
export { exportExchangeArchive } from './export-log.ts';
export { registerExchangeJobs } from './jobs.ts';
export { exchangePageRoutes } from './pages/routes.tsx';
export { exchangeRouteRules } from './route-rules.ts';
export { dossiersUsingPopulationData, markDossierUsesPopulationData } from './use-prefill.ts';
export { ARCHIVE_WARNINGS, type ArchiveReport, verifyExchangeArchive } from './verify-archive.ts';
