/** The directory module's public surface: use-cases, routes, seed and wiring helpers. */
export { directoryCallerResolver, grantProvinceAdmin } from './bootstrap.ts';
export { type AgencyFacts, type DirectoryScope, directoryScope, isProvinceAdminAgency } from './policies.ts';
export {
  type AgencyFilter,
  adminUnitName,
  agenciesWithHours,
  agencyByCode,
  agencyById,
  agencyNames,
  counterById,
  countersByIds,
  findAgencies,
  isAdminUnitOf,
  officeHoursGroups,
  officeHoursOf,
  provinceCommitteeOf,
  type StaffFacts,
  staffByAccount,
  staffByAccounts,
  staffOfAgency,
} from './reads.ts';
export { callerOf, directoryRoutes } from './routes.ts';
export {
  type AgencyKind,
  type AgencyLevel,
  type AgencyRow,
  agencyKinds,
  type CounterRow,
  type OfficeHours,
} from './schema.ts';
export { DEMO_PASSWORD, seedAdminUnits, seedDirectory } from './seed.ts';
export * from './service.ts';
