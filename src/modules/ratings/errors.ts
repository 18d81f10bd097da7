/** The ratings module's error codes, each with one HTTP status and one Vietnamese message. */
import { registerErrors } from '../../platform/errors.ts';

registerErrors({
  RATING_DOSSIER_NOT_FOUND: { status: 404, vi: 'Không tìm thấy hồ sơ cần đánh giá.' },
  RATING_KEY_INVALID: {
    status: 403,
    vi: 'Mã số hồ sơ hoặc mã tra cứu không đúng. Vui lòng kiểm tra lại giấy tiếp nhận hồ sơ.',
  },
  RATING_TOKEN_INVALID: {
    status: 403,
    vi: 'Đường dẫn đánh giá không đúng hoặc không dùng cho hồ sơ này.',
  },
  RATING_LINKS_NOT_CONFIGURED: {
    status: 503,
    vi: 'Chức năng đánh giá qua đường dẫn SMS, Zalo chưa được cấu hình. Vui lòng đánh giá trên Cổng dịch vụ công.',
  },
  RATING_DOSSIER_NOT_DELIVERED: {
    status: 409,
    vi: 'Hồ sơ chưa được trả kết quả nên chưa thể đánh giá.',
  },
  RATING_CHANGE_WINDOW_CLOSED: {
    status: 409,
    vi: 'Đã hết thời hạn thay đổi đánh giá của hồ sơ này.',
  },
  RATING_TEXT_INVALID: { status: 400, vi: 'Nội dung góp ý chứa ký tự không hợp lệ hoặc quá dài.' },
  KIOSK_TOKEN_INVALID: {
    status: 401,
    vi: 'Thiết bị đánh giá tại quầy chưa được cấp quyền hoặc mã thiết bị đã bị thu hồi.',
  },
  KIOSK_COUNTER_NOT_FOUND: { status: 404, vi: 'Không tìm thấy quầy hoặc quầy đã ngừng hoạt động.' },
  KIOSK_RATING_TOO_OLD: {
    status: 422,
    vi: 'Đánh giá được ghi nhận quá lâu trước khi gửi nên không thể tiếp nhận.',
  },
  KIOSK_TOKEN_NOT_FOUND: { status: 404, vi: 'Không tìm thấy mã thiết bị đánh giá.' },
  COUNTER_SESSION_NOT_FOUND: { status: 404, vi: 'Quầy hiện không có cán bộ nhận ca.' },
  EVALUATION_QUARTER_INVALID: { status: 400, vi: 'Quý không đúng định dạng NĂM-Qn, ví dụ 2026-Q1.' },
  EVALUATION_CRITERION_INVALID: { status: 400, vi: 'Tiêu chí đánh giá phải là số từ 1 đến 9.' },
  EVALUATION_POINTS_INVALID: {
    status: 400,
    vi: 'Điểm của mỗi tiêu chí phải từ 0 đến 2, tối đa hai chữ số thập phân.',
  },
  EVALUATION_AGENCY_NOT_FOUND: { status: 404, vi: 'Không tìm thấy cơ quan được đánh giá.' },
});
