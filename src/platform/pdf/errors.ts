/** Error codes of the PDF platform (one Vietnamese message each, see platform/errors.ts). */
import { registerErrors } from '../errors.ts';

registerErrors({
  PDF_UNREADABLE: { status: 400, vi: 'Tệp PDF bị hỏng hoặc không đọc được.' },
  PDF_ENCRYPTED: { status: 400, vi: 'Không thể ký tệp PDF đã đặt mật khẩu. Vui lòng gỡ mật khẩu rồi ký lại.' },
  PKCS12_INVALID: { status: 400, vi: 'Tệp chứng thư số (PKCS#12) không đúng định dạng.' },
  PKCS12_WRONG_PASSWORD: { status: 400, vi: 'Mật khẩu của tệp chứng thư số không đúng.' },
  PKCS12_UNSUPPORTED: {
    status: 400,
    vi: 'Tệp chứng thư số dùng thuật toán mã hóa cũ không được hỗ trợ. Vui lòng xuất lại tệp với thuật toán AES-256.',
  },
  PKCS12_NO_KEY: { status: 400, vi: 'Tệp chứng thư số không chứa khóa bí mật hoặc chứng thư tương ứng với khóa.' },
});

export { DomainError } from '../errors.ts';

registerErrors({
  SIGNING_KEY_UNREADABLE: {
    status: 500,
    vi: 'Không mở được khóa ký đã lưu: khóa bí mật của hệ thống (SIGNING_KEY_SECRET) không khớp với khóa đã nhập.',
  },
  SIGNING_PKCS11_UNAVAILABLE: {
    status: 503,
    vi: 'Không kết nối được thiết bị ký số (token/HSM). Vui lòng kiểm tra thiết bị.',
  },
  SIGNING_REMOTE_UNAVAILABLE: { status: 503, vi: 'Dịch vụ ký số từ xa không phản hồi. Vui lòng thử lại sau.' },
  SIGNING_REMOTE_REFUSED: { status: 409, vi: 'Người ký đã từ chối yêu cầu ký trên ứng dụng điện thoại.' },
  SIGNING_REMOTE_EXPIRED: {
    status: 409,
    vi: 'Yêu cầu ký đã hết hạn vì người ký chưa xác nhận trên ứng dụng điện thoại. Vui lòng ký lại.',
  },
  SIGNING_TSA_FAILED: {
    status: 503,
    vi: 'Không lấy được dấu thời gian từ tổ chức cấp dấu thời gian. Vui lòng thử lại sau.',
  },
});

registerErrors({
  SIGNING_NOT_CONFIGURED: {
    status: 503,
    vi: 'Hệ thống chưa được cấu hình để ký bằng loại khóa này. Vui lòng liên hệ quản trị hệ thống.',
  },
});
