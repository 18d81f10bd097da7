/**
 * Rating a delivered dossier (DOMAIN.md §1.6): Rất hài lòng / Hài lòng / Không hài lòng, with
 * indices 10 (convenience) and 11 (overall) and a comment, from the portal, Zalo, an SMS link
 * or the kiosk. One rating per dossier; the applicant may change it for a configurable number
 * of days after first rating it.
 */
import { eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { trackingKeyMatches } from '../../platform/codes/dossier-code.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/notify/index.ts';
import { type DossierToRate, findDossierForRating, servingActions } from '../dossiers/index.ts';
import { auditActor, cleanComment } from './access.ts';
import './errors.ts';
import { type DossierRatingRow, dossierRatings, type RatingChannel, type RatingLevel } from './schema.ts';
import { counterOfOfficerAt } from './sessions.ts';
import { isValidRatingToken } from './tokens.ts';

const DEFAULT_CHANGE_WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;

export interface RateDossierInput {
  /** The dossier code, `AgencyCode-YYMMDD-NNNN`. */
  code: string;
  level: RatingLevel;
  /** Chỉ số 10. */
  convenience?: RatingLevel | null;
  /** Chỉ số 11. */
  overall?: RatingLevel | null;
  comment?: string | null;
  channel: RatingChannel;
  /** The token of an SMS or Zalo rating link; without it the caller must be the applicant. */
  token?: string;
  /**
   * The tracking key printed on the receipt, typed by the applicant in a chat (Zalo): like a
   * link token, it proves the receipt is in the rater's hands.
   */
  trackingKey?: string;
}

export interface RatingOptions {
  now?: Date;
  /** RATING_CHANGE_WINDOW_DAYS. */
  changeWindowDays?: number;
  /** RATING_LINK_SECRET; needed only to check link tokens. */
  linkSecret?: string | undefined;
}

export interface DossierRatingView {
  dossierCode: string;
  level: RatingLevel;
  convenience: RatingLevel | null;
  overall: RatingLevel | null;
  comment: string | null;
  channel: RatingChannel;
  ratedAt: string;
  changedAt: string | null;
  changes: number;
  /** Until when the rating may still be changed. */
  changeableUntil: string;
}

/** The dossier being rated, without the secret it was proven with. */
type DossierRow = Omit<DossierToRate, 'trackingKey'>;

function view(code: string, row: DossierRatingRow, windowDays: number): DossierRatingView {
  return {
    dossierCode: code,
    level: row.level,
    convenience: row.convenience,
    overall: row.overall,
    comment: row.comment,
    channel: row.channel,
    ratedAt: row.ratedAt.toISOString(),
    changedAt: row.changedAt?.toISOString() ?? null,
    changes: row.changes,
    changeableUntil: new Date(row.ratedAt.getTime() + windowDays * DAY_MS).toISOString(),
  };
}

/**
 * The dossier, if the caller may rate it: its applicant, or whoever holds the link's token or
 * the receipt's tracking key. A dossier the caller may not rate and one that does not exist
 * get the same answer, so rating routes reveal neither existence nor state (issue 11).
 */
async function dossierToRate(
  db: Executor,
  caller: Caller,
  input: { code: string; token?: string | undefined; trackingKey?: string | undefined },
  linkSecret: string | undefined,
): Promise<DossierRow> {
  const proof = input.trackingKey !== undefined || input.token !== undefined;
  // Asked before the dossier is looked up: the answer cannot depend on whether it exists.
  if (!proof && caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  const found = await findDossierForRating(db, input.code);
  if (input.trackingKey !== undefined) {
    // A wrong key and an unknown code answer alike, as public tracking does.
    if (!found || !trackingKeyMatches(found.trackingKey, input.trackingKey))
      throw new DomainError('RATING_KEY_INVALID');
  } else if (input.token !== undefined) {
    if (!found || !isValidRatingToken(found.id, input.token, linkSecret)) throw new DomainError('RATING_TOKEN_INVALID');
  } else if (!found || caller.kind !== 'citizen' || found.applicantAccountId !== caller.id) {
    throw new DomainError('RATING_DOSSIER_NOT_FOUND', { code: input.code });
  }
  const { trackingKey: _key, ...dossier } = found;
  return dossier;
}

/**
 * Who served the applicant: the staff member who delivered the result (else who received the
 * dossier), their agency (else the receiving agency) and the counter they sat at then.
 */
async function servedBy(db: Executor, dossier: DossierRow) {
  const actions = await servingActions(db, dossier.id);
  const served = actions.find((a) => a.type === 'deliver') ?? actions.find((a) => a.type === 'receive');
  const officerAccountId = served?.actorId ?? null;
  const counterId = served && officerAccountId ? await counterOfOfficerAt(db, officerAccountId, served.at) : null;
  return { officerAccountId, agencyId: served?.agencyId ?? dossier.receivingAgencyId, counterId };
}

const sameAnswers = (row: DossierRatingRow, next: Omit<DossierRatingRow, 'id' | 'ratedAt' | 'changedAt' | 'changes'>) =>
  row.level === next.level &&
  row.convenience === next.convenience &&
  row.overall === next.overall &&
  row.comment === next.comment &&
  row.channel === next.channel;

/**
 * Rates a delivered dossier, or changes its rating within the window. Sending the same answers
 * again changes nothing (a retry). Each new rating and each change is audited on the dossier's
 * chain.
 */
export async function rateDossier(
  db: Executor,
  caller: Caller,
  input: RateDossierInput,
  options: RatingOptions = {},
): Promise<DossierRatingView> {
  const now = options.now ?? new Date();
  const windowDays = options.changeWindowDays ?? DEFAULT_CHANGE_WINDOW_DAYS;
  const comment = cleanComment(input.comment);
  return db.transaction(async (tx) => {
    const dossier = await dossierToRate(tx, caller, input, options.linkSecret);
    const code = dossier.code ?? input.code;
    if (dossier.state !== 'delivered') throw new DomainError('RATING_DOSSIER_NOT_DELIVERED', { state: dossier.state });
    const answers = {
      level: input.level,
      convenience: input.convenience ?? null,
      overall: input.overall ?? null,
      comment,
      channel: input.channel,
    };
    const actor =
      input.token !== undefined || input.trackingKey !== undefined
        ? { actorId: null, actorRole: `${input.token !== undefined ? 'link' : 'key'}:${input.channel}` }
        : auditActor(caller);
    const audit = async (action: string, data: Record<string, unknown>) => {
      await recordAudit(tx, {
        provinceCode: dossier.provinceCode,
        stream: `dossier:${code}`,
        action,
        ...actor,
        data,
        at: now,
      });
      // The event readers (the insights read model) hear of it in the same transaction.
      await enqueue(tx, {
        provinceCode: dossier.provinceCode,
        channel: 'event',
        topic: action,
        payload: { dossierId: dossier.id, code },
        dedupeKey: `${action}:${dossier.id}:${now.toISOString()}:${String(data.changes ?? 0)}`,
      });
    };

    let [existing] = await tx
      .select()
      .from(dossierRatings)
      .where(eq(dossierRatings.dossierId, dossier.id))
      .for('update');
    if (!existing) {
      const served = await servedBy(tx, dossier);
      const [created] = await tx
        .insert(dossierRatings)
        .values({ provinceCode: dossier.provinceCode, dossierId: dossier.id, ...served, ...answers, ratedAt: now })
        .onConflictDoNothing({ target: dossierRatings.dossierId })
        .returning();
      if (created) {
        await audit('rating.created', { ...answers, officerAccountId: served.officerAccountId });
        return view(code, created, windowDays);
      }
      // Another request rated it first: this one is a change of that rating.
      [existing] = await tx.select().from(dossierRatings).where(eq(dossierRatings.dossierId, dossier.id)).for('update');
      if (!existing) throw new Error('rating vanished');
    }
    if (now.getTime() > existing.ratedAt.getTime() + windowDays * DAY_MS) {
      throw new DomainError('RATING_CHANGE_WINDOW_CLOSED', {
        changeableUntil: new Date(existing.ratedAt.getTime() + windowDays * DAY_MS).toISOString(),
      });
    }
    if (sameAnswers(existing, { ...existing, ...answers })) return view(code, existing, windowDays);
    const [changed] = await tx
      .update(dossierRatings)
      .set({ ...answers, changedAt: now, changes: existing.changes + 1 })
      .where(eq(dossierRatings.id, existing.id))
      .returning();
    if (!changed) throw new Error('rating vanished');
    await audit('rating.changed', { ...answers, previousLevel: existing.level, changes: changed.changes });
    return view(code, changed, windowDays);
  });
}

export interface RatingContext {
  dossierCode: string;
  delivered: boolean;
  rating: DossierRatingView | null;
  /** A new rating or a change would be accepted now. */
  canRate: boolean;
}

/** What the rating page shows: whether the dossier can be rated and the rating so far. Same access as rateDossier. */
export async function getRatingContext(
  db: Executor,
  caller: Caller,
  input: { code: string; token?: string; trackingKey?: string },
  options: RatingOptions = {},
): Promise<RatingContext> {
  const now = options.now ?? new Date();
  const windowDays = options.changeWindowDays ?? DEFAULT_CHANGE_WINDOW_DAYS;
  const dossier = await dossierToRate(db, caller, input, options.linkSecret);
  const code = dossier.code ?? input.code;
  const [row] = await db.select().from(dossierRatings).where(eq(dossierRatings.dossierId, dossier.id));
  const delivered = dossier.state === 'delivered';
  const rating = row ? view(code, row, windowDays) : null;
  const open = !row || now.getTime() <= row.ratedAt.getTime() + windowDays * DAY_MS;
  return { dossierCode: code, delivered, rating, canRate: delivered && open };
}
