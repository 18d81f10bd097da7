/**
 * The channels this deployment can deliver through, built from its configuration, plus the
 * in-process event bus: outbox rows on channel `event` go to the subscribers of their topic.
 */
import type { Config } from '../config.ts';
import type { DbHandle } from '../db/index.ts';
import { emailChannel, smsChannel, zaloChannel } from './channels.ts';
import type { Channel, OutboxMessage } from './index.ts';
import { ZaloClient } from './zalo/client.ts';
import { ZaloTokenStore } from './zalo/tokens.ts';

export type EventHandler = (message: OutboxMessage) => Promise<void>;

/** Subscribers by topic prefix (`dossier.` hears every dossier event). */
export class EventBus {
  private readonly handlers: Array<{ prefix: string; handler: EventHandler }> = [];
  subscribe(prefix: string, handler: EventHandler): void {
    this.handlers.push({ prefix, handler });
  }
  /** Delivers to every matching subscriber; a failing one makes the dispatcher retry. */
  readonly channel: Channel = async (message) => {
    for (const { prefix, handler } of this.handlers) {
      if (message.topic.startsWith(prefix)) await handler(message);
    }
  };
}

export async function configuredChannels(
  config: Config,
  database: DbHandle,
  bus: EventBus,
): Promise<Record<string, Channel>> {
  const channels: Record<string, Channel> = { event: bus.channel };
  if (config.smtpUrl && config.mailFrom)
    channels.email = emailChannel({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  if (config.smsGatewayUrl) {
    channels.sms = smsChannel({
      url: config.smsGatewayUrl,
      ...(config.smsGatewayToken ? { token: config.smsGatewayToken } : {}),
    });
  }
  if (config.zaloAppId && config.zaloAppSecret && config.zaloOaId) {
    const tokens = new ZaloTokenStore({
      db: database.db,
      oaId: config.zaloOaId,
      appId: config.zaloAppId,
      appSecret: config.zaloAppSecret,
      oauthBase: config.zaloOauthBase,
      // PGlite serves one connection: keep the single-use refresh token serialised in process.
      lock: database.kind === 'postgres' ? 'database' : 'process',
    });
    await tokens.load();
    const client = new ZaloClient({ tokens, apiBase: config.zaloApiBase, znsBase: config.zaloZnsBase });
    channels.zalo = zaloChannel(client);
  }
  return channels;
}
