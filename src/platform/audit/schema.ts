import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained log: one chain per record (`stream`, e.g. `dossier:…`), so writes
 * to different records never wait on each other. The database refuses UPDATE, DELETE and
 * TRUNCATE on this table (see the migration `audit_append_only`).
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    provinceCode: text('province_code').notNull(),
    stream: text('stream').notNull(),
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorId: text('actor_id'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    data: jsonb('data').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('audit_events_stream_seq').on(t.stream, t.seq), index('audit_events_at').on(t.at)],
);

/**
 * Periodic checkpoint: the heads (stream, seq, hash) of every chain that moved since the
 * previous checkpoint, chained to it by `prevDigest`, signed with the province's key (CMS) and
 * time-stamped (RFC 3161, `audit_checkpoint_stamps`). Exported off-site, they let an inspector
 * prove that no sealed entry was later removed or rewritten. Rows written before signing
 * existed have no `digest`. Append-only, like the log.
 */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  streams: integer('streams').notNull(),
  events: integer('events').notNull(),
  headsHash: text('heads_hash').notNull(),
  /** `[stream, seq, hash]` of each chain that moved since the previous checkpoint, sorted. */
  heads: jsonb('heads').$type<CheckpointHead[]>(),
  prevDigest: text('prev_digest'),
  /** SHA-256 (hex) of the canonical payload that `signature` signs. */
  digest: text('digest'),
  /** Base64 DER of a detached CMS SignedData over the payload. */
  signature: text('signature'),
});

export type CheckpointHead = [stream: string, seq: number, hash: string];

/** The TSA's token for a checkpoint's signature; written later when the TSA was down. */
export const auditCheckpointStamps = pgTable('audit_checkpoint_stamps', {
  checkpointId: bigint('checkpoint_id', { mode: 'number' })
    .primaryKey()
    .references(() => auditCheckpoints.id),
  /** Base64 DER of the RFC 3161 TimeStampToken over SHA-256 of the signature. */
  token: text('token').notNull(),
  genTime: timestamp('gen_time', { withTimezone: true, mode: 'date' }).notNull(),
});
