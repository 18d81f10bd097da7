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
/** A subscriber that takes every matching message of a claimed batch in one call. */
export type EventBatchHandler = (messages: OutboxMessage[]) => Promise<void>;

/**
 * Subscribers by topic prefix (`dossier.` hears every dossier event). The channel delivers one
 * message, or (`channel.batch`, called by the dispatcher) a claimed batch: a batch subscriber
 * gets its matching messages in one call, the others one by one.
 */
export class EventBus {
  private readonly handlers: Array<{ prefix: string; handler: EventHandler | null; batch: EventBatchHandler | null }> =
    [];
  subscribe(prefix: string, handler: EventHandler): void {
    this.handlers.push({ prefix, handler, batch: null });
  }
  subscribeBatch(prefix: string, batch: EventBatchHandler): void {
    this.handlers.push({ prefix, handler: null, batch });
  }
  /** Delivers to every matching subscriber; a failing one makes the dispatcher retry. */
  readonly channel: Channel = Object.assign(
    async (message: OutboxMessage) => {
      for (const { prefix, handler, batch } of this.handlers) {
        if (!message.topic.startsWith(prefix)) continue;
        if (handler) await handler(message);
        else if (batch) await batch([message]);
      }
    },
    {
      batch: async (messages: OutboxMessage[]) => {
        for (const { prefix, handler, batch } of this.handlers) {
          const mine = messages.filter((m) => m.topic.startsWith(prefix));
          if (mine.length === 0) continue;
          if (batch) await batch(mine);
          else if (handler) for (const m of mine) await handler(m);
        }
      },
    },
  );
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
