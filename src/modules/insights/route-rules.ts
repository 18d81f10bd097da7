/** Who may open the insights module's pages: see platform/auth/route-rules.ts and policies.ts. */
import type { RouteRules } from '../../platform/auth/route-rules.ts';

const steering = ['leader', 'agencyAdmin', 'communeAdmin', 'provinceAdmin', 'inspector'] as const;

export const insightsRouteRules: RouteRules = {
  'GET /dashboard': {
    allow: steering,
    why: 'leaders, the operations centre (admins) and inspectors read the figures',
    query: 'ky=2026-11',
  },
  'GET /dashboard/ho-so': {
    allow: steering,
    why: 'the dossiers behind a figure: the province’s for province-level staff, their commune’s otherwise (audited)',
    query: 'ky=2026-11&chi-so=overdue',
  },
  'GET /dashboard/chi-so-766': {
    allow: steering,
    why: 'the 766 index of the province, its agencies and communes',
    query: 'ky=2026-11&cap=co-quan',
  },
  'GET /dashboard/man-hinh': {
    allow: steering,
    why: 'the wall screen of the operations centre: aggregates only, reloads itself',
    query: 'ky=2026-11',
  },
  'GET /dashboard/chi-tieu': {
    allow: ['provinceAdmin'],
    why: 'the province’s yearly targets are set by an admin of a province-level agency',
  },
  'POST /dashboard/chi-tieu': {
    allow: ['provinceAdmin'],
    why: 'the province’s yearly targets are set by an admin of a province-level agency',
    body: { onTimeRate: '95' },
  },
  'GET /dashboard/bao-cao': {
    allow: steering,
    why: 'the periodic reports (form 06 and its variants, the feedback report): aggregates, no personal data',
    query: 'ky=2026-Q4',
  },
  'GET /dashboard/bao-cao/tai-ve': {
    allow: steering,
    why: 'a periodic report as Excel or PDF: aggregates, no personal data',
    query: 'ky=2026-Q4&mau=06&cap=tinh&dinh-dang=xlsx',
  },
  'GET /du-lieu-mo': {
    allow: 'everyone',
    why: 'open data: the list of published datasets (aggregates, no personal data)',
  },
  'GET /du-lieu-mo/catalog.jsonld': { allow: 'everyone', why: 'open data: the DCAT-AP catalogue' },
  'GET /du-lieu-mo/{dataset}': { allow: 'everyone', why: 'open data: a dataset’s DCAT-AP description' },
  'GET /du-lieu-mo/{dataset}/{file}': {
    allow: 'everyone',
    why: 'open data: a dataset for a month as CSV or JSON, small cells withheld',
  },
  'GET /open-data': {
    allow: 'everyone',
    why: 'open data: the list of published datasets (aggregates, no personal data)',
  },
  'GET /open-data/catalog.jsonld': { allow: 'everyone', why: 'open data: the DCAT-AP catalogue' },
  'GET /open-data/{dataset}': { allow: 'everyone', why: 'open data: a dataset’s DCAT-AP description' },
  'GET /open-data/{dataset}/{file}': {
    allow: 'everyone',
    why: 'open data: a dataset for a month as CSV or JSON, small cells withheld',
  },
};
