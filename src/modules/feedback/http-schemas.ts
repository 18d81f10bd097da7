/** TypeBox schemas of /api/v1/feedback… (the single truth for validation, types and OpenAPI). */
import { type Static, Type } from 'typebox';
import { type FeedbackAction, type FeedbackActionType, feedbackActionTypes } from './states.ts';

export const FeedbackCode = Type.String({
  pattern: '^PAKN-\\d{6}-\\d{4,9}$',
  description: 'Mã PAKN, ví dụ PAKN-261123-0001',
});
const BlobKey = Type.String({
  pattern: '^[0-9a-f]{64}$',
  description: 'Khóa ảnh trả về từ POST /api/v1/feedback/photos',
});
export const IdempotencyKey = Type.Optional(
  Type.String({
    minLength: 8,
    maxLength: 128,
    description: 'Client transaction id: the same key twice returns the first answer',
  }),
);

/** Optional fields: what is missing is reported in one Vietnamese message (§8.1), not field by field. */
const SenderBody = Type.Object(
  {
    fullName: Type.Optional(Type.String({ maxLength: 200 })),
    phone: Type.Optional(Type.String({ maxLength: 30 })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    address: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

const PlaceBody = Type.Object(
  {
    communeCode: Type.Optional(
      Type.String({ pattern: '^\\d{5}$', description: 'Mã xã, phường, đặc khu (QĐ 19/2025)' }),
    ),
    address: Type.Optional(Type.String({ maxLength: 500 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  },
  { additionalProperties: false },
);

const feedbackFields = {
  kind: Type.Union([Type.Literal('report'), Type.Literal('proposal')], { description: 'Phản ánh hoặc kiến nghị' }),
  classification: Type.Optional(
    Type.Union([Type.Literal('rules'), Type.Literal('conduct')], {
      description: 'Về quy định, thủ tục hành chính / về hành vi của cán bộ, công chức',
    }),
  ),
  categoryCode: Type.Optional(Type.String({ maxLength: 60 })),
  subject: Type.Optional(Type.String({ maxLength: 200 })),
  content: Type.String({ maxLength: 8000 }),
  dossierCode: Type.Optional(Type.String({ maxLength: 60 })),
  place: Type.Optional(PlaceBody),
  photos: Type.Optional(Type.Array(BlobKey, { maxItems: 10 })),
  sender: Type.Optional(SenderBody),
  official: Type.Optional(
    Type.Object(
      {
        name: Type.Optional(Type.String({ maxLength: 200 })),
        position: Type.Optional(Type.String({ maxLength: 200 })),
      },
      { additionalProperties: false },
    ),
  ),
  agencyId: Type.Optional(Type.String({ format: 'uuid', description: 'Cơ quan người gửi chọn (nếu biết)' })),
};

export const FeedbackBody = Type.Object(feedbackFields, { additionalProperties: false });
export type FeedbackBody = Static<typeof FeedbackBody>;

export const HotlineCallBody = Type.Union([
  Type.Object(
    {
      outcome: Type.Literal('answered'),
      callerPhone: Type.String({ maxLength: 30 }),
      callerName: Type.Optional(Type.String({ maxLength: 200 })),
      categoryCode: Type.Optional(Type.String({ maxLength: 60 })),
      question: Type.String({ maxLength: 4000 }),
      answer: Type.String({ maxLength: 8000 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { outcome: Type.Literal('feedback'), callerPhone: Type.String({ maxLength: 30 }), feedback: FeedbackBody },
    { additionalProperties: false },
  ),
]);
export type HotlineCallBody = Static<typeof HotlineCallBody>;

export const ActionBody = Type.Object(
  {
    reason: Type.Optional(Type.String({ maxLength: 4000 })),
    message: Type.Optional(Type.String({ maxLength: 4000, description: 'request_info: thông tin cần bổ sung' })),
    content: Type.Optional(Type.String({ maxLength: 8000, description: 'supply_info: thông tin bổ sung' })),
    answer: Type.Optional(Type.String({ maxLength: 16000 })),
    publicAnswer: Type.Optional(Type.String({ maxLength: 16000, description: 'publish: bản trả lời để công khai' })),
    toAgencyId: Type.Optional(Type.String({ format: 'uuid' })),
    targetCode: Type.Optional(FeedbackCode),
    trackingKey: Type.Optional(Type.String({ maxLength: 20, description: 'Mã tra cứu của người gửi' })),
  },
  { additionalProperties: false },
);
export type ActionBody = Static<typeof ActionBody>;

export const ActionParams = Type.Object({
  code: FeedbackCode,
  action: Type.Union(feedbackActionTypes.map((a) => Type.Literal(a))),
});

/** The state machine's action from the route's action name and body (the machine checks the texts). */
export function toAction(type: FeedbackActionType, b: ActionBody): FeedbackAction {
  switch (type) {
    case 'accept':
      return { type };
    case 'refuse':
      return { type, reason: b.reason ?? '' };
    case 'request_info':
      return { type, message: b.message ?? b.reason ?? '' };
    case 'supply_info':
      return { type, content: b.content ?? '' };
    case 'draft_answer':
    case 'answer':
      return { type, answer: b.answer ?? '' };
    case 'return_answer':
      return { type, reason: b.reason ?? '' };
    case 'publish':
      return { type, ...(b.publicAnswer ? { publicAnswer: b.publicAnswer } : {}) };
    case 'transfer':
      return { type, toAgencyId: b.toAgencyId ?? '', reason: b.reason ?? '' };
    case 'reassign':
      return { type, toAgencyId: b.toAgencyId ?? '', ...(b.reason ? { reason: b.reason } : {}) };
    case 'reopen':
      return { type, reason: b.reason ?? '' };
    case 'merge':
      return { type, intoCode: b.targetCode ?? '' };
    case 'link':
      return { type, otherCode: b.targetCode ?? '' };
  }
}

export const ListQuery = Type.Object(
  {
    state: Type.Optional(Type.String({ maxLength: 30 })),
    classification: Type.Optional(Type.Union([Type.Literal('rules'), Type.Literal('conduct')])),
    overdue: Type.Optional(Type.Boolean()),
    agencyId: Type.Optional(Type.String({ format: 'uuid' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);

export const PublishedQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    categoryCode: Type.Optional(Type.String({ maxLength: 60 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);

export const RulesBody = Type.Object(
  {
    effectiveFrom: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    refuseDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
    supplementDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
    answerDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
    publishDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
    reopenWindowDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
    restartClockOnSupplement: Type.Optional(Type.Boolean()),
    requireSenderAddress: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
