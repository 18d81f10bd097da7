/** The directory module's public surface: use-cases, routes, seed and wiring helpers. */
export { directoryCallerResolver, grantProvinceAdmin } from './bootstrap.ts';
export { type AgencyFact, agencyFacts, officerNames } from './facts.ts';
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
