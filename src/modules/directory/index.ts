/** The directory module's public surface: use-cases, routes, seed and wiring helpers. */
export { type AgencyHeading, agencyHeading } from './agency-cache.ts';
export { directoryCallerResolver, grantProvinceAdmin } from './bootstrap.ts';
export { type AgencyFacts, type DirectoryScope, directoryScope, isProvinceAdminAgency } from './policies.ts';
export { callerOf, directoryRoutes } from './routes.ts';
export {
  type AgencyKind,
  type AgencyLevel,
  type AgencyRow,
  adminUnitMappings,
  adminUnits,
  agencies,
  counters,
  type OfficeHours,
  staff,
} from './schema.ts';
export { DEMO_PASSWORD, seedAdminUnits, seedDirectory } from './seed.ts';
export * from './service.ts';
