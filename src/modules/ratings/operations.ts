/** Ratings' operations in the OpenAPI description (platform/http/openapi.ts): ids never change. */
import type { OperationDocs } from '../../platform/http/openapi.ts';

const evaluation = ['EVALUATION_AGENCY_NOT_FOUND', 'EVALUATION_QUARTER_INVALID'];
const rating = ['RATING_DOSSIER_NOT_FOUND', 'RATING_KEY_INVALID', 'RATING_TOKEN_INVALID'];

export const ratingOperations: OperationDocs = {
  'POST /api/v1/dossiers/{code}/rating': {
    id: 'rateDossier',
    summary: 'Đánh giá sự hài lòng về một hồ sơ đã trả kết quả',
    errors: [...rating, 'RATING_DOSSIER_NOT_DELIVERED', 'RATING_CHANGE_WINDOW_CLOSED', 'RATING_TEXT_INVALID'],
  },
  'GET /api/v1/dossiers/{code}/rating': {
    id: 'getDossierRating',
    summary: 'Hồ sơ đã được đánh giá chưa, còn được đánh giá hoặc thay đổi không',
    errors: rating,
  },
  'GET /api/v1/ratings/summary': {
    id: 'summariseRatings',
    summary: 'Tỷ lệ hài lòng theo cán bộ, quầy hoặc cơ quan trong một quý',
    errors: ['EVALUATION_QUARTER_INVALID'],
  },
  'GET /api/v1/evaluations': {
    id: 'getAgencyEvaluation',
    summary: 'Đánh giá 9 tiêu chí, 18 điểm của cơ quan trong một quý',
    errors: evaluation,
  },
  'PUT /api/v1/evaluations/{agencyId}/{quarter}/{criterion}': {
    id: 'scoreEvaluationCriterion',
    summary: 'Ghi điểm tự chấm hoặc điểm thẩm định của một tiêu chí',
    errors: [...evaluation, 'EVALUATION_CRITERION_INVALID', 'EVALUATION_POINTS_INVALID'],
  },
  'POST /api/v1/counters/{id}/session': {
    id: 'startCounterSession',
    summary: 'Cán bộ tiếp nhận bắt đầu ca làm việc tại quầy',
    errors: ['KIOSK_COUNTER_NOT_FOUND'],
  },
  'DELETE /api/v1/counters/{id}/session': {
    id: 'endCounterSession',
    summary: 'Cán bộ kết thúc ca làm việc tại quầy',
    errors: ['COUNTER_SESSION_NOT_FOUND', 'KIOSK_COUNTER_NOT_FOUND'],
  },
  'POST /api/v1/counters/{id}/kiosk-tokens': {
    id: 'issueKioskToken',
    summary: 'Cấp mã thiết bị cho máy đánh giá tại quầy',
    errors: ['KIOSK_COUNTER_NOT_FOUND'],
  },
  'DELETE /api/v1/kiosk-tokens/{id}': {
    id: 'revokeKioskToken',
    summary: 'Thu hồi mã thiết bị đánh giá tại quầy',
    errors: ['KIOSK_TOKEN_NOT_FOUND'],
  },
  'POST /api/v1/kiosk/{counterId}/ratings': {
    id: 'submitKioskRating',
    summary: 'Máy đánh giá tại quầy gửi một đánh giá (gửi lại cùng clientId không tạo bản ghi mới)',
    errors: ['KIOSK_TOKEN_INVALID', 'KIOSK_COUNTER_NOT_FOUND', 'KIOSK_RATING_TOO_OLD', 'IDEMPOTENCY_KEY_REUSED'],
  },
  'GET /api/v1/kiosk/{counterId}': {
    id: 'getKioskCounter',
    summary: 'Quầy và cán bộ đang nhận ca, cho màn hình máy đánh giá',
    errors: ['KIOSK_TOKEN_INVALID', 'KIOSK_COUNTER_NOT_FOUND'],
    security: [{ kioskToken: [] }],
  },
};
