/** The directory module's public surface: use-cases, routes, seed and wiring helpers. */
export { agencyHeading } from './agency-cache.ts';
export { directoryCallerResolver, grantProvinceAdmin } from './bootstrap.ts';
/** Its operations in the OpenAPI description and who may call its routes (src/site/routes.ts). */
export { directoryOperations } from './operations.ts';
export { type AgencyFacts, type DirectoryScope, directoryScope } from './policies.ts';
export { provinceNameOf } from './province-name.ts';
export {
  adminEmailsOf,
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
  staffByAccount,
  staffByAccounts,
  staffOfAgency,
} from './reads.ts';
export { directoryRouteRules } from './route-rules.ts';
export { directoryRoutes } from './routes.ts';
export {
  type AgencyKind,
  type AgencyRow,
  agencyKinds,
  type OfficeHours,
} from './schema.ts';
export { DEMO_PASSWORD, readDemoProvince, seedAdminUnits, seedDirectory } from './seed.ts';
export * from './service.ts';
export { staffCallerColumn } from './staff.ts';
