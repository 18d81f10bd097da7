/**
 * Domain error codes of the dossier lifecycle (states.ts). `decide` returns these codes as values;
 * the service turns one into `new DomainError(code)`, which maps to the status and the
 * Vietnamese message below. Registered at module load.
 */
import { registerErrors } from '../../platform/errors.ts';

const entries = {
  DOSSIER_ACTION_NOT_ALLOWED: { status: 409, vi: 'Không thể thực hiện thao tác này ở trạng thái hiện tại của hồ sơ.' },
  DOSSIER_ROLE_NOT_ALLOWED: { status: 403, vi: 'Vai trò của bạn không được thực hiện thao tác này đối với hồ sơ.' },
  DOSSIER_NOT_AT_HOLDING_AGENCY: {
    status: 403,
    vi: 'Hồ sơ đang do cơ quan khác xử lý; bạn không thể thao tác trên hồ sơ này.',
  },
  DOSSIER_HELD_BY_OTHER_AGENCY: {
    status: 409,
    vi: 'Hồ sơ đang được chuyển liên thông sang cơ quan khác; hãy chờ hồ sơ được chuyển trả.',
  },
  DOSSIER_NOT_TRANSFERRED: { status: 409, vi: 'Hồ sơ không ở trạng thái chuyển liên thông nên không thể chuyển trả.' },
  DOSSIER_ALREADY_APPROVED: { status: 409, vi: 'Kết quả giải quyết hồ sơ đã được phê duyệt.' },
  DOSSIER_NOT_AWAITING_APPROVAL: {
    status: 409,
    vi: 'Hồ sơ chưa đến bước phê duyệt: các bước xử lý trước chưa hoàn thành.',
  },
  REASON_REQUIRED: { status: 400, vi: 'Vui lòng nêu rõ lý do.' },
  SUPPLEMENT_LIST_EMPTY: {
    status: 400,
    vi: 'Phiếu yêu cầu bổ sung phải liệt kê đầy đủ các giấy tờ cần bổ sung, hoàn thiện (ít nhất một giấy tờ).',
  },
  SUPPLEMENT_ITEM_INCOMPLETE: {
    status: 400,
    vi: 'Mỗi giấy tờ cần bổ sung phải có tên giấy tờ và lý do yêu cầu bổ sung.',
  },
  ATTACHMENTS_REQUIRED: { status: 400, vi: 'Vui lòng đính kèm ít nhất một tệp.' },
  ASSIGNEE_REQUIRED: { status: 400, vi: 'Vui lòng chọn cán bộ được phân công.' },
  AGENCY_REQUIRED: { status: 400, vi: 'Vui lòng chọn cơ quan nhận hồ sơ liên thông.' },
  STEP_NOT_FOUND: { status: 400, vi: 'Bước xử lý không tồn tại trong quy trình của hồ sơ.' },
  STEP_NOT_CURRENT: { status: 409, vi: 'Bước xử lý này không phải là bước hiện tại của hồ sơ.' },
  STEP_ALREADY_DONE: { status: 409, vi: 'Bước xử lý này đã hoàn thành.' },
  STEP_CANNOT_RETURN: { status: 409, vi: 'Đây là bước đầu tiên của quy trình, không có bước trước để chuyển trả.' },
  STEPS_NOT_DONE: { status: 409, vi: 'Các bước xử lý của hồ sơ chưa hoàn thành.' },
  RESULT_NOT_APPROVED: { status: 409, vi: 'Kết quả giải quyết chưa được lãnh đạo phê duyệt.' },
  RESULT_NOT_ELECTRONIC: {
    status: 409,
    vi: 'Hồ sơ chưa có kết quả điện tử nên không thể trả kết quả qua môi trường điện tử.',
  },
  TRACKING_NUMBER_REQUIRED: { status: 400, vi: 'Trả kết quả qua bưu chính phải có số hiệu bưu gửi.' },
  PAYMENT_AMOUNT_INVALID: {
    status: 400,
    vi: 'Số tiền không hợp lệ: phải là số nguyên dương (đồng) và bằng tổng các khoản phí, lệ phí.',
  },
  PAYMENT_REFERENCE_REQUIRED: { status: 400, vi: 'Vui lòng nhập số biên lai hoặc mã giao dịch thanh toán.' },
  PAYMENT_NOT_DUE: { status: 409, vi: 'Hồ sơ không có khoản phí, lệ phí nào đang chờ thanh toán.' },
  PAYMENT_OUTSTANDING: { status: 409, vi: 'Hồ sơ còn khoản phí, lệ phí chưa thanh toán.' },
  EXTENSION_LIMIT_REACHED: {
    status: 409,
    vi: 'Hồ sơ đã được xin lỗi và hẹn lại ngày trả kết quả đủ số lần cho phép.',
  },
  EXTENSION_AFTER_DUE: {
    status: 409,
    vi: 'Văn bản xin lỗi và hẹn lại phải được phát hành trước ngày hẹn trả kết quả; hồ sơ đã quá hạn.',
  },
  EXTENSION_DATE_NOT_LATER: { status: 400, vi: 'Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại.' },
  VERIFICATION_EXTENSION_NOT_ALLOWED: {
    status: 409,
    vi: 'Thủ tục này không quy định thời hạn gia hạn để xác minh; nếu trễ hạn, hãy lập văn bản xin lỗi và hẹn lại.',
  },
  VERIFICATION_EXTENSION_TOO_LONG: {
    status: 400,
    vi: 'Số ngày làm việc gia hạn để xác minh vượt quá thời hạn pháp luật cho phép đối với thủ tục này.',
  },
} as const;

export type DossierErrorCode = keyof typeof entries;

export const dossierErrorCodes = Object.keys(entries) as DossierErrorCode[];

registerErrors(entries);
