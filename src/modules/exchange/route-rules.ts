/** Who may open the exchange module's pages: see platform/auth/route-rules.ts and policies.ts. */
import type { RouteRules } from '../../platform/auth/route-rules.ts';

const logReaders = ['agencyAdmin', 'communeAdmin', 'provinceAdmin', 'inspector'] as const;

export const exchangeRouteRules: RouteRules = {
  'GET /workspace/dan-cu': {
    allow: ['receiver'],
    why: 'the counter’s population look-up, with the citizen’s consent',
    query: 'thu-tuc=$procedure',
  },
  'POST /workspace/dan-cu': {
    allow: ['receiver'],
    why: 'receivers look the applicant up after the citizen consents (the connector’s allow-list decides too)',
    body: { procedure: '$procedure', personalId: '008085001234', consent: 'yes' },
  },
  'GET /workspace/doanh-nghiep': {
    allow: ['receiver', 'specialist'],
    why: 'receivers and specialists check an enterprise in the business registration database',
  },
  'POST /workspace/doanh-nghiep': {
    allow: ['receiver', 'specialist'],
    why: 'each look-up is logged with its purpose (the connector’s allow-list decides too)',
    body: { taxCode: '5000123456', purpose: 'Thẩm định hồ sơ' },
  },
  'GET /workspace/thua-dat': {
    allow: ['receiver', 'specialist'],
    why: 'receivers and specialists check a land parcel in the land information system',
  },
  'POST /workspace/thua-dat': {
    allow: ['receiver', 'specialist'],
    why: 'each look-up is logged with its purpose (the connector’s allow-list decides too)',
    body: { commune: '02215', sheet: '12', parcel: '345', purpose: 'Thẩm định hồ sơ' },
  },
  'GET /workspace/trao-doi-du-lieu': {
    allow: logReaders,
    why: 'administrators run the connectors, inspectors check who read what',
  },
  'GET /workspace/trao-doi-du-lieu/ket-xuat': {
    allow: logReaders,
    why: 'the signed archive of the message log, to verify offline (audited)',
  },
};
