/** Feedback's operations in the OpenAPI description (platform/http/openapi.ts): ids never change. */
import type { OperationDoc, OperationDocs } from '../../platform/http/openapi.ts';

const intake = [
  'FEEDBACK_CATEGORY_UNKNOWN',
  'FEEDBACK_CHANNEL_NOT_ALLOWED',
  'FEEDBACK_CONTENT_REQUIRED',
  'FEEDBACK_SENDER_INCOMPLETE',
  'FEEDBACK_COMMUNE_UNKNOWN',
  'FEEDBACK_AGENCY_UNKNOWN',
  'FEEDBACK_NO_AGENCY',
];

/** Open311 GeoReport v2: errors are its own list of `{ code, description }`, JSON or XML. */
const open311 = (id: string, summary: string, errors: readonly string[] = []): OperationDoc => ({
  id,
  summary,
  errors: ['OPEN311_FORMAT_UNKNOWN', ...errors],
  errorShape: 'open311',
});
const open311Query = [
  'OPEN311_DATE_INVALID',
  'OPEN311_DATE_RANGE_TOO_LONG',
  'OPEN311_STATUS_INVALID',
  'OPEN311_SERVICE_NOT_FOUND',
];

export const feedbackOperations: OperationDocs = {
  'GET /api/v1/feedback/categories': { id: 'listFeedbackCategories', summary: 'Nhóm nội dung phản ánh, kiến nghị' },
  'GET /api/v1/feedback/categories/suggest': {
    id: 'suggestFeedbackCategory',
    summary: 'Gợi ý nhóm nội dung theo lời người gửi (người gửi vẫn đổi được)',
  },
  'POST /api/v1/feedback': {
    id: 'submitFeedback',
    summary: 'Gửi phản ánh, kiến nghị từ cổng dịch vụ công',
    errors: intake,
    idempotent: true,
  },
  'GET /api/v1/feedback': {
    id: 'listFeedback',
    paged: true,
    summary: 'Phản ánh, kiến nghị của cơ quan (cán bộ) hoặc của tôi (công dân)',
  },
  'POST /api/v1/feedback/letters': {
    id: 'recordFeedbackLetter',
    summary: 'Cán bộ nhập phản ánh, kiến nghị gửi bằng văn bản giấy',
    errors: intake,
    idempotent: true,
  },
  'POST /api/v1/feedback/photos': {
    id: 'uploadFeedbackPhoto',
    summary:
      'Tải ảnh cho phản ánh (JPEG, PNG hoặc WebP; xóa thông tin trong ảnh trừ hướng ảnh, và vị trí nếu được đồng ý)',
    body: {
      'image/jpeg': { schema: { type: 'string', format: 'binary' } },
      'image/png': { schema: { type: 'string', format: 'binary' } },
      'image/webp': { schema: { type: 'string', format: 'binary' } },
    },
    errors: ['UPLOAD_EMPTY', 'UPLOAD_TOO_LARGE', 'UPLOAD_TYPE_NOT_ALLOWED', 'IMAGE_INVALID'],
  },
  'POST /api/v1/feedback/hotline-calls': {
    id: 'recordHotlineCall',
    summary: 'Tổng đài: ghi cuộc gọi (trả lời ngay, hoặc tạo phản ánh)',
    errors: [...intake, 'HOTLINE_ANSWER_REQUIRED'],
    idempotent: true,
  },
  'GET /api/v1/feedback/hotline-calls': { id: 'listHotlineCalls', summary: 'Tổng đài: các cuộc gọi gần đây' },
  'GET /api/v1/feedback/published': {
    id: 'listPublishedFeedback',
    paged: true,
    summary: 'Các câu trả lời đã công khai (đã che thông tin cá nhân)',
  },
  'GET /api/v1/feedback/published/{code}': {
    id: 'getPublishedFeedback',
    summary: 'Một câu trả lời đã công khai',
    errors: ['FEEDBACK_NOT_FOUND'],
  },
  'GET /api/v1/feedback/indicators': {
    id: 'getFeedbackIndicators',
    summary: 'Chỉ số 5.1–5.3 (QĐ 766) của tỉnh hoặc một cơ quan trong kỳ',
  },
  'GET /api/v1/feedback/settings': {
    id: 'getFeedbackSettings',
    summary: 'Thời hạn xử lý phản ánh, kiến nghị của tỉnh (quản trị viên)',
  },
  'PUT /api/v1/feedback/settings': {
    id: 'updateFeedbackSettings',
    summary: 'Sửa thời hạn xử lý (có hiệu lực từ ngày)',
    errors: ['FEEDBACK_SETTINGS_INVALID'],
  },
  'POST /api/v1/feedback/open311-keys': {
    id: 'issueOpen311Key',
    summary: 'Cấp khóa API Open311 cho một ứng dụng (khóa chỉ hiện một lần)',
  },
  'GET /api/v1/feedback/open311-keys': { id: 'listOpen311Keys', summary: 'Các khóa API Open311' },
  'POST /api/v1/feedback/open311-keys/{id}/revoke': {
    id: 'revokeOpen311Key',
    summary: 'Thu hồi khóa API Open311',
    errors: ['OPEN311_API_KEY_NOT_FOUND'],
  },
  'GET /api/v1/feedback/{code}': {
    id: 'getFeedback',
    summary: 'Một phản ánh, kiến nghị (người gửi: ?key=mã tra cứu)',
    errors: ['FEEDBACK_NOT_FOUND', 'FEEDBACK_TRACKING_KEY_INVALID'],
  },
  'POST /api/v1/feedback/{code}/actions/{action}': {
    id: 'takeFeedbackAction',
    summary: 'Xử lý phản ánh, kiến nghị (tiếp nhận, từ chối, dự thảo trả lời, duyệt hoặc trả lại, công khai, chuyển…)',
    errors: [
      'FEEDBACK_NOT_FOUND',
      'FEEDBACK_ACTION_NOT_ALLOWED',
      'FEEDBACK_ROLE_NOT_ALLOWED',
      'FEEDBACK_APPROVER_REQUIRED',
      'FEEDBACK_NOT_SENDER',
      'FEEDBACK_TRACKING_KEY_INVALID',
      'FEEDBACK_REASON_REQUIRED',
      'FEEDBACK_ANSWER_REQUIRED',
      'FEEDBACK_MESSAGE_REQUIRED',
      'FEEDBACK_SAME_AGENCY',
      'FEEDBACK_AGENCY_UNKNOWN',
      'FEEDBACK_REOPEN_WINDOW_PASSED',
      'FEEDBACK_LINK_SELF',
      'FEEDBACK_MERGE_TARGET_CLOSED',
      'CONFLICT',
    ],
    idempotent: true,
  },
  'POST /api/v1/feedback/{code}/reactions': {
    id: 'reactToFeedbackAnswer',
    summary: 'Hài lòng / không hài lòng với câu trả lời đã công khai (một lần)',
    errors: ['FEEDBACK_NOT_FOUND', 'FEEDBACK_NOT_PUBLISHED', 'FEEDBACK_ALREADY_RATED', 'FEEDBACK_TRACKING_KEY_INVALID'],
  },
  'GET /open311/v2/discovery.{format}': open311('discoverOpen311', 'Open311: khám phá dịch vụ (discovery)'),
  'GET /open311/v2/services.{format}': open311('listOpen311Services', 'Open311: danh sách nhóm nội dung (services)'),
  'GET /open311/v2/services/{code}.{format}': open311(
    'getOpen311ServiceDefinition',
    'Open311: định nghĩa dịch vụ (attributes)',
    ['OPEN311_SERVICE_NOT_FOUND'],
  ),
  'POST /open311/v2/requests.{format}': {
    ...open311('createOpen311Request', 'Open311: gửi phản ánh, kiến nghị (form-encoded, cần api_key)', [
      'OPEN311_API_KEY_INVALID',
      'OPEN311_SERVICE_CODE_REQUIRED',
      'OPEN311_SERVICE_NOT_FOUND',
      'OPEN311_LOCATION_REQUIRED',
      'OPEN311_DESCRIPTION_REQUIRED',
      'OPEN311_COORDINATES_INVALID',
      'FEEDBACK_SENDER_INCOMPLETE',
      'FEEDBACK_COMMUNE_UNKNOWN',
      'FEEDBACK_NO_AGENCY',
    ]),
    idempotent: true,
    body: {
      'application/x-www-form-urlencoded': {
        schema: {
          type: 'object',
          description:
            'Các trường của GeoReport v2 (service_code, description, lat/long hoặc address_string, attribute[...]) và các trường người gửi bắt buộc (first_name, last_name, email hoặc phone): src/modules/feedback/README.md.',
          required: ['service_code', 'description', 'first_name', 'last_name'],
          properties: {
            api_key: { type: 'string' },
            service_code: { type: 'string' },
            description: { type: 'string' },
            lat: { type: 'number' },
            long: { type: 'number' },
            address_string: { type: 'string' },
            first_name: { type: 'string' },
            last_name: { type: 'string' },
            email: { type: 'string' },
            phone: { type: 'string' },
            media_url: { type: 'string' },
          },
          additionalProperties: { type: 'string' },
        },
      },
    },
  },
  'GET /open311/v2/requests.{format}': open311('listOpen311Requests', 'Open311: tra cứu các yêu cầu', open311Query),
  'GET /open311/v2/requests/{id}.{format}': open311('getOpen311Request', 'Open311: một yêu cầu', [
    'OPEN311_REQUEST_NOT_FOUND',
  ]),
  'GET /open311/v2/servicerequestupdates.{format}': open311(
    'listOpen311RequestUpdates',
    'Open311 (mySociety): các thay đổi trạng thái',
    open311Query,
  ),
};
