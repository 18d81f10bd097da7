import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The outbox: every message about a state change is written in the transaction of that
 * change, then delivered by the dispatcher with retries and backoff. `dead` is the
 * dead-letter state, kept for an operator to read and retry.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    provinceCode: text('province_code').notNull(),
    /** `event` for domain events handled in-process, or a delivery channel: zalo, zns, sms, email. */
    channel: text('channel').notNull(),
    topic: text('topic').notNull(),
    recipient: text('recipient'),
    payload: jsonb('payload').notNull(),
    dedupeKey: text('dedupe_key'),
    status: text('status', { enum: ['pending', 'sent', 'dead'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('outbox_due').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    // Dead letters for /metrics and the operator (a few rows in a table of every message ever sent).
    index('outbox_dead').on(t.channel).where(sql`status = 'dead'`),
    uniqueIndex('outbox_dedupe').on(t.dedupeKey),
  ],
);

/** The channels a citizen account chose for notices about its dossiers (none chosen: the default rule). */
export const notificationPreferences = pgTable('notification_preferences', {
  accountId: text('account_id').primaryKey(),
  provinceCode: text('province_code').notNull(),
  /** In order of preference; empty means no notices (slips and results stay on the portal). */
  channels: jsonb('channels').$type<string[]>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * Extra recipients of a record's notices, asked for by the person concerned: e.g. a Zalo
 * follower who sent "THEO DÕI <mã hồ sơ> <mã tra cứu>". `subject` names the record
 * (`dossier:<code>`).
 */
export const notificationSubscriptions = pgTable(
  'notification_subscriptions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    provinceCode: text('province_code').notNull(),
    subject: text('subject').notNull(),
    channel: text('channel').notNull(),
    recipient: text('recipient').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('notification_subscriptions_unique').on(t.subject, t.channel, t.recipient)],
);
