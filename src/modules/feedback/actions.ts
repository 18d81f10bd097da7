/**
 * Acting on an item: accept, refuse, ask for more information, draft an answer, answer (a
 * leader approving the draft) or return the draft, publish, transfer,
 * reassign, reopen, merge, link (states.ts says who may do what). One transaction per
 * action: the folded row, the action row with the client's transaction id, the audit entry,
 * the outbox event and the message to the sender.
 */
import { and, eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { actorOf } from './access.ts';
import { fallbackCategory, findCategory } from './categories.ts';
import {
  actorFields,
  agencyOf,
  calendarOf,
  type FeedbackContext,
  lockItem,
  nextSeq,
  notifySender,
  once,
  recordChange,
  type TransactionOptions,
  trackingKeyMatches,
  transactionScope,
} from './core.ts';
import { clockDeadlines, publishDeadline, reopenUntil, timingOf } from './deadlines.ts';
import './errors.ts';
import { noticeToSender } from './notices.ts';
import { buildPublication, staffNamesOf } from './publication.ts';
import { requireProvinceAgency } from './routing.ts';
import { type FeedbackRow, feedbackActions, feedbackItems, feedbackLinks } from './schema.ts';
import { getFeedbackRules } from './settings.ts';
import { citizenLabel, decide, eventOf, type FeedbackAction, type FeedbackState, isFeedbackState } from './states.ts';

export interface ActionResult {
  code: string;
  seq: number;
  action: FeedbackAction['type'];
  state: FeedbackState;
  stateLabel: string;
  agencyId: string;
  answerDueAt: string;
  at: string;
}

export interface ActionOptions extends TransactionOptions {
  /** The tracking key, when the sender acts without signing in. */
  trackingKey?: string | undefined;
}

type Changes = Partial<typeof feedbackItems.$inferInsert>;

async function otherItem(tx: Executor, row: FeedbackRow, code: string): Promise<FeedbackRow> {
  const [other] = await tx
    .select()
    .from(feedbackItems)
    .where(and(eq(feedbackItems.provinceCode, row.provinceCode), eq(feedbackItems.code, code)));
  if (!other) throw new DomainError('FEEDBACK_NOT_FOUND', { code });
  if (other.id === row.id) throw new DomainError('FEEDBACK_LINK_SELF', { code });
  return other;
}

/** What the action changes on the row, besides the state (deadlines per §8.2). */
async function changesFor(
  tx: Executor,
  row: FeedbackRow,
  action: FeedbackAction,
  now: Date,
): Promise<{ changes: Changes; payload: Record<string, unknown> }> {
  const rules = await getFeedbackRules(tx, row.provinceCode, now);
  const restart = async (agencyId: string): Promise<Changes> =>
    clockDeadlines(await calendarOf(tx, row.provinceCode, agencyId), now, rules);
  switch (action.type) {
    case 'accept':
      return { changes: {}, payload: {} };
    case 'refuse':
      return {
        changes: { timing: timingOf(now, row.refuseDueAt), closedAt: now },
        payload: { reason: action.reason.trim(), timing: timingOf(now, row.refuseDueAt) },
      };
    case 'request_info': {
      // §8.2: only the first request for supplementation has a deadline (5 working days).
      const first = row.firstInfoRequestedAt === null;
      return {
        changes: first ? { firstInfoRequestedAt: now } : {},
        payload: {
          message: action.message.trim(),
          first,
          ...(first ? { timing: timingOf(now, row.supplementDueAt) } : {}),
        },
      };
    }
    case 'supply_info':
      return {
        changes: rules.restartClockOnSupplement ? await restart(row.agencyId) : {},
        payload: { content: action.content.trim() },
      };
    case 'draft_answer':
      return {
        changes: { draftAnswer: action.answer.trim() },
        payload: { answer: action.answer.trim(), redraft: row.state === 'answer_drafted' },
      };
    case 'return_answer':
      return { changes: {}, payload: { reason: action.reason.trim() } };
    case 'answer': {
      const calendar = await calendarOf(tx, row.provinceCode, row.agencyId);
      // Approving a draft: the leader's edited text, or the draft as written.
      const drafted = row.state === 'answer_drafted' ? (row.draftAnswer ?? '') : null;
      const text = action.answer.trim() || drafted || '';
      return {
        changes: {
          draftAnswer: null,
          answer: text,
          answeredAt: now,
          timing: timingOf(now, row.answerDueAt),
          publishDueAt: publishDeadline(calendar, now, rules),
          closedAt: now,
        },
        payload: {
          answer: text,
          timing: timingOf(now, row.answerDueAt),
          ...(drafted === null ? {} : { approvedDraft: true, edited: text !== drafted.trim() }),
        },
      };
    }
    case 'publish': {
      const category = findCategory(row.categoryCode) ?? fallbackCategory();
      const agency = await agencyOf(tx, row.agencyId);
      const answer = action.publicAnswer?.trim() || row.answer || '';
      const names = await staffNamesOf(tx, row.agencyId);
      const publication = (text: string) =>
        buildPublication({
          row,
          category,
          agencyName: agency.name,
          answer: text,
          answeredAt: row.answeredAt ?? now,
          publishedAt: now,
          names,
        });
      const { published, search } = publication(answer);
      const timing = row.publishDueAt ? timingOf(now, row.publishDueAt) : null;
      return {
        changes: { published, publicSearch: search, publishedAt: now, publishTiming: timing },
        // Edited: the published text is not the answer as masking alone gives it.
        payload: { edited: published.answer !== publication(row.answer ?? '').published.answer, timing },
      };
    }
    case 'transfer':
    case 'reassign': {
      const target = await requireProvinceAgency(tx, row.provinceCode, action.toAgencyId);
      return {
        changes: {
          agencyId: target.id,
          routedBy: action.type === 'transfer' ? 'transfer' : 'manual',
          ...(await restart(target.id)),
        },
        payload: { fromAgencyId: row.agencyId, toAgencyId: target.id, reason: action.reason?.trim() ?? null },
      };
    }
    case 'reopen':
      // A follow-up about the same result (indicator 5.3 "repeated complaint"): the item
      // goes back to its agency with fresh deadlines and its earlier answer withdrawn.
      return {
        changes: {
          reopenCount: row.reopenCount + 1,
          draftAnswer: null,
          answer: null,
          answeredAt: null,
          timing: null,
          publishDueAt: null,
          published: null,
          publicSearch: null,
          publishedAt: null,
          publishTiming: null,
          closedAt: null,
          ...(await restart(row.agencyId)),
        },
        payload: { reason: action.reason.trim(), previousAnswer: row.answer },
      };
    case 'merge': {
      const target = await otherItem(tx, row, action.intoCode);
      if (target.state === 'merged') throw new DomainError('FEEDBACK_MERGE_TARGET_CLOSED', { code: target.code });
      await tx
        .insert(feedbackLinks)
        .values({ feedbackId: row.id, relatedId: target.id, provinceCode: row.provinceCode, kind: 'duplicate' })
        .onConflictDoUpdate({
          target: [feedbackLinks.feedbackId, feedbackLinks.relatedId],
          set: { kind: 'duplicate' },
        });
      return { changes: { duplicateOf: target.id, closedAt: now }, payload: { into: target.code } };
    }
    case 'link': {
      const other = await otherItem(tx, row, action.otherCode);
      await tx
        .insert(feedbackLinks)
        .values({ feedbackId: row.id, relatedId: other.id, provinceCode: row.provinceCode, kind: 'related' })
        .onConflictDoNothing();
      return { changes: {}, payload: { other: other.code } };
    }
  }
}

export async function takeFeedbackAction(
  db: Executor,
  caller: Caller,
  code: string,
  action: FeedbackAction,
  options: ActionOptions,
  ctx: FeedbackContext,
): Promise<ActionResult> {
  const now = ctx.now ?? new Date();
  const scope = transactionScope(caller, `${code}:${options.trackingKey ?? ''}`);
  return once(db, scope, options.transactionId, { operation: action.type, code, body: action }, async (tx, call) => {
    const row = await lockItem(tx, call, ctx.provinceCode, code);
    const keyOk = trackingKeyMatches(row, options.trackingKey);
    const actor = actorOf(caller, row, keyOk);
    // Those with nothing to do with the item are told it does not exist (conduct reports).
    if (!actor)
      throw new DomainError(
        caller.kind === 'anonymous' && !options.trackingKey ? 'UNAUTHENTICATED' : 'FEEDBACK_NOT_FOUND',
        { code },
      );
    if (!isFeedbackState(row.state)) throw new Error(`feedback ${row.code} has unknown state ${row.state}`);
    const rules = await getFeedbackRules(tx, row.provinceCode, row.clockStartAt);
    const decision = decide(
      { state: row.state, agencyId: row.agencyId, classification: row.classification },
      action,
      actor,
      { now, reopenUntil: row.answeredAt ? reopenUntil(row.answeredAt, rules) : null },
    );
    if (!decision.ok) throw new DomainError(decision.code, { code, action: action.type, state: row.state });
    const { changes, payload } = await changesFor(tx, row, action, now);
    const [updated] = await tx
      .update(feedbackItems)
      .set({ ...changes, state: decision.to, version: row.version + 1, updatedAt: now })
      .where(eq(feedbackItems.id, row.id))
      .returning();
    if (!updated) throw new Error('feedback update returned no row');
    const seq = await nextSeq(tx, row.id);
    const result: ActionResult = {
      code: row.code,
      seq,
      action: action.type,
      state: decision.to,
      stateLabel: citizenLabel(decision.to),
      agencyId: updated.agencyId,
      answerDueAt: updated.answerDueAt.toISOString(),
      at: now.toISOString(),
    };
    await tx.insert(feedbackActions).values({
      provinceCode: row.provinceCode,
      feedbackId: row.id,
      seq,
      type: action.type,
      payload,
      ...actorFields(caller),
      ...(actor.kind === 'sender' && caller.kind === 'anonymous' ? { actorKind: 'sender' } : {}),
      fromState: row.state,
      toState: decision.to,
      at: now,
      transactionId: options.transactionId,
      transactionScope: scope,
    });
    const event = eventOf[action.type];
    // The audit entry keeps the decision, not the texts (answers may quote personal data).
    const { reason: _r, message: _m, answer: _a, content: _c, previousAnswer: _p, ...auditData } = payload;
    await recordChange(tx, {
      row: updated,
      caller,
      seq,
      event,
      fromState: row.state,
      toState: decision.to,
      data: auditData,
      at: now,
    });
    await notifyFor(tx, ctx, updated, action, seq);
    return result;
  });
}

async function notifyFor(tx: Executor, ctx: FeedbackContext, row: FeedbackRow, action: FeedbackAction, seq: number) {
  const agencyName = () => agencyOf(tx, row.agencyId).then((a) => a.name);
  if (action.type === 'answer') await notifySender(tx, ctx, row, 'feedback.answered', seq, await agencyName());
  if (action.type === 'refuse') {
    await noticeToSender(tx, ctx, row, 'feedback.refused', seq, {
      agencyName: await agencyName(),
      reason: action.reason,
    });
  }
  if (action.type === 'request_info') {
    await noticeToSender(tx, ctx, row, 'feedback.infoRequested', seq, {
      agencyName: await agencyName(),
      reason: action.message,
    });
  }
}
