/**
 * The dossiers module's public surface for other modules, the composition root and the CLI.
 * (The pages import core.ts, views.ts and attachments.ts directly; those stay as they are.)
 */
export { type ActionRoute, actionRoutes } from './action-bodies.ts';
export { type ActionOptions, takeAction } from './actions.ts';
export {
  type AttachmentKind,
  addAttachment,
  attachmentSignatures,
  listAttachments,
  readAttachment,
  safeFileName,
  stageAttachment,
  type UploadInput,
} from './attachments.ts';
export type { DossierContext } from './context.ts';
export { DUE_SOON_WORKING_HOURS } from './deadlines.ts';
export { type Applicant, validateApplicant, validateFormData } from './filing-rules.ts';
export { type ListFilters, listDossiers } from './inbox.ts';
export { getDossier } from './queries.ts';
export { dueDateOf } from './reception.ts';
export { dossierRegister } from './register-service.ts';
export { dossierRoutes } from './routes.ts';
export { searchDossiers } from './search.ts';
export { letterheadOf, seedDossiers, signAsAgency, signingKeyOf } from './signing-keys.ts';
export { appointmentOf, dossierSlip, type SlipKind, slipKinds } from './slip-service.ts';
export { removeStaleStagedFiles } from './staging.ts';
export * from './states.ts';
export { type CounterIntake, type DraftChanges, type FileDossierInput, fileDossier, updateDraft } from './submit.ts';
export {
  DEADLINE_SWEEP_QUEUE,
  registerDossierJobs,
  STAGED_CLEANUP_QUEUE,
  type SweepCounts,
  sweepDeadlines,
} from './sweep.ts';
export { classifyTiming, timingInputOf } from './timing.ts';
export { trackDossier } from './tracking.ts';
export * from './view-types.ts';
