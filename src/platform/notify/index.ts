/**
 * Outbox and delivery channels. `enqueue` runs inside the caller's transaction, so nothing is
 * sent that did not happen and nothing that happened is left unsent; `dispatchOutbox` delivers
 * due messages (several dispatchers may run: rows are claimed with SKIP LOCKED).
 */
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Executor } from '../db/index.ts';
import { outbox } from './schema.ts';

export { outbox } from './schema.ts';

export interface OutboxInput {
  provinceCode: string;
  channel: string;
  topic: string;
  recipient?: string | null;
  payload: Record<string, unknown>;
  /** Same key twice → one message (a retried transaction cannot send twice). */
  dedupeKey?: string;
}

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

/** Delivers one message; throws to ask for a retry. */
export type Channel = (message: OutboxMessage) => Promise<void>;

export interface DispatchOptions {
  now?: Date;
  batchSize?: number;
  /** After this many failed attempts the message goes to the dead-letter state. */
  maxAttempts?: number;
  /** Backoff before attempt n+1: base × 2^(n−1), capped. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
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
  await db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now), inArray(outbox.channel, known)))
      .orderBy(outbox.id)
      .limit(options.batchSize ?? 50)
      .for('update', { skipLocked: true });
    for (const row of due) {
      const channel = channels[row.channel];
      if (!channel) continue;
      try {
        await channel(row);
        await tx
          .update(outbox)
          .set({ status: 'sent', sentAt: now, attempts: row.attempts + 1, lastError: null })
          .where(eq(outbox.id, row.id));
        counts.sent++;
      } catch (err) {
        const attempts = row.attempts + 1;
        const dead = attempts >= maxAttempts;
        await tx
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
  });
  return counts;
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

export const outboxDepth = (db: Executor) =>
  db.select({ status: outbox.status, n: sql<number>`count(*)::int` }).from(outbox).groupBy(outbox.status);
