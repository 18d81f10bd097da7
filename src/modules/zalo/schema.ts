import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Feedback typed in the chat before the follower shared their name and phone (§8.1 needs them). */
export interface PendingFeedback {
  kind: 'report' | 'proposal';
  content: string;
  /** The key of the event that carried it: the feedback's transaction id, so a retry files it once. */
  eventKey: string;
}

/**
 * People who follow or write to the province's Zalo Official Account. The contact details
 * are the ones the follower sent through the `request_user_info` form; they are personal
 * data, read only to file that follower's own feedback.
 */
export const zaloFollowers = pgTable('zalo_followers', {
  userId: text('user_id').primaryKey(),
  provinceCode: text('province_code').notNull(),
  fullName: text('full_name'),
  phone: text('phone'),
  address: text('address'),
  pendingFeedback: jsonb('pending_feedback').$type<PendingFeedback>(),
  followedAt: timestamp('followed_at', { withTimezone: true, mode: 'date' }),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export type ZaloFollowerRow = typeof zaloFollowers.$inferSelect;
