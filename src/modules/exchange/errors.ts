/** Error codes of the data-sharing gateway, with what the officer reads. */
import { registerErrors } from '../../platform/errors.ts';

registerErrors({
  EXCHANGE_SERVICE_UNKNOWN: {
    status: 404,
    vi: 'Dịch vụ chia sẻ dữ liệu này chưa được cấu hình kết nối. Vui lòng nhập tay thông tin và báo quản trị hệ thống.',
  },
  EXCHANGE_ACCESS_DENIED: {
    status: 403,
    vi: 'Phân hệ và vai trò của bạn không có trong danh sách được phép gọi dịch vụ chia sẻ dữ liệu này.',
  },
  EXCHANGE_REGISTER_UNAVAILABLE: {
    status: 503,
    vi: 'Cơ sở dữ liệu được kết nối tạm thời không phản hồi. Vui lòng nhập tay thông tin từ giấy tờ của người nộp; hồ sơ vẫn được tiếp nhận bình thường.',
  },
  EXCHANGE_REGISTER_ANSWER_INVALID: {
    status: 502,
    vi: 'Cơ sở dữ liệu được kết nối trả lời không đúng định dạng. Vui lòng nhập tay thông tin.',
  },
  EXCHANGE_CONSENT_REQUIRED: {
    status: 422,
    vi: 'Cần có sự đồng ý của công dân trước khi khai thác thông tin từ Cơ sở dữ liệu quốc gia về dân cư.',
  },
  EXCHANGE_VNEID_REQUIRED: {
    status: 422,
    vi: 'Chỉ lấy được thông tin từ Cơ sở dữ liệu quốc gia về dân cư khi bạn đăng nhập bằng tài khoản định danh điện tử VNeID. Vui lòng đăng nhập lại bằng VNeID hoặc tự nhập thông tin.',
  },
  EXCHANGE_OWN_RECORD_ONLY: {
    status: 403,
    vi: 'Trên Cổng dịch vụ công, bạn chỉ lấy được thông tin của chính mình từ Cơ sở dữ liệu quốc gia về dân cư, khi đăng nhập bằng tài khoản định danh điện tử VNeID. Thông tin của người khác chỉ được khai thác tại bộ phận một cửa, khi chính người đó đồng ý.',
  },
  EXCHANGE_PERSON_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy công dân có số định danh cá nhân này trong Cơ sở dữ liệu quốc gia về dân cư.',
  },
  EXCHANGE_PERSONAL_ID_INVALID: {
    status: 400,
    vi: 'Số định danh cá nhân gồm đúng 12 chữ số.',
  },
  EXCHANGE_PREFILL_NOT_FOUND: {
    status: 404,
    vi: 'Thông tin lấy từ Cơ sở dữ liệu dân cư đã hết hạn hoặc không thuộc phiên làm việc của bạn. Vui lòng tra cứu lại.',
  },
  EXCHANGE_ARCHIVE_INVALID: { status: 400, vi: 'Tệp không phải là bản kết xuất nhật ký trao đổi dữ liệu.' },
});
