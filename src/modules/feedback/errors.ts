/**
 * Error codes of the feedback module with what the citizen or officer reads. The state
 * machine (states.ts) returns these codes as values; the service throws them as DomainError.
 */
import { registerErrors } from '../../platform/errors.ts';

const entries = {
  FEEDBACK_NOT_FOUND: { status: 404, vi: 'Không tìm thấy phản ánh, kiến nghị.' },
  FEEDBACK_SENDER_INCOMPLETE: {
    status: 400,
    vi: 'Phản ánh, kiến nghị phải ghi rõ họ và tên, địa chỉ và số điện thoại hoặc thư điện tử của người gửi; phản ánh, kiến nghị nặc danh không được xử lý.',
  },
  FEEDBACK_CONTENT_REQUIRED: { status: 400, vi: 'Vui lòng nhập tiêu đề và nội dung phản ánh, kiến nghị.' },
  FEEDBACK_CATEGORY_UNKNOWN: { status: 400, vi: 'Nhóm nội dung phản ánh, kiến nghị không có trong danh mục.' },
  FEEDBACK_COMMUNE_UNKNOWN: { status: 400, vi: 'Không tìm thấy xã, phường, đặc khu đã chọn trong tỉnh.' },
  FEEDBACK_AGENCY_UNKNOWN: { status: 400, vi: 'Không tìm thấy cơ quan tiếp nhận, xử lý trong tỉnh.' },
  FEEDBACK_NO_AGENCY: {
    status: 409,
    vi: 'Chưa xác định được cơ quan xử lý phản ánh, kiến nghị. Vui lòng liên hệ quản trị hệ thống.',
  },
  FEEDBACK_CHANNEL_NOT_ALLOWED: { status: 403, vi: 'Bạn không được tiếp nhận phản ánh, kiến nghị qua kênh này.' },
  FEEDBACK_ACTION_NOT_ALLOWED: {
    status: 409,
    vi: 'Không thể thực hiện thao tác này ở trạng thái hiện tại của phản ánh, kiến nghị.',
  },
  FEEDBACK_ROLE_NOT_ALLOWED: {
    status: 403,
    vi: 'Bạn không có quyền thực hiện thao tác này đối với phản ánh, kiến nghị.',
  },
  FEEDBACK_APPROVER_REQUIRED: {
    status: 403,
    vi: 'Câu trả lời chỉ được gửi cho người gửi khi lãnh đạo cơ quan duyệt. Vui lòng lưu dự thảo trả lời để trình lãnh đạo.',
  },
  FEEDBACK_NOT_SENDER: {
    status: 403,
    vi: 'Chỉ người gửi phản ánh, kiến nghị (đăng nhập hoặc có mã tra cứu) mới thực hiện được thao tác này.',
  },
  FEEDBACK_TRACKING_KEY_INVALID: { status: 403, vi: 'Mã tra cứu không đúng với mã phản ánh, kiến nghị.' },
  FEEDBACK_REASON_REQUIRED: { status: 400, vi: 'Vui lòng nêu rõ lý do.' },
  FEEDBACK_ANSWER_REQUIRED: { status: 400, vi: 'Vui lòng nhập nội dung trả lời.' },
  FEEDBACK_MESSAGE_REQUIRED: { status: 400, vi: 'Vui lòng nêu rõ thông tin cần người gửi bổ sung.' },
  FEEDBACK_SAME_AGENCY: { status: 400, vi: 'Phản ánh, kiến nghị đang do chính cơ quan này xử lý.' },
  FEEDBACK_REOPEN_WINDOW_PASSED: {
    status: 409,
    vi: 'Đã quá thời hạn đề nghị xem xét lại câu trả lời của phản ánh, kiến nghị này.',
  },
  FEEDBACK_NOT_PUBLISHED: { status: 409, vi: 'Câu trả lời chưa được công khai nên chưa thể đánh giá.' },
  FEEDBACK_ALREADY_RATED: { status: 409, vi: 'Bạn đã đánh giá câu trả lời này.' },
  FEEDBACK_LINK_SELF: { status: 400, vi: 'Không thể liên kết một phản ánh, kiến nghị với chính nó.' },
  FEEDBACK_MERGE_TARGET_CLOSED: {
    status: 409,
    vi: 'Phản ánh, kiến nghị được gộp vào đã bị gộp vào phản ánh, kiến nghị khác.',
  },
  FEEDBACK_SETTINGS_INVALID: { status: 400, vi: 'Thời hạn xử lý phải là số ngày làm việc từ 1 đến 60.' },
  HOTLINE_ANSWER_REQUIRED: { status: 400, vi: 'Vui lòng ghi nội dung đã trả lời người gọi.' },
  OPEN311_API_KEY_INVALID: { status: 403, vi: 'Khóa API (api_key) không hợp lệ hoặc đã bị thu hồi.' },
  OPEN311_API_KEY_NOT_FOUND: { status: 404, vi: 'Không tìm thấy khóa API Open311.' },
  OPEN311_SERVICE_CODE_REQUIRED: { status: 400, vi: 'Thiếu service_code: mã nhóm nội dung phản ánh, kiến nghị.' },
  OPEN311_SERVICE_NOT_FOUND: { status: 404, vi: 'Không có dịch vụ (service_code) này.' },
  OPEN311_LOCATION_REQUIRED: {
    status: 400,
    vi: 'Thiếu vị trí: cần lat và long, hoặc address_string, hoặc address_id (mã xã, phường, đặc khu).',
  },
  OPEN311_DESCRIPTION_REQUIRED: { status: 400, vi: 'Thiếu description: nội dung phản ánh, kiến nghị.' },
  OPEN311_REQUEST_NOT_FOUND: { status: 404, vi: 'Không tìm thấy yêu cầu (service_request_id) này.' },
  OPEN311_DATE_INVALID: {
    status: 400,
    vi: 'start_date và end_date phải theo định dạng W3C có múi giờ, ví dụ 2026-11-23T00:00:00+07:00.',
  },
  OPEN311_DATE_RANGE_TOO_LONG: { status: 400, vi: 'Khoảng thời gian tra cứu không được vượt quá 90 ngày.' },
  OPEN311_STATUS_INVALID: { status: 400, vi: 'status chỉ nhận giá trị open hoặc closed.' },
  OPEN311_COORDINATES_INVALID: { status: 400, vi: 'lat và long phải là số thập phân hợp lệ (WGS84).' },
  OPEN311_FORMAT_UNKNOWN: { status: 404, vi: 'Định dạng không được hỗ trợ: chỉ .json hoặc .xml.' },
};

export type FeedbackErrorCode = keyof typeof entries;

registerErrors(entries);
