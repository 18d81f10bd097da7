/** Who may call the payments module's routes, on the test's sample dossier: see platform/auth/route-rules.ts. */
import type { RouteRules } from '../../platform/auth/route-rules.ts';

/** The test's sample dossier: filed online by `owner`, held by Minh Xuân's receiver (dossiers/route-rules.ts). */
const seenBy = ['owner', 'receiver'] as const;

export const paymentRouteRules: RouteRules = {
  'GET /payments/vnpay/ipn': { allow: 'credential', why: 'VNPay’s vnp_SecureHash (404 while VNPay is not configured)' },
  'POST /payments/platform/confirm': {
    allow: 'credential',
    why: 'the national payment platform’s MaXacThuc (404 while the platform is not configured)',
  },
  'POST /api/v1/payments/attempts/{id}/refund': {
    allow: [],
    why: 'a receiver or leader of the competent agency, for a payment flagged for refund (none on the sample dossier)',
  },
  'POST /api/v1/payments/dossiers/{code}/exempt': {
    allow: [],
    why: 'the specialist or leader of the holding agency, for a dossier awaiting payment (the sample dossier owes nothing)',
  },
  'GET /api/v1/payments/dossiers/{code}': { allow: ['owner', 'receiver'], why: 'whoever may read the dossier', seenBy },
  // Pages (hidden from the OpenAPI document).
  'GET /payments/vnpay/return': { allow: 'everyone', why: 'display only: the browser comes back from VNPay' },
  'GET /payments/platform/return': { allow: 'everyone', why: 'display only: the browser comes back from the platform' },
  'GET /payments/dossiers/{code}': {
    allow: ['owner', 'receiver'],
    why: 'the fee notice: the applicant, and staff who may read the dossier (counter screen)',
    seenBy,
  },
  'POST /payments/dossiers/{code}': { allow: ['owner'], why: 'the applicant pays online', seenBy },
  'GET /payments/dossiers/{code}/bien-lai.pdf': {
    allow: ['owner', 'receiver'],
    why: 'the receipt: whoever may read the dossier',
    seenBy,
  },
};
