/** Who may call the national-portal connector's routes: see platform/auth/route-rules.ts. */
import type { RouteRules } from '../../platform/auth/route-rules.ts';

export const nationalRouteRules: RouteRules = {
  'POST /api/v1/national/dossiers': {
    allow: 'credential',
    why: 'the bearer token agreed with the national portal or the LGSP (404 while unset)',
  },
  'GET /national/files/{code}/{id}': {
    allow: 'credential',
    why: 'the link’s own signature and expiry, given only to the national portal',
    query: 'e=1&s=abc',
  },
  'GET /workspace/national': {
    allow: ['provinceAdmin'],
    why: 'the province’s integration work: reconciliation with the national portal',
    query: 'ngay=2026-11-02',
  },
  'POST /workspace/national/resend': {
    allow: ['provinceAdmin'],
    why: 'the province administrator resends a dossier found different',
    body: { code: '$dossier', ngay: '2026-11-02' },
  },
};
