/**
 * The hotline operator's screen (tổng đài, often 1022 — §8.2 channels): every call is
 * logged with the caller's number, either as a question answered on the spot or as a
 * feedback item that follows the normal PAKN handling.
 */
import { desc, eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { requireStaff, type StaffCaller } from '../../platform/auth/permissions.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { type FeedbackContext, once, type TransactionOptions } from './core.ts';
import './errors.ts';
import { createFeedbackItem, type FeedbackReceipt, prepareFeedback, type SubmitFeedbackInput } from './intake.ts';
import { feedbackReceived } from './metrics.ts';
import { type HotlineCallRow, hotlineCalls } from './schema.ts';
import { validateSender } from './sender.ts';

export type LogHotlineCallInput =
  | {
      outcome: 'answered';
      callerPhone: string;
      callerName?: string | undefined;
      categoryCode?: string | undefined;
      question: string;
      answer: string;
    }
  | {
      outcome: 'feedback';
      callerPhone: string;
      /** The item as the operator wrote it down; the caller's number is the sender's phone unless another is given. */
      feedback: Omit<SubmitFeedbackInput, 'channel'>;
    };

export interface HotlineCallView {
  id: string;
  outcome: 'answered' | 'feedback';
  callerPhone: string;
  callerName: string | null;
  categoryCode: string | null;
  question: string;
  answer: string | null;
  feedbackCode: string | null;
  receipt?: FeedbackReceipt;
  at: string;
}

function viewOf(row: HotlineCallRow, receipt?: FeedbackReceipt, feedbackCode?: string): HotlineCallView {
  return {
    id: row.id,
    outcome: row.outcome,
    callerPhone: row.callerPhone,
    callerName: row.callerName,
    categoryCode: row.categoryCode,
    question: row.question,
    answer: row.answer,
    feedbackCode: receipt?.code ?? feedbackCode ?? null,
    ...(receipt ? { receipt } : {}),
    at: row.at.toISOString(),
  };
}

export async function logHotlineCall(
  db: Executor,
  caller: Caller,
  input: LogHotlineCallInput,
  options: TransactionOptions,
  ctx: FeedbackContext,
): Promise<HotlineCallView> {
  const operator = requireStaff(caller, 'hotline_operator');
  // The same transaction id twice answers the first call; with another call, 422 (platform/records).
  return once(db, `hotline:${operator.id}`, options.transactionId, { operation: 'hotline_call', body: input }, (tx) =>
    saveCall(tx, operator, input, options, ctx),
  );
}

async function saveCall(
  db: Executor,
  operator: StaffCaller,
  input: LogHotlineCallInput,
  options: TransactionOptions,
  ctx: FeedbackContext,
): Promise<HotlineCallView> {
  const caller: Caller = operator;
  const now = ctx.now ?? new Date();
  // The number is checked like any sender phone; a caller's number is always known.
  const phone = validateSender({ fullName: 'Người gọi', phone: input.callerPhone }, { requireAddress: false }).phone;
  if (!phone) throw new DomainError('FEEDBACK_SENDER_INCOMPLETE', { missing: ['số điện thoại'] });
  const base = {
    provinceCode: ctx.provinceCode,
    operatorId: operator.id,
    operatorAgencyId: operator.agencyId,
    callerPhone: phone,
    at: now,
    transactionId: options.transactionId,
  };
  if (input.outcome === 'answered') {
    const question = input.question.normalize('NFC').trim();
    const answer = input.answer.normalize('NFC').trim();
    if (question.length === 0) throw new DomainError('FEEDBACK_CONTENT_REQUIRED', {});
    if (answer.length === 0) throw new DomainError('HOTLINE_ANSWER_REQUIRED', {});
    const [row] = await db
      .insert(hotlineCalls)
      .values({
        ...base,
        outcome: 'answered',
        callerName: input.callerName?.trim() || null,
        categoryCode: input.categoryCode ?? null,
        question,
        answer,
      })
      .returning();
    if (!row) throw new Error('hotline insert returned no row');
    return viewOf(row);
  }
  const feedback: SubmitFeedbackInput = {
    ...input.feedback,
    channel: 'hotline',
    sender: { ...input.feedback.sender, phone: input.feedback.sender.phone || phone },
  };
  const prepared = await prepareFeedback(db, caller, feedback, ctx, now);
  const logged = await db.transaction(async (tx) => {
    const receipt = await createFeedbackItem(
      tx,
      caller,
      prepared,
      { transactionId: `hotline:${options.transactionId}`, scope: operator.id },
      ctx,
      now,
    );
    const [row] = await tx
      .insert(hotlineCalls)
      .values({
        ...base,
        outcome: 'feedback',
        callerName: prepared.sender.fullName,
        categoryCode: prepared.category.code,
        question: prepared.subject,
        feedbackId: receipt.id,
      })
      .returning();
    if (!row) throw new Error('hotline insert returned no row');
    await recordAudit(tx, {
      provinceCode: ctx.provinceCode,
      stream: `feedback:${receipt.id}`,
      action: 'hotline_call_logged',
      actorId: operator.id,
      actorRole: 'hotline_operator',
      data: { callId: row.id },
      at: now,
    });
    return viewOf(row, receipt);
  });
  feedbackReceived.inc('hotline');
  return logged;
}

/** The operator desk's recent calls (newest first); the numbers are the operators' working data. */
export async function listHotlineCalls(
  db: Executor,
  caller: Caller,
  input: { provinceCode: string; limit?: number },
): Promise<HotlineCallView[]> {
  const operator = requireStaff(caller, 'hotline_operator');
  if (operator.provinceCode !== input.provinceCode) throw new DomainError('FORBIDDEN');
  const rows = await db
    .select()
    .from(hotlineCalls)
    .where(eq(hotlineCalls.provinceCode, input.provinceCode))
    .orderBy(desc(hotlineCalls.at))
    .limit(Math.min(input.limit ?? 50, 200));
  return rows.map((r) => viewOf(r));
}
