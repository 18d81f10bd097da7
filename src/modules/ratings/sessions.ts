/**
 * Counter sessions: a receiver starts their shift at a counter, so that the kiosk on that
 * counter rates them. The history keeps every session, so a rating queued offline on the
 * tablet is attributed to whoever sat there when it was given.
 */
import { and, desc, eq, gt, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { requireStaff } from '../../platform/auth/permissions.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { counterById } from '../directory/index.ts';
import { auditActor, isUuid } from './access.ts';
import './errors.ts';
import { counterSessionHistory, counterSessions } from './schema.ts';

export interface CounterSessionView {
  counterId: string;
  officerAccountId: string;
  since: string;
}

export async function findActiveCounter(db: Executor, counterId: string) {
  if (!isUuid(counterId)) return null;
  const row = await counterById(db, counterId);
  return row?.active ? row : null;
}

async function lockCounter(tx: Executor, counterId: string): Promise<void> {
  // Serialises shift changes of one counter (the same lock recordAudit takes for its stream).
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`counter:${counterId}`}, 0))`);
}

async function endSessions(tx: Executor, where: ReturnType<typeof and>, now: Date): Promise<void> {
  const ended = await tx.delete(counterSessions).where(where).returning();
  for (const s of ended) {
    await tx
      .update(counterSessionHistory)
      .set({ endedAt: now })
      .where(
        and(
          eq(counterSessionHistory.counterId, s.counterId),
          eq(counterSessionHistory.officerAccountId, s.officerAccountId),
          isNull(counterSessionHistory.endedAt),
        ),
      );
  }
}

/**
 * A receiver of the counter's service centre starts their shift there. Whoever sat there
 * before, and the receiver's own session at another counter, end now.
 */
export async function openCounterSession(
  db: Executor,
  caller: Caller,
  counterId: string,
  options: { now?: Date } = {},
): Promise<CounterSessionView> {
  const staff = requireStaff(caller, 'receiver');
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const counter = await findActiveCounter(tx, counterId);
    if (!counter) throw new DomainError('KIOSK_COUNTER_NOT_FOUND', { counterId });
    if (counter.agencyId !== staff.agencyId) throw new DomainError('FORBIDDEN', { reason: 'counter_of_other_agency' });
    await lockCounter(tx, counter.id);
    const [current] = await tx.select().from(counterSessions).where(eq(counterSessions.counterId, counter.id));
    if (current?.officerAccountId === staff.id) {
      return { counterId: counter.id, officerAccountId: staff.id, since: current.since.toISOString() };
    }
    await endSessions(
      tx,
      or(
        eq(counterSessions.counterId, counter.id),
        and(eq(counterSessions.officerAccountId, staff.id), ne(counterSessions.counterId, counter.id)),
      ),
      now,
    );
    await tx
      .insert(counterSessions)
      .values({ counterId: counter.id, provinceCode: counter.provinceCode, officerAccountId: staff.id, since: now });
    await tx.insert(counterSessionHistory).values({
      provinceCode: counter.provinceCode,
      counterId: counter.id,
      officerAccountId: staff.id,
      startedAt: now,
    });
    await recordAudit(tx, {
      provinceCode: counter.provinceCode,
      stream: `counter:${counter.id}`,
      action: 'counter.session_opened',
      ...auditActor(caller),
      data: { officerAccountId: staff.id, previous: current?.officerAccountId ?? null },
      at: now,
    });
    return { counterId: counter.id, officerAccountId: staff.id, since: now.toISOString() };
  });
}

/** The officer in session ends their shift; a forgotten session ends when the next officer opens theirs. */
export async function closeCounterSession(
  db: Executor,
  caller: Caller,
  counterId: string,
  options: { now?: Date } = {},
): Promise<void> {
  const staff = requireStaff(caller, 'receiver');
  const now = options.now ?? new Date();
  await db.transaction(async (tx) => {
    if (!isUuid(counterId)) throw new DomainError('COUNTER_SESSION_NOT_FOUND', { counterId });
    await lockCounter(tx, counterId);
    const [current] = await tx.select().from(counterSessions).where(eq(counterSessions.counterId, counterId));
    if (!current || current.officerAccountId !== staff.id) {
      throw new DomainError('COUNTER_SESSION_NOT_FOUND', { counterId });
    }
    await endSessions(tx, eq(counterSessions.counterId, counterId), now);
    await recordAudit(tx, {
      provinceCode: current.provinceCode,
      stream: `counter:${counterId}`,
      action: 'counter.session_closed',
      ...auditActor(caller),
      data: { officerAccountId: staff.id },
      at: now,
    });
  });
}

/** Who sat at the counter at that instant (from the history), or null. */
export async function officerAtCounter(db: Executor, counterId: string, at: Date): Promise<string | null> {
  const [row] = await db
    .select({ officer: counterSessionHistory.officerAccountId })
    .from(counterSessionHistory)
    .where(
      and(
        eq(counterSessionHistory.counterId, counterId),
        lte(counterSessionHistory.startedAt, at),
        or(isNull(counterSessionHistory.endedAt), gt(counterSessionHistory.endedAt, at)),
      ),
    )
    .orderBy(desc(counterSessionHistory.startedAt))
    .limit(1);
  return row?.officer ?? null;
}

/** The counter an officer sat at at that instant, or null. */
export async function counterOfOfficerAt(db: Executor, officerAccountId: string, at: Date): Promise<string | null> {
  const [row] = await db
    .select({ counterId: counterSessionHistory.counterId })
    .from(counterSessionHistory)
    .where(
      and(
        eq(counterSessionHistory.officerAccountId, officerAccountId),
        lte(counterSessionHistory.startedAt, at),
        or(isNull(counterSessionHistory.endedAt), gt(counterSessionHistory.endedAt, at)),
      ),
    )
    .orderBy(desc(counterSessionHistory.startedAt))
    .limit(1);
  return row?.counterId ?? null;
}
