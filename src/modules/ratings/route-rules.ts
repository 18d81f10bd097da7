/** Who may call the ratings module's routes: see platform/auth/route-rules.ts. */
import type { RouteRules } from '../../platform/auth/route-rules.ts';

export const ratingRouteRules: RouteRules = {
  'POST /api/v1/dossiers/{code}/rating': {
    allow: ['owner'],
    why: 'the applicant rates their own dossier',
    seenBy: ['owner'],
  },
  'GET /api/v1/dossiers/{code}/rating': { allow: ['owner'], why: 'the applicant’s own rating', seenBy: ['owner'] },
  'GET /api/v1/ratings/summary': {
    allow: 'staff',
    why: 'the agencies’ own figures',
    query: 'groupBy=agency&quarter=2026-Q4',
  },
  'GET /api/v1/evaluations': {
    allow: 'staff',
    why: 'the 18-point evaluation of an agency',
    query: 'agency=$tuphap&quarter=2026-Q4',
  },
  'PUT /api/v1/evaluations/{agencyId}/{quarter}/{criterion}': {
    allow: ['agencyAdmin', 'provinceAdmin'],
    why: 'self-assessment by the agency’s admin, appraisal by the province admin',
    body: { note: 'Ghi chú thử nghiệm phân quyền' },
  },
  'POST /api/v1/counters/{id}/session': { allow: ['receiver'], why: 'a receiver of the centre opens the counter' },
  'DELETE /api/v1/counters/{id}/session': { allow: ['receiver'], why: 'a receiver of the centre closes the counter' },
  'POST /api/v1/counters/{id}/kiosk-tokens': {
    allow: ['provinceAdmin'],
    why: 'whoever administers the centre pairs its kiosks',
  },
  'DELETE /api/v1/kiosk-tokens/{id}': {
    allow: ['provinceAdmin'],
    why: 'whoever administers the centre revokes its kiosks',
  },
  'POST /api/v1/kiosk/{counterId}/ratings': { allow: 'credential', why: 'the kiosk’s token' },
  'GET /api/v1/kiosk/{counterId}': { allow: 'credential', why: 'the kiosk’s token' },
  // Pages (hidden from the OpenAPI document).
  'GET /danh-gia/{code}': { allow: ['owner'], why: 'the applicant rates their dossier', seenBy: ['owner'] },
  'POST /danh-gia/{code}': { allow: ['owner'], why: 'the applicant rates their dossier', seenBy: ['owner'] },
  'GET /kiosk/assets/kiosk.css': { allow: 'everyone', why: 'the kiosk’s style sheet' },
  'GET /kiosk/assets/kiosk.js': { allow: 'everyone', why: 'the kiosk’s script' },
  'GET /kiosk/{counterId}': { allow: 'credential', why: 'the kiosk’s token' },
  'POST /kiosk/{counterId}': { allow: 'credential', why: 'the kiosk’s token' },
};
