/**
 * Who may call the feedback module's routes, on the test's sample item: sent from the portal
 * by `owner` about a street light in Minh Xuân (routed to an agency none of the personas
 * works at). See platform/auth/route-rules.ts.
 */
import type { RouteRules } from '../../platform/auth/route-rules.ts';

const item = {
  kind: 'report',
  categoryCode: 'giao-thong',
  subject: 'Đèn đường hỏng',
  content: 'Đèn đường tổ 2 phường Minh Xuân hỏng đã một tuần.',
  sender: { fullName: 'Nguyễn Văn An', phone: '0912345678', address: 'Tổ 5, phường Minh Xuân' },
};

export const feedbackRouteRules: RouteRules = {
  'GET /api/v1/feedback/categories': { allow: 'everyone', why: 'the portal’s form' },
  'GET /api/v1/feedback/categories/suggest': {
    allow: 'everyone',
    why: 'the portal’s form suggests a category as the sender types',
    query: 'text=%E1%BB%95%20g%C3%A0',
  },
  'POST /api/v1/feedback': { allow: 'everyone', why: 'anyone may send feedback (§8.1)', body: item },
  'GET /api/v1/feedback': { allow: 'signedIn', why: 'the sender’s own items, the agency’s inbox' },
  'POST /api/v1/feedback/letters': {
    allow: ['receiver', 'specialist', 'leader', 'clerk', 'hotline', 'communeAdmin'],
    why: 'officers who handle feedback enter paper letters; an admin-only account and the inspector do not',
    body: item,
  },
  'POST /api/v1/feedback/photos': { allow: 'everyone', why: 'photos are uploaded before the form is sent' },
  'POST /api/v1/feedback/hotline-calls': {
    allow: ['hotline'],
    why: 'the hotline operators',
    body: { outcome: 'answered', callerPhone: '0912000111', question: 'Giờ làm việc?', answer: 'Từ 7 giờ 30.' },
  },
  'GET /api/v1/feedback/hotline-calls': { allow: ['hotline'], why: 'the hotline operators' },
  'GET /api/v1/feedback/published': { allow: 'everyone', why: 'published answers are public' },
  'GET /api/v1/feedback/published/{code}': { allow: 'everyone', why: 'published answers are public' },
  'GET /api/v1/feedback/indicators': {
    allow: 'staff',
    why: 'indicators 5.1–5.3 (QĐ 766) for the province’s staff',
    query: 'from=2026-01-01&to=2026-12-31',
  },
  'GET /api/v1/feedback/settings': { allow: ['provinceAdmin'], why: 'the province administrator' },
  'PUT /api/v1/feedback/settings': {
    allow: ['provinceAdmin'],
    why: 'the province administrator',
    body: { effectiveFrom: '2027-01-01', answerDays: 10 },
  },
  'POST /api/v1/feedback/open311-keys': {
    allow: ['provinceAdmin'],
    why: 'the province administrator',
    body: { name: 'Ứng dụng thử nghiệm' },
  },
  'GET /api/v1/feedback/open311-keys': { allow: ['provinceAdmin'], why: 'the province administrator' },
  'POST /api/v1/feedback/open311-keys/{id}/revoke': { allow: ['provinceAdmin'], why: 'the province administrator' },
  'GET /api/v1/feedback/{code}': {
    allow: [
      'owner',
      ...(['receiver', 'specialist', 'leader', 'clerk', 'hotline'] as const),
      'agencyAdmin',
      'communeAdmin',
      'provinceAdmin',
      'inspector',
    ],
    why: 'the sender; the province’s staff (other agencies read the matter masked)',
  },
  'POST /api/v1/feedback/{code}/actions/{action}': {
    allow: [],
    why: 'the agency it is routed to (none of the personas) and the sender for their own actions',
    seenBy: ['owner'],
  },
  'POST /api/v1/feedback/{code}/reactions': {
    allow: 'citizens',
    why: 'citizens react to published answers',
    seenBy: ['owner', 'otherCitizen'],
  },
  'GET /open311/v2/discovery.{format}': { allow: 'everyone', why: 'Open311 is public' },
  'GET /open311/v2/services.{format}': { allow: 'everyone', why: 'Open311 is public' },
  'GET /open311/v2/services/{code}.{format}': { allow: 'everyone', why: 'Open311 is public' },
  'POST /open311/v2/requests.{format}': { allow: 'credential', why: 'an API key issued by the province admin' },
  'GET /open311/v2/requests.{format}': {
    allow: 'everyone',
    why: 'public; text only once published (issue 11, Medium 8)',
  },
  'GET /open311/v2/requests/{id}.{format}': {
    allow: 'everyone',
    why: 'public; text only once published (issue 11, Medium 8)',
  },
  'GET /open311/v2/servicerequestupdates.{format}': { allow: 'everyone', why: 'public status changes' },
  // Pages (hidden from the OpenAPI document).
  'GET /phan-anh-kien-nghi': { allow: 'everyone', why: 'the published answers' },
  'GET /phan-anh-kien-nghi/tra-cuu': { allow: 'everyone', why: 'tracking by code and key' },
  'GET /phan-anh-kien-nghi/gui': { allow: 'everyone', why: 'the portal’s form' },
  'POST /phan-anh-kien-nghi/gui': { allow: 'everyone', why: 'anyone may send feedback (§8.1)' },
  'GET /phan-anh-kien-nghi/da-gui': { allow: 'everyone', why: 'the receipt of what this browser sent' },
  'GET /phan-anh-kien-nghi/{code}': { allow: 'everyone', why: 'a published answer (404 until published)' },
  'POST /phan-anh-kien-nghi/{code}/danh-gia': { allow: 'everyone', why: 'reactions to a published answer' },
  'GET /workspace/phan-anh-kien-nghi': { allow: 'staff', why: 'the agency’s feedback list' },
  'GET /workspace/phan-anh-kien-nghi/{code}': {
    allow: 'staff',
    why: 'the province’s staff; other agencies read the matter masked',
  },
  'GET /workspace/phan-anh-kien-nghi/{code}/anh/{n}': {
    allow: [],
    why: 'the sender’s photos, for the staff of the agency it is routed to (none of the personas); others read the matter without them',
  },
  'POST /workspace/phan-anh-kien-nghi/{code}/{action}': {
    allow: [],
    why: 'the agency the item is routed to (none of the personas)',
  },
};
