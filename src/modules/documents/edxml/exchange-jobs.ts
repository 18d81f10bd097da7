/**
 * The exchange's background work, started by src/jobs.ts when EDXML_HUB_URL is set: the `edxml`
 * outbox channel (sending packages and statuses with retries), the documents module's events,
 * and the receive job that polls the hub for every connected agency every 5 minutes (the
 * interval Lạng Sơn's LGSP uses, documents-reports-ioc.md §1.11).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../../platform/config.ts';
import type { Executor } from '../../../platform/db/index.ts';
import type { Jobs } from '../../../platform/jobs/index.ts';
import type { Channel } from '../../../platform/notify/index.ts';
import type { EventBus } from '../../../platform/notify/wiring.ts';
import { loadTrustAnchors } from '../../../platform/pdf/index.ts';
import type { Services } from '../../../platform/services.ts';
import { agencyByCode } from '../../directory/index.ts';
import { documentHooks, type ExchangeSettings, subscribeDocumentEvents } from './connect-documents.ts';
import { hubChannel } from './hub-channel.ts';
import { createHubClient, type DocumentHub } from './hub-client.ts';
import { HUB_CHANNEL } from './queue-outgoing-document.ts';
import { receiveFromHub } from './receive-from-hub.ts';

/** "OrganId=SecretKey;OrganId=SecretKey" → pairs; an entry without both parts is skipped. */
function hubAgencies(setting: string | undefined): Array<[organId: string, secretKey: string]> {
  return (setting ?? '').split(';').flatMap((entry) => {
    const at = entry.indexOf('=');
    const organId = entry.slice(0, at).trim();
    const secret = entry.slice(at + 1).trim();
    return at > 0 && organId && secret ? [[organId, secret] as [string, string]] : [];
  });
}

export interface ExchangeStart {
  jobs: Jobs;
  db: Executor;
  bus: EventBus;
  channels: Record<string, Channel>;
  config: Config;
  services: Services;
  log: FastifyBaseLogger;
}

/** Starts the exchange; does nothing (and says so) when no hub is configured. */
export async function startExchange(start: ExchangeStart): Promise<void> {
  const { config, services, db, log } = start;
  const agencies = hubAgencies(config.edxmlHubAgencies);
  if (!config.edxmlHubUrl || agencies.length === 0) {
    log.info('edXML exchange off: EDXML_HUB_URL or EDXML_HUB_AGENCIES unset');
    return;
  }
  const endpoint = config.edxmlHubUrl;
  const clients = new Map<string, DocumentHub>(
    agencies.map(([systemId, secretKey]) => [systemId, createHubClient({ endpoint, systemId, secretKey })]),
  );
  const settings: ExchangeSettings = {
    provinceCode: config.provinceCode,
    blobs: services.blobs,
    hubFor: (code) => clients.get(code),
    now: () => services.now(),
  };
  start.channels[HUB_CHANNEL] = hubChannel(db, settings.hubFor, settings.now);
  subscribeDocumentEvents(start.bus, db, settings);
  const trustAnchors = loadTrustAnchors(config.signingTrustDir);
  const hooks = documentHooks(settings);
  await start.jobs.work('edxml-receive', async () => {
    for (const [organId, hub] of clients) {
      const agency = await agencyByCode(db, organId);
      try {
        const counts = await receiveFromHub(db, hub, {
          provinceCode: config.provinceCode,
          agency: { organId, organName: agency?.name ?? organId },
          trustAnchors,
          now: settings.now,
          ...hooks,
        });
        if (counts.documents + counts.statuses + counts.duplicates + counts.refused > 0)
          log.info({ agency: organId, ...counts }, 'edXML packages received');
      } catch (err) {
        // One agency's hub trouble does not stop the others; the next run tries again.
        log.warn({ agency: organId, err }, 'edXML receive failed');
      }
    }
  });
  await start.jobs.schedule('edxml-receive', '*/5 * * * *');
}
