/** A document page's action form → the use case it stands for, with its fields checked. */
import type { Caller } from '../../../platform/auth/caller.ts';
import type { Executor } from '../../../platform/db/index.ts';
import { DomainError } from '../../../platform/errors.ts';
import { type FormBody, field } from '../../../web/http.tsx';
import type { DocumentsContext } from '../context.ts';
import { commentOnDraft } from '../draft-document.ts';
import {
  type AssignmentInput,
  answerDocument,
  assignDocument,
  closeDocument,
  completeAssignment,
  presentDocument,
  returnDocument,
  startHandling,
} from '../handle-incoming.ts';
import { issueDocument } from '../issue-document.ts';
import { RECALL_REASON_MAX, recallIssuedDocument } from '../recall-issued-document.ts';
import { registerDocument } from '../register-incoming-document.ts';
import { approveDraft, checkDocumentFormat, sendBackDraft, signDocument, submitDraft } from '../review-document.ts';
import type { DocumentActionType } from '../states.ts';
import { updateIssuedDocument } from '../update-issued-document.ts';

const text = (body: FormBody, max = 4000): string => {
  const value = field(body, 'text');
  if (value.length > max) throw new DomainError('VALIDATION_FAILED', {}, `Nội dung tối đa ${max} ký tự.`);
  return value;
};

/** A field of the update form with its Annex VI length (subject 500, signer's name 50 …). */
function limited(body: FormBody, name: string, max: number): string {
  const value = field(body, name);
  if (value.length > max) throw new DomainError('VALIDATION_FAILED', {}, `Trường quá dài: tối đa ${max} ký tự.`);
  return value;
}

function required(value: string, message: string): string {
  if (!value) throw new DomainError('VALIDATION_FAILED', {}, message);
  return value;
}

export async function runAction(
  db: Executor,
  caller: Caller,
  id: string,
  action: DocumentActionType,
  body: FormBody,
  options: { transactionId: string },
  ctx: DocumentsContext & { publicUrl?: string },
): Promise<unknown> {
  switch (action) {
    case 'register':
      return registerDocument(db, caller, id, options, ctx);
    case 'return':
      return returnDocument(
        db,
        caller,
        id,
        { reason: required(text(body, 1000), 'Nhập lý do trả lại.') },
        options,
        ctx,
      );
    case 'present':
      return presentDocument(
        db,
        caller,
        id,
        { leaderId: required(field(body, 'person'), 'Chọn lãnh đạo.') },
        options,
        ctx,
      );
    case 'assign': {
      const days = Number.parseInt(field(body, 'days') || '5', 10);
      if (!(days >= 0 && days <= 365))
        throw new DomainError('VALIDATION_FAILED', {}, 'Thời hạn là số ngày làm việc từ 0 đến 365.');
      const assignments: AssignmentInput[] = [
        { assigneeId: required(field(body, 'lead'), 'Chọn người chủ trì.'), kind: 'lead', dueInWorkingDays: days },
      ];
      const co = field(body, 'cohandle');
      if (co) assignments.push({ assigneeId: co, kind: 'co_handle', dueInWorkingDays: days });
      const info = field(body, 'info');
      if (info) assignments.push({ assigneeId: info, kind: 'for_information' });
      const instruction = text(body);
      return assignDocument(db, caller, id, { assignments, ...(instruction ? { instruction } : {}) }, options, ctx);
    }
    case 'start':
      return startHandling(db, caller, id, options, ctx);
    case 'complete_assignment':
      return completeAssignment(
        db,
        caller,
        id,
        { result: required(text(body), 'Nhập kết quả, đề xuất.') },
        options,
        ctx,
      );
    case 'answer':
      return answerDocument(
        db,
        caller,
        id,
        { outgoingId: required(field(body, 'outgoing').slice(0, 36), 'Nhập mã văn bản đi.') },
        options,
        ctx,
      );
    case 'close': {
      const result = text(body);
      return closeDocument(db, caller, id, result ? { result } : {}, options, ctx);
    }
    case 'comment':
      return commentOnDraft(db, caller, id, { body: required(text(body), 'Nhập góp ý.') }, options, ctx);
    case 'submit':
      return submitDraft(
        db,
        caller,
        id,
        { approverId: required(field(body, 'person'), 'Chọn lãnh đạo duyệt, ký.') },
        options,
        ctx,
      );
    case 'send_back':
      return sendBackDraft(db, caller, id, { reason: required(text(body), 'Nhập lý do trả lại.') }, options, ctx);
    case 'approve':
      return approveDraft(db, caller, id, options, ctx);
    case 'check_format':
      return checkDocumentFormat(db, caller, id, options, ctx);
    case 'sign':
      return signDocument(db, caller, id, options, ctx);
    case 'issue':
      return issueDocument(db, caller, id, {}, options, ctx);
    case 'recall_issued':
      return recallIssuedDocument(
        db,
        caller,
        id,
        { reason: required(text(body, RECALL_REASON_MAX), 'Nhập lý do thu hồi.') },
        options,
        ctx,
      );
    case 'update_issued':
      return updateIssuedDocument(
        db,
        caller,
        id,
        {
          reason: text(body, RECALL_REASON_MAX),
          // Checked by the use case after the caller's role: empty means "not given".
          subject: limited(body, 'subject', 500),
          content: limited(body, 'content', 20_000),
          signer: { position: limited(body, 'signerPosition', 100), fullName: limited(body, 'signerName', 50) },
        },
        options,
        ctx,
      );
    default:
      throw new DomainError('NOT_FOUND');
  }
}
