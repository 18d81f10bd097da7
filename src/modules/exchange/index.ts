/**
 * The exchange module's public face: the data-sharing gateway (LGSP/NDXP) and its registers,
 * the counter's population look-up, the signed message log, its pages, jobs and verification.
 */
import './errors.ts';

export { gatewayOf } from './app-gateway.ts';
export { type Connector, connectorsOf, loadConnectors } from './connectors.ts';
export { type CounterPrefill, counterPrefillOf, PopulationSection } from './counter-prefill.tsx';
export { exportExchangeArchive } from './export-log.ts';
export { type CallPurpose, Gateway, type GatewayCaller, type ServiceAnswer } from './gateway.ts';
export { registerExchangeJobs } from './jobs.ts';
export { type EnterpriseRecord, lookupEnterprise, lookupParcel, type ParcelRecord } from './lookup-business.ts';
export { lookupPopulation } from './lookup-population.ts';
export { exchangePageRoutes } from './pages/routes.tsx';
export { exchangeRouteRules } from './route-rules.ts';
export type { PopulationPrefill } from './schema.ts';
export { sealBatch, stampPendingBatches } from './seal-batches.ts';
export { dossiersUsingPopulationData, getPopulationPrefill, markDossierUsesPopulationData } from './use-prefill.ts';
export { ARCHIVE_WARNINGS, type ArchiveReport, verifyExchangeArchive } from './verify-archive.ts';
