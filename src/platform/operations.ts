/**
 * The platform's own operations (http, auth, calendar, notify) in the OpenAPI description
 * (platform/http/openapi.ts): ids never change, generated clients are named after them.
 */
import type { OperationDocs } from './http/openapi.ts';

export const platformOperations: OperationDocs = {
  'GET /healthz': { id: 'checkLiveness', summary: 'Máy chủ còn sống (liveness)' },
  'GET /readyz': { id: 'checkReadiness', summary: 'Máy chủ sẵn sàng: cơ sở dữ liệu trả lời (readiness)' },
  'GET /api/v1/csrf-token': {
    id: 'getCsrfToken',
    summary: 'Lấy mã CSRF của phiên: mọi POST, PUT, PATCH, DELETE gửi nó trong x-csrf-token',
  },
  'GET /metrics': {
    id: 'getMetrics',
    summary: 'Số đo Prometheus (địa chỉ METRICS_ALLOW, hoặc Authorization: Bearer METRICS_TOKEN)',
    security: [{}, { metricsToken: [] }],
  },
  'POST /api/v1/auth/sign-in': {
    id: 'signIn',
    summary: 'Đăng nhập bằng tên đăng nhập và mật khẩu (và mã TOTP)',
    errors: ['SIGN_IN_FAILED', 'SIGN_IN_THROTTLED', 'TOTP_REQUIRED', 'TOTP_INVALID', 'ACCOUNT_DISABLED'],
  },
  'POST /api/v1/auth/totp/verify': {
    id: 'verifySignInTotp',
    summary: 'Hoàn tất đăng nhập đang chờ mã TOTP',
    errors: ['SIGN_IN_FAILED', 'SIGN_IN_THROTTLED', 'TOTP_INVALID', 'UNAUTHENTICATED'],
  },
  'POST /api/v1/auth/sign-out': { id: 'signOut', summary: 'Đăng xuất: kết thúc phiên' },
  'GET /api/v1/auth/me': { id: 'getCurrentAccount', summary: 'Tài khoản đang đăng nhập' },
  'POST /api/v1/auth/totp/enrol': {
    id: 'enrolTotp',
    summary: 'Bắt đầu xác thực hai bước',
    errors: ['TOTP_ALREADY_ENABLED'],
  },
  'POST /api/v1/auth/totp/confirm': {
    id: 'confirmTotp',
    summary: 'Xác nhận xác thực hai bước bằng mã đầu tiên',
    errors: ['TOTP_INVALID', 'TOTP_NOT_ENROLLED', 'TOTP_ALREADY_ENABLED', 'UNAUTHENTICATED'],
  },
  'POST /api/v1/auth/citizens': {
    id: 'registerCitizen',
    summary: 'Đăng ký tài khoản công dân: gửi đường dẫn xác nhận qua điện thoại hoặc thư điện tử',
    errors: ['LOGIN_INVALID', 'PASSWORD_TOO_WEAK'],
  },
  'POST /api/v1/auth/citizens/confirm': {
    id: 'confirmCitizenRegistration',
    summary: 'Xác nhận đăng ký bằng mã bí mật của đường dẫn, và đăng nhập',
    errors: ['ACCOUNT_TOKEN_INVALID', 'ACCOUNT_LOGIN_TAKEN'],
  },
  'POST /api/v1/auth/password': {
    id: 'changePassword',
    summary: 'Đổi mật khẩu của chính mình',
    errors: ['CURRENT_PASSWORD_WRONG', 'PASSWORD_UNCHANGED', 'PASSWORD_TOO_WEAK'],
  },
  'POST /api/v1/auth/password-reset': {
    id: 'requestPasswordReset',
    summary: 'Quên mật khẩu: gửi đường dẫn đặt lại một lần',
  },
  'POST /api/v1/auth/password-reset/confirm': {
    id: 'resetPassword',
    summary: 'Đặt mật khẩu mới bằng mã bí mật của đường dẫn đặt lại',
    errors: ['ACCOUNT_TOKEN_INVALID', 'PASSWORD_TOO_WEAK'],
  },
  'GET /api/v1/calendar/due': {
    id: 'computeDueDate',
    summary: 'Hạn giải quyết tính theo lịch làm việc',
    errors: [
      'CALENDAR_AGENCY_NOT_FOUND',
      'CALENDAR_LIMIT_REQUIRED',
      'CALENDAR_INSTANT_INVALID',
      'CALENDAR_NO_WORKING_DAY',
      'PROCEDURE_NOT_FOUND',
    ],
  },
  'GET /api/v1/calendar/days-off': {
    id: 'listDaysOff',
    summary: 'Ngày nghỉ lễ, Tết và ngày làm bù của một năm',
    errors: ['LUNAR_YEAR_OUT_OF_RANGE'],
  },
  'PUT /api/v1/calendar/schedules': {
    id: 'updateCalendarSchedule',
    summary: 'Cập nhật lịch nghỉ của một năm (quản trị)',
    errors: ['CALENDAR_SCHEDULE_INVALID', 'CALENDAR_WORKING_HOURS_INVALID', 'CALENDAR_AGENCY_NOT_FOUND'],
  },
  'GET /api/v1/me/notification-preferences': {
    id: 'getNotificationPreferences',
    summary: 'Kênh nhận thông báo về hồ sơ của tôi',
  },
  'PUT /api/v1/me/notification-preferences': {
    id: 'updateNotificationPreferences',
    summary: 'Chọn kênh nhận thông báo về hồ sơ (thư điện tử, SMS, hoặc không nhận)',
    errors: ['NOTIFY_PREFERENCES_CITIZEN_ONLY'],
  },
};
