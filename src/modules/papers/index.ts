/**
 * The papers module's public surface: the citizen's personal data store (kho dữ liệu cá nhân),
 * its feed from the dossiers' events, reuse on a filing, digitisation at the counter, and the
 * "Giấy tờ của tôi" page.
 */
import './errors.ts';

export { type DigitisedPaper, type DigitiseInput, digitisePaper } from './digitise-paper.ts';
export { ingestDossierPapers, subscribePapers } from './ingest-dossier-papers.ts';
export {
  choosePaperForFiling,
  findReusablePapers,
  listMyPapers,
  type PaperView,
  type ReusablePaper,
} from './list-papers.ts';
export { paperPageRoutes } from './pages/routes.tsx';
export { readApplicantPapers } from './read-applicant-papers.ts';
export { removePaper } from './remove-paper.ts';
export { papersRouteRules } from './route-rules.ts';
