/**
 * Outbox and delivery channels. `enqueue` runs inside the caller's transaction, so nothing is
 * sent that did not happen and nothing that happened is left unsent; `dispatchOutbox` delivers
 * due messages (several dispatchers may run: rows are claimed with SKIP LOCKED).
 */
import { and, eq, inArray, lte } from 'drizzle-orm';
import type { Executor } from '../db/index.ts';
import { isPermanentFailure } from './errors.ts';
import type { OutboxInput } from './message.ts';
import { outbox } from './schema.ts';

export { DeferredOutbox } from './deferred.ts';
export type { OutboxInput } from './message.ts';
export { outbox } from './schema.ts';

export async function enqueue(tx: Executor, message: OutboxInput): Promise<void> {
  await tx
    .insert(outbox)
    .values({ ...message, recipient: message.recipient ?? null, dedupeKey: message.dedupeKey ?? null })
    .onConflictDoNothing();
}

export interface OutboxMessage {
  id: number;
  channel: string;
  topic: string;
  recipient: string | null;
  payload: unknown;
  attempts: number;
}

/**
 * Delivers one message; throws to ask for a retry. A channel may also take a claimed batch at
 * once (`batch`: the event bus, whose insights subscriber folds many dossiers' events into one
 * transaction); if the batch throws, its messages are delivered one by one as usual, so a
 * failing message is retried or dead-lettered alone.
 */
export type Channel = ((message: OutboxMessage) => Promise<void>) & {
  batch?: (messages: OutboxMessage[]) => Promise<void>;
};

export interface DispatchOptions {
  now?: Date;
  batchSize?: number;
  /** After this many failed attempts the message goes to the dead-letter state. */
  maxAttempts?: number;
  /** Backoff before attempt n+1: base × 2^(n−1), capped. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** How long claimed messages stay off other dispatchers while their channel is called. */
  leaseMs?: number;
}

export function backoffMs(attempts: number, base = 30_000, cap = 3_600_000): number {
  return Math.min(cap, base * 2 ** Math.max(0, attempts - 1));
}

export async function dispatchOutbox(
  db: Executor,
  channels: Record<string, Channel>,
  options: DispatchOptions = {},
): Promise<{ sent: number; retried: number; dead: number }> {
  const now = options.now ?? new Date();
  const maxAttempts = options.maxAttempts ?? 8;
  const counts = { sent: 0, retried: 0, dead: 0 };
  const known = Object.keys(channels);
  if (known.length === 0) return counts;
  // Claim a batch in a short transaction: a lease (next_attempt_at pushed ahead) keeps other
  // dispatchers off these rows while the channels are called OUTSIDE any transaction — a slow
  // gateway must not hold row locks, and on PGlite a channel's own queries (token refresh)
  // would wait for ever behind an open transaction. A crash before the result is recorded
  // means a retry after the lease: delivery is at least once, channels carry idempotency keys.
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 5 * 60_000));
  const due = await db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now), inArray(outbox.channel, known)))
      .orderBy(outbox.id)
      .limit(options.batchSize ?? 50)
      .for('update', { skipLocked: true });
    if (rows.length > 0) {
      await tx
        .update(outbox)
        .set({ nextAttemptAt: leaseUntil })
        .where(
          inArray(
            outbox.id,
            rows.map((r) => r.id),
          ),
        );
    }
    return rows;
  });
  // Batch channels first: one call for their messages of the batch, one UPDATE marking them sent.
  const single: typeof due = [];
  for (const name of new Set(due.map((r) => r.channel))) {
    const channel = channels[name];
    const mine = due.filter((r) => r.channel === name);
    if (!channel?.batch || mine.length < 2) {
      single.push(...mine);
      continue;
    }
    try {
      await channel.batch(mine);
    } catch {
      single.push(...mine);
      continue;
    }
    await markSent(db, mine, now);
    counts.sent += mine.length;
  }
  single.sort((a, b) => a.id - b.id);
  for (const row of single) {
    const channel = channels[row.channel];
    if (!channel) continue;
    try {
      await channel(row);
      await db
        .update(outbox)
        .set({ status: 'sent', sentAt: now, attempts: row.attempts + 1, lastError: null })
        .where(eq(outbox.id, row.id));
      counts.sent++;
    } catch (err) {
      const attempts = row.attempts + 1;
      // A failure the channel marks `retryable = false` (a bad address, an unknown template)
      // cannot succeed later: dead-letter it at once for an operator.
      const dead = attempts >= maxAttempts || isPermanentFailure(err);
      await db
        .update(outbox)
        .set({
          attempts,
          status: dead ? 'dead' : 'pending',
          lastError: err instanceof Error ? err.message.slice(0, 2000) : String(err).slice(0, 2000),
          nextAttemptAt: new Date(now.getTime() + backoffMs(attempts, options.backoffBaseMs, options.backoffCapMs)),
        })
        .where(eq(outbox.id, row.id));
      if (dead) counts.dead++;
      else counts.retried++;
    }
  }
  return counts;
}

/** Marks delivered messages sent, one statement per attempt count (nearly always one). */
async function markSent(db: Executor, rows: readonly { id: number; attempts: number }[], now: Date): Promise<void> {
  for (const attempts of new Set(rows.map((r) => r.attempts))) {
    await db
      .update(outbox)
      .set({ status: 'sent', sentAt: now, attempts: attempts + 1, lastError: null })
      .where(
        inArray(
          outbox.id,
          rows.filter((r) => r.attempts === attempts).map((r) => r.id),
        ),
      );
  }
}

export interface DrainOptions extends Omit<DispatchOptions, 'now'> {
  /** How long one drain may keep claiming batches (default 30 s). */
  budgetMs?: number;
  /**
   * Channels claimed apart from the others, with their own claim size (`{ event: 200 }`): a batch
   * channel gains from a larger claim, while SMS, Zalo and e-mail messages stay leased only while
   * `batchSize` of them (default 50) are sent one by one.
   */
  claimSizes?: Record<string, number>;
}

/**
 * Dispatches batch after batch while full batches come back (more is waiting), for at most
 * `budgetMs`: one worker tick empties a backlog instead of taking one batch per tick (50 messages
 * every 3 s held the event channel under 17 a second, below the filings of a busy day). Channels
 * with their own claim size are claimed in their own batches, in turn with the others, so a
 * backlog on one does not hold up the other.
 */
export async function drainOutbox(
  db: Executor,
  channels: Record<string, Channel>,
  options: DrainOptions = {},
): Promise<{ sent: number; retried: number; dead: number }> {
  const started = performance.now();
  const total = { sent: 0, retried: 0, dead: 0 };
  const { claimSizes = {}, budgetMs = 30_000, ...dispatch } = options;
  const apart = new Set(Object.keys(claimSizes).filter((name) => name in channels));
  const groups = [
    {
      channels: Object.fromEntries(Object.entries(channels).filter(([name]) => !apart.has(name))),
      size: options.batchSize ?? 50,
    },
    ...[...apart].map((name) => ({
      channels: { [name]: channels[name] as Channel },
      size: claimSizes[name] as number,
    })),
  ].filter((g) => Object.keys(g.channels).length > 0);
  let waiting = groups;
  while (waiting.length > 0) {
    const full: typeof groups = [];
    for (const group of waiting) {
      const counts = await dispatchOutbox(db, group.channels, { ...dispatch, batchSize: group.size });
      total.sent += counts.sent;
      total.retried += counts.retried;
      total.dead += counts.dead;
      if (counts.sent + counts.retried + counts.dead >= group.size) full.push(group);
    }
    if (performance.now() - started > budgetMs) return total;
    waiting = full;
  }
  return total;
}

/** Puts a dead message back in the queue (an operator's retry). */
export async function retryDead(db: Executor, id: number, now = new Date()): Promise<boolean> {
  const result = await db
    .update(outbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'dead')))
    .returning({ id: outbox.id });
  return result.length === 1;
}

export * from './channels.ts';

export * from './templates.ts';
export * from './zalo/index.ts';
