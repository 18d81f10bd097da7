/**
 * Delivery channels for the outbox dispatcher (`dispatchOutbox(db, { zalo, zns, email, sms })`).
 * Each is a `Channel`: it resolves when the message is handed over and throws to ask for a
 * retry; a thrown error with `retryable === false` dead-letters the message at once.
 */
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { normaliseEmail, normalisePhone } from '../auth/login.ts';
import { DeliveryError, invalidPayload } from './errors.ts';
import type { Channel, OutboxMessage } from './index.ts';
import type { RequestUserInfo, ZaloClient } from './zalo/client.ts';
import type { FetchLike } from './zalo/http.ts';

type Fields = Record<string, unknown>;

function fields(message: OutboxMessage, channel: string): Fields {
  const p = message.payload;
  if (typeof p !== 'object' || p === null || Array.isArray(p)) throw invalidPayload(channel, 'not an object');
  return p as Fields;
}

function text(p: Fields, key: string, channel: string, optional: true): string | undefined;
function text(p: Fields, key: string, channel: string): string;
function text(p: Fields, key: string, channel: string, optional = false): string | undefined {
  const value = p[key];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    throw invalidPayload(channel, `${key} must be a non-empty string`);
  return value.normalize('NFC');
}

/**
 * Zalo OA message to a follower. Payload `{ userId, text }` or `{ userId, requestUserInfo:
 * { title, subtitle, imageUrl? } }`; `userId` may be left out when the recipient is the user id.
 */
export function zaloChannel(client: Pick<ZaloClient, 'sendConsultation' | 'sendRequestUserInfo'>): Channel {
  return async (message) => {
    const p = fields(message, 'zalo');
    const userId = text(p, 'userId', 'zalo', true) ?? message.recipient;
    if (!userId) throw invalidPayload('zalo', 'userId (or recipient) is required');
    const form = p.requestUserInfo;
    if (form !== undefined) {
      if (typeof form !== 'object' || form === null) throw invalidPayload('zalo', 'requestUserInfo must be an object');
      const f = form as Fields;
      const request: RequestUserInfo = { title: text(f, 'title', 'zalo'), subtitle: text(f, 'subtitle', 'zalo') };
      const imageUrl = text(f, 'imageUrl', 'zalo', true);
      if (imageUrl) request.imageUrl = imageUrl;
      await client.sendRequestUserInfo(userId, request);
      return;
    }
    await client.sendConsultation(userId, text(p, 'text', 'zalo'));
  };
}

/**
 * ZNS template notification. Recipient: the phone number (any Vietnamese form; sent as 84…).
 * Payload `{ templateId, templateData }`; the outbox id is the `tracking_id`, which the
 * delivery receipt (`user_received_message`) echoes.
 */
export function znsChannel(client: Pick<ZaloClient, 'sendZns'>): Channel {
  return async (message) => {
    const p = fields(message, 'zns');
    const phone = message.recipient ?? text(p, 'phone', 'zns', true);
    if (!phone) throw invalidPayload('zns', 'recipient (phone) is required');
    const data = p.templateData;
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw invalidPayload('zns', 'templateData must be an object');
    const templateData: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(data)) {
      if (typeof value === 'number') templateData[key] = value;
      else if (typeof value === 'string') templateData[key] = value.normalize('NFC');
      else throw invalidPayload('zns', `templateData.${key} must be text or a number`);
    }
    await client.sendZns({
      phone,
      templateId: text(p, 'templateId', 'zns'),
      templateData,
      trackingId: String(message.id),
    });
  };
}

export interface EmailChannelOptions {
  /** smtp://user:pass@host:587 or smtps://…:465 (nodemailer URL form). */
  smtpUrl: string;
  /** The From header, e.g. `"Trung tâm Phục vụ hành chính công" <noreply@example.gov.vn>`. */
  from: string;
}

/** E-mail through SMTP. Recipient: the address. Payload `{ subject, text, html?, attachments? }`. */
export function emailChannel(options: EmailChannelOptions): Channel {
  const transport = nodemailer.createTransport(options.smtpUrl);
  const domain = /@([^>\s]+)>?\s*$/.exec(options.from)?.[1] ?? 'localhost';
  return async (message) => {
    const p = fields(message, 'email');
    const to = normaliseEmail(message.recipient ?? '');
    if (!to) throw invalidPayload('email', `recipient is not an e-mail address: ${JSON.stringify(message.recipient)}`);
    const mail: Mail.Options = {
      from: options.from,
      to,
      subject: text(p, 'subject', 'email'),
      text: text(p, 'text', 'email'),
      // The same id on every attempt lets a mail system drop a copy sent twice after a timeout.
      messageId: `<outbox-${message.id}@${domain}>`,
    };
    const html = text(p, 'html', 'email', true);
    if (html) mail.html = html;
    const attachments = attachmentsOf(p);
    if (attachments.length > 0) mail.attachments = attachments;
    try {
      await transport.sendMail(mail);
    } catch (err) {
      throw smtpFailure(err);
    }
  };
}

/** Payload `attachments: [{ filename, contentType, contentBase64 }]` (small files: reports). */
function attachmentsOf(p: Fields): NonNullable<Mail.Options['attachments']> {
  const list = p.attachments;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw invalidPayload('email', 'attachments must be a list');
  return list.map((a: unknown) => {
    if (typeof a !== 'object' || a === null) throw invalidPayload('email', 'an attachment must be an object');
    const f = a as Fields;
    return {
      filename: text(f, 'filename', 'email'),
      contentType: text(f, 'contentType', 'email'),
      content: Buffer.from(text(f, 'contentBase64', 'email'), 'base64'),
    };
  });
}

/** SMTP 5xx refusals of the envelope or content are final; connection and auth problems are not. */
function smtpFailure(err: unknown): DeliveryError {
  const e =
    typeof err === 'object' && err !== null
      ? (err as { responseCode?: unknown; code?: unknown; message?: unknown })
      : {};
  const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const permanent =
    e.code !== 'EAUTH' &&
    ((status !== undefined && status >= 500 && status < 600) || (status === undefined && e.code === 'EENVELOPE'));
  return new DeliveryError(`email: ${typeof e.message === 'string' ? e.message : String(err)}`, !permanent, {
    cause: err,
  });
}

export interface SmsChannelOptions {
  /** The gateway endpoint (see the contract below). */
  url: string;
  /** Sent as `Authorization: Bearer <token>` when given. */
  token?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}

/**
 * SMS through an HTTP gateway (a telecom's brandname API behind a small adapter). Contract:
 *   POST <url>, `Content-Type: application/json`, `Authorization: Bearer <token>`,
 *   `Idempotency-Key: outbox-<id>` (the same on every attempt: the gateway must send once),
 *   body `{"to": "+84912345678", "text": "…"}` (text in Unicode, full diacritics).
 *   Any 2xx means accepted. 4xx (except 408 and 429) means this message can never be sent;
 *   408, 429, 5xx and network failures are retried with backoff.
 * Recipient: the phone number (any Vietnamese mobile form). Payload `{ text }`.
 */
export function smsChannel(options: SmsChannelOptions): Channel {
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  return async (message) => {
    const p = fields(message, 'sms');
    const to = normalisePhone(message.recipient ?? '');
    if (!to || !/^\+84[35789]\d{8}$/.test(to)) {
      throw invalidPayload('sms', `recipient is not a Vietnamese mobile number: ${JSON.stringify(message.recipient)}`);
    }
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'idempotency-key': `outbox-${message.id}`,
    };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const body = JSON.stringify({ to, text: text(p, 'text', 'sms') });
    let response: Response;
    try {
      response = await fetchImpl(options.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (err) {
      throw new DeliveryError(`sms: gateway unreachable: ${err instanceof Error ? err.message : String(err)}`, true, {
        cause: err,
      });
    }
    const answer = (await response.text().catch(() => '')).slice(0, 300);
    if (response.ok) return;
    const s = response.status;
    throw new DeliveryError(`sms: gateway answered HTTP ${s} ${answer}`, s >= 500 || s === 408 || s === 429);
  };
}
