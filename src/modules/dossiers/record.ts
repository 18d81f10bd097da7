/**
 * Writing down what happened to a dossier, in the transaction of the change: the append-only
 * action row (with the client's transaction id; the answer it got is stored apart, by
 * platform/records `once`), the audit entry of the dossier's chain, the outbox events, and the
 * notices the applicant is sent.
 */
import { eq, sql } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { type Executor, named } from '../../platform/db/index.ts';
import { formatVietnamDateTime, notificationPayload, type TemplateKey } from '../../platform/notify/index.ts';
import { contactsFor, notificationChannelsOf, subscribersOf } from '../../platform/notify/preferences.ts';
import {
  actorIdOf,
  actorRoleOf,
  agencyIn,
  type DossierContext,
  type DossierRow,
  scopeOf,
  streamOf,
} from './context.ts';
import { type PendingCode, type Writes, writesFor } from './pending-code.ts';
import { loadView, viewOf } from './queries.ts';
import { dossierActions } from './schema.ts';
import { applicantOf, procedureSnapshotOf } from './stored-json.ts';
import type { DossierView } from './view-types.ts';

/** Customer-facing notices (DOMAIN.md §1.3): the events an applicant is told about. */
const notices: Partial<Record<string, TemplateKey>> = {
  received: 'dossier.received',
  supplement_requested: 'dossier.supplementRequested',
  payment_requested: 'dossier.paymentRequested',
  extended: 'dossier.apologyExtended',
  result_ready: 'dossier.resultReady',
  delivered: 'dossier.delivered',
};

export interface Recorded {
  type: string;
  payload: unknown;
  fromState: string | null;
  toState: string;
  events: readonly string[];
  transactionId: string;
  now: Date;
}

/** JSON as jsonb will give it back: Dates as ISO strings, no undefined. */
const asJson = (value: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(value ?? {}));

/**
 * `row` is the dossier as it is after the change. Returns the caller's view. With `pending` (a
 * filing whose code is taken last, pending-code.ts) the audit entry and the outbox messages
 * wait for the final statement. `seq` is the action's
 * number when the caller knows it (a new dossier), saving a read.
 */
export async function recordAction(
  tx: Executor,
  caller: Caller,
  row: DossierRow,
  what: Recorded,
  ctx: DossierContext,
  pending?: PendingCode,
  knownSeq?: number,
): Promise<DossierView> {
  const writes = writesFor(tx, pending);
  let seq = knownSeq ?? (pending ? pending.written.actions.length + 1 : undefined);
  if (seq === undefined) {
    const [last] = await tx
      .select({ seq: sql<number>`coalesce(max(${dossierActions.seq}), 0)::int` })
      .from(dossierActions)
      .where(eq(dossierActions.dossierId, row.id));
    seq = (last?.seq ?? 0) + 1;
  }
  const payload = asJson(what.payload);
  // Named: every action of every dossier writes this row (the filing two of them).
  const [action] = await named(
    'dossier_action_insert',
    tx
      .insert(dossierActions)
      .values({
        provinceCode: row.provinceCode,
        dossierId: row.id,
        seq,
        type: what.type,
        payload,
        actorId: actorIdOf(caller),
        actorKind: caller.kind,
        actorRole: actorRoleOf(caller),
        actorAgencyId: caller.kind === 'staff' ? caller.agencyId : null,
        fromState: what.fromState,
        toState: what.toState,
        at: what.now,
        transactionId: what.transactionId,
        transactionScope: scopeOf(caller),
      })
      .returning(),
  );
  await writes.audit({
    provinceCode: row.provinceCode,
    stream: streamOf(row),
    action: what.type,
    actorId: actorIdOf(caller),
    actorRole: actorRoleOf(caller),
    data: { seq, fromState: what.fromState, toState: what.toState, payload },
    at: what.now,
  });
  for (const event of what.events) {
    await writes.enqueue({
      provinceCode: row.provinceCode,
      channel: 'event',
      topic: `dossier.${event}`,
      payload: { dossierId: row.id, code: row.code, seq, state: what.toState, agencyId: row.holdingAgencyId },
      dedupeKey: `${row.id}:${seq}:${event}`,
    });
    await notifyApplicant(tx, writes, row, event, payload, seq, ctx, pending === undefined);
  }
  if (pending && action) {
    // A new dossier: every row of it was written here, so its view is built, not read back.
    pending.written.actions.push(action);
    const { steps, actions, files } = pending.written;
    const byUpload = [...files].sort((a, b) => a.uploadedAt.getTime() - b.uploadedAt.getTime());
    return viewOf(caller, { row, steps, actions, files: byUpload });
  }
  return loadView(tx, caller, row.code ?? row.id, { audit: false });
}

async function notifyApplicant(
  tx: Executor,
  writes: Writes,
  row: DossierRow,
  event: string,
  payload: Record<string, unknown>,
  seq: number,
  ctx: DossierContext,
  mayHaveFollowers: boolean,
): Promise<void> {
  const templateKey = notices[event];
  if (!templateKey) return;
  const applicant = applicantOf(row);
  // The account's chosen channels, else e-mail when given (it carries the whole letter), else SMS;
  // plus anyone who asked for this dossier's notices on Zalo (none yet while it is being filed).
  const preferred = row.applicantAccountId ? await notificationChannelsOf(tx, row.applicantAccountId) : undefined;
  const contacts = [
    ...contactsFor(applicant, preferred),
    ...(mayHaveFollowers && row.code ? await subscribersOf(tx, `dossier:${row.code}`) : []),
  ];
  if (contacts.length === 0) return;
  const agency = await agencyIn(tx, row.receivingAgencyId);
  const p = payload as {
    reason?: string;
    amount?: number;
    newDueAt?: string;
    missingPapers?: Array<{ name: string; reason: string }>;
  };
  const when = (d: Date | null | undefined) => (d ? formatVietnamDateTime(d) : '');
  const base = ctx.publicUrl ?? '';
  const values = {
    recipientName: applicant.fullName,
    dossierCode: row.code ?? '',
    procedureName: procedureSnapshotOf(row).name,
    agencyName: agency?.name ?? '',
    dueAt: when(row.dueAt),
    newDueAt: when(p.newDueAt ? new Date(p.newDueAt) : row.dueAt),
    deliveredAt: when(row.deliveredAt),
    reason: p.reason ?? (p.missingPapers ?? []).map((m) => `- ${m.name}: ${m.reason}`).join('\n'),
    amount: String(p.amount ?? ''),
    trackingUrl: `${base}/tra-cuu/${row.code}?key=${row.trackingKey}`,
  };
  for (const contact of contacts) {
    const channel = contact.channel as 'email' | 'sms' | 'zalo';
    // The rating page takes the receipt's key as proof (ratings module, `?key=`).
    const ratingUrl = `${base}/danh-gia/${row.code}?key=${row.trackingKey}&k=${channel === 'email' ? 'portal' : channel}`;
    await writes.enqueue({
      provinceCode: row.provinceCode,
      channel,
      topic: templateKey,
      recipient: contact.recipient,
      payload: notificationPayload(channel, templateKey, { ...values, ratingUrl }),
      dedupeKey: `${row.id}:${seq}:${event}:${channel}:${contact.recipient}`,
    });
  }
}
