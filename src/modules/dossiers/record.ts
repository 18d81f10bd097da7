/**
 * Writing down what happened to a dossier, in the transaction of the change: the append-only
 * action row (with the client's transaction id and, at the end, the answer it got), the audit
 * entry of the dossier's chain, the outbox events, and the notices the applicant is sent.
 */
import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { enqueue, formatVietnamDateTime, notificationPayload, type TemplateKey } from '../../platform/notify/index.ts';
import { agencies } from '../directory/schema.ts';
import { actorIdOf, actorRoleOf, type DossierContext, type DossierRow, scopeOf, streamOf } from './context.ts';
import type { Applicant } from './filing-rules.ts';
import { loadView } from './queries.ts';
import { dossierActions } from './schema.ts';
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

/** `row` is the dossier as it is after the change. Returns the caller's view, also stored for replays. */
export async function recordAction(
  tx: Executor,
  caller: Caller,
  row: DossierRow,
  what: Recorded,
  ctx: DossierContext,
): Promise<DossierView> {
  const [last] = await tx
    .select({ seq: sql<number>`coalesce(max(${dossierActions.seq}), 0)::int` })
    .from(dossierActions)
    .where(eq(dossierActions.dossierId, row.id));
  const seq = (last?.seq ?? 0) + 1;
  const payload = asJson(what.payload);
  const [action] = await tx
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
    .returning({ id: dossierActions.id });
  await recordAudit(tx, {
    provinceCode: row.provinceCode,
    stream: streamOf(row),
    action: what.type,
    actorId: actorIdOf(caller),
    actorRole: actorRoleOf(caller),
    data: { seq, fromState: what.fromState, toState: what.toState, payload },
    at: what.now,
  });
  for (const event of what.events) {
    await enqueue(tx, {
      provinceCode: row.provinceCode,
      channel: 'event',
      topic: `dossier.${event}`,
      payload: { dossierId: row.id, code: row.code, seq, state: what.toState, agencyId: row.holdingAgencyId },
      dedupeKey: `${row.id}:${seq}:${event}`,
    });
    await notifyApplicant(tx, row, event, payload, seq, ctx);
  }
  const view = await loadView(tx, caller, row.code ?? row.id, { audit: false });
  await tx
    .update(dossierActions)
    .set({ response: view })
    .where(eq(dossierActions.id, action?.id ?? -1));
  return view;
}

async function notifyApplicant(
  tx: Executor,
  row: DossierRow,
  event: string,
  payload: Record<string, unknown>,
  seq: number,
  ctx: DossierContext,
): Promise<void> {
  const templateKey = notices[event];
  const applicant = row.applicant as Applicant;
  // E-mail when the applicant gave one (it carries the whole letter), otherwise SMS.
  const contact = applicant.email ? ('email' as const) : applicant.phone ? ('sms' as const) : null;
  if (!templateKey || !contact) return;
  const [agency] = await tx
    .select({ name: agencies.name })
    .from(agencies)
    .where(eq(agencies.id, row.receivingAgencyId));
  const p = payload as {
    reason?: string;
    amount?: number;
    newDueAt?: string;
    missingPapers?: Array<{ name: string; reason: string }>;
  };
  const when = (d: Date | null | undefined) => (d ? formatVietnamDateTime(d) : '');
  await enqueue(tx, {
    provinceCode: row.provinceCode,
    channel: contact,
    topic: templateKey,
    recipient: contact === 'email' ? (applicant.email ?? null) : (applicant.phone ?? null),
    payload: notificationPayload(contact, templateKey, {
      recipientName: applicant.fullName,
      dossierCode: row.code ?? '',
      procedureName: (row.procedureSnapshot as { name: string }).name,
      agencyName: agency?.name ?? '',
      dueAt: when(row.dueAt),
      newDueAt: when(p.newDueAt ? new Date(p.newDueAt) : row.dueAt),
      deliveredAt: when(row.deliveredAt),
      reason: p.reason ?? (p.missingPapers ?? []).map((m) => `- ${m.name}: ${m.reason}`).join('\n'),
      amount: String(p.amount ?? ''),
      trackingUrl: `${ctx.publicUrl ?? ''}/tra-cuu/${row.code}?key=${row.trackingKey}`,
    }),
    dedupeKey: `${row.id}:${seq}:${event}:${contact}`,
  });
}
