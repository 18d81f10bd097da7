/**
 * Loading a period's figures from the module's own tables (never another module's): the
 * dossier figures from the rollups (period-cells.ts), the ratings given in it counted per
 * (agency, procedure, channel) of their dossier, the feedback items open in it, and the few
 * dossier rows 5.4 needs (handled ones with a dislike or a PAKN naming them). The dossier rows
 * themselves are read only for lists (period-rows.ts).
 */
import { and, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { type Executor, rows } from '../../platform/db/index.ts';
import { dossiersUsingPopulationData } from '../exchange/index.ts';
import { adjacentPeriodCells, type Cell, periodCells } from './period-cells.ts';
import type { Period } from './periods.ts';
import { insightsDossiers, insightsFeedback } from './schema.ts';

export type DossierRow = typeof insightsDossiers.$inferSelect;
export type FeedbackRow = typeof insightsFeedback.$inferSelect;

/** Ratings given in the period, counted per their dossier's agency, procedure and channel (copied onto each rating). */
export interface RatingCell {
  competentAgencyId: string;
  procedureId: string;
  channel: 'online' | 'counter' | 'post';
  verySatisfied: number;
  satisfied: number;
  unsatisfied: number;
}

async function loadFeedbackRows(db: Executor, provinceCode: string, period: Period): Promise<FeedbackRow[]> {
  const open = or(isNull(insightsFeedback.closedAt), gte(insightsFeedback.closedAt, period.start));
  return db
    .select()
    .from(insightsFeedback)
    .where(and(eq(insightsFeedback.provinceCode, provinceCode), lt(insightsFeedback.submittedAt, period.end), open));
}

async function loadRatingCells(db: Executor, provinceCode: string, period: Period): Promise<RatingCell[]> {
  const found = await rows<{
    agency_id: string;
    procedure_id: string;
    channel: RatingCell['channel'];
    very: number;
    sat: number;
    unsat: number;
  }>(
    db,
    // The dossier's key is on the rating (feed.ts keyRatings); one without it has no dossier row yet.
    sql`select r.dossier_agency_id as agency_id, r.dossier_procedure_id as procedure_id, r.dossier_channel as channel,
          count(*) filter (where r.level = 'very_satisfied')::int as very,
          count(*) filter (where r.level = 'satisfied')::int as sat,
          count(*) filter (where r.level = 'unsatisfied')::int as unsat
        from insights_ratings r
        where r.province_code = ${provinceCode} and r.rated_at >= ${period.start} and r.rated_at < ${period.end}
          and r.dossier_agency_id is not null
        group by 1, 2, 3`,
  );
  return found.map((r) => ({
    competentAgencyId: r.agency_id,
    procedureId: r.procedure_id,
    channel: r.channel,
    verySatisfied: Number(r.very),
    satisfied: Number(r.sat),
    unsatisfied: Number(r.unsat),
  }));
}

/**
 * The period's dossiers with an unsatisfied rating or a PAKN naming them (QĐ 766 5.4). Only a
 * delivered dossier is rated (ratings/dossier-ratings.ts), so its rating is given on or after
 * its finish, and a dossier of the period is not finished before the period's start: the
 * ratings given from the start on are read (insights_ratings_rated), not every dislike of the
 * province's history joined to its dossier.
 */
async function loadFlagged(db: Executor, provinceCode: string, period: Period): Promise<DossierRow[]> {
  const inPeriod = sql`d.received_at < ${period.end} and (d.finished_at is null or d.finished_at >= ${period.start})`;
  const ids = await rows<{ id: string }>(
    db,
    sql`select d.dossier_id as id from insights_ratings r join insights_dossiers d on d.dossier_id = r.dossier_id
        where r.province_code = ${provinceCode} and r.rated_at >= ${period.start} and r.level = 'unsatisfied'
          and ${inPeriod}
        union
        select d.dossier_id from insights_feedback f join insights_dossiers d on d.code = f.dossier_code
        where f.province_code = ${provinceCode} and d.province_code = ${provinceCode} and ${inPeriod}`,
  );
  if (ids.length === 0) return [];
  return db
    .select()
    .from(insightsDossiers)
    .where(
      inArray(
        insightsDossiers.dossierId,
        ids.map((r) => r.id),
      ),
    );
}

/**
 * Rows of the dossiers received in the period that used the population register's data (4.5a,
 * 4.5b): the exchange module says which dossiers did (its index), the read model where each is.
 * Few rows: a look-up is a counter officer's act, with the citizen's consent.
 */
async function loadPopulationUsed(db: Executor, provinceCode: string, period: Period): Promise<DossierRow[]> {
  const ids = [...new Set((await dossiersUsingPopulationData(db, provinceCode)).map((r) => r.dossierId))];
  const found: DossierRow[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    found.push(
      ...(await db
        .select()
        .from(insightsDossiers)
        .where(
          and(
            inArray(insightsDossiers.dossierId, ids.slice(i, i + 1000)),
            gte(insightsDossiers.receivedAt, period.start),
            lt(insightsDossiers.receivedAt, period.end),
          ),
        )),
    );
  }
  return found;
}

export interface PeriodData {
  period: Period;
  cells: Cell[];
  feedback: FeedbackRow[];
  ratings: RatingCell[];
  /** Rows of the dossiers with a dislike or a PAKN (5.4). */
  flagged: DossierRow[];
  /** Rows of the dossiers received in the period that used population data (4.5a, 4.5b). */
  populationUsed: DossierRow[];
}

export async function loadPeriod(db: Executor, provinceCode: string, period: Period): Promise<PeriodData> {
  const [cells, rest] = await Promise.all([periodCells(db, provinceCode, period), loadRest(db, provinceCode, period)]);
  return { period, cells, ...rest };
}

/**
 * A period and the one before it (the dashboard's ranking, the 766 index's change): the
 * rollups are read once for both (adjacentPeriodCells), the rest per period.
 */
export async function loadPeriodAndPrevious(
  db: Executor,
  provinceCode: string,
  period: Period,
  previous: Period,
): Promise<{ data: PeriodData; before: PeriodData }> {
  const [cells, rest, restBefore] = await Promise.all([
    adjacentPeriodCells(db, provinceCode, previous, period),
    loadRest(db, provinceCode, period),
    loadRest(db, provinceCode, previous),
  ]);
  return {
    data: { period, cells: cells.later, ...rest },
    before: { period: previous, cells: cells.earlier, ...restBefore },
  };
}

async function loadRest(db: Executor, provinceCode: string, period: Period) {
  const [feedback, ratings, flagged, populationUsed] = await Promise.all([
    loadFeedbackRows(db, provinceCode, period),
    loadRatingCells(db, provinceCode, period),
    loadFlagged(db, provinceCode, period),
    loadPopulationUsed(db, provinceCode, period),
  ]);
  return { feedback, ratings, flagged, populationUsed };
}
