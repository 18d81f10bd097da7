/**
 * The outbox channel `national`: delivers what queue-dossier-sync.ts queued for a dossier.
 * 1. `DongBoHoSoMC` with the newest `HoSo`: `isUpdating` "False" until the first push was
 *    acknowledged, then "True"; "already exists" (3/−3, "đã tồn tại") is answered with an
 *    update at once (§3.1, T1). A push older than what the portal acknowledged is not sent.
 * 2. `CapNhatTienDoHoSoMC` with the timeline entries not yet acknowledged, 10 per call (§3.1).
 * The portal's raw answer is kept on the rows. Throwing hands the message back to the outbox:
 * unreachable or failing portal → retry with backoff; a refusal of the data → dead letter at once.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { DeliveryError, invalidPayload } from '../../platform/notify/errors.ts';
import type { Channel } from '../../platform/notify/index.ts';
import { type AdapterAnswer, type AdapterClient, alreadyExists } from './adapter-client.ts';
import { unsentTimeline } from './queue-dossier-sync.ts';
import { nationalDossierSync, nationalTimeline } from './schema.ts';

const TIMELINE_BATCH = 10;

function refused(service: string, answer: AdapterAnswer): DeliveryError {
  return new DeliveryError(
    `${service}: national portal refused (error_code ${answer.error_code}): ${(answer.message ?? '').slice(0, 500)}`,
    false,
  );
}

async function pushHoSo(db: Executor, adapter: AdapterClient, dossierId: string): Promise<void> {
  const [row] = await db.select().from(nationalDossierSync).where(eq(nationalDossierSync.dossierId, dossierId));
  if (!row) throw invalidPayload('national', `no sync row for dossier ${dossierId}`);
  if (row.sentSeq !== null && row.sentSeq >= row.queuedSeq) return;
  const send = (isUpdating: boolean) =>
    adapter.call('DongBoHoSoMC', { isUpdating: isUpdating ? 'True' : 'False', data: [row.payload] });
  let answer = await send(row.firstSentAt !== null);
  if (answer.error_code !== 0 && row.firstSentAt === null && alreadyExists(answer)) answer = await send(true);
  await db
    .update(nationalDossierSync)
    .set({ lastResponse: answer.raw })
    .where(eq(nationalDossierSync.dossierId, dossierId));
  if (answer.error_code !== 0) throw refused('DongBoHoSoMC', answer);
  const now = new Date();
  await db
    .update(nationalDossierSync)
    .set({ sentSeq: row.queuedSeq, sentPayload: row.payload, firstSentAt: row.firstSentAt ?? now, lastSentAt: now })
    .where(eq(nationalDossierSync.dossierId, dossierId));
}

async function pushTimeline(db: Executor, adapter: AdapterClient, dossierId: string): Promise<void> {
  const unsent = await unsentTimeline(db, dossierId);
  for (let i = 0; i < unsent.length; i += TIMELINE_BATCH) {
    const batch = unsent.slice(i, i + TIMELINE_BATCH);
    const answer = await adapter.call('CapNhatTienDoHoSoMC', { data: batch.map((r) => r.entry) });
    const seqs = batch.map((r) => r.seq);
    const where = and(eq(nationalTimeline.dossierId, dossierId), inArray(nationalTimeline.seq, seqs));
    if (answer.error_code !== 0) {
      await db.update(nationalTimeline).set({ lastResponse: answer.raw }).where(where);
      throw refused('CapNhatTienDoHoSoMC', answer);
    }
    await db.update(nationalTimeline).set({ sentAt: new Date(), lastResponse: answer.raw }).where(where);
  }
}

export function nationalChannel(db: Executor, adapter: AdapterClient): Channel {
  return async (message) => {
    const payload = message.payload as { dossierId?: unknown };
    if (typeof payload?.dossierId !== 'string') throw invalidPayload('national', 'dossierId missing');
    await pushHoSo(db, adapter, payload.dossierId);
    await pushTimeline(db, adapter, payload.dossierId);
  };
}
