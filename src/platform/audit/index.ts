/**
 * Audit log: `recordAudit` writes one entry in the caller's transaction; `verifyAudit`
 * recomputes every chain and names the first broken entry.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Executor } from '../db/index.ts';
import { auditCheckpoints, auditEvents } from './schema.ts';

export { auditCheckpoints, auditEvents } from './schema.ts';

export const GENESIS = '0'.repeat(64);

export interface AuditInput {
  provinceCode: string;
  /** The record whose history this is, e.g. `dossier:000.00.04.H08-261122-0001`. */
  stream: string;
  action: string;
  actorId?: string | null;
  actorRole?: string | null;
  data?: Record<string, unknown>;
  at?: Date;
}

interface HashedFields {
  provinceCode: string;
  stream: string;
  seq: number;
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  data: unknown;
}

export function entryHash(prevHash: string, e: HashedFields): string {
  const canonical = canonicalize({
    provinceCode: e.provinceCode,
    stream: e.stream,
    seq: e.seq,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorRole: e.actorRole,
    action: e.action,
    data: e.data,
  });
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonical ?? '')
    .digest('hex');
}

/** Appends to a record's chain. Must run inside the transaction of the change it records. */
export async function recordAudit(tx: Executor, input: AuditInput): Promise<{ seq: number; hash: string }> {
  // Serialise writers of the same chain only; other chains proceed in parallel.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${input.stream}, 0))`);
  const [last] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(eq(auditEvents.stream, input.stream))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS;
  // JSON round trip: what is hashed is exactly what jsonb gives back (no undefined, no Dates).
  const data = JSON.parse(JSON.stringify(input.data ?? {})) as unknown;
  const fields: HashedFields = {
    provinceCode: input.provinceCode,
    stream: input.stream,
    seq,
    at: input.at ?? new Date(),
    actorId: input.actorId ?? null,
    actorRole: input.actorRole ?? null,
    action: input.action,
    data,
  };
  const hash = entryHash(prevHash, fields);
  await tx.insert(auditEvents).values({ ...fields, prevHash, hash });
  return { seq, hash };
}

export interface AuditBreak {
  id: number;
  stream: string;
  seq: number;
  problem: 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap';
}

export interface VerifyReport {
  streams: number;
  events: number;
  firstBreak: AuditBreak | null;
  checkpoint: { id: number; ok: boolean } | null;
}

/** Recomputes every chain in id order (streams interleave); stops at the first broken entry. */
export async function verifyAudit(db: Executor, batchSize = 5000): Promise<VerifyReport> {
  const heads = new Map<string, { seq: number; hash: string }>();
  let events = 0;
  let lastId = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.id, lastId))
      .orderBy(asc(auditEvents.id))
      .limit(batchSize);
    if (batch.length === 0) break;
    for (const e of batch) {
      lastId = e.id;
      events++;
      const head = heads.get(e.stream) ?? { seq: 0, hash: GENESIS };
      const at = { id: e.id, stream: e.stream, seq: e.seq };
      if (e.seq !== head.seq + 1)
        return { streams: heads.size, events, firstBreak: { ...at, problem: 'sequence_gap' }, checkpoint: null };
      if (e.prevHash !== head.hash) {
        return { streams: heads.size, events, firstBreak: { ...at, problem: 'prev_hash_mismatch' }, checkpoint: null };
      }
      if (entryHash(e.prevHash, e) !== e.hash) {
        return { streams: heads.size, events, firstBreak: { ...at, problem: 'hash_mismatch' }, checkpoint: null };
      }
      heads.set(e.stream, { seq: e.seq, hash: e.hash });
    }
  }
  const [checkpoint] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1);
  let checkpointReport: VerifyReport['checkpoint'] = null;
  if (checkpoint) {
    const heads = await chainHeads(db, checkpoint.at);
    checkpointReport = { id: checkpoint.id, ok: heads.headsHash === checkpoint.headsHash };
  }
  return { streams: heads.size, events, firstBreak: null, checkpoint: checkpointReport };
}

async function chainHeads(db: Executor, upTo: Date) {
  const rows = await db
    .selectDistinctOn([auditEvents.stream], {
      stream: auditEvents.stream,
      hash: auditEvents.hash,
      seq: auditEvents.seq,
    })
    .from(auditEvents)
    .where(sql`${auditEvents.at} <= ${upTo}`)
    .orderBy(asc(auditEvents.stream), desc(auditEvents.seq));
  const h = createHash('sha256');
  let events = 0;
  for (const r of rows) {
    h.update(`${r.stream}\t${r.seq}\t${r.hash}\n`);
    events += r.seq;
  }
  return { headsHash: h.digest('hex'), streams: rows.length, events };
}

/** Seals the current heads of every chain (run periodically by the job runner). */
// Sealed a few minutes back: an entry still in an open transaction cannot land behind the seal.
export async function writeCheckpoint(db: Executor, at = new Date(Date.now() - 5 * 60_000)) {
  const heads = await chainHeads(db, at);
  const [row] = await db
    .insert(auditCheckpoints)
    .values({ at, ...heads })
    .returning();
  return row;
}

/** A record's history, oldest first. */
export function auditTrail(db: Executor, stream: string) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.stream, stream)))
    .orderBy(asc(auditEvents.seq));
}
