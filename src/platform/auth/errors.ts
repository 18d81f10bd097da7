/** Error codes of sign-in and accounts, with what the citizen or officer reads. */
import { registerErrors } from '../errors.ts';

registerErrors({
  // Same code and message for an unknown login and a wrong password: the answer must not
  // tell a stranger which logins exist.
  SIGN_IN_FAILED: { status: 401, vi: 'Tên đăng nhập hoặc mật khẩu không đúng.' },
  // Growing delays after failures, the same for every login, known or not (issue 11, finding 9).
  SIGN_IN_THROTTLED: {
    status: 429,
    vi: 'Bạn đã đăng nhập sai nhiều lần. Vui lòng chờ một lát rồi thử lại.',
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    vi: 'Bạn cần đổi mật khẩu trước khi tiếp tục sử dụng hệ thống.',
  },
  CURRENT_PASSWORD_WRONG: { status: 400, vi: 'Mật khẩu hiện tại không đúng.' },
  PASSWORD_UNCHANGED: { status: 400, vi: 'Mật khẩu mới phải khác mật khẩu hiện tại.' },
  ACCOUNT_TOKEN_INVALID: {
    status: 400,
    vi: 'Đường dẫn hoặc mã xác nhận không hợp lệ, đã được dùng hoặc đã hết hạn. Vui lòng yêu cầu gửi lại.',
  },
  ACCOUNT_LOGIN_TAKEN: {
    status: 409,
    vi: 'Số điện thoại, thư điện tử hoặc tên đăng nhập này đã được dùng cho một tài khoản khác.',
  },
  ACCOUNT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy tài khoản.' },
  LOGIN_INVALID: {
    status: 400,
    vi: 'Tên đăng nhập phải là số điện thoại Việt Nam hoặc địa chỉ thư điện tử hợp lệ.',
  },
  PASSWORD_TOO_WEAK: { status: 400, vi: 'Mật khẩu phải có ít nhất 8 ký tự.' },
  TOTP_REQUIRED: { status: 401, vi: 'Vui lòng nhập mã xác thực 6 số từ ứng dụng xác thực.' },
  TOTP_INVALID: { status: 401, vi: 'Mã xác thực không đúng hoặc đã hết hạn.' },
  TOTP_NOT_ENROLLED: { status: 409, vi: 'Tài khoản chưa bắt đầu đăng ký xác thực hai lớp.' },
  TOTP_ALREADY_ENABLED: { status: 409, vi: 'Xác thực hai lớp đã được bật cho tài khoản này.' },
  OIDC_NOT_CONFIGURED: { status: 404, vi: 'Hệ thống chưa cấu hình đăng nhập qua nhà cung cấp định danh.' },
  OIDC_FLOW_INVALID: {
    status: 400,
    vi: 'Phiên đăng nhập qua nhà cung cấp định danh đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại.',
  },
  OIDC_PROVIDER_FAILED: {
    status: 502,
    vi: 'Không nhận được xác nhận từ nhà cung cấp định danh. Vui lòng thử lại sau.',
  },
  ACCOUNT_DISABLED: { status: 403, vi: 'Tài khoản này đã bị vô hiệu hóa. Vui lòng liên hệ quản trị viên.' },
  OIDC_STAFF_NOT_LINKED: {
    status: 403,
    vi: 'Tài khoản định danh này chưa được liên kết với tài khoản cán bộ nào. Vui lòng liên hệ quản trị viên để được liên kết.',
  },
  OIDC_STAFF_DISABLED: {
    status: 403,
    vi: 'Cán bộ đăng nhập bằng tên đăng nhập và mật khẩu của hệ thống, không qua nhà cung cấp định danh.',
  },
  ASSURANCE_TOO_LOW: {
    status: 403,
    vi: 'Thủ tục này yêu cầu đăng nhập bằng tài khoản định danh điện tử mức độ cao hơn. Vui lòng đăng nhập bằng VNeID hoặc tài khoản Cổng Dịch vụ công quốc gia.',
  },
  OIDC_LOGOUT_TOKEN_INVALID: { status: 400, vi: 'Logout token không hợp lệ.' },
  OIDC_LINK_CONFLICT: {
    status: 409,
    vi: 'Tài khoản này đã được liên kết với một tài khoản định danh điện tử khác, hoặc không phải tài khoản công dân. Không thể liên kết.',
  },
  OIDC_LINK_TOTP_REQUIRED: {
    status: 400,
    vi: 'Tài khoản này dùng xác thực hai lớp: vui lòng nhập cả mã xác thực để liên kết.',
  },
  OIDC_ACCOUNT_CONFLICT: {
    status: 409,
    vi: 'Thư điện tử này đã gắn với một tài khoản khác. Vui lòng đăng nhập bằng mật khẩu của tài khoản đó hoặc liên hệ quản trị viên.',
  },
});
