/**
 * The body of each lifecycle action, as TypeBox schemas (one route per action, so that the
 * OpenAPI description shows each one), and how a body becomes the state machine's action.
 * Dates travel as ISO strings. The machine checks everything else (reasons, amounts, steps).
 */
import { type Static, type TObject, Type } from 'typebox';
import { Value } from 'typebox/value';
import { DomainError } from '../../platform/errors.ts';
import type { DossierActionType, DossierCommand } from './states.ts';

const Reason = Type.String({ maxLength: 2000, description: 'Lý do (bắt buộc)' });
const StepIndex = Type.Integer({ minimum: 0, maximum: 50, description: 'Index of the step in the dossier' });
const AttachmentIds = Type.Array(Type.String({ format: 'uuid' }), {
  maxItems: 50,
  description: 'Files of the dossier, or files the caller staged with POST /api/v1/attachments',
});
const Empty = Type.Object({}, { additionalProperties: false });
const body = <P extends Parameters<typeof Type.Object>[0]>(properties: P) =>
  Type.Object(properties, { additionalProperties: false });

interface ActionDefinition<S extends TObject = TObject> {
  type: DossierActionType;
  summary: string;
  body: S;
  toAction: (body: Static<S>) => DossierCommand;
  /** `attach_result` only: sign the PDF results. */
  signResult?: (body: Static<S>) => boolean;
}

/** A route's view of an action: its schema, and the action a validated body stands for. */
export interface ActionRoute {
  type: DossierActionType;
  summary: string;
  body: TObject;
  parse(raw: unknown): { action: DossierCommand; signResult: boolean };
}

const define = <S extends TObject>(d: ActionDefinition<S>): ActionRoute => ({
  type: d.type,
  summary: d.summary,
  body: d.body,
  parse: (raw) => {
    // Fastify validated the body already; the check narrows its type without a cast.
    if (!Value.Check(d.body, raw)) throw new DomainError('VALIDATION_FAILED', { action: d.type });
    return { action: d.toAction(raw), signResult: d.signResult?.(raw) ?? false };
  },
});

export const actionRoutes: readonly ActionRoute[] = [
  define({ type: 'submit', summary: 'Nộp hồ sơ nháp (công dân)', body: Empty, toAction: () => ({ type: 'submit' }) }),
  define({
    type: 'receive',
    summary: 'Tiếp nhận hồ sơ: hạn trả tính theo lịch làm việc, các bước theo quy trình của phiên bản đã nộp',
    body: Empty,
    // The service computes the due date and copies the steps.
    toAction: () => ({ type: 'receive' }),
  }),
  define({
    type: 'refuse_intake',
    summary: 'Từ chối tiếp nhận (Mẫu 03)',
    body: body({ reason: Reason }),
    toAction: (b) => ({ type: 'refuse_intake', reason: b.reason }),
  }),
  define({
    type: 'request_supplement',
    summary: 'Yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02): liệt kê một lần, đầy đủ',
    body: body({
      missingPapers: Type.Array(
        body({
          paperId: Type.Optional(Type.String({ maxLength: 80 })),
          name: Type.String({ minLength: 1, maxLength: 1000 }),
          reason: Type.String({ maxLength: 1000 }),
        }),
        { maxItems: 50 },
      ),
      note: Type.Optional(Type.String({ maxLength: 2000 })),
    }),
    toAction: (b) => ({
      type: 'request_supplement',
      missingPapers: b.missingPapers.map((m) => ({
        name: m.name,
        reason: m.reason,
        ...(m.paperId ? { paperId: m.paperId } : {}),
      })),
      ...(b.note ? { note: b.note } : {}),
    }),
  }),
  define({
    type: 'supplement',
    summary: 'Nộp giấy tờ bổ sung',
    body: body({ attachmentIds: AttachmentIds }),
    toAction: (b) => ({ type: 'supplement', attachmentIds: b.attachmentIds }),
  }),
  define({
    type: 'assign_step',
    summary: 'Phân công người xử lý một bước',
    body: body({ stepIndex: StepIndex, assigneeId: Type.String({ minLength: 1, maxLength: 80 }) }),
    toAction: (b) => ({ type: 'assign_step', stepIndex: b.stepIndex, assigneeId: b.assigneeId }),
  }),
  define({
    type: 'complete_step',
    summary: 'Hoàn thành bước hiện tại, chuyển bước tiếp theo',
    body: body({ stepIndex: StepIndex, note: Type.Optional(Type.String({ maxLength: 2000 })) }),
    toAction: (b) => ({ type: 'complete_step', stepIndex: b.stepIndex, ...(b.note ? { note: b.note } : {}) }),
  }),
  define({
    type: 'return_step',
    summary: 'Trả lại bước trước (nêu lý do)',
    body: body({ stepIndex: StepIndex, reason: Reason }),
    toAction: (b) => ({ type: 'return_step', stepIndex: b.stepIndex, reason: b.reason }),
  }),
  define({
    type: 'transfer',
    summary: 'Chuyển liên thông sang cơ quan khác',
    body: body({ toAgencyId: Type.String({ format: 'uuid' }), reason: Reason }),
    toAction: (b) => ({ type: 'transfer', toAgencyId: b.toAgencyId, reason: b.reason }),
  }),
  define({
    type: 'transfer_back',
    summary: 'Chuyển trả hồ sơ liên thông',
    body: Empty,
    toAction: () => ({ type: 'transfer_back' }),
  }),
  define({
    type: 'request_payment',
    summary: 'Yêu cầu thực hiện nghĩa vụ tài chính (phí, lệ phí)',
    body: body({
      amount: Type.Integer({ minimum: 0, maximum: 10_000_000_000, description: 'Đồng' }),
      items: Type.Array(body({ name: Type.String({ maxLength: 300 }), amount: Type.Integer({ minimum: 0 }) }), {
        maxItems: 20,
      }),
    }),
    toAction: (b) => ({ type: 'request_payment', amount: b.amount, items: b.items }),
  }),
  define({
    type: 'record_payment',
    summary: 'Ghi nhận đã nộp phí, lệ phí',
    body: body({
      amount: Type.Integer({ minimum: 0, maximum: 10_000_000_000 }),
      method: Type.Enum(['online', 'cash', 'transfer']),
      reference: Type.String({ maxLength: 200 }),
    }),
    toAction: (b) => ({ type: 'record_payment', amount: b.amount, method: b.method, reference: b.reference }),
  }),
  define({
    type: 'apologise_extend',
    summary: 'Văn bản xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)',
    body: body({ reason: Reason, newDueAt: Type.String({ format: 'date-time' }) }),
    toAction: (b) => ({ type: 'apologise_extend', reason: b.reason, newDueAt: new Date(b.newDueAt) }),
  }),
  define({
    type: 'extend_for_verification',
    summary: 'Gia hạn để xác minh theo quy định (thủ tục trả trong ngày; không phải xin lỗi)',
    body: body({ reason: Reason, workingDays: Type.Integer({ minimum: 1, maximum: 30 }) }),
    toAction: (b) => ({ type: 'extend_for_verification', reason: b.reason, workingDays: b.workingDays }),
  }),
  define({
    type: 'stop',
    summary: 'Dừng giải quyết hồ sơ (Mẫu 05)',
    body: body({ reason: Reason }),
    toAction: (b) => ({ type: 'stop', reason: b.reason }),
  }),
  define({
    type: 'withdraw',
    summary: 'Rút hồ sơ (công dân, hoặc cán bộ tiếp nhận theo đơn)',
    body: body({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }),
    toAction: (b) => ({ type: 'withdraw', ...(b.reason ? { reason: b.reason } : {}) }),
  }),
  define({
    type: 'approve',
    summary:
      'Phê duyệt kết quả (lãnh đạo); với attachmentIds: phê duyệt và phát hành dự thảo kết quả trong một bước, sign=true ký số',
    body: body({
      attachmentIds: Type.Optional(AttachmentIds),
      electronic: Type.Optional(Type.Boolean({ description: 'An electronic result (kết quả điện tử)' })),
      sign: Type.Optional(Type.Boolean()),
    }),
    toAction: (b) =>
      b.attachmentIds
        ? { type: 'approve', result: { attachmentIds: b.attachmentIds, electronic: b.electronic ?? false } }
        : { type: 'approve' },
    signResult: (b) => b.sign === true,
  }),
  define({
    type: 'deny',
    summary: 'Không phê duyệt, trả lại hồ sơ (lãnh đạo; nêu lý do)',
    body: body({ reason: Reason }),
    toAction: (b) => ({ type: 'deny', reason: b.reason }),
  }),
  define({
    type: 'attach_result',
    summary: 'Đính kèm kết quả; sign=true ký số PAdES các kết quả PDF bằng chứng thư của cơ quan có thẩm quyền',
    body: body({
      attachmentIds: AttachmentIds,
      electronic: Type.Optional(Type.Boolean({ description: 'An electronic result (kết quả điện tử)' })),
      sign: Type.Optional(Type.Boolean()),
    }),
    toAction: (b) => ({ type: 'attach_result', attachmentIds: b.attachmentIds, electronic: b.electronic ?? false }),
    signResult: (b) => b.sign === true,
  }),
  define({
    type: 'deliver',
    summary: 'Trả kết quả (tại quầy, bưu chính, điện tử)',
    body: body({
      channel: Type.Enum(['counter', 'post', 'electronic']),
      trackingNumber: Type.Optional(Type.String({ maxLength: 100 })),
    }),
    toAction: (b) => ({
      type: 'deliver',
      channel: b.channel,
      ...(b.trackingNumber ? { trackingNumber: b.trackingNumber } : {}),
    }),
  }),
];
