import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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

/** Periodic checkpoint: one hash over every chain head, so a whole chain cannot be swapped out. */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  streams: integer('streams').notNull(),
  events: integer('events').notNull(),
  headsHash: text('heads_hash').notNull(),
});
