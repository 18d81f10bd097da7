/**
 * Every scheduled and queued job of the platform and the modules, and the outbox dispatcher.
 * The only file, with src/app.ts and src/modules/seeds.ts, that knows all modules' background work.
 */
import type { FastifyBaseLogger } from 'fastify';
import { sweepDeadlines } from './modules/dossiers/sweep.ts';
import { handleZaloEvent } from './modules/zalo/index.ts';
import { writeCheckpoint } from './platform/audit/index.ts';
import { purgeExpiredOidcFlows, purgeExpiredSessions } from './platform/auth/index.ts';
import type { Config } from './platform/config.ts';
import type { DbHandle } from './platform/db/index.ts';
import type { Jobs } from './platform/jobs/index.ts';
import { dispatchOutbox } from './platform/notify/index.ts';
import { configuredChannels, EventBus } from './platform/notify/wiring.ts';
import { type ZaloEvent, ZaloReplayGuard } from './platform/notify/zalo/signature.ts';
import { sweepIdempotentRequests } from './platform/records/index.ts';

export interface Background {
  bus: EventBus;
  stop(): Promise<void>;
}

export async function registerJobs(
  jobs: Jobs,
  database: DbHandle,
  config: Config,
  log: FastifyBaseLogger,
): Promise<Background> {
  const db = database.db;
  await jobs.work('audit-checkpoint', async () => {
    const row = await writeCheckpoint(db);
    log.info({ checkpoint: row?.id, streams: row?.streams }, 'audit checkpoint written');
  });
  await jobs.schedule('audit-checkpoint', '7 * * * *');
  await jobs.work('purge-sessions', async () => {
    await purgeExpiredSessions(db);
    await purgeExpiredOidcFlows(db);
  });
  await jobs.schedule('purge-sessions', '*/30 * * * *');
  await jobs.work('idempotent-requests-sweep', async () => {
    const swept = await sweepIdempotentRequests(db, { windowHours: config.idempotencyReplayHours });
    if (swept > 0) log.info({ swept }, 'idempotent answers past the replay window swept');
  });
  await jobs.schedule('idempotent-requests-sweep', '23 * * * *');
  await jobs.work('dossier-deadline-sweep', async () => {
    const marked = await sweepDeadlines(db);
    if (marked.dueSoon + marked.overdue + marked.stepsOverdue > 0) log.info(marked, 'dossier deadlines swept');
  });
  await jobs.schedule('dossier-deadline-sweep', '*/5 * * * *');

  // The outbox is polled every few seconds by every process; SKIP LOCKED and leases keep
  // two processes from sending the same message.
  const bus = new EventBus();
  bus.subscribe('zalo.event', (message) =>
    handleZaloEvent(db, message.payload as ZaloEvent, {
      provinceCode: config.provinceCode,
      publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
      ratingChangeWindowDays: config.ratingChangeWindowDays,
    }),
  );
  await jobs.work('zalo-seen-cleanup', async () => {
    await new ZaloReplayGuard(db).cleanup();
  });
  await jobs.schedule('zalo-seen-cleanup', '*/15 * * * *');
  const channels = await configuredChannels(config, database, bus);
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const counts = await dispatchOutbox(db, channels);
      if (counts.sent + counts.retried + counts.dead > 0) log.info(counts, 'outbox dispatched');
    } catch (err) {
      log.error({ err }, 'outbox dispatch failed');
    } finally {
      running = false;
    }
  }, 3000);
  timer.unref();
  return {
    bus,
    stop: async () => clearInterval(timer),
  };
}
