/** Who may call the directory's routes (policies.ts states the scope rules): see platform/auth/route-rules.ts. */
import type { RouteRules } from '../../platform/auth/route-rules.ts';

const admins = ['agencyAdmin', 'provinceAdmin'] as const;

export const directoryRouteRules: RouteRules = {
  'GET /api/v1/admin-units': { allow: 'everyone', why: 'public reference data' },
  'GET /api/v1/admin-units/{code}': { allow: 'everyone', why: 'public reference data' },
  'GET /api/v1/admin-unit-mappings': { allow: 'everyone', why: 'public reference data', query: 'oldCode=02509' },
  'GET /api/v1/agencies': { allow: 'everyone', why: 'the agencies are public' },
  'GET /api/v1/agencies/{id}': { allow: 'everyone', why: 'the agencies are public' },
  'POST /api/v1/agencies': {
    allow: admins,
    why: 'a sub-agency of Sở Tư pháp: its admin or the province admin',
    body: { code: '000.02.03.H60', name: 'Phòng mới', kind: 'justice', level: 'province', parentId: '$tuphap' },
  },
  'PATCH /api/v1/agencies/{id}': {
    allow: admins,
    why: 'a sub-agency of Sở Tư pháp: its admin or the province admin',
    body: { name: 'Phòng thử nghiệm đổi tên' },
  },
  'GET /api/v1/staff': { allow: 'staff', why: 'the staff list is for the province’s staff' },
  'POST /api/v1/staff': {
    allow: admins,
    why: 'staff of Sở Tư pháp: its admin or the province admin',
    body: { agencyId: '$tuphap', fullName: 'Cán Bộ Mới', roles: ['specialist'] },
  },
  'PATCH /api/v1/staff/{id}': {
    allow: admins,
    why: 'a specialist of Sở Tư pháp: its admin or the province admin (leader/admin need the level above)',
    body: { roles: ['specialist', 'clerk'] },
  },
  'GET /api/v1/counters': { allow: 'everyone', why: 'the counters are public' },
  'POST /api/v1/counters': {
    allow: ['provinceAdmin'],
    why: 'the counters of TTPVHCC Minh Xuân: whoever administers the centre',
    body: { agencyId: '$centre', number: 99, name: 'Quầy thử nghiệm', fields: [] },
  },
  'PATCH /api/v1/counters/{id}': {
    allow: ['provinceAdmin'],
    why: 'a counter of TTPVHCC Minh Xuân: whoever administers the centre',
    body: { name: 'Quầy số 1 — đổi tên' },
  },
};
