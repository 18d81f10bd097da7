/** Error codes of the directory, with what the officer reads. */
import { registerErrors } from '../../platform/errors.ts';

registerErrors({
  ADMIN_UNIT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy đơn vị hành chính với mã đã nêu.' },
  ADMIN_UNIT_MISMATCH: {
    status: 422,
    vi: 'Đơn vị hành chính không phù hợp: cơ quan cấp tỉnh gắn với mã tỉnh, cơ quan cấp xã gắn với một xã, phường hoặc đặc khu của cùng tỉnh.',
  },
  AGENCY_NOT_FOUND: { status: 404, vi: 'Không tìm thấy cơ quan, đơn vị.' },
  AGENCY_CODE_TAKEN: { status: 409, vi: 'Mã định danh điện tử này đã được dùng cho một cơ quan, đơn vị khác.' },
  AGENCY_CODE_INVALID: {
    status: 422,
    vi: 'Mã định danh điện tử của cơ quan phải có dạng V1V2V3.Z1Z2.Y1Y2.MX1X2 (ví dụ 000.00.00.H56) và cùng phần cấp 1 (MX1X2) với cơ quan cấp trên.',
  },
  AGENCY_PARENT_INVALID: {
    status: 422,
    vi: 'Cơ quan cấp trên không hợp lệ: phải đang hoạt động, cùng tỉnh và không được là chính cơ quan này hoặc một đơn vị trực thuộc nó.',
  },
  AGENCY_PARENT_REQUIRED: { status: 422, vi: 'Cơ quan, đơn vị cấp xã phải trực thuộc một cơ quan cấp trên.' },
  AGENCY_LEVEL_MISMATCH: { status: 422, vi: 'Loại cơ quan "UBND xã, phường, đặc khu" chỉ dùng cho cơ quan cấp xã.' },
  AGENCY_HAS_ACTIVE_CHILDREN: {
    status: 409,
    vi: 'Không thể ngừng hoạt động cơ quan này vì vẫn còn đơn vị trực thuộc đang hoạt động.',
  },
  AGENCY_INACTIVE: { status: 422, vi: 'Cơ quan, đơn vị này đã ngừng hoạt động.' },
  STAFF_NOT_FOUND: { status: 404, vi: 'Không tìm thấy cán bộ, công chức.' },
  STAFF_ACCOUNT_INVALID: {
    status: 422,
    vi: 'Tài khoản được liên kết không tồn tại hoặc không phải tài khoản cán bộ của tỉnh.',
  },
  STAFF_ACCOUNT_TAKEN: { status: 409, vi: 'Tài khoản này đã được liên kết với một cán bộ khác.' },
  STAFF_SELF_LOCKOUT: {
    status: 422,
    vi: 'Bạn không thể tự ngừng hoạt động hoặc tự bỏ quyền quản trị của chính mình. Vui lòng nhờ một quản trị viên khác.',
  },
  STAFF_OWN_ROLES: {
    status: 403,
    vi: 'Bạn không thể tự thay đổi vai trò của chính mình. Vui lòng nhờ quản trị viên cấp trên.',
  },
  STAFF_ROLE_NEEDS_LEVEL_ABOVE: {
    status: 403,
    vi: 'Vai trò lãnh đạo hoặc quản trị chỉ được cấp bởi quản trị viên cấp trên của cơ quan, đơn vị này.',
  },
  COUNTER_NOT_FOUND: { status: 404, vi: 'Không tìm thấy quầy.' },
  COUNTER_NUMBER_TAKEN: { status: 409, vi: 'Số quầy này đã có tại trung tâm phục vụ hành chính công.' },
  COUNTER_AGENCY_NOT_CENTRE: {
    status: 422,
    vi: 'Quầy chỉ thuộc về Trung tâm Phục vụ hành chính công (hoặc Bộ phận Một cửa) đang hoạt động.',
  },
  DIRECTORY_ROOT_MISSING: {
    status: 409,
    vi: 'Danh bạ của tỉnh chưa có cơ quan gốc (Ủy ban nhân dân tỉnh). Vui lòng nạp dữ liệu danh bạ hoặc tạo Ủy ban nhân dân tỉnh trước.',
  },
  DIRECTORY_TEXT_INVALID: {
    status: 400,
    vi: 'Dữ liệu văn bản không hợp lệ: không được để trống trường bắt buộc và không được chứa ký tự điều khiển.',
  },
});
