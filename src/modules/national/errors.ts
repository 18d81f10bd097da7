/** Error codes of the national-portal connector with what an officer or the portal's operator reads. */
import { registerErrors } from '../../platform/errors.ts';

registerErrors({
  NATIONAL_SYNC_DISABLED: {
    status: 404,
    vi: 'Chưa cấu hình kết nối với Cổng Dịch vụ công quốc gia trên hệ thống này.',
  },
  NATIONAL_PUSH_UNAUTHORISED: {
    status: 401,
    vi: 'Thiếu hoặc sai mã xác thực của Cổng Dịch vụ công quốc gia (Authorization: Bearer).',
  },
  NATIONAL_SERVICE_UNKNOWN: {
    status: 400,
    vi: 'Dịch vụ (service) không được hỗ trợ khi nhận hồ sơ từ Cổng Dịch vụ công quốc gia.',
  },
  NATIONAL_PAPER_UNREACHABLE: {
    status: 502,
    vi: 'Không tải được tệp giấy tờ của hồ sơ từ Cổng Dịch vụ công quốc gia. Vui lòng gửi lại sau.',
  },
  NATIONAL_FILE_LINK_INVALID: { status: 404, vi: 'Đường dẫn tải tệp không đúng hoặc đã hết hạn.' },
  NATIONAL_DOSSIER_NOT_SYNCED: {
    status: 404,
    vi: 'Hồ sơ này chưa được đồng bộ với Cổng Dịch vụ công quốc gia.',
  },
  NATIONAL_RECONCILE_DATE_INVALID: { status: 400, vi: 'Ngày đối soát phải có dạng YYYY-MM-DD.' },
});
