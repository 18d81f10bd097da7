/** The payments module's operations in the OpenAPI description (platform/http/openapi.ts): ids never change. */
import type { OperationDocs } from '../../platform/http/openapi.ts';

export const paymentOperations: OperationDocs = {
  'GET /payments/vnpay/ipn': {
    id: 'receiveVnpayIpn',
    summary: 'Thông báo kết quả thanh toán từ VNPay (IPN, có chữ ký vnp_SecureHash)',
    errors: ['PAYMENT_CALLBACK_DISABLED'],
  },
  'POST /payments/platform/confirm': {
    id: 'receivePaymentPlatformConfirm',
    summary: 'Thông báo kết quả thanh toán từ Nền tảng thanh toán trực tuyến (có MaXacThuc)',
    errors: ['PAYMENT_CALLBACK_DISABLED'],
  },
  'POST /api/v1/payments/attempts/{id}/refund': {
    id: 'refundPayment',
    summary: 'Hoàn trả một khoản đã thanh toán mà hồ sơ không còn cần (rút hồ sơ, nộp hai lần)',
    errors: ['PAYMENT_NOT_FOUND', 'PAYMENT_REFUND_NOT_DUE', 'PAYMENT_PROVIDER_UNAVAILABLE', 'PAYMENT_PROVIDER_FAILED'],
  },
  'POST /api/v1/payments/dossiers/{code}/exempt': {
    id: 'exemptDossierFee',
    summary: 'Miễn phí, lệ phí cho hồ sơ đang chờ nộp (trường hợp được miễn theo thủ tục), có lý do',
    errors: [
      'DOSSIER_NOT_FOUND',
      'DOSSIER_ROLE_NOT_ALLOWED',
      'DOSSIER_ACTION_NOT_ALLOWED',
      'DOSSIER_NOT_AT_HOLDING_AGENCY',
      'PAYMENT_NOTHING_DUE',
      'PAYMENT_NOT_DUE',
      'REASON_REQUIRED',
    ],
  },
  'GET /api/v1/payments/dossiers/{code}': {
    id: 'getDossierPaymentStatus',
    summary: 'Tình trạng nộp phí, lệ phí của hồ sơ',
    errors: ['DOSSIER_NOT_FOUND'],
  },
};
