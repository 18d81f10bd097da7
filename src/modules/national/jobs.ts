/**
 * The connector's background work, registered by src/jobs.ts:
 * - every `dossier.*` event queues the dossier's new state for the portal (queue-dossier-sync.ts);
 * - the outbox channel `national` delivers it (deliver-dossier-sync.ts): retry, backoff, dead letter;
 * - every 5 minutes the pull (when NATIONAL_PULL_SERVICE names the portal's listing service);
 * - every morning the reconciliation of the day before, logged for the operators.
 * Nothing runs while the adapter is not configured.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Executor } from '../../platform/db/index.ts';
import type { Jobs } from '../../platform/jobs/index.ts';
import type { Channel, OutboxMessage } from '../../platform/notify/index.ts';
import type { EventBus } from '../../platform/notify/wiring.ts';
import type { NationalContext } from './context.ts';
import { nationalChannel } from './deliver-dossier-sync.ts';
import { pullNationalDossiers } from './pull-national-dossiers.ts';
import { queueDossierSync } from './queue-dossier-sync.ts';
import { reconcileNational } from './reconcile-national.ts';

/** The handler of `dossier.*` events: queue the dossier's new state for the portal. */
export const followDossierEvents =
  (db: Executor, ctx: NationalContext) =>
  async (message: OutboxMessage): Promise<void> => {
    const code = (message.payload as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') await queueDossierSync(db, code, ctx);
  };

/** Yesterday in Vietnam, `YYYY-MM-DD`. */
const yesterdayInVietnam = (now: Date) =>
  new Date(now.getTime() + 7 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);

export async function registerNationalJobs(
  jobs: Jobs,
  db: Executor,
  ctx: NationalContext,
  bus: EventBus,
  log: FastifyBaseLogger,
): Promise<Record<string, Channel>> {
  const adapter = ctx.adapter;
  if (!adapter) return {};
  bus.subscribe('dossier.', followDossierEvents(db, ctx));
  if (ctx.pullService) {
    await jobs.work('national-pull', async () => {
      const report = await pullNationalDossiers(db, ctx);
      const created = report.received.filter((r) => r.created).length;
      if (created + report.failed.length > 0) {
        log.info({ created, failed: report.failed.length }, 'national portal dossiers pulled');
      }
    });
    await jobs.schedule('national-pull', '*/5 * * * *');
  }
  await jobs.work('national-reconcile', async () => {
    const date = yesterdayInVietnam(ctx.now());
    const report = await reconcileNational(db, date, ctx);
    const differing = report.filter((r) => r.verdict !== 'same').length;
    log.info({ date, dossiers: report.length, differing }, 'national portal reconciliation');
  });
  await jobs.schedule('national-reconcile', '40 5 * * *');
  return { national: nationalChannel(db, adapter) };
}
