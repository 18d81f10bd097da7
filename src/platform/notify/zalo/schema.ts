import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Zalo OA tokens, one row per Official Account (DOMAIN.md §7.2). The refresh token is
 * single-use: a refresh locks this row, and `version` grows by one with every new pair, so a
 * process that waited for the lock sees that another one already refreshed and takes its pair.
 */
export const zaloTokens = pgTable('zalo_tokens', {
  oaId: text('oa_id').primaryKey(),
  accessToken: text('access_token').notNull(),
  refreshToken: text('refresh_token').notNull(),
  accessExpiresAt: timestamp('access_expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  refreshExpiresAt: timestamp('refresh_expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

/**
 * Webhook events already accepted (DOMAIN.md §7.1: Zalo retries, deduplicate by
 * `message.msg_id`). Shared by every process through the primary key; rows older than the
 * replay window are deleted, since an event that old is refused by its timestamp anyway.
 */
export const zaloSeenEvents = pgTable(
  'zalo_seen_events',
  {
    key: text('key').primaryKey(),
    seenAt: timestamp('seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('zalo_seen_events_seen_at').on(t.seenAt)],
);

export type ZaloTokenRow = typeof zaloTokens.$inferSelect;
