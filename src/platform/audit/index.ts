/**
 * Audit log: `recordAudit` writes one entry in the caller's transaction; `verifyAudit`
 * recomputes every chain, names the first broken entry and checks every checkpoint.
 */
import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import { tagRecord } from '../context/index.ts';
import { type Executor, rows } from '../db/index.ts';
import {
  type CheckpointProblem,
  type ExportedCheckpoint,
  loadCheckpoints,
  verifyCheckpointsOffline,
} from './checkpoints.ts';
import { type AuditInput, canonicalEntry, entryHash, GENESIS, type HashedFields, jsonData } from './hash.ts';
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

/**
 * Appends to a record's chain. Must run inside the transaction of the change it records.
 * Two statements: the chain's lock, then one insert that reads the chain's head and hashes the
 * entry in the database (sha256 over the text `entryHash` hashes: the previous hash, a newline,
 * the canonical entry with the sequence number the database gives). The lock is taken in a
 * statement of its own, so that the insert's snapshot sees the head it waited for. One round
 * trip less than reading the head first, and the chain's lock is held that much shorter.
 */
export async function recordAudit(tx: Executor, input: AuditInput): Promise<{ seq: number; hash: string }> {
  // The stream names the record (dossier:<code>, feedback:<code>, document:<id>): the log lines of this change say which.
  tagRecord(input.stream);
  // Serialise writers of the same chain only; other chains proceed in parallel.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${input.stream}, 0))`);
  const data = jsonData(input);
  const fields: HashedFields = {
    provinceCode: input.provinceCode,
    stream: input.stream,
    seq: 0,
    at: input.at ?? new Date(),
    actorId: input.actorId ?? null,
    actorRole: input.actorRole ?? null,
    action: input.action,
    data,
  };
  // The canonical text around the sequence number: keys are sorted, so `seq` comes right
  // before `stream`, and the last such pair is the entry's own (any inside data comes first).
  const canonical = canonicalEntry(fields);
  const cut = canonical.lastIndexOf(',"seq":0,"stream":');
  if (cut < 0) throw new Error('unreachable: canonical audit entry without seq before stream');
  const before = `${canonical.slice(0, cut)},"seq":`;
  const after = canonical.slice(cut + ',"seq":0'.length);
  const [row] = await rows<{ seq: number | string; hash: string }>(
    tx,
    sql`with last as (select seq, hash from audit_events where stream = ${input.stream}::text order by seq desc limit 1),
      n as (select coalesce((select seq from last), 0) + 1 as seq, coalesce((select hash from last), ${GENESIS}::text) as prev)
      insert into audit_events (province_code, stream, seq, at, actor_id, actor_role, action, data, prev_hash, hash)
      select ${fields.provinceCode}::text, ${fields.stream}::text, n.seq, ${fields.at.toISOString()}::timestamptz,
        ${fields.actorId}::text, ${fields.actorRole}::text, ${fields.action}::text, ${JSON.stringify(data)}::jsonb, n.prev,
        encode(sha256(convert_to(n.prev || chr(10) || ${before}::text || n.seq::text || ${after}::text, 'UTF8')), 'hex')
      from n returning seq, hash`,
  );
  if (!row) throw new Error('unreachable: audit insert returned no row');
  return { seq: Number(row.seq), hash: row.hash };
}

/**
 * Appends several entries to one chain in order, in the caller's transaction: the chain's lock,
 * its head, then one insert of every entry with the hashes computed here (`entryHash`, as
 * `verifyAudit` recomputes them). Three statements whatever the count; for a writer that gathers
 * the entries of concurrent requests into one transaction (dossiers/search.ts).
 */
export async function recordAuditEntries(tx: Executor, stream: string, inputs: readonly AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  tagRecord(stream);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${stream}, 0))`);
  const [last] = await rows<{ seq: number | string; hash: string }>(
    tx,
    sql`select seq, hash from audit_events where stream = ${stream}::text order by seq desc limit 1`,
  );
  let seq = last ? Number(last.seq) : 0;
  let prev = last?.hash ?? GENESIS;
  const values: SQL[] = [];
  for (const input of inputs) {
    if (input.stream !== stream) throw new Error(`audit entry for ${input.stream} appended to ${stream}`);
    seq += 1;
    const fields: HashedFields = {
      provinceCode: input.provinceCode,
      stream,
      seq,
      at: input.at ?? new Date(),
      actorId: input.actorId ?? null,
      actorRole: input.actorRole ?? null,
      action: input.action,
      data: jsonData(input),
    };
    const hash = entryHash(prev, fields);
    values.push(
      sql`(${fields.provinceCode}::text, ${stream}::text, ${seq}::int, ${fields.at.toISOString()}::timestamptz,
        ${fields.actorId}::text, ${fields.actorRole}::text, ${fields.action}::text, ${JSON.stringify(fields.data)}::jsonb,
        ${prev}::text, ${hash}::text)`,
    );
    prev = hash;
  }
  await tx.execute(
    sql`insert into audit_events (province_code, stream, seq, at, actor_id, actor_role, action, data, prev_hash, hash)
      values ${sql.join(values, sql`, `)}`,
  );
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
