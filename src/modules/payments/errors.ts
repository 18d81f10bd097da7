/** Error codes of the payments module with what the citizen or officer reads. */
import { registerErrors } from '../../platform/errors.ts';

const entries = {
  PAYMENT_NOTHING_DUE: { status: 409, vi: 'Hồ sơ hiện không có khoản phí, lệ phí nào cần nộp.' },
  PAYMENT_PROVIDER_UNAVAILABLE: {
    status: 409,
    vi: 'Hình thức thanh toán này chưa được cấu hình trên hệ thống. Vui lòng chọn hình thức khác.',
  },
  PAYMENT_PROVIDER_FAILED: {
    status: 502,
    vi: 'Không kết nối được với đơn vị thanh toán. Vui lòng thử lại sau ít phút.',
  },
  PAYMENT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy giao dịch thanh toán.' },
  PAYMENT_RECEIPT_NOT_ISSUED: { status: 409, vi: 'Hồ sơ chưa có biên lai thu phí, lệ phí.' },
  PAYMENT_CALLBACK_DISABLED: { status: 404, vi: 'Đơn vị thanh toán này chưa được cấu hình trên hệ thống.' },
  PAYMENT_REFUND_NOT_DUE: { status: 409, vi: 'Giao dịch này không thuộc diện hoàn trả.' },
  PAYMENT_ROLE_NOT_ALLOWED: { status: 403, vi: 'Bạn không có quyền thực hiện thao tác này đối với khoản thanh toán.' },
} as const;

registerErrors(entries);
