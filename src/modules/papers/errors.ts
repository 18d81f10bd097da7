/** The papers module's stable error codes and their Vietnamese messages. */
import { registerErrors } from '../../platform/errors.ts';

registerErrors({
  PAPER_NOT_FOUND: { status: 404, vi: 'Không tìm thấy giấy tờ trong kho dữ liệu của bạn.' },
  PAPER_LEGAL_RESULT: {
    status: 409,
    vi: 'Đây là kết quả giải quyết thủ tục hành chính có giá trị pháp lý nên không thể xóa khỏi kho dữ liệu.',
  },
  PAPER_NOT_REUSABLE: {
    status: 409,
    vi: 'Giấy tờ này không dùng được cho thành phần hồ sơ đã chọn. Vui lòng chọn giấy tờ khác hoặc tải tệp lên.',
  },
  PAPER_ATTEST_NOT_ALLOWED: {
    status: 403,
    vi: 'Chỉ cán bộ tiếp nhận của Bộ phận Một cửa đã tiếp nhận hồ sơ mới được số hóa và chứng nhận bản sao.',
  },
  PAPER_REUSE_CONSENT_REQUIRED: {
    status: 422,
    vi: 'Cần người nộp có mặt và đồng ý dùng giấy tờ trong kho dữ liệu của mình cho hồ sơ này.',
  },
  PAPER_SCAN_TYPE: { status: 415, vi: 'Bản quét phải là tệp PDF, JPEG hoặc PNG.' },
  PAPER_SCAN_UNREADABLE: { status: 400, vi: 'Không mở được bản quét. Vui lòng quét lại và tải lên tệp khác.' },
  PAPER_VALID_UNTIL_INVALID: { status: 400, vi: 'Ngày hết hiệu lực không hợp lệ.' },
});
