import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The answers of idempotent requests (Idempotency-Key), kept for the replay window only
 * (`sweepIdempotentRequests`). Apart from the action logs, which keep what happened, not what
 * was answered: answers are big (a dossier view ~1.6 KB) and needed only while a client may
 * retry (issue 21).
 */
export const idempotentRequests = pgTable(
  'idempotent_requests',
  {
    /** Whose keys: the module and the caller (`dossiers:<account id>`); a key is replayed only to its sender. */
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    /** sha256 of the canonical JSON of what was asked: the same key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    response: jsonb('response').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotent_requests_created').on(t.createdAt)],
);
