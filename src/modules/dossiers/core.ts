/**
 * Filing and acting on dossiers (kept as the entry point the pages import; the work is in
 * submit.ts, actions.ts, reception.ts and record.ts).
 */
export { type ActionOptions, takeAction } from './actions.ts';
export type { DossierContext } from './context.ts';
export { dueDateOf } from './reception.ts';
export { type DraftChanges, type FileDossierInput, fileDossier, updateDraft } from './submit.ts';
