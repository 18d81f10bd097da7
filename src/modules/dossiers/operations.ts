/** The dossiers' operations in the OpenAPI description (platform/http/openapi.ts): ids never change. */
import { multipartBody, type OperationDocs } from '../../platform/http/openapi.ts';

const upload = {
  kind: { type: 'string', enum: ['paper', 'result'], description: 'paper (mặc định): giấy tờ; result: kết quả' },
  paperName: { type: 'string', description: 'Tên giấy tờ trong thành phần hồ sơ của thủ tục' },
};

/** What any action on a dossier may meet: the record, the state machine, the holder, a concurrent change. */
const onDossier = [
  'DOSSIER_NOT_FOUND',
  'DOSSIER_ACTION_NOT_ALLOWED',
  'DOSSIER_ROLE_NOT_ALLOWED',
  'DOSSIER_NOT_AT_HOLDING_AGENCY',
  'DOSSIER_HELD_BY_OTHER_AGENCY',
  'CONFLICT',
];
const filing = [
  'PROCEDURE_NOT_FOUND',
  'DOSSIER_PROCEDURE_NOT_ONLINE',
  'DOSSIER_FILER_NOT_ALLOWED',
  'DOSSIER_RECEIVING_AGENCY_REQUIRED',
  'DOSSIER_APPLICANT_INVALID',
  'DOSSIER_FORM_INVALID',
  'DOSSIER_PAPERS_MISSING',
  'ATTACHMENTS_NOT_USABLE',
  'RECEPTION_OUTSIDE_WORKING_HOURS',
  'DOSSIER_CODE_UNAVAILABLE',
];

/** One action route (POST /api/v1/dossiers/{code}/actions/{type}). */
const action = (id: string, summary: string, errors: readonly string[] = []) => ({
  id,
  summary,
  errors: [...onDossier, ...errors],
  idempotent: true,
});

export const dossierOperations: OperationDocs = {
  'POST /api/v1/dossiers': {
    id: 'submitDossier',
    summary: 'Nộp hồ sơ (công dân trực tuyến hoặc lưu nháp; cán bộ tại quầy: nộp và tiếp nhận)',
    errors: filing,
    idempotent: true,
  },
  'GET /api/v1/dossiers': {
    id: 'listDossiers',
    summary: 'Danh sách hồ sơ: của cơ quan (cán bộ) hoặc của tôi (công dân)',
    errors: ['DOSSIER_LIST_CURSOR_INVALID'],
    paged: true,
  },
  'PUT /api/v1/dossiers/{code}': {
    id: 'updateDraftDossier',
    summary: 'Sửa hồ sơ nháp (công dân) trước khi nộp',
    errors: [
      'DOSSIER_NOT_FOUND',
      'DOSSIER_NOT_A_DRAFT',
      'DOSSIER_APPLICANT_INVALID',
      'DOSSIER_FORM_INVALID',
      'ATTACHMENTS_NOT_USABLE',
      'CONFLICT',
    ],
    idempotent: true,
  },
  'GET /api/v1/dossiers/{code}': {
    id: 'getDossier',
    summary: 'Một hồ sơ: trạng thái, các bước, diễn biến, thao tác được phép',
    errors: ['DOSSIER_NOT_FOUND'],
  },
  'POST /api/v1/dossiers/{code}/actions/submit': action('submitDraftDossier', 'Nộp hồ sơ nháp (công dân)', [
    'DOSSIER_NOT_A_DRAFT',
    ...filing,
  ]),
  'POST /api/v1/dossiers/{code}/actions/receive': action('receiveDossier', 'Tiếp nhận hồ sơ', [
    'RECEPTION_OUTSIDE_WORKING_HOURS',
    'DOSSIER_CODE_UNAVAILABLE',
  ]),
  'POST /api/v1/dossiers/{code}/actions/refuse_intake': action('refuseDossierIntake', 'Từ chối tiếp nhận (Mẫu 03)', [
    'REASON_REQUIRED',
  ]),
  'POST /api/v1/dossiers/{code}/actions/request_supplement': action(
    'requestDossierSupplement',
    'Yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)',
    ['SUPPLEMENT_LIST_EMPTY', 'SUPPLEMENT_ITEM_INCOMPLETE'],
  ),
  'POST /api/v1/dossiers/{code}/actions/supplement': action('supplementDossier', 'Nộp giấy tờ bổ sung', [
    'ATTACHMENTS_REQUIRED',
    'ATTACHMENTS_NOT_USABLE',
  ]),
  'POST /api/v1/dossiers/{code}/actions/assign_step': action('assignDossierStep', 'Phân công người xử lý một bước', [
    'ASSIGNEE_REQUIRED',
    'ASSIGNEE_NOT_ELIGIBLE',
    'STEP_NOT_FOUND',
    'STEP_NOT_CURRENT',
  ]),
  'POST /api/v1/dossiers/{code}/actions/complete_step': action(
    'completeDossierStep',
    'Hoàn thành bước hiện tại, chuyển bước tiếp theo',
    ['STEP_NOT_FOUND', 'STEP_NOT_CURRENT', 'STEP_ALREADY_DONE'],
  ),
  'POST /api/v1/dossiers/{code}/actions/return_step': action('returnDossierStep', 'Trả lại bước trước (nêu lý do)', [
    'REASON_REQUIRED',
    'STEP_CANNOT_RETURN',
  ]),
  'POST /api/v1/dossiers/{code}/actions/transfer': action('transferDossier', 'Chuyển liên thông sang cơ quan khác', [
    'AGENCY_REQUIRED',
    'TRANSFER_AGENCY_UNKNOWN',
  ]),
  'POST /api/v1/dossiers/{code}/actions/transfer_back': action('transferDossierBack', 'Chuyển trả hồ sơ liên thông', [
    'DOSSIER_NOT_TRANSFERRED',
  ]),
  'POST /api/v1/dossiers/{code}/actions/request_payment': action(
    'requestDossierPayment',
    'Yêu cầu thực hiện nghĩa vụ tài chính (phí, lệ phí)',
    ['PAYMENT_AMOUNT_INVALID'],
  ),
  'POST /api/v1/dossiers/{code}/actions/record_payment': action('recordDossierPayment', 'Ghi nhận đã nộp phí, lệ phí', [
    'PAYMENT_REFERENCE_REQUIRED',
    'PAYMENT_NOT_DUE',
  ]),
  'POST /api/v1/dossiers/{code}/actions/apologise_extend': action(
    'apologiseAndExtendDossier',
    'Xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)',
    ['REASON_REQUIRED', 'EXTENSION_LIMIT_REACHED', 'EXTENSION_AFTER_DUE', 'EXTENSION_DATE_NOT_LATER'],
  ),
  'POST /api/v1/dossiers/{code}/actions/extend_for_verification': action(
    'extendDossierForVerification',
    'Gia hạn để xác minh theo quy định',
    ['REASON_REQUIRED', 'VERIFICATION_EXTENSION_NOT_ALLOWED', 'VERIFICATION_EXTENSION_TOO_LONG'],
  ),
  'POST /api/v1/dossiers/{code}/actions/stop': action('stopDossier', 'Dừng giải quyết hồ sơ (Mẫu 05)', [
    'REASON_REQUIRED',
  ]),
  'POST /api/v1/dossiers/{code}/actions/withdraw': action('withdrawDossier', 'Rút hồ sơ', ['REASON_REQUIRED']),
  'POST /api/v1/dossiers/{code}/actions/approve': action('approveDossier', 'Phê duyệt kết quả (lãnh đạo)', [
    'APPROVAL_RESULT_REQUIRED',
    'APPROVAL_BY_HANDLER',
    'DOSSIER_ALREADY_APPROVED',
    'DOSSIER_NOT_AWAITING_APPROVAL',
    'STEPS_NOT_DONE',
  ]),
  'POST /api/v1/dossiers/{code}/actions/deny': action('denyDossier', 'Không phê duyệt, trả lại hồ sơ (lãnh đạo)', [
    'REASON_REQUIRED',
    'DOSSIER_NOT_AWAITING_APPROVAL',
  ]),
  'POST /api/v1/dossiers/{code}/actions/attach_result': action(
    'attachDossierResult',
    'Đính kèm kết quả (sign=true: ký số PAdES)',
    ['ATTACHMENTS_REQUIRED', 'ATTACHMENTS_NOT_USABLE', 'RESULT_NOT_APPROVED', 'DOSSIER_SIGNING_UNAVAILABLE'],
  ),
  'POST /api/v1/dossiers/{code}/actions/deliver': action('deliverDossier', 'Trả kết quả', [
    'TRACKING_NUMBER_REQUIRED',
    'RESULT_NOT_APPROVED',
    'RESULT_NOT_ELECTRONIC',
    'PAYMENT_OUTSTANDING',
  ]),
  'GET /api/v1/track/{code}': {
    id: 'trackDossier',
    summary: 'Tra cứu hồ sơ bằng mã hồ sơ và mã tra cứu (không có thông tin cá nhân)',
    errors: ['DOSSIER_TRACKING_NOT_FOUND'],
  },
  'POST /api/v1/attachments': {
    id: 'uploadAttachment',
    summary: 'Tải tệp lên trước khi nộp hồ sơ hoặc thao tác (multipart)',
    body: multipartBody(upload),
    errors: [
      'UPLOAD_EMPTY',
      'UPLOAD_TOO_LARGE',
      'UPLOAD_TYPE_NOT_ALLOWED',
      'STAGED_UPLOADS_QUOTA_EXCEEDED',
      'PDF_UNREADABLE',
      'PDF_ENCRYPTED',
    ],
  },
  'POST /api/v1/dossiers/{code}/attachments': {
    id: 'attachDossierFile',
    summary: 'Đính kèm tệp vào hồ sơ (multipart)',
    body: multipartBody({
      ...upload,
      sign: { type: 'string', enum: ['true', 'false'], description: 'true: ký số kết quả PDF đã phê duyệt' },
    }),
    errors: [
      'DOSSIER_NOT_FOUND',
      'UPLOAD_EMPTY',
      'UPLOAD_TOO_LARGE',
      'UPLOAD_TYPE_NOT_ALLOWED',
      'PDF_UNREADABLE',
      'PDF_ENCRYPTED',
      'ATTACHMENT_NOT_ALLOWED',
      'ATTACHMENT_DOSSIER_FINISHED',
      'ATTACHMENT_RESULT_NOT_PDF',
      'ATTACHMENT_SIGN_PDF_ONLY',
      'ATTACHMENT_SIGN_NOT_APPROVED',
      'DOSSIER_SIGNING_UNAVAILABLE',
    ],
  },
  'GET /api/v1/dossiers/{code}/attachments': {
    id: 'listDossierAttachments',
    summary: 'Các tệp đính kèm của hồ sơ',
    errors: ['DOSSIER_NOT_FOUND'],
  },
  'GET /api/v1/dossiers/{code}/attachments/{id}': {
    id: 'downloadDossierAttachment',
    summary: 'Tải một tệp đính kèm (cán bộ tải được ghi nhật ký)',
    errors: ['DOSSIER_NOT_FOUND', 'ATTACHMENT_NOT_FOUND'],
  },
  'GET /api/v1/dossiers/{code}/attachments/{id}/signatures': {
    id: 'verifyDossierAttachmentSignatures',
    summary: 'Kiểm tra chữ ký số của tệp PDF: người ký, thời điểm ký, toàn vẹn',
    errors: ['DOSSIER_NOT_FOUND', 'ATTACHMENT_NOT_FOUND', 'PDF_UNREADABLE'],
  },
  'GET /api/v1/dossiers/{code}/slips/{kind}.pdf': {
    id: 'getDossierSlip',
    summary: 'Phiếu của hồ sơ (PDF, Mẫu 01–06)',
    errors: ['DOSSIER_NOT_FOUND', 'DOSSIER_NOT_RECEIVED_YET', 'DOSSIER_SLIP_NOT_ISSUED', 'DOSSIER_AGENCY_NOT_FOUND'],
  },
  'GET /api/v1/dossier-register.xlsx': {
    id: 'exportDossierRegister',
    summary: 'Sổ theo dõi hồ sơ (Mẫu 07) của cơ quan tiếp nhận, Excel',
  },
};
