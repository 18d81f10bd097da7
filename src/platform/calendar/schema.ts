import { jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Each year's official schedule of days off and swapped working days (national, or a
 * province's overlay), edited by administrators; seeded from data/calendar/schedules.json.
 */
export const calendarSchedules = pgTable(
  'calendar_schedules',
  {
    scope: text('scope').notNull(),
    year: text('year').notNull(),
    schedule: jsonb('schedule').notNull(),
    updatedBy: text('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.year] })],
);
