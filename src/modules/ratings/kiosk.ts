/**
 * The counter kiosk: a tablet at each counter where the citizen rates the officer who served
 * them (DOMAIN.md §1.6 "Channels"). The tablet has no sign-in; it holds a kiosk token an admin
 * created for that counter. Ratings carry a client id made on the tablet, so a retry after a
 * network drop never counts twice.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { agencyById, loadAgencyFacts, staffByAccount } from '../directory/index.ts';
import { adminScope, auditActor, cleanComment, covers, isUuid } from './access.ts';
import './errors.ts';
import { counterKioskTokens, counterSessions, officerRatings, type RatingLevel } from './schema.ts';
import { findActiveCounter, officerAtCounter } from './sessions.ts';
import { hashKioskToken, newKioskToken } from './tokens.ts';

/** A tablet that presented a valid token for its counter. */
export interface KioskIdentity {
  tokenId: string;
  counterId: string;
  agencyId: string;
  provinceCode: string;
}

/** Checks the tablet's token; throws KIOSK_TOKEN_INVALID (401) for anything but a live token of this counter. */
export async function authenticateKiosk(
  db: Executor,
  counterId: string,
  token: string | undefined,
): Promise<KioskIdentity> {
  if (!token || !isUuid(counterId)) throw new DomainError('KIOSK_TOKEN_INVALID');
  const [row] = await db
    .select()
    .from(counterKioskTokens)
    .where(and(eq(counterKioskTokens.tokenHash, hashKioskToken(token)), isNull(counterKioskTokens.revokedAt)));
  if (!row || row.counterId !== counterId) throw new DomainError('KIOSK_TOKEN_INVALID');
  const counter = await findActiveCounter(db, counterId);
  if (!counter) throw new DomainError('KIOSK_COUNTER_NOT_FOUND', { counterId });
  return { tokenId: row.id, counterId, agencyId: counter.agencyId, provinceCode: counter.provinceCode };
}

async function requireCounterAdmin(db: Executor, caller: Caller, counterId: string) {
  if (caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  const counter = await findActiveCounter(db, counterId);
  if (!counter) throw new DomainError('KIOSK_COUNTER_NOT_FOUND', { counterId });
  const centre = await loadAgencyFacts(db, counter.agencyId);
  const scope = await adminScope(db, caller);
  if (!centre || !covers(scope, centre)) throw new DomainError('FORBIDDEN', { reason: 'not_counter_admin' });
  return counter;
}

export interface CreatedKioskToken {
  id: string;
  counterId: string;
  /** Shown once; only its hash is stored. */
  token: string;
  /** Where to point the tablet's browser. */
  kioskPath: string;
}

/** An admin of the counter's service centre (or of the province) issues a token for its tablet. */
export async function createKioskToken(
  db: Executor,
  caller: Caller,
  input: { counterId: string; label?: string },
  options: { now?: Date } = {},
): Promise<CreatedKioskToken> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const counter = await requireCounterAdmin(tx, caller, input.counterId);
    const token = newKioskToken();
    const label = cleanComment(input.label);
    const [row] = await tx
      .insert(counterKioskTokens)
      .values({
        provinceCode: counter.provinceCode,
        counterId: counter.id,
        tokenHash: hashKioskToken(token),
        label,
        createdBy: caller.kind === 'staff' ? caller.id : null,
        createdAt: now,
      })
      .returning({ id: counterKioskTokens.id });
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, {
      provinceCode: counter.provinceCode,
      stream: `counter:${counter.id}`,
      action: 'counter.kiosk_token_created',
      ...auditActor(caller),
      data: { tokenId: row.id, label },
      at: now,
    });
    return { id: row.id, counterId: counter.id, token, kioskPath: kioskPagePath(counter.id, token) };
  });
}

export const kioskPagePath = (counterId: string, token: string): string =>
  `/kiosk/${counterId}?token=${encodeURIComponent(token)}`;

/** Revokes a tablet's token (lost or replaced tablet). */
export async function revokeKioskToken(
  db: Executor,
  caller: Caller,
  tokenId: string,
  options: { now?: Date } = {},
): Promise<void> {
  const now = options.now ?? new Date();
  await db.transaction(async (tx) => {
    if (!isUuid(tokenId)) throw new DomainError('KIOSK_TOKEN_NOT_FOUND', { tokenId });
    const [row] = await tx.select().from(counterKioskTokens).where(eq(counterKioskTokens.id, tokenId));
    if (!row) throw new DomainError('KIOSK_TOKEN_NOT_FOUND', { tokenId });
    await requireCounterAdmin(tx, caller, row.counterId);
    if (row.revokedAt) return;
    await tx.update(counterKioskTokens).set({ revokedAt: now }).where(eq(counterKioskTokens.id, tokenId));
    await recordAudit(tx, {
      provinceCode: row.provinceCode,
      stream: `counter:${row.counterId}`,
      action: 'counter.kiosk_token_revoked',
      ...auditActor(caller),
      data: { tokenId },
      at: now,
    });
  });
}

export interface KioskRatingInput {
  level: RatingLevel;
  comment?: string | null;
  /** uuid made on the tablet when the button was pressed. */
  clientId: string;
  /** When the button was pressed, by the tablet's clock. */
  ratedAt: Date;
}

export interface KioskRatingResult {
  id: string;
  officerAccountId: string | null;
  ratedAt: string;
  /** True when this client id had already been received: nothing new was stored. */
  duplicate: boolean;
}

/** A tablet's clock may run a little fast; beyond this the server's clock is taken. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Stores a kiosk rating once per client id. The officer is the one in session at the counter
 * when the button was pressed. A rating older than `maxDelayDays` (default 30) is refused with
 * 422 so the tablet drops it instead of retrying for ever.
 */
export async function rateAtKiosk(
  db: Executor,
  kiosk: KioskIdentity,
  input: KioskRatingInput,
  options: { now?: Date; maxDelayDays?: number } = {},
): Promise<KioskRatingResult> {
  const now = options.now ?? new Date();
  if (!isUuid(input.clientId)) throw new DomainError('VALIDATION_FAILED', { field: 'clientId' });
  const comment = cleanComment(input.comment);
  const maxDelayMs = (options.maxDelayDays ?? 30) * 86_400_000;
  if (now.getTime() - input.ratedAt.getTime() > maxDelayMs) {
    throw new DomainError('KIOSK_RATING_TOO_OLD', { ratedAt: input.ratedAt.toISOString() });
  }
  const ratedAt = input.ratedAt.getTime() > now.getTime() + CLOCK_SKEW_MS ? now : input.ratedAt;
  return db.transaction(async (tx) => {
    const officer = await officerAtCounter(tx, kiosk.counterId, ratedAt);
    const [row] = await tx
      .insert(officerRatings)
      .values({
        provinceCode: kiosk.provinceCode,
        counterId: kiosk.counterId,
        agencyId: kiosk.agencyId,
        officerAccountId: officer,
        level: input.level,
        comment,
        clientId: input.clientId,
        ratedAt,
        receivedAt: now,
      })
      .onConflictDoNothing({ target: officerRatings.clientId })
      .returning();
    if (!row) {
      const [first] = await tx.select().from(officerRatings).where(eq(officerRatings.clientId, input.clientId));
      // The same client id for another counter or another answer is not a retry.
      if (!first || first.counterId !== kiosk.counterId || first.level !== input.level) {
        throw new DomainError('IDEMPOTENCY_KEY_REUSED', { clientId: input.clientId });
      }
      return {
        id: first.id,
        officerAccountId: first.officerAccountId,
        ratedAt: first.ratedAt.toISOString(),
        duplicate: true,
      };
    }
    await recordAudit(tx, {
      provinceCode: kiosk.provinceCode,
      stream: `counter:${kiosk.counterId}`,
      action: 'rating.kiosk',
      actorId: kiosk.tokenId,
      actorRole: 'kiosk',
      data: { ratingId: row.id, level: row.level, officerAccountId: officer, clientId: row.clientId },
      at: now,
    });
    return { id: row.id, officerAccountId: officer, ratedAt: ratedAt.toISOString(), duplicate: false };
  });
}

export interface KioskStatus {
  counterId: string;
  counterName: string;
  counterNumber: number;
  agencyName: string;
  /** The officer in session now; null when nobody has opened a session. */
  officer: { name: string; title: string | null } | null;
}

/** What the kiosk page shows: the counter and the officer sitting there now. */
export async function kioskStatus(db: Executor, kiosk: KioskIdentity): Promise<KioskStatus> {
  const counter = await findActiveCounter(db, kiosk.counterId);
  if (!counter) throw new DomainError('KIOSK_COUNTER_NOT_FOUND', { counterId: kiosk.counterId });
  const agency = await agencyById(db, counter.agencyId);
  const [session] = await db
    .select({ officerAccountId: counterSessions.officerAccountId })
    .from(counterSessions)
    .where(eq(counterSessions.counterId, counter.id));
  const member = session ? await staffByAccount(db, session.officerAccountId) : undefined;
  const officer = member ? { name: member.fullName, title: member.title } : undefined;
  return {
    counterId: counter.id,
    counterName: counter.name,
    counterNumber: counter.number,
    agencyName: agency?.name ?? '',
    officer: officer ? { name: officer.name, title: officer.title } : null,
  };
}
