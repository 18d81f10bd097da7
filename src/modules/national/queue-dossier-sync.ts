/**
 * After every change of a dossier (`dossier.*` events on the outbox's event channel): the dossier
 * as the portal must now see it (`HoSo`), its new timeline entries (`QuaTrinhXuLy`, one per
 * action, each with its own sync flag), and one outbox message on channel `national` that
 * delivers them (deliver-dossier-sync.ts) with the outbox's retry, backoff and dead letter
 * (payments-sync-sso.md §3.3). Running twice changes nothing: the rows are keyed by dossier and
 * action number, the message by the newest action number.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { enqueue } from '../../platform/notify/index.ts';
import { getProcedure } from '../catalog/index.ts';
import { agencyById } from '../directory/index.ts';
import { type DossierView, dossierForExternalSync } from '../dossiers/index.ts';
import { onlinePaymentCodeOf } from '../payments/index.ts';
import type { NationalContext } from './context.ts';
import { signedFileUrl } from './file-links.ts';
import { buildHoSo, buildTimelineEntry } from './format.ts';
import { CONNECTOR } from './receive-national-dossier.ts';
import { nationalDossierSync, nationalFilings, nationalTimeline } from './schema.ts';

/** Why a dossier is not synced, or what was queued. */
export type Queued =
  | { queued: true; dossierId: string; seq: number }
  | { queued: false; reason: 'no_national_procedure_code' | 'draft' };

async function maHoSoOf(db: Executor, view: DossierView): Promise<string> {
  const [link] = await db
    .select({ nationalCode: nationalFilings.nationalCode })
    .from(nationalFilings)
    .where(eq(nationalFilings.dossierId, view.id));
  if (link) return link.nationalCode;
  // Filed by this connector but not linked yet (the link is written just after the filing commits):
  // ask again later rather than announce the dossier under our code.
  if (view.timeline[0]?.actorRole === 'system' && view.channel === 'online') {
    throw new Error(`national link of ${view.code} not written yet`);
  }
  return view.code;
}

/** Queues the dossier's current state for the portal; `force` resends even what was acknowledged. */
export async function queueDossierSync(
  db: Executor,
  dossierCode: string,
  ctx: NationalContext,
  options: { force?: boolean } = {},
): Promise<Queued> {
  if (!dossierCode) return { queued: false, reason: 'draft' };
  const view = await dossierForExternalSync(db, dossierCode, CONNECTOR);
  if (!view.procedure.nationalCode) return { queued: false, reason: 'no_national_procedure_code' };
  const procedure = await getProcedure(db, view.procedure.id);
  const maHoSo = await maHoSoOf(db, view);
  const competent = await agencyById(db, view.competentAgencyId);
  const receiving = await agencyById(db, view.receivingAgencyId);
  const now = ctx.now();
  const secret = ctx.fileLinkSecret;
  const onlinePayment = await onlinePaymentCodeOf(db, view.id);
  const hoSo = buildHoSo(
    view,
    {
      nationalCode: view.procedure.nationalCode,
      name: view.procedure.name,
      fieldCode: procedure.field.code,
      fieldName: procedure.field.name,
      fees: procedure.fees,
    },
    {
      maHoSo,
      competentAgencyName: competent?.name ?? '',
      receivingAgencyCode: receiving?.code ?? '',
      fileUrl: (id) => (secret ? signedFileUrl(ctx.publicUrl, secret, view.code, id, now) : ''),
      onlinePayment,
    },
  );
  const seq = view.timeline.reduce((max, e) => Math.max(max, e.seq), 0);
  await db.transaction(async (tx) => {
    for (const e of view.timeline) {
      const entry = buildTimelineEntry(view, e.seq, maHoSo);
      if (!entry) continue;
      await tx
        .insert(nationalTimeline)
        .values({ dossierId: view.id, seq: e.seq, provinceCode: ctx.provinceCode, entry })
        .onConflictDoNothing();
    }
    if (options.force) {
      // A resend asks the portal again for everything, whatever it acknowledged before.
      await tx.update(nationalTimeline).set({ sentAt: null }).where(eq(nationalTimeline.dossierId, view.id));
    }
    await tx
      .insert(nationalDossierSync)
      .values({
        dossierId: view.id,
        provinceCode: ctx.provinceCode,
        dossierCode: view.code,
        queuedSeq: seq,
        payload: hoSo,
        onlineLevel: procedure.onlineLevel,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: nationalDossierSync.dossierId,
        set: {
          queuedSeq: sql`greatest(${nationalDossierSync.queuedSeq}, ${seq})`,
          payload: sql`case when ${nationalDossierSync.queuedSeq} <= ${seq} then excluded.payload else ${nationalDossierSync.payload} end`,
          ...(options.force ? { sentSeq: null } : {}),
          updatedAt: now,
        },
      });
    await enqueue(tx, {
      provinceCode: ctx.provinceCode,
      channel: 'national',
      topic: 'national.sync',
      payload: { dossierId: view.id, code: view.code },
      // Each resend is an operator's deliberate act: its own message, never folded into an earlier one.
      dedupeKey: options.force ? `national:resend:${view.id}:${randomUUID()}` : `national:${view.id}:${seq}`,
    });
  });
  return { queued: true, dossierId: view.id, seq };
}

/** The sync rows of dossiers whose delivery is still owed (for the admin page and reconciliation). */
export async function unsentTimeline(db: Executor, dossierId: string) {
  return db
    .select()
    .from(nationalTimeline)
    .where(and(eq(nationalTimeline.dossierId, dossierId), sql`${nationalTimeline.sentAt} is null`))
    .orderBy(nationalTimeline.seq);
}
