/** Who may call the catalog's routes: see platform/auth/route-rules.ts. */
import type { RouteRules } from '../../platform/auth/route-rules.ts';

export const catalogRouteRules: RouteRules = {
  'GET /api/v1/procedures': { allow: 'everyone', why: 'the catalog is public' },
  'GET /api/v1/procedures/{id}': { allow: 'everyone', why: 'the catalog is public' },
  'GET /api/v1/procedures/{id}/process-templates/{version}': { allow: 'everyone', why: 'the catalog is public' },
  'GET /api/v1/fields': { allow: 'everyone', why: 'the catalog is public' },
  'PUT /api/v1/procedures/{id}': {
    allow: ['provinceAdmin'],
    why: 'the province’s catalog: the province-level admin only (issue 11, High 2)',
    body: '$procedureBody',
  },
  'POST /api/v1/procedures/{id}/process-templates': {
    allow: ['provinceAdmin'],
    why: 'the province’s catalog: the province-level admin only (issue 11, High 2)',
    body: '$templateBody',
  },
};
