/**
 * Webhook event bodies as Zalo posts them (DOMAIN.md §7.1; the `user_send_text` example of
 * the Zalo community forum quoted by the S11 reference). `timestamp` is epoch milliseconds
 * as a string; ids are decimal strings.
 */
import { randomBytes } from 'node:crypto';

interface StandInIds {
  readonly appId: string;
  readonly oaId: string;
}

export interface EventOptions {
  /** Epoch milliseconds; default now. */
  at?: number;
  msgId?: string;
}

export function webhookEvents(ids: StandInIds) {
  const common = (eventName: string, at: number | undefined, userId: string) => ({
    app_id: ids.appId,
    user_id_by_app: `app-${userId}`,
    event_name: eventName,
    timestamp: String(at ?? Date.now()),
  });
  return {
    userSendText(userId: string, text: string, options: EventOptions = {}) {
      return {
        ...common('user_send_text', options.at, userId),
        sender: { id: userId },
        recipient: { id: ids.oaId },
        message: { text, msg_id: options.msgId ?? randomBytes(10).toString('hex') },
      };
    },
    follow(userId: string, options: EventOptions = {}) {
      return {
        ...common('follow', options.at, userId),
        oa_id: ids.oaId,
        source: 'oa_profile',
        follower: { id: userId },
      };
    },
    /** The answer to a `request_user_info` form; the phone often arrives as 84… (§7.1). */
    userSubmitInfo(
      userId: string,
      info: { name: string; phone: string; address?: string; city?: string; district?: string; ward?: string },
      options: EventOptions = {},
    ) {
      return {
        ...common('user_submit_info', options.at, userId),
        sender: { id: userId },
        recipient: { id: ids.oaId },
        info: { address: '', city: '', district: '', ward: '', ...info },
      };
    },
  };
}
