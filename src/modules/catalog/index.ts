/** The catalog's public surface for other modules, the composition root and the CLI. */
export { onlineLevelsOffered } from './agency-links.ts';
export { catalogExportCommand, catalogImportCommand } from './cli.ts';
export { type DeclarationForm, declarationFormFor } from './declaration-forms.ts';
export { type ProcedureFact, type ProcedureSetupFact, procedureFacts, procedureSetupFacts } from './facts.ts';
export { seedCatalog } from './import.ts';
export * from './model.ts';
/** Its operations in the OpenAPI description and who may call its routes (src/site/routes.ts). */
export { catalogOperations } from './operations.ts';
export { catalogRouteRules } from './route-rules.ts';
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
