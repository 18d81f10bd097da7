/**
 * The outbox on /metrics, read from the database at scrape time (platform/metrics): what is
 * waiting and since when, and the dead letters an operator must look at. Each is one indexed
 * read: the partial indexes `outbox_due` (pending) and `outbox_dead` (dead) hold only those rows.
 */
import { sql } from 'drizzle-orm';
import { rows } from '../db/index.ts';
import type { DatabaseGauge } from '../metrics/index.ts';

export const outboxGauges: DatabaseGauge[] = [
  {
    name: 'mocua_outbox_pending',
    help: 'Outbox messages waiting to be sent (all processes), by channel',
    labelNames: ['channel'],
    read: async (db) => {
      const found = await rows<{ channel: string; n: number | string }>(
        db,
        sql`select channel, count(*) as n from outbox where status = 'pending' group by channel`,
      );
      return found.map((r) => ({ labels: { channel: r.channel }, value: Number(r.n) }));
    },
  },
  {
    name: 'mocua_outbox_lag_seconds',
    help: 'Age of the oldest outbox message not sent yet (0 when none waits)',
    read: async (db) => {
      const [row] = await rows<{ age: number | string | null }>(
        db,
        sql`select extract(epoch from now() - min(created_at)) as age from outbox where status = 'pending'`,
      );
      return [{ value: Math.max(0, Number(row?.age ?? 0)) }];
    },
  },
  {
    name: 'mocua_outbox_dead',
    help: 'Dead letters: outbox messages that failed for good and wait for an operator, by channel',
    labelNames: ['channel'],
    read: async (db) => {
      const found = await rows<{ channel: string; n: number | string }>(
        db,
        sql`select channel, count(*) as n from outbox where status = 'dead' group by channel`,
      );
      return found.map((r) => ({ labels: { channel: r.channel }, value: Number(r.n) }));
    },
  },
];
