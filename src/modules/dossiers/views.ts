/**
 * Reading dossiers (kept as the entry point the pages import): one dossier (queries.ts), the
 * lists (inbox.ts) and public tracking (tracking.ts).
 */
export { type ListFilters, listDossiers } from './inbox.ts';
export { getDossier, loadView } from './queries.ts';
export { trackDossier } from './tracking.ts';
export type { DossierList, DossierListItem, DossierView, TrackingView } from './view-types.ts';
