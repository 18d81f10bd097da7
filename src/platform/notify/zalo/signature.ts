/**
 * Zalo OA webhook checks (DOMAIN.md §7.1): the `X-ZEvent-Signature` header, then replay.
 *
 * The signature is the plain SHA-256 hex (not an HMAC) of
 * `app_id + raw body + timestamp + OA secret key`, where `timestamp` is the field inside the
 * body and the key is the "OA Secret key" of the webhook settings (not the app secret). The
 * exact bytes received are hashed, never re-serialised JSON. DOMAIN.md §11.8 lists this as
 * uncertain: log mismatches against a real OA before enforcing rejection.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { zaloSeenEvents } from './schema.ts';

/** The common fields of a webhook event; other fields are kept as they came. */
export interface ZaloEvent {
  app_id?: string;
  oa_id?: string;
  user_id_by_app?: string;
  event_name: string;
  /** Epoch milliseconds, as a string. */
  timestamp: string;
  sender?: { id?: string };
  recipient?: { id?: string };
  follower?: { id?: string };
  message?: { msg_id?: string; text?: string; attachments?: unknown[] };
  /** Present on ZNS delivery receipts, which carry the message id at the top level. */
  msg_id?: string;
  [field: string]: unknown;
}

export type SignatureResult =
  | { ok: true; event: ZaloEvent }
  | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' };

export interface VerifyInput {
  rawBody: Buffer;
  /** The `X-ZEvent-Signature` header as received. */
  header: string | undefined;
  appId: string;
  oaSecretKey: string;
}

/** SHA-256 hex of app_id + raw body + timestamp + OA secret key (also used by the stand-in). */
function zaloSignature(appId: string, rawBody: Buffer, timestamp: string, oaSecretKey: string): string {
  return createHash('sha256')
    .update(appId, 'utf8')
    .update(rawBody)
    .update(timestamp, 'utf8')
    .update(oaSecretKey, 'utf8')
    .digest('hex');
}

/** Parses an event body; undefined when it is not a JSON object with `event_name` and `timestamp`. */
function parseZaloEvent(rawBody: Buffer): ZaloEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const timestamp = record.timestamp;
  // Zalo sends the timestamp as a string; a number is accepted and hashed as its decimal form.
  const ts = typeof timestamp === 'number' && Number.isSafeInteger(timestamp) ? String(timestamp) : timestamp;
  if (typeof ts !== 'string' || !/^\d{1,16}$/.test(ts) || typeof record.event_name !== 'string') return undefined;
  return { ...record, event_name: record.event_name, timestamp: ts };
}

export function verifyZaloSignature(input: VerifyInput): SignatureResult {
  const header = input.header?.trim();
  if (!header) return { ok: false, reason: 'missing' };
  const given = header.replace(/^mac=/i, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return { ok: false, reason: 'malformed' };
  const event = parseZaloEvent(input.rawBody);
  if (!event) return { ok: false, reason: 'malformed' };
  const expected = zaloSignature(input.appId, input.rawBody, event.timestamp, input.oaSecretKey);
  const same = timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'));
  return same ? { ok: true, event } : { ok: false, reason: 'mismatch' };
}

/**
 * The deduplication key of an event: its message id when it has one (§7.1), else the event
 * name, timestamp and sender, which Zalo repeats unchanged when it retries.
 */
export function zaloEventKey(event: ZaloEvent): string {
  const msgId = event.message?.msg_id ?? event.msg_id;
  if (typeof msgId === 'string' && msgId !== '') return `msg:${msgId}`;
  const who =
    event.sender?.id ??
    event.follower?.id ??
    event.user_id_by_app ??
    (typeof event.user_id === 'string' ? event.user_id : '');
  return `evt:${event.event_name}:${event.timestamp}:${who}`;
}

export type ReplayResult = { ok: true } | { ok: false; reason: 'stale' | 'duplicate' };

export interface ReplayGuardOptions {
  /** How far an event's timestamp may be from now, either way. Default 5 minutes. */
  windowMs?: number;
  now?: () => Date;
}

/**
 * Refuses events whose timestamp is outside the window and events already seen. The seen
 * keys live in `zalo_seen_events`, so several processes behind a load balancer agree: the
 * first insert of a key wins, every later one is a duplicate. Zalo retries a failed delivery
 * with the original timestamp for up to about two hours, so with the default window a retry
 * that comes after five minutes is refused as stale: answer 200 quickly (§7.1).
 */
export class ZaloReplayGuard {
  readonly windowMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly db: Executor,
    options: ReplayGuardOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 5 * 60_000;
    this.now = options.now ?? (() => new Date());
  }

  async check(event: ZaloEvent): Promise<ReplayResult> {
    const now = this.now();
    const at = Number(event.timestamp);
    if (!Number.isFinite(at) || Math.abs(now.getTime() - at) > this.windowMs) return { ok: false, reason: 'stale' };
    const inserted = await this.db
      .insert(zaloSeenEvents)
      .values({ key: zaloEventKey(event), seenAt: now })
      .onConflictDoNothing()
      .returning({ key: zaloSeenEvents.key });
    return inserted.length === 1 ? { ok: true } : { ok: false, reason: 'duplicate' };
  }

  /**
   * Deletes keys whose events can no longer pass the timestamp check. An event may be dated
   * up to one window after it was seen, so a key is kept for two windows. Returns the count.
   */
  async cleanup(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - 2 * this.windowMs);
    const deleted = await this.db
      .delete(zaloSeenEvents)
      .where(lt(zaloSeenEvents.seenAt, cutoff))
      .returning({ key: zaloSeenEvents.key });
    return deleted.length;
  }

  /** Number of keys kept (for metrics). */
  async size(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(zaloSeenEvents);
    return row?.n ?? 0;
  }
}
