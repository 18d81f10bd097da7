/**
 * The facts of a dossier's rating that reports count (satisfaction; QĐ 766 indicator 5.4's
 * dislikes), for the insights module's read model: fed after every `rating.*` event and
 * rebuilt page by page. No comment, no officer. Published through index.ts.
 */
import { and, asc, eq, gt, inArray, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { dossierRatings, type RatingChannel, type RatingLevel } from './schema.ts';

export interface RatingFact {
  dossierId: string;
  provinceCode: string;
  agencyId: string;
  level: RatingLevel;
  channel: RatingChannel;
  ratedAt: Date;
  changes: number;
}

export type RatingFactSelection =
  | { dossierIds: readonly string[] }
  | { provinceCode: string; after: string | null; limit: number };

export async function ratingFacts(db: Executor, selection: RatingFactSelection): Promise<RatingFact[]> {
  const where: SQL[] = [];
  if ('dossierIds' in selection) {
    if (selection.dossierIds.length === 0) return [];
    where.push(inArray(dossierRatings.dossierId, [...selection.dossierIds]));
  } else {
    where.push(eq(dossierRatings.provinceCode, selection.provinceCode));
    if (selection.after) where.push(gt(dossierRatings.dossierId, selection.after));
  }
  const query = db
    .select({
      dossierId: dossierRatings.dossierId,
      provinceCode: dossierRatings.provinceCode,
      agencyId: dossierRatings.agencyId,
      level: dossierRatings.level,
      channel: dossierRatings.channel,
      ratedAt: dossierRatings.ratedAt,
      changes: dossierRatings.changes,
    })
    .from(dossierRatings)
    .where(and(...where))
    .orderBy(asc(dossierRatings.dossierId));
  return 'dossierIds' in selection ? await query : await query.limit(selection.limit);
}
