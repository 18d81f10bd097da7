/** Error codes of the catalog, with what the administrator or citizen reads. */
import { registerErrors } from '../../platform/errors.ts';

registerErrors({
  PROCEDURE_NOT_FOUND: { status: 404, vi: 'Không tìm thấy thủ tục hành chính.' },
  PROCESS_TEMPLATE_NOT_FOUND: { status: 404, vi: 'Không tìm thấy phiên bản quy trình xử lý của thủ tục.' },
  PROCESS_BUDGET_MISMATCH: {
    status: 422,
    vi: 'Tổng thời gian các bước của quy trình xử lý không khớp với thời hạn giải quyết theo quy định.',
  },
  PROCEDURE_INVALID: { status: 422, vi: 'Nội dung thủ tục hành chính chưa hợp lệ. Vui lòng sửa các mục được nêu.' },
  PROCEDURE_CODE_TAKEN: { status: 409, vi: 'Mã thủ tục quốc gia này đã được dùng cho một thủ tục khác của tỉnh.' },
  PROCEDURE_NAME_TAKEN: { status: 409, vi: 'Đã có thủ tục cùng tên ở cùng cấp thực hiện.' },
  FIELD_NOT_FOUND: { status: 422, vi: 'Không tìm thấy lĩnh vực thủ tục hành chính với mã đã nêu.' },
  PROCEDURE_AGENCY_INVALID: {
    status: 422,
    vi: 'Cơ quan thực hiện không hợp lệ: phải là cơ quan đang hoạt động của tỉnh.',
  },
  CATALOG_FILE_INVALID: { status: 422, vi: 'Tệp dữ liệu danh mục thủ tục hành chính chưa hợp lệ.' },
});
