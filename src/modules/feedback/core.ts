/**
 * Plumbing shared by the feedback use-cases: transaction ids (platform/records), the calendar of an agency,
 * the action log, and the audit + outbox entries every state change writes in its
 * transaction.
 */

import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { getWorkingCalendar } from '../../platform/calendar/store.ts';
import type { WorkingCalendar } from '../../platform/calendar/working-time.ts';
import { trackingKeyMatches as keyMatches } from '../../platform/codes/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { enqueue, formatVietnamDateTime, notificationPayload, type TemplateKey } from '../../platform/notify/index.ts';
import { type IdempotentCall, lockForAction, once as onceRecorded } from '../../platform/records/index.ts';
import { agencyById } from '../directory/index.ts';
import './errors.ts';
import { type FeedbackRow, feedbackActions, feedbackItems } from './schema.ts';

export interface FeedbackContext {
  provinceCode: string;
  /** Base of links in notifications. */
  publicUrl?: string;
  /** The clock; tests pass a fixed instant. */
  now?: Date;
}

export interface TransactionOptions {
  /** Client transaction id (Idempotency-Key): the same id twice returns the first answer. */
  transactionId: string;
}

/** Whose transaction ids these are. An anonymous sender is told apart by the contact they gave. */
export function transactionScope(caller: Caller, contact?: string): string {
  switch (caller.kind) {
    case 'citizen':
    case 'staff':
      return caller.id;
    case 'system':
      return `system:${caller.name}`;
    case 'anonymous':
      return `anonymous:${createHash('sha256')
        .update(contact ?? '')
        .digest('hex')
        .slice(0, 32)}`;
  }
}

/**
 * Runs a change once per transaction id (platform/records `once`): the same id twice returns
 * the first answer, the same id with another request (another item, action or body) is refused
 * with IDEMPOTENCY_KEY_REUSED (422) — never answered with another item's answer.
 */
export function once<T>(
  db: Executor,
  scope: string,
  transactionId: string,
  expected: unknown,
  change: (tx: Executor, call: IdempotentCall) => Promise<T>,
): Promise<T> {
  return onceRecorded(db, `feedback:${scope}`, transactionId, expected, change);
}

/** True when `given` is the item's tracking key (case, spaces and the hyphen ignored). */
export function trackingKeyMatches(row: Pick<FeedbackRow, 'trackingKey'>, given: string | undefined): boolean {
  return keyMatches(row.trackingKey, given);
}

export async function agencyOf(db: Executor, agencyId: string) {
  const row = await agencyById(db, agencyId);
  if (!row) throw new DomainError('FEEDBACK_AGENCY_UNKNOWN', { agencyId });
  return { id: row.id, name: row.name, officeHours: row.officeHours };
}

/** The working calendar of the province with the agency's office hours (§1.5). */
export async function calendarOf(db: Executor, provinceCode: string, agencyId: string): Promise<WorkingCalendar> {
  const agency = await agencyOf(db, agencyId);
  return getWorkingCalendar(db, { provinceCode, hours: agency.officeHours ?? null });
}

export async function findItem(db: Executor, provinceCode: string, code: string): Promise<FeedbackRow | undefined> {
  const [row] = await db
    .select()
    .from(feedbackItems)
    .where(and(eq(feedbackItems.provinceCode, provinceCode), eq(feedbackItems.code, code)));
  return row;
}

/** Locks the item for an action; a twin request that answered meanwhile ends the change (`lockForAction`). */
export async function lockItem(
  tx: Executor,
  call: IdempotentCall,
  provinceCode: string,
  code: string,
): Promise<FeedbackRow> {
  return lockForAction(tx, call, async () => {
    const [row] = await tx
      .select()
      .from(feedbackItems)
      .where(and(eq(feedbackItems.provinceCode, provinceCode), eq(feedbackItems.code, code)))
      .for('update');
    if (!row) throw new DomainError('FEEDBACK_NOT_FOUND', { code });
    return row;
  });
}

export async function nextSeq(tx: Executor, feedbackId: string): Promise<number> {
  const [row] = await tx
    .select({ last: sql<number>`coalesce(max(${feedbackActions.seq}), 0)::int` })
    .from(feedbackActions)
    .where(eq(feedbackActions.feedbackId, feedbackId));
  return (row?.last ?? 0) + 1;
}

export function actorFields(caller: Caller): {
  actorId: string | null;
  actorKind: string;
  actorRole: string | null;
  actorAgencyId: string | null;
} {
  switch (caller.kind) {
    case 'staff':
      return {
        actorId: caller.id,
        actorKind: 'staff',
        actorRole: caller.roles.join(','),
        actorAgencyId: caller.agencyId,
      };
    case 'citizen':
      return { actorId: caller.id, actorKind: 'citizen', actorRole: null, actorAgencyId: null };
    case 'system':
      return { actorId: caller.name, actorKind: 'system', actorRole: 'system', actorAgencyId: null };
    case 'anonymous':
      return { actorId: null, actorKind: 'anonymous', actorRole: null, actorAgencyId: null };
  }
}

export interface ChangeRecord {
  row: FeedbackRow;
  caller: Caller;
  seq: number;
  /** `received`, `answered`, … → outbox topic `feedback.<event>`. */
  event: string;
  fromState: string | null;
  toState: string;
  /** What the audit entry keeps: no sender contact details (the log is append-only). */
  data: Record<string, unknown>;
  at: Date;
}

/** The audit entry and the outbox event of a state change, in its transaction. */
export async function recordChange(tx: Executor, change: ChangeRecord): Promise<void> {
  const { row, caller } = change;
  const actor = actorFields(caller);
  await recordAudit(tx, {
    provinceCode: row.provinceCode,
    stream: `feedback:${row.id}`,
    action: change.event,
    actorId: actor.actorId,
    actorRole: actor.actorRole ?? actor.actorKind,
    data: { code: row.code, seq: change.seq, from: change.fromState, to: change.toState, ...change.data },
    at: change.at,
  });
  await enqueue(tx, {
    provinceCode: row.provinceCode,
    channel: 'event',
    topic: `feedback.${change.event}`,
    payload: {
      feedbackId: row.id,
      code: row.code,
      seq: change.seq,
      state: change.toState,
      agencyId: row.agencyId,
      classification: row.classification,
    },
    dedupeKey: `feedback:${row.id}:${change.seq}:${change.event}`,
  });
}

/** Which channel reaches the sender: Zalo when they wrote on Zalo, else e-mail, else SMS. */
export function contactOf(row: FeedbackRow): { channel: 'zalo' | 'email' | 'sms'; recipient: string } | null {
  const s = row.sender;
  if (row.channel === 'zalo' && s.zaloUserId) return { channel: 'zalo', recipient: s.zaloUserId };
  if (s.email) return { channel: 'email', recipient: s.email };
  if (s.phone) return { channel: 'sms', recipient: s.phone };
  return null;
}

export function trackingUrl(ctx: FeedbackContext, row: Pick<FeedbackRow, 'code' | 'trackingKey'>): string {
  return `${ctx.publicUrl ?? ''}/phan-anh-kien-nghi/tra-cuu?code=${row.code}&key=${row.trackingKey}`;
}

/** A message to the sender through the outbox, rendered from data/notify/templates.json. */
export async function notifySender(
  tx: Executor,
  ctx: FeedbackContext,
  row: FeedbackRow,
  templateKey: TemplateKey,
  seq: number,
  agencyName: string,
): Promise<void> {
  const contact = contactOf(row);
  if (!contact) return;
  const data = {
    recipientName: row.sender.fullName,
    feedbackCode: row.code,
    feedbackTitle: row.subject,
    agencyName,
    dueAt: formatVietnamDateTime(row.answerDueAt),
    trackingUrl: trackingUrl(ctx, row),
  };
  await enqueue(tx, {
    provinceCode: row.provinceCode,
    channel: contact.channel,
    topic: templateKey,
    recipient: contact.recipient,
    payload: { templateKey, data, ...notificationPayload(contact.channel, templateKey, data) },
    dedupeKey: `feedback:${row.id}:${seq}:${templateKey}:${contact.channel}`,
  });
}
