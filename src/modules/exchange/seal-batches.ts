/**
 * Batches of the message log (X-Road time-stamps its log in batches): every record not yet
 * sealed, older than a few seconds, goes into one batch whose digest chains to the previous
 * batch; the batch is signed with the province's key, then time-stamped by the RFC 3161 TSA.
 * A TSA outage leaves batches queued (signed, unstamped); the next run stamps them oldest first,
 * so after the TSA is back nothing stays unstamped. The gateway never waits on the TSA.
 */
import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import type { Signer } from '../../platform/pdf/index.ts';
import { requestTimestamp, TsaError, verifyTimestampToken } from '../../platform/pdf/timestamp.ts';
import { rememberCertificate } from './log-message.ts';
import { BATCH_GENESIS, batchPayload, recordHash, type SignedRecordFields, sha256hex } from './record-format.ts';
import { exchangeBatches, exchangeMessages } from './schema.ts';

const SEAL_LOCK = 727_018; // arbitrary, constant: one sealer at a time
const MAX_RECORDS = 5_000;

type MessageRow = typeof exchangeMessages.$inferSelect;

export const fieldsOfRow = (r: MessageRow): SignedRecordFields => ({
  id: r.id,
  provinceCode: r.provinceCode,
  at: r.at.toISOString(),
  actorId: r.actorId,
  actorRole: r.actorRole,
  callerModule: r.callerModule,
  serviceId: r.serviceId,
  purpose: r.purpose,
  dossierRef: r.dossierRef,
  requestBytes: r.requestBytes,
  responseBytes: r.responseBytes,
  requestDigest: r.requestDigest,
  responseDigest: r.responseDigest,
  result: r.result,
  errorCode: r.errorCode,
  latencyMs: r.latencyMs,
  attempts: r.attempts,
});

/**
 * Seals the records written up to `settleMs` ago (a record still being inserted cannot land
 * behind the seal). Returns the batch, or undefined when there was nothing to seal.
 */
export async function sealBatch(
  db: Executor,
  options: { provinceCode: string; signer?: Signer | undefined; now?: Date; settleMs?: number },
): Promise<typeof exchangeBatches.$inferSelect | undefined> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - (options.settleMs ?? 2_000));
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEAL_LOCK})`);
    const rows = await tx
      .select()
      .from(exchangeMessages)
      .where(
        and(
          isNull(exchangeMessages.batchId),
          eq(exchangeMessages.provinceCode, options.provinceCode),
          lte(exchangeMessages.at, cutoff),
        ),
      )
      .orderBy(asc(exchangeMessages.seq))
      .limit(MAX_RECORDS);
    const first = rows[0];
    const last = rows.at(-1);
    if (!first || !last) return undefined;
    const [prev] = await tx
      .select({ digest: exchangeBatches.digest })
      .from(exchangeBatches)
      .where(eq(exchangeBatches.provinceCode, options.provinceCode))
      .orderBy(desc(exchangeBatches.id))
      .limit(1);
    const fields = {
      provinceCode: options.provinceCode,
      sealedAt: now.toISOString(),
      prevDigest: prev?.digest ?? BATCH_GENESIS,
      recordHashes: rows.map((r) => recordHash(fieldsOfRow(r), r.signature)),
    };
    const payload = batchPayload(fields);
    const signature = options.signer ? Buffer.from(await options.signer.sign(payload)).toString('base64') : null;
    const certFingerprint = options.signer ? await rememberCertificate(tx, options.signer) : null;
    const [batch] = await tx
      .insert(exchangeBatches)
      .values({
        provinceCode: options.provinceCode,
        sealedAt: now,
        records: rows.length,
        firstSeq: first.seq,
        lastSeq: last.seq,
        prevDigest: fields.prevDigest,
        digest: sha256hex(payload),
        signature,
        certFingerprint,
      })
      .returning();
    if (!batch) throw new Error('batch not written');
    await tx
      .update(exchangeMessages)
      .set({ batchId: batch.id })
      .where(
        inArray(
          exchangeMessages.seq,
          rows.map((r) => r.seq),
        ),
      );
    return batch;
  });
}

/** The bytes a batch's time-stamp covers, rebuilt from the stored batch and its records. */
async function payloadOfBatch(db: Executor, batch: typeof exchangeBatches.$inferSelect): Promise<Uint8Array> {
  const rows = await db
    .select()
    .from(exchangeMessages)
    .where(eq(exchangeMessages.batchId, batch.id))
    .orderBy(asc(exchangeMessages.seq));
  return batchPayload({
    provinceCode: batch.provinceCode,
    sealedAt: batch.sealedAt.toISOString(),
    prevDigest: batch.prevDigest,
    recordHashes: rows.map((r) => recordHash(fieldsOfRow(r), r.signature)),
  });
}

/** Time-stamps sealed batches without a token, oldest first; stops at the first TSA failure. */
export async function stampPendingBatches(
  db: Executor,
  tsaUrl: string,
  limit = 100,
): Promise<{ stamped: number; pending: number; error?: string }> {
  const pending = await db
    .select()
    .from(exchangeBatches)
    .where(isNull(exchangeBatches.timestampToken))
    .orderBy(asc(exchangeBatches.id))
    .limit(limit);
  let stamped = 0;
  for (const batch of pending) {
    const payload = await payloadOfBatch(db, batch);
    let token: Uint8Array;
    try {
      token = await requestTimestamp(tsaUrl, payload);
    } catch (err) {
      if (err instanceof TsaError) return { stamped, pending: pending.length - stamped, error: err.message };
      throw err;
    }
    const genTime = verifyTimestampToken(token, payload).genTime ?? new Date();
    await db
      .update(exchangeBatches)
      .set({ timestampToken: Buffer.from(token).toString('base64'), stampedAt: genTime })
      .where(and(eq(exchangeBatches.id, batch.id), isNull(exchangeBatches.timestampToken)));
    stamped++;
  }
  return { stamped, pending: pending.length - stamped };
}
