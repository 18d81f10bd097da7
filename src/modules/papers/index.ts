/**
 * The papers module's public surface: the citizen's personal data store (kho dữ liệu cá nhân),
 * its feed from the dossiers' events, the reuse offer of a filing, and its pages (the citizen's
 * "Giấy tờ của tôi", the counter's digitisation and applicant-papers pages).
 */

export { subscribePapers } from './ingest-dossier-papers.ts';
export { choosePaperForFiling, findReusablePapers, type ReusablePaper } from './list-papers.ts';
export { paperPageRoutes } from './pages/routes.tsx';
export { papersRouteRules } from './route-rules.ts';
