/** Stable error codes of the documents module, with what a person reads (platform/errors.ts catalog). */
import { registerErrors } from '../../platform/errors.ts';

const documentErrors = {
  DOCUMENT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy văn bản.' },
  DOCUMENT_ACTION_NOT_ALLOWED: {
    status: 409,
    vi: 'Văn bản đang ở trạng thái không cho phép thao tác này.',
  },
  DOCUMENT_FORBIDDEN: { status: 403, vi: 'Bạn không có quyền thực hiện thao tác này với văn bản.' },
  DOCUMENT_DUPLICATE: {
    status: 409,
    vi: 'Văn bản này đã được tiếp nhận (trùng số, ký hiệu và cơ quan ban hành).',
  },
  DOCUMENT_FORMAT_INVALID: { status: 422, vi: 'Văn bản chưa đúng thể thức theo Nghị định 30/2020/NĐ-CP.' },
  DOCUMENT_FILE_INVALID: { status: 422, vi: 'Tệp đính kèm phải là PDF hợp lệ.' },
  DOCUMENT_ASSIGNEE_INVALID: {
    status: 422,
    vi: 'Người được phân công phải là cán bộ của cơ quan và chỉ có một người xử lý chính.',
  },
  DOCUMENT_APPROVER_INVALID: { status: 422, vi: 'Người duyệt, ký phải là lãnh đạo của cơ quan.' },
  DOCUMENT_RECIPIENT_INVALID: { status: 422, vi: 'Nơi nhận không hợp lệ.' },
  DOCUMENT_CHANGED_WHILE_SIGNING: {
    status: 409,
    vi: 'Dự thảo đã thay đổi trong lúc ký nên chữ ký không được lưu. Vui lòng ký lại bản hiện tại.',
  },
  DOCUMENT_NOT_SIGNED: { status: 409, vi: 'Văn bản chưa có chữ ký số của người có thẩm quyền.' },
  DOCUMENT_REGISTER_NOT_FOUND: { status: 404, vi: 'Không tìm thấy sổ đăng ký văn bản.' },
  WORK_FILE_NOT_FOUND: { status: 404, vi: 'Không tìm thấy hồ sơ công việc.' },
  WORK_FILE_DUPLICATE: { status: 409, vi: 'Số và ký hiệu hồ sơ đã có trong năm.' },
  WORK_FILE_CLOSED: { status: 409, vi: 'Hồ sơ công việc đã kết thúc, không thể thêm văn bản.' },
} as const;

registerErrors(documentErrors);
