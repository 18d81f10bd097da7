/** Who may call the payments module's routes: see platform/auth/route-rules.ts. */
import type { RouteRules } from '../../platform/auth/route-rules.ts';

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
  'GET /api/v1/payments/dossiers/{code}': {
    allow: ['owner', 'receiver', 'specialist', 'leader', 'clerk'],
    why: 'whoever may read the dossier',
  },
};
