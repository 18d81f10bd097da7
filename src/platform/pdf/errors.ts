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
