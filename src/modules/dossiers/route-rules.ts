/**
 * Who may call the dossiers' routes, on the test's sample dossier: filed online by `owner`
 * at TTPVHCC Minh Xuân, whose receiver (`receiver`) holds it; every other persona is a
 * stranger to it. The role × action table itself is states.ts; see platform/auth/route-rules.ts.
 */
import type { RouteRules } from '../../platform/auth/route-rules.ts';

const seenBy = ['owner', 'receiver'] as const;
const action = (allow: readonly ('owner' | 'receiver')[], why: string, extra: { body?: unknown } = {}) => ({
  allow,
  why,
  seenBy,
  ...(extra.body === undefined ? {} : { body: extra.body }),
});

export const dossierRouteRules: RouteRules = {
  'POST /api/v1/dossiers': {
    allow: ['owner', 'otherCitizen', 'receiver'],
    why: 'citizens file online, receivers at the counter',
  },
  'GET /api/v1/dossiers': { allow: 'signedIn', why: 'each caller’s own list (the applicant’s, the agency’s)' },
  'PUT /api/v1/dossiers/{code}': { allow: ['owner'], why: 'the applicant edits their draft', seenBy },
  'GET /api/v1/dossiers/{code}': { allow: ['owner', 'receiver'], why: 'the applicant and the holding agency', seenBy },
  'POST /api/v1/dossiers/{code}/actions/submit': action(['owner'], 'the applicant submits a draft'),
  'POST /api/v1/dossiers/{code}/actions/receive': action(['receiver'], 'the receiving centre'),
  'POST /api/v1/dossiers/{code}/actions/refuse_intake': action(['receiver'], 'the receiving centre'),
  'POST /api/v1/dossiers/{code}/actions/request_supplement': action(['receiver'], 'the holding agency'),
  'POST /api/v1/dossiers/{code}/actions/supplement': action(['owner'], 'the applicant'),
  'POST /api/v1/dossiers/{code}/actions/assign_step': action(['receiver'], 'the agency of the current step', {}),
  'POST /api/v1/dossiers/{code}/actions/complete_step': action(['receiver'], 'whoever holds the current step', {}),
  'POST /api/v1/dossiers/{code}/actions/return_step': action([], 'the agency of the current step'),
  'POST /api/v1/dossiers/{code}/actions/transfer': action([], 'the holding agency'),
  'POST /api/v1/dossiers/{code}/actions/transfer_back': action([], 'the agency it was transferred to'),
  'POST /api/v1/dossiers/{code}/actions/request_payment': action([], 'the holding agency'),
  'POST /api/v1/dossiers/{code}/actions/record_payment': action([], 'the receiving centre'),
  'POST /api/v1/dossiers/{code}/actions/apologise_extend': action([], 'the holding agency'),
  'POST /api/v1/dossiers/{code}/actions/extend_for_verification': action([], 'the holding agency'),
  'POST /api/v1/dossiers/{code}/actions/stop': action([], 'the holding agency’s leader'),
  'POST /api/v1/dossiers/{code}/actions/withdraw': action(['owner'], 'the applicant'),
  'POST /api/v1/dossiers/{code}/actions/approve': action([], 'the competent agency’s leader'),
  'POST /api/v1/dossiers/{code}/actions/deny': action([], 'the competent agency’s leader'),
  'POST /api/v1/dossiers/{code}/actions/attach_result': action([], 'the competent agency'),
  'POST /api/v1/dossiers/{code}/actions/deliver': action([], 'the receiving centre'),
  'GET /api/v1/track/{code}': {
    allow: 'everyone',
    why: 'anyone with the code and the tracking key',
    query: 'key=SAI-KHOA',
  },
  'POST /api/v1/attachments': {
    allow: 'signedIn',
    why: 'any account stages its own uploads (papers, results), under a per-account quota',
    upload: true,
  },
  'POST /api/v1/dossiers/{code}/attachments': {
    allow: ['owner', 'receiver'],
    why: 'the applicant and the holding agency add papers (issue 11 High 1: results only by the role × action table)',
    seenBy,
    upload: true,
  },
  'GET /api/v1/dossiers/{code}/attachments': { allow: ['owner', 'receiver'], why: 'who reads the dossier', seenBy },
  'GET /api/v1/dossiers/{code}/attachments/{id}': {
    allow: ['owner', 'receiver'],
    why: 'who reads the dossier',
    seenBy,
  },
  'GET /api/v1/dossiers/{code}/attachments/{id}/signatures': {
    allow: ['owner', 'receiver'],
    why: 'who reads the dossier',
    seenBy,
  },
  'GET /api/v1/dossiers/{code}/slips/{kind}.pdf': {
    allow: ['owner', 'receiver'],
    why: 'who reads the dossier',
    seenBy,
  },
  'GET /api/v1/dossier-register.xlsx': {
    allow: 'staff',
    why: 'the register of the caller’s own agency',
    query: 'from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z',
  },
};
