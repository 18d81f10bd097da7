/**
 * Every scheduled and queued job of the platform and the modules, and the outbox dispatcher.
 * The only file, with src/app.ts and src/modules/seeds.ts, that knows all modules' background work.
 */
import type { FastifyBaseLogger } from 'fastify';
import { startExchange } from './modules/documents/index.ts';
import { keysExpiringSoon, registerDossierJobs } from './modules/dossiers/index.ts';
import { registerExchangeJobs } from './modules/exchange/index.ts';
import { registerInsightsJobs, subscribeInsights } from './modules/insights/index.ts';
import { nationalContext, registerNationalJobs } from './modules/national/index.ts';
import { subscribePapers } from './modules/papers/index.ts';
import { registerPaymentJobs } from './modules/payments/index.ts';
import { handleZaloEvent } from './modules/zalo/index.ts';
import { stampPendingCheckpoints, writeCheckpoint } from './platform/audit/index.ts';
import { purgeExpiredOidcFlows, purgeExpiredSessions } from './platform/auth/index.ts';
import type { Config } from './platform/config.ts';
import type { DbHandle } from './platform/db/index.ts';
import type { Jobs } from './platform/jobs/index.ts';
import { drainOutbox } from './platform/notify/index.ts';
import { configuredChannels, EventBus } from './platform/notify/wiring.ts';
import { type ZaloEvent, ZaloReplayGuard } from './platform/notify/zalo/signature.ts';
import { sweepIdempotentRequests } from './platform/records/index.ts';
import type { Services } from './platform/services.ts';

export interface Background {
  bus: EventBus;
  /** Stops the outbox dispatcher; resolves when the pass under way has finished. */
  stop(): Promise<void>;
}

export async function registerJobs(
  jobs: Jobs,
  database: DbHandle,
  config: Config,
  services: Services,
  log: FastifyBaseLogger,
): Promise<Background> {
  const db = database.db;
  const stampCheckpoints = async (tsaUrl: string) => {
    const result = await stampPendingCheckpoints(db, tsaUrl);
    // The checkpoint is already signed and stored; its stamp waits for the next run.
    if (result.error) log.warn({ pending: result.pending, reason: result.error }, 'audit time-stamp queued');
  };
  await jobs.work('audit-checkpoint', async () => {
    const signer = await services.signing?.province(db);
    if (!signer) log.warn('audit checkpoint unsigned: the province people’s committee has no signing key');
    const row = await writeCheckpoint(db, { signer });
    log.info({ checkpoint: row?.id, streams: row?.streams }, 'audit checkpoint written');
    if (config.auditTsaUrl) await stampCheckpoints(config.auditTsaUrl);
  });
  await jobs.schedule('audit-checkpoint', '7 * * * *');
  const tsaUrl = config.auditTsaUrl;
  if (tsaUrl) {
    await jobs.work('audit-stamp', () => stampCheckpoints(tsaUrl));
    await jobs.schedule('audit-stamp', '*/10 * * * *');
  }
  await jobs.work('purge-sessions', async () => {
    await purgeExpiredSessions(db);
    await purgeExpiredOidcFlows(db);
  });
  await jobs.schedule('purge-sessions', '*/30 * * * *');
  // Certificates ending within 30 days are announced once (log, audit, e-mail to the agency's administrators).
  await jobs.work('signing-key-expiry', async () => {
    for (const key of await keysExpiringSoon(db)) {
      log.warn({ key: key.id, notAfter: key.notAfter.toISOString() }, 'signing certificate expires within 30 days');
    }
  });
  await jobs.schedule('signing-key-expiry', '17 6 * * *');
  await jobs.work('idempotent-requests-sweep', async () => {
    const swept = await sweepIdempotentRequests(db, { windowHours: config.idempotencyReplayHours });
    if (swept > 0) log.info({ swept }, 'idempotent answers past the replay window swept');
  });
  await jobs.schedule('idempotent-requests-sweep', '23 * * * *');
  await registerDossierJobs(jobs, database, log);
  await registerPaymentJobs(jobs, database, config, services, log);
  await registerExchangeJobs(jobs, database, config, services, log);
  await registerInsightsJobs(jobs, db, config, log);

  // The outbox is polled every few seconds by every process; SKIP LOCKED and leases keep
  // two processes from sending the same message.
  const bus = new EventBus();
  bus.subscribe('zalo.event', (message) =>
    handleZaloEvent(db, message.payload as ZaloEvent, {
      provinceCode: config.provinceCode,
      publicUrl: services.publicUrl,
      ratingChangeWindowDays: config.ratingChangeWindowDays,
    }),
  );
  // The insights read models follow every dossier, feedback and rating event.
  subscribeInsights(bus, db);
  // The citizens' personal data store takes their papers and results from the same events.
  subscribePapers(bus, db);
  await jobs.work('zalo-seen-cleanup', async () => {
    await new ZaloReplayGuard(db).cleanup();
  });
  await jobs.schedule('zalo-seen-cleanup', '*/15 * * * *');
  const channels = await configuredChannels(config, database, bus);
  // The national portal sync: its event subscriber, jobs and the outbox channel `national`.
  Object.assign(channels, await registerNationalJobs(jobs, db, nationalContext(db, config, services), bus, log));
  // edXML exchange with other agencies over the national document hub (docs/edxml.md).
  await startExchange({ jobs, db, bus, channels, config, services, log });
  // The pass under way, awaited by stop(): a shutdown lets it finish what it leased.
  let running: Promise<void> | undefined;
  const dispatch = async () => {
    try {
      // The event channel is claimed in larger batches of its own (its subscribers take a batch in
      // one transaction); the gateways' messages keep the default claim and lease.
      const counts = await drainOutbox(db, channels, { claimSizes: { event: config.outboxEventBatch } });
      if (counts.sent + counts.retried + counts.dead > 0) log.info(counts, 'outbox dispatched');
    } catch (err) {
      log.error({ err }, 'outbox dispatch failed');
    } finally {
      running = undefined;
    }
  };
  const timer = setInterval(() => {
    running ??= dispatch();
  }, 3000);
  timer.unref();
  return {
    bus,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
