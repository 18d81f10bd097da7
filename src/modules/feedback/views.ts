/**
 * Reading items: the detail for staff and the sender (staff reads of personal data are
 * audited), the sender's tracking page by code and key, and the staff inbox. The public
 * page of published answers is in public.ts.
 */
import { and, asc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { accessOf, actorOf } from './access.ts';
import { fallbackCategory, findCategory } from './categories.ts';
import { agencyOf, findItem, trackingKeyMatches } from './core.ts';
import { isWithinTime } from './deadlines.ts';
import './errors.ts';
import { initials, maskText } from './masking.ts';
import {
  type FeedbackAttachment,
  type FeedbackRow,
  type FeedbackSender,
  feedbackActions,
  feedbackItems,
  feedbackLinks,
} from './schema.ts';
import {
  availableActions,
  citizenLabel,
  type FeedbackActionType,
  isFeedbackState,
  senderState,
  stateLabel,
} from './states.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export interface FeedbackView {
  id: string;
  code: string;
  kind: string;
  classification: string;
  category: { code: string; name: string };
  channel: string;
  subject: string;
  content: string;
  dossierCode: string | null;
  place: { communeCode: string | null; address: string | null; lat: number | null; lng: number | null };
  attachments: FeedbackAttachment[];
  state: string;
  stateLabel: string;
  agency: { id: string; name: string };
  routedBy: string;
  submittedAt: string;
  clockStartAt: string;
  refuseDueAt: string;
  supplementDueAt: string;
  answerDueAt: string;
  publishDueAt: string | null;
  withinTime: boolean;
  answer: string | null;
  /**
   * Issue 13.13: the specialist's draft waiting for the leader (or returned with `returnedReason`);
   * only for the handling staff. It reaches the sender only once a leader approves it.
   */
  draftAnswer?: string;
  returnedReason?: string;
  /**
   * Issue 13.13: the answer as the portal would publish it (personal data masked), for the
   * leader to check and edit before "Công khai"; only for the handling staff of an answered item.
   */
  publicAnswerPreview?: string;
  answeredAt: string | null;
  timing: string | null;
  publishedAt: string | null;
  likes: number;
  dislikes: number;
  reopenCount: number;
  duplicateOf: string | null;
  links: Array<{ code: string; kind: string }>;
  /** Full details for the sender and the handling staff (audited); initials for everyone else. */
  sender: FeedbackSender | { display: string };
  official?: { name?: string; position?: string } | null;
  history: Array<{
    seq: number;
    type: string;
    at: string;
    actorKind: string;
    fromState: string | null;
    toState: string;
    payload: unknown;
  }>;
  availableActions: FeedbackActionType[];
  trackingKey?: string;
  /** What the sender must read now: the reason of a refusal, or the information asked for. */
  senderNotice: string | null;
}

/** The text addressed to the sender by the last refusal or request for information, if that is where the item stands. */
function senderNoticeOf(state: string, history: ReadonlyArray<{ type: string; payload: unknown }>): string | null {
  const wanted = state === 'refused' ? 'refuse' : state === 'awaiting_info' ? 'request_info' : null;
  const last = wanted ? history.findLast((h) => h.type === wanted) : undefined;
  const p = (last?.payload ?? {}) as { reason?: unknown; message?: unknown };
  const text = wanted === 'refuse' ? p.reason : p.message;
  return typeof text === 'string' ? text : null;
}

const INTERNAL_STEPS = new Set(['draft_answer', 'return_answer']);

/** The leader's reason when the last step sent the draft back to the specialist. */
function returnedOf(history: ReadonlyArray<{ type: string; payload: unknown }>): { returnedReason?: string } {
  const last = history.at(-1);
  const reason = last?.type === 'return_answer' ? (last.payload as { reason?: unknown }).reason : undefined;
  return typeof reason === 'string' ? { returnedReason: reason } : {};
}

async function linksOf(db: Executor, row: FeedbackRow) {
  const links = await db
    .select()
    .from(feedbackLinks)
    .where(or(eq(feedbackLinks.feedbackId, row.id), eq(feedbackLinks.relatedId, row.id)));
  const ids = links.map((l) => (l.feedbackId === row.id ? l.relatedId : l.feedbackId));
  if (ids.length === 0) return [];
  const items = await db
    .select({ id: feedbackItems.id, code: feedbackItems.code })
    .from(feedbackItems)
    .where(inArray(feedbackItems.id, ids));
  const codeOf = new Map(items.map((i) => [i.id, i.code]));
  return links.map((l) => ({
    code: codeOf.get(l.feedbackId === row.id ? l.relatedId : l.feedbackId) ?? '',
    kind: l.kind,
  }));
}

async function viewOf(
  db: Executor,
  caller: Caller,
  row: FeedbackRow,
  personal: boolean,
  keyOk: boolean,
): Promise<FeedbackView> {
  const state = isFeedbackState(row.state) ? row.state : 'received';
  const agency = await agencyOf(db, row.agencyId);
  const category = findCategory(row.categoryCode) ?? fallbackCategory();
  const history = await db
    .select()
    .from(feedbackActions)
    .where(eq(feedbackActions.feedbackId, row.id))
    .orderBy(asc(feedbackActions.seq));
  const links = await linksOf(db, row);
  const duplicate = links.find((l) => l.kind === 'duplicate' && row.duplicateOf !== null);
  const actor = actorOf(caller, row, keyOk);
  const staffView = caller.kind === 'staff' || caller.kind === 'system';
  // Staff of other agencies read the matter, not the person: what the sender typed is masked too.
  const masked = staffView && !personal;
  const names = [row.sender.fullName, ...(row.official?.name ? [row.official.name] : [])];
  const shown = (text: string) => (masked ? maskText(text, names) : text);
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    classification: row.classification,
    category: { code: category.code, name: category.name },
    channel: row.channel,
    subject: shown(row.subject),
    content: shown(row.content),
    dossierCode: row.dossierCode,
    place: { communeCode: row.communeCode, address: row.placeAddress, lat: row.lat, lng: row.lng },
    attachments: row.attachments,
    state: staffView ? state : senderState(state),
    stateLabel: staffView ? stateLabel(state) : citizenLabel(state),
    agency: { id: agency.id, name: agency.name },
    routedBy: row.routedBy,
    submittedAt: row.submittedAt.toISOString(),
    clockStartAt: row.clockStartAt.toISOString(),
    refuseDueAt: row.refuseDueAt.toISOString(),
    supplementDueAt: row.supplementDueAt.toISOString(),
    answerDueAt: row.answerDueAt.toISOString(),
    publishDueAt: iso(row.publishDueAt),
    withinTime: row.closedAt ? row.timing !== 'late' : isWithinTime(new Date(), row.answerDueAt),
    answer: row.answer,
    ...(staffView && personal && row.draftAnswer ? { draftAnswer: row.draftAnswer } : {}),
    ...(staffView && personal && state === 'in_progress' ? returnedOf(history) : {}),
    ...(staffView && personal && state === 'answered' && row.answer
      ? { publicAnswerPreview: maskText(row.answer, names) }
      : {}),
    answeredAt: iso(row.answeredAt),
    timing: row.timing,
    publishedAt: iso(row.publishedAt),
    likes: row.likes,
    dislikes: row.dislikes,
    reopenCount: row.reopenCount,
    duplicateOf: duplicate?.code ?? null,
    links,
    sender: personal ? row.sender : { display: initials(row.sender.fullName) },
    ...(personal && staffView ? { official: row.official } : {}),
    // The draft and its return are the agency's own steps (issue 13.13): the sender sees "Đang xử lý".
    history: history
      .filter((h) => staffView || !INTERNAL_STEPS.has(h.type))
      .map((h) => ({
        seq: h.seq,
        type: h.type,
        at: h.at.toISOString(),
        actorKind: h.actorKind,
        fromState: h.fromState,
        toState: h.toState,
        // Internal notes stay with the handling staff; others see what happened and when.
        payload: staffView && personal ? h.payload : {},
      })),
    availableActions: actor
      ? availableActions({ state, agencyId: row.agencyId, classification: row.classification }, actor)
      : [],
    ...(personal && caller.kind === 'citizen' ? { trackingKey: row.trackingKey } : {}),
    senderNotice: senderNoticeOf(state, history),
  };
}

/**
 * One item for staff (their agency's, or basic details for the rest of the province), the
 * signed-in sender, or whoever holds the tracking key. Every staff read of the sender's
 * contact details is audited (stream `feedback:<id>`, `read_personal_data`).
 */
export async function getFeedback(
  db: Executor,
  caller: Caller,
  provinceCode: string,
  code: string,
  options: { trackingKey?: string | undefined } = {},
): Promise<FeedbackView> {
  const row = await findItem(db, provinceCode, code);
  if (!row) throw new DomainError('FEEDBACK_NOT_FOUND', { code });
  const keyOk = trackingKeyMatches(row, options.trackingKey);
  if (options.trackingKey && !keyOk && caller.kind === 'anonymous') {
    throw new DomainError('FEEDBACK_TRACKING_KEY_INVALID', { code });
  }
  const access = accessOf(caller, row, keyOk);
  if (access === 'none') {
    throw new DomainError(caller.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FEEDBACK_NOT_FOUND', { code });
  }
  const personal = access === 'personal';
  if (personal && caller.kind === 'staff') {
    await db.transaction((tx) =>
      recordAudit(tx, {
        provinceCode: row.provinceCode,
        stream: `feedback:${row.id}`,
        action: 'read_personal_data',
        actorId: caller.id,
        actorRole: caller.roles.join(','),
        data: { code: row.code, agencyId: caller.agencyId },
      }),
    );
  }
  return viewOf(db, caller, row, personal, keyOk);
}

export interface FeedbackSummary {
  code: string;
  kind: string;
  classification: string;
  categoryCode: string;
  channel: string;
  subject: string;
  state: string;
  stateLabel: string;
  agencyId: string;
  submittedAt: string;
  answerDueAt: string;
  overdue: boolean;
  sender: string;
}

export interface ListFeedbackInput {
  provinceCode: string;
  state?: string | undefined;
  classification?: 'rules' | 'conduct' | undefined;
  overdue?: boolean | undefined;
  agencyId?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  now?: Date | undefined;
}

/**
 * The inbox: staff see their agency's items (conduct reports: leaders only), inspectors
 * every conduct report, hotline operators and administrators every item about rules;
 * a citizen sees what they sent. Most urgent first.
 */
export async function listFeedback(
  db: Executor,
  caller: Caller,
  input: ListFeedbackInput,
): Promise<{ items: FeedbackSummary[]; total: number }> {
  const now = input.now ?? new Date();
  const where: SQL[] = [eq(feedbackItems.provinceCode, input.provinceCode)];
  if (caller.kind === 'citizen') where.push(eq(feedbackItems.senderAccountId, caller.id));
  else if (caller.kind === 'staff') {
    if (caller.provinceCode !== input.provinceCode) throw new DomainError('FORBIDDEN');
    const own = eq(feedbackItems.agencyId, caller.agencyId);
    const rules = eq(feedbackItems.classification, 'rules');
    const conduct = eq(feedbackItems.classification, 'conduct');
    const wide = caller.roles.includes('hotline_operator') || caller.roles.includes('admin');
    const visible = [wide ? rules : and(rules, own)];
    if (caller.roles.includes('inspector')) visible.push(conduct);
    else if (caller.roles.includes('leader')) visible.push(and(conduct, own));
    const anyVisible = or(...visible.filter((v): v is SQL => v !== undefined));
    if (anyVisible) where.push(anyVisible);
  } else if (caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  if (input.state) where.push(eq(feedbackItems.state, input.state));
  if (input.classification) where.push(eq(feedbackItems.classification, input.classification));
  if (input.agencyId) where.push(eq(feedbackItems.agencyId, input.agencyId));
  if (input.overdue) {
    where.push(sql`${feedbackItems.closedAt} is null and ${feedbackItems.answerDueAt} < ${now}`);
  }
  const condition = and(...where);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(feedbackItems).where(condition);
  const rows = await db
    .select()
    .from(feedbackItems)
    .where(condition)
    .orderBy(sql`${feedbackItems.closedAt} is not null`, asc(feedbackItems.answerDueAt))
    .limit(Math.min(input.limit ?? 50, 200))
    .offset(input.offset ?? 0);
  const staffView = caller.kind !== 'citizen';
  return {
    total: count?.n ?? 0,
    items: rows.map((r) => {
      const state = isFeedbackState(r.state) ? r.state : 'received';
      return {
        code: r.code,
        kind: r.kind,
        classification: r.classification,
        categoryCode: r.categoryCode,
        channel: r.channel,
        subject: r.subject,
        state: staffView ? state : senderState(state),
        stateLabel: staffView ? stateLabel(state) : citizenLabel(state),
        agencyId: r.agencyId,
        submittedAt: r.submittedAt.toISOString(),
        answerDueAt: r.answerDueAt.toISOString(),
        overdue: r.closedAt === null && r.answerDueAt.getTime() < now.getTime(),
        sender: initials(r.sender.fullName),
      };
    }),
  };
}
