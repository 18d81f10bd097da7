/**
 * The exchange module's public face: the data-sharing gateway's pages and jobs (LGSP/NDXP), the
 * population look-up (counter and online filing), and the export and offline verification of
 * the signed log.
 */
import './errors.ts';

export { gatewayOf, populationConnected } from './app-gateway.ts';
export { PopulationSection, populationPrefillOf } from './counter-prefill.tsx';
export { exportExchangeArchive } from './export-log.ts';
export { registerExchangeJobs } from './jobs.ts';
export { lookupOwnPopulation } from './lookup-population.ts';
export { OnlinePopulationPage, OnlinePopulationSection } from './pages/online-population-view.tsx';
export { exchangePageRoutes } from './pages/routes.tsx';
export { exchangeRouteRules } from './route-rules.ts';
export { dossiersUsingPopulationData, markDossierUsesPopulationData } from './use-prefill.ts';
export { ARCHIVE_WARNINGS, type ArchiveReport, verifyExchangeArchive } from './verify-archive.ts';
