/**
 * Receiving feedback from every channel (§8.2 "channels to support"): the portal form, the
 * hotline, Zalo, Open311 and paper letters entered by staff. One transaction: the item with
 * its tracking code and deadlines, its first action, the audit entry, the outbox event and
 * the acknowledgement to the sender.
 */
import type { Caller } from '../../platform/auth/caller.ts';
import { generateTrackingKey } from '../../platform/codes/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { type FeedbackCategory, fallbackCategory, feedbackCategories, findCategory } from './categories.ts';
import { nextFeedbackCode } from './codes.ts';
import {
  actorFields,
  agencyOf,
  calendarOf,
  type FeedbackContext,
  notifySender,
  once,
  recordChange,
  type TransactionOptions,
  transactionScope,
} from './core.ts';
import { clockDeadlines, type FeedbackRules } from './deadlines.ts';
import './errors.ts';
import { feedbackReceived } from './metrics.ts';
import { requireCommune, routeFeedback } from './routing.ts';
import {
  type FeedbackAttachment,
  type FeedbackChannel,
  type FeedbackClassification,
  type FeedbackKind,
  type FeedbackRow,
  feedbackActions,
  feedbackItems,
} from './schema.ts';
import { type SenderInput, validateSender } from './sender.ts';
import { getFeedbackRules } from './settings.ts';
import { citizenLabel, type FeedbackState } from './states.ts';

interface FeedbackPlace {
  communeCode?: string | undefined;
  address?: string | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
}

export interface SubmitFeedbackInput {
  channel: FeedbackChannel;
  kind: FeedbackKind;
  /** Defaults to the category's class. */
  classification?: FeedbackClassification | undefined;
  categoryCode?: string | undefined;
  /** Taken from the start of the content when a channel has no subject line. */
  subject?: string | undefined;
  content: string;
  dossierCode?: string | undefined;
  place?: FeedbackPlace | undefined;
  attachments?: FeedbackAttachment[] | undefined;
  sender: SenderInput;
  /** The official a conduct report is about (never published). */
  official?: { name?: string | undefined; position?: string | undefined } | undefined;
  /** The agency the sender or the officer chose. */
  agencyId?: string | undefined;
  extra?: Record<string, unknown> | undefined;
}

export interface FeedbackReceipt {
  id: string;
  code: string;
  trackingKey: string;
  state: FeedbackState;
  stateLabel: string;
  kind: FeedbackKind;
  classification: FeedbackClassification;
  category: { code: string; name: string };
  agency: { id: string; name: string };
  routedBy: string;
  submittedAt: string;
  refuseDueAt: string;
  supplementDueAt: string;
  answerDueAt: string;
}

const STAFF_LETTER_ROLES = ['clerk', 'receiver', 'specialist', 'leader', 'hotline_operator'] as const;

/** Who may file through which channel. */
function checkChannel(caller: Caller, channel: FeedbackChannel): void {
  const staffWith = (roles: readonly string[]) =>
    caller.kind === 'staff' && caller.roles.some((r) => roles.includes(r));
  const allowed =
    channel === 'portal' ||
    (channel === 'hotline' && (staffWith(['hotline_operator']) || caller.kind === 'system')) ||
    (channel === 'letter' && (staffWith(STAFF_LETTER_ROLES) || caller.kind === 'system')) ||
    (channel === 'zalo' && caller.kind === 'system') ||
    (channel === 'open311' && caller.kind === 'system' && caller.name.startsWith('open311:'));
  if (!allowed) {
    if (caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
    throw new DomainError('FEEDBACK_CHANNEL_NOT_ALLOWED', { channel });
  }
}

const oneLine = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ');
const BLOB_KEY = /^[0-9a-f]{64}$/;

function chooseCategory(input: SubmitFeedbackInput): FeedbackCategory {
  if (input.categoryCode) {
    const found = findCategory(input.categoryCode);
    if (!found) throw new DomainError('FEEDBACK_CATEGORY_UNKNOWN', { categoryCode: input.categoryCode });
    return found;
  }
  if (input.classification === 'conduct') {
    return feedbackCategories().find((c) => c.classification === 'conduct') ?? fallbackCategory();
  }
  return fallbackCategory();
}

interface Prepared {
  input: SubmitFeedbackInput;
  rules: FeedbackRules;
  category: FeedbackCategory;
  classification: FeedbackClassification;
  subject: string;
  content: string;
  sender: ReturnType<typeof validateSender>;
}

/** Everything that can be checked before the transaction (§8.1 sender details first). */
export async function prepareFeedback(
  db: Executor,
  caller: Caller,
  input: SubmitFeedbackInput,
  ctx: FeedbackContext,
  now: Date,
): Promise<Prepared> {
  checkChannel(caller, input.channel);
  const rules = await getFeedbackRules(db, ctx.provinceCode, now);
  const sender = validateSender(input.sender, { requireAddress: rules.requireSenderAddress });
  const content = input.content.normalize('NFC').trim();
  const subject = oneLine(input.subject ?? '') || oneLine(content).slice(0, 120);
  if (content.length < 10 || subject.length < 3) {
    throw new DomainError('FEEDBACK_CONTENT_REQUIRED', {
      fields: [{ field: content.length < 10 ? 'content' : 'subject', message: 'Vui lòng nhập đủ nội dung.' }],
    });
  }
  const category = chooseCategory(input);
  if (input.place?.communeCode) await requireCommune(db, ctx.provinceCode, input.place.communeCode);
  for (const a of input.attachments ?? []) {
    if (a.kind === 'blob' && !BLOB_KEY.test(a.key)) {
      throw new DomainError('VALIDATION_FAILED', {
        fields: [{ field: 'photos', message: 'Ảnh đính kèm không hợp lệ.' }],
      });
    }
  }
  return {
    input,
    rules,
    category,
    classification: input.classification ?? category.classification,
    subject,
    content,
    sender,
  };
}

/** Creates the item inside `tx`; the caller owns the transaction (the hotline logs the call with it). */
export async function createFeedbackItem(
  tx: Executor,
  caller: Caller,
  p: Prepared,
  options: TransactionOptions & { scope: string },
  ctx: FeedbackContext,
  now: Date,
): Promise<FeedbackReceipt> {
  const { input } = p;
  const route = await routeFeedback(tx, {
    provinceCode: ctx.provinceCode,
    category: p.category,
    communeCode: input.place?.communeCode,
    dossierCode: input.dossierCode?.trim() || undefined,
    chosenAgencyId: input.agencyId,
  });
  const agency = await agencyOf(tx, route.agencyId);
  const deadlines = clockDeadlines(await calendarOf(tx, ctx.provinceCode, agency.id), now, p.rules);
  const code = await nextFeedbackCode(tx, ctx.provinceCode, now);
  const official = input.official && (input.official.name || input.official.position) ? input.official : null;
  const [row] = await tx
    .insert(feedbackItems)
    .values({
      provinceCode: ctx.provinceCode,
      code,
      trackingKey: generateTrackingKey(),
      kind: input.kind,
      classification: p.classification,
      categoryCode: p.category.code,
      channel: input.channel,
      subject: p.subject,
      content: p.content,
      dossierCode: input.dossierCode?.trim() || null,
      communeCode: input.place?.communeCode ?? null,
      placeAddress: input.place?.address ? oneLine(input.place.address) : null,
      lat: input.place?.lat ?? null,
      lng: input.place?.lng ?? null,
      attachments: input.attachments ?? [],
      extra: input.extra ?? {},
      sender: p.sender,
      senderAccountId: caller.kind === 'citizen' ? caller.id : null,
      official: official
        ? {
            ...(official.name ? { name: oneLine(official.name) } : {}),
            ...(official.position ? { position: oneLine(official.position) } : {}),
          }
        : null,
      agencyId: agency.id,
      routedBy: route.routedBy,
      state: 'received',
      submittedAt: now,
      ...deadlines,
    })
    .returning();
  if (!row) throw new Error('feedback insert returned no row');
  const receipt = receiptOf(row, p.category, agency);
  await tx.insert(feedbackActions).values({
    provinceCode: row.provinceCode,
    feedbackId: row.id,
    seq: 1,
    type: 'submit',
    payload: { channel: row.channel, routedBy: row.routedBy, agencyId: row.agencyId },
    ...actorFields(caller),
    fromState: null,
    toState: 'received',
    at: now,
    transactionId: options.transactionId,
    transactionScope: options.scope,
  });
  await recordChange(tx, {
    row,
    caller,
    seq: 1,
    event: 'received',
    fromState: null,
    toState: 'received',
    at: now,
    data: {
      channel: row.channel,
      kind: row.kind,
      classification: row.classification,
      categoryCode: row.categoryCode,
      agencyId: row.agencyId,
      routedBy: row.routedBy,
    },
  });
  await notifySender(tx, ctx, row, 'feedback.received', 1, agency.name);
  return receipt;
}

function receiptOf(
  row: FeedbackRow,
  category: Pick<FeedbackCategory, 'code' | 'name'>,
  agency: { id: string; name: string },
): FeedbackReceipt {
  const state = 'received';
  return {
    id: row.id,
    code: row.code,
    trackingKey: row.trackingKey,
    state,
    stateLabel: citizenLabel(state),
    kind: row.kind,
    classification: row.classification,
    category: { code: category.code, name: category.name },
    agency: { id: agency.id, name: agency.name },
    routedBy: row.routedBy,
    submittedAt: row.submittedAt.toISOString(),
    refuseDueAt: row.refuseDueAt.toISOString(),
    supplementDueAt: row.supplementDueAt.toISOString(),
    answerDueAt: row.answerDueAt.toISOString(),
  };
}

/**
 * Receives one item. The same transaction id twice (a retried form, a webhook delivered
 * again) returns the first receipt instead of a second item; with another item, 422.
 */
export async function submitFeedback(
  db: Executor,
  caller: Caller,
  input: SubmitFeedbackInput,
  options: TransactionOptions,
  ctx: FeedbackContext,
): Promise<FeedbackReceipt> {
  const now = ctx.now ?? new Date();
  const scope = transactionScope(caller, input.sender.phone ?? input.sender.email);
  return once(db, scope, options.transactionId, { operation: 'submit', body: input }, async (tx, call) => {
    call.afterCommit(() => feedbackReceived.inc(input.channel));
    const prepared = await prepareFeedback(tx, caller, input, ctx, now);
    return createFeedbackItem(tx, caller, prepared, { ...options, scope }, ctx, now);
  });
}
