/**
 * Loading a period's rows from the read models (never from another module's tables): the
 * dossiers received before its end and not finished before its start (form 06: carried over +
 * received in the period), the feedback items open in it, the ratings given in it.
 */
import { and, eq, gte, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import type { Period } from './periods.ts';
import { insightsDossiers, insightsFeedback, insightsRatings } from './schema.ts';

export type DossierRow = typeof insightsDossiers.$inferSelect;
export type FeedbackRow = typeof insightsFeedback.$inferSelect;
export type RatingRow = typeof insightsRatings.$inferSelect;

/** The read model's dossiers that may belong to the period (received before its end, not finished before its start). */
async function loadDossierRows(db: Executor, provinceCode: string, period: Period): Promise<DossierRow[]> {
  const where: SQL[] = [eq(insightsDossiers.provinceCode, provinceCode), lt(insightsDossiers.receivedAt, period.end)];
  const open = or(isNull(insightsDossiers.finishedAt), gte(insightsDossiers.finishedAt, period.start));
  if (open) where.push(open);
  return db
    .select()
    .from(insightsDossiers)
    .where(and(...where));
}

async function loadFeedbackRows(db: Executor, provinceCode: string, period: Period): Promise<FeedbackRow[]> {
  const open = or(isNull(insightsFeedback.closedAt), gte(insightsFeedback.closedAt, period.start));
  return db
    .select()
    .from(insightsFeedback)
    .where(and(eq(insightsFeedback.provinceCode, provinceCode), lt(insightsFeedback.submittedAt, period.end), open));
}

async function loadRatingRows(db: Executor, provinceCode: string, period: Period): Promise<RatingRow[]> {
  return db
    .select()
    .from(insightsRatings)
    .where(
      and(
        eq(insightsRatings.provinceCode, provinceCode),
        gte(insightsRatings.ratedAt, period.start),
        lt(insightsRatings.ratedAt, period.end),
      ),
    );
}

/** The dossier rows of some ids (ratings are grouped by their dossier's agency, procedure, channel). */
async function loadDossiersByIds(db: Executor, ids: readonly string[]): Promise<Map<string, DossierRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(insightsDossiers)
    .where(inArray(insightsDossiers.dossierId, [...ids]));
  return new Map(rows.map((r) => [r.dossierId, r]));
}

export interface PeriodData {
  period: Period;
  dossiers: DossierRow[];
  feedback: FeedbackRow[];
  ratings: RatingRow[];
  /** The rated dossiers' rows (for grouping ratings). */
  ratedDossiers: Map<string, DossierRow>;
}

export async function loadPeriod(db: Executor, provinceCode: string, period: Period): Promise<PeriodData> {
  const [dossiers, feedback, ratings] = await Promise.all([
    loadDossierRows(db, provinceCode, period),
    loadFeedbackRows(db, provinceCode, period),
    loadRatingRows(db, provinceCode, period),
  ]);
  const ratedDossiers = await loadDossiersByIds(
    db,
    ratings.map((r) => r.dossierId),
  );
  return { period, dossiers, feedback, ratings, ratedDossiers };
}
