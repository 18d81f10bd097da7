/** The payments module's background work: the reconciliation of pending attempts (§1.5), every 5 minutes. */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../platform/config.ts';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Jobs } from '../../platform/jobs/index.ts';
import type { Services } from '../../platform/services.ts';
import { fetchPlatformBills } from './platform-bills.ts';
import { reconcilePayments } from './reconcile-payments.ts';
import { paymentContextOf } from './settings.ts';

export async function registerPaymentJobs(
  jobs: Jobs,
  database: DbHandle,
  config: Config,
  services: Services,
  log: FastifyBaseLogger,
): Promise<void> {
  await jobs.work('payments-reconcile', async () => {
    const ctx = paymentContextOf(config, services);
    const report = await reconcilePayments(database.db, ctx);
    if (report.asked > 0) log.info(report, 'pending payments looked up at their providers');
    const bills = await fetchPlatformBills(database.db, ctx);
    if (bills.fetched + bills.failed.length > 0)
      log.info({ fetched: bills.fetched, failed: bills.failed.length }, 'national platform receipts fetched');
  });
  await jobs.schedule('payments-reconcile', '*/5 * * * *');
}
