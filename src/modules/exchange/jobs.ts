/**
 * The message log's background work: every minute, seal what was logged into a signed batch and
 * time-stamp every batch still waiting (a TSA outage leaves them queued for the next run).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../platform/config.ts';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Jobs } from '../../platform/jobs/index.ts';
import type { Services } from '../../platform/services.ts';
import { sealBatch, stampPendingBatches } from './seal-batches.ts';

export async function registerExchangeJobs(
  jobs: Jobs,
  database: DbHandle,
  config: Config,
  services: Services,
  log: FastifyBaseLogger,
): Promise<void> {
  const db = database.db;
  const tsaUrl = config.exchangeTsaUrl ?? config.auditTsaUrl;
  await jobs.work('exchange-seal', async () => {
    const signer = await services.signing?.province(db);
    const batch = await sealBatch(db, { provinceCode: config.provinceCode, signer });
    if (batch)
      log.info({ batch: batch.id, records: batch.records, signed: Boolean(signer) }, 'exchange log batch sealed');
    if (!tsaUrl) return;
    const result = await stampPendingBatches(db, tsaUrl);
    if (result.error) log.warn({ pending: result.pending, reason: result.error }, 'exchange log time-stamp queued');
  });
  await jobs.schedule('exchange-seal', '* * * * *');
}
