/** The dossiers module's public surface for other modules, the pages, the composition root and the CLI. */
export { takeAction } from './actions.ts';
export {
  addAttachment,
  stageAttachment,
} from './attachments.ts';
export type { DossierContext } from './context.ts';
export { validateApplicant, validateFormData } from './filing-rules.ts';
export { listDossiers } from './inbox.ts';
export { getDossier, loadView } from './queries.ts';
export {
  agencyQuarterFacts,
  competentAgencyOfDossier,
  findDossierForRating,
  servingActions,
} from './reads.ts';
export { dossierRoutes } from './routes.ts';
export { searchDossiers } from './search.ts';
export { provinceSigningKey, seedDossiers } from './signing-keys.ts';
export { appointmentOf } from './slip-service.ts';
export { snapshotToJson } from './snapshot-json.ts';
export * from './states.ts';

export { type CounterIntake, fileDossier } from './submit.ts';
export { registerDossierJobs } from './sweep.ts';
export { trackDossier } from './tracking.ts';
export * from './view-types.ts';
