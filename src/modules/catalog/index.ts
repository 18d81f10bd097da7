/** The catalog's public surface for other modules, the composition root and the CLI. */
export { onlineLevelsOffered } from './agency-links.ts';
export { catalogExportCommand, catalogImportCommand } from './cli.ts';
export { seedCatalog } from './import.ts';
export * from './model.ts';
export { catalogRoutes } from './routes.ts';
export { describeTimeLimit } from './rules.ts';

export {
  type FieldView,
  getProcedure,
  getProcessTemplate,
  listFields,
  type ProcedureSummary,
  type ProcedureView,
  type SearchResult,
  saveProcedure,
  searchProcedures,
} from './service.ts';
