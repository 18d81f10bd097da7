/**
 * The national portal sync on /metrics, read from the database at scrape time (platform/metrics):
 * how many dossiers have a change the portal has not acknowledged yet, and how long the oldest
 * has waited. One read of the partial index `national_dossier_sync_pending`, which holds only
 * those rows.
 */
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/index.ts';
import type { DatabaseGauge } from '../../platform/metrics/index.ts';

export const nationalSyncGauges: DatabaseGauge[] = [
  {
    name: 'mocua_national_sync_pending',
    help: 'Dossiers whose newest change the national portal has not acknowledged yet',
    read: async (db) => {
      const [row] = await rows<{ n: number | string }>(
        db,
        sql`select count(*) as n from national_dossier_sync where sent_seq is distinct from queued_seq`,
      );
      return [{ value: Number(row?.n ?? 0) }];
    },
  },
  {
    name: 'mocua_national_sync_lag_seconds',
    help: 'Age of the oldest change not acknowledged by the national portal yet (0 when none waits)',
    read: async (db) => {
      const [row] = await rows<{ age: number | string | null }>(
        db,
        sql`select extract(epoch from now() - min(updated_at)) as age from national_dossier_sync
          where sent_seq is distinct from queued_seq`,
      );
      return [{ value: Math.max(0, Number(row?.age ?? 0)) }];
    },
  },
];
