/** The dossiers module's public surface for other modules, the pages, the composition root and the CLI. */
export { takeAction } from './actions.ts';
export {
  addAttachment,
  attachmentSignatures,
  readAttachment,
  stageAttachment,
} from './attachments.ts';
export type { DossierContext } from './context.ts';
export { attachReusedPaper } from './counter-reuse.ts';
export { acceptExternalFiling, type ExternalPaper } from './external-filing.ts';
export { type DossierFact, dossierFacts } from './facts.ts';
export {
  discardFilingDraft,
  type FilingDraftRow,
  findFilingDraft,
  listFilingDrafts,
  saveFilingDraft,
} from './filing-drafts.ts';
export { validateApplicant, validateFormData } from './filing-rules.ts';
export { listDossiers } from './inbox.ts';
export { keySigning, signAsAgency, signPersonallyDetached } from './key-signing.ts';
/** Its operations in the OpenAPI description and who may call its routes (src/site/routes.ts). */
export { dossierOperations } from './operations.ts';
export { type DossierPaymentFacts, dossierPaymentFacts } from './payment-facts.ts';
export { getDossier, loadView } from './queries.ts';
export {
  agencyQuarterFacts,
  competentAgencyOfDossier,
  type DossierToRate,
  findDossierForRating,
  servingActions,
} from './reads.ts';
export { dossierRouteRules } from './route-rules.ts';
export { dossierRoutes } from './routes.ts';
export { searchDossiers } from './search.ts';
export {
  SIGNATURE_IMAGE_MAX_BYTES,
  saveSignatureImage,
  signatureImageOf,
} from './signing-images.ts';
export {
  importPkcs12Key,
  keysExpiringSoon,
  listSigningKeys,
  personalKeyKind,
  provinceSigner,
  registerPkcs11Key,
  registerRemoteKey,
  revokeKey,
  type SigningKeyRow,
  seedDossiers,
  signing,
  useSigning,
} from './signing-keys.ts';
export { appointmentOf } from './slip-service.ts';
export { snapshotToJson } from './snapshot-json.ts';
export * from './states.ts';
export { type DossierStoreFile, type DossierStoreRecord, dossierStoreRecord } from './store-files.ts';
export { type CounterIntake, fileDossier } from './submit.ts';
export { registerDossierJobs } from './sweep.ts';
export { dossierForExternalSync } from './sync-view.ts';
export { classifyTiming, type TimingClass } from './timing.ts';
export { trackDossier } from './tracking.ts';
export * from './view-types.ts';
