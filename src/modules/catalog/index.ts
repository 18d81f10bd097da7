/** The catalog's public surface for other modules, the composition root and the CLI. */
export { type AgencyRef, findAgenciesByKind } from './agency-links.ts';
export { catalogExportCommand, catalogImportCommand } from './cli.ts';
export { type ProcedureFact, procedureFacts } from './facts.ts';
export {
  DEFAULT_CATALOG_DIR,
  exportCatalog,
  type ImportOptions,
  type ImportReport,
  importCatalog,
  seedCatalog,
} from './import.ts';
export * from './model.ts';
export { catalogRoutes } from './routes.ts';
export { budgetHours, describeTimeLimit, HOURS_PER_WORKING_DAY, templateHours } from './rules.ts';
export { fields, procedureAgencies, procedures, processTemplates, type StoredTimeLimit } from './schema.ts';
export {
  type FieldView,
  getProcedure,
  getProcessTemplate,
  listFields,
  type ProcedureSummary,
  type ProcedureView,
  type ProcessTemplateView,
  type PublishInput,
  publishProcessTemplate,
  type SaveProcedureInput,
  type SaveResult,
  type SearchInput,
  type SearchResult,
  saveProcedure,
  searchProcedures,
} from './service.ts';
