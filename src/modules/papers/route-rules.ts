/** Who may open the papers module's pages: see platform/auth/route-rules.ts and policies.ts. */
import type { RouteRules } from '../../platform/auth/route-rules.ts';

const receiverOfDossier = {
  allow: ['receiver'],
  why: 'the receiver of the one-stop that received the dossier; other officers are refused',
  seenBy: ['receiver'],
} as const;

export const papersRouteRules: RouteRules = {
  'GET /giay-to-cua-toi': { allow: 'citizens', why: 'each citizen’s own store of papers' },
  'POST /giay-to-cua-toi/{id}/xoa': {
    allow: 'citizens',
    why: 'the owner removes their paper (never a legal result); someone else’s paper is not found',
  },
  'GET /workspace/ho-so/{code}/so-hoa': receiverOfDossier,
  'POST /workspace/ho-so/{code}/so-hoa': { ...receiverOfDossier, upload: true },
  'GET /workspace/ho-so/{code}/giay-to-cong-dan': {
    ...receiverOfDossier,
    why: 'the receiver of the dossier reads its applicant’s papers (audited, shown to the owner)',
  },
  'POST /workspace/ho-so/{code}/giay-to-cong-dan/dung-lai': {
    ...receiverOfDossier,
    why: 'the receiver of the dossier takes a paper of the applicant’s store for it, the applicant consenting',
    body: { paperId: '00000000-0000-4000-8000-000000000000', consent: 'yes' },
  },
};
