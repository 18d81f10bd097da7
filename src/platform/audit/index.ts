/**
 * Audit log: `recordAudit` writes one entry in the caller's transaction; `verifyAudit`
 * recomputes every chain, names the first broken entry and checks every checkpoint.
 */
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Executor } from '../db/index.ts';
import {
  type CheckpointProblem,
  type ExportedCheckpoint,
  loadCheckpoints,
  verifyCheckpointsOffline,
} from './checkpoints.ts';
import { type AuditInput, entryHash, GENESIS, type HashedFields, jsonData } from './hash.ts';
import { auditEvents } from './schema.ts';

export type {
  CheckpointFile,
  CheckpointProblem,
} from './checkpoints.ts';
export {
  CHECKPOINT_WARNINGS,
  exportCheckpoints,
  formatCheckpointFile,
  parseCheckpointFile,
  stampPendingCheckpoints,
  verifyCheckpointsOffline,
  writeCheckpoint,
} from './checkpoints.ts';
export { DeferredAuditChain } from './deferred.ts';
export { type AuditInput, entryHash, GENESIS } from './hash.ts';
export { auditCheckpoints, auditEvents } from './schema.ts';

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
  const data = jsonData(input);
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

interface AuditBreak {
  id: number;
  stream: string;
  seq: number;
  problem: 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap';
}

export interface VerifyReport {
  streams: number;
  events: number;
  firstBreak: AuditBreak | null;
  checkpoints: {
    /** How many checkpoints were checked (every one, not only the last). */
    checked: number;
    stamped: number;
    /** Subject and SHA-256 fingerprint of each certificate that signed them. */
    signers: string[];
    tsas: string[];
    /** Breaks and, for `CHECKPOINT_WARNINGS`, warnings. */
    problems: CheckpointProblem[];
  };
}

export interface VerifyOptions {
  /**
   * Checkpoints from an export kept outside the database: checked instead of the database's
   * own, and each must still be in the database unchanged.
   */
  checkpoints?: readonly ExportedCheckpoint[];
  batchSize?: number;
}

/**
 * Recomputes every chain in id order (streams interleave) and stops at the first broken entry;
 * checks every checkpoint (digest, chain, signature, time-stamp) and that each head it sealed is
 * still in its chain with the same hash, so removing the newest entries or recomputing a chain
 * shows even when the chain itself is consistent again.
 */
export async function verifyAudit(db: Executor, options: VerifyOptions = {}): Promise<VerifyReport> {
  const batchSize = options.batchSize ?? 5000;
  const stored = await loadCheckpoints(db);
  const checkpoints = options.checkpoints ?? stored;
  const offline = verifyCheckpointsOffline(checkpoints);
  const problems = [...offline.problems];
  if (options.checkpoints) {
    const inDb = new Map(stored.map((c) => [c.id, c.digest]));
    for (const c of options.checkpoints) {
      const digest = inDb.get(c.id);
      if (digest === undefined) problems.push({ checkpointId: c.id, problem: 'missing_in_database' });
      else if (digest !== c.digest) problems.push({ checkpointId: c.id, problem: 'differs_in_database' });
    }
  }
  // Every sealed head, keyed by stream and seq, to meet during the one pass over the log.
  const sealed = new Map<string, { hash: string; checkpointId: number; seen: boolean }>();
  for (const c of checkpoints) {
    for (const [stream, seq, hash] of c.heads) {
      const key = `${stream}\u0000${seq}`;
      if (!sealed.has(key)) sealed.set(key, { hash, checkpointId: c.id, seen: false });
    }
  }
  const report = (streams: number, events: number, firstBreak: AuditBreak | null): VerifyReport => ({
    streams,
    events,
    firstBreak,
    checkpoints: {
      checked: checkpoints.length,
      stamped: offline.stamped,
      signers: offline.signers,
      tsas: offline.tsas,
      problems,
    },
  });

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
      if (e.seq !== head.seq + 1) return report(heads.size, events, { ...at, problem: 'sequence_gap' });
      if (e.prevHash !== head.hash) return report(heads.size, events, { ...at, problem: 'prev_hash_mismatch' });
      if (entryHash(e.prevHash, e) !== e.hash) return report(heads.size, events, { ...at, problem: 'hash_mismatch' });
      heads.set(e.stream, { seq: e.seq, hash: e.hash });
      const seal = sealed.get(`${e.stream}\u0000${e.seq}`);
      if (seal) {
        seal.seen = true;
        if (seal.hash !== e.hash) {
          problems.push({
            checkpointId: seal.checkpointId,
            problem: 'head_rewritten',
            detail: `${e.stream} #${e.seq}`,
          });
        }
      }
    }
  }
  for (const [key, seal] of sealed) {
    if (seal.seen) continue;
    const [stream, seq] = key.split('\u0000');
    problems.push({ checkpointId: seal.checkpointId, problem: 'head_missing', detail: `${stream} #${seq}` });
  }
  return report(heads.size, events, null);
}

/** A record's history, oldest first. */
export function auditTrail(db: Executor, stream: string) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.stream, stream)))
    .orderBy(asc(auditEvents.seq));
}
