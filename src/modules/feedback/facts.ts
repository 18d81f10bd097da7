/**
 * The facts of a feedback item that reports count (QĐ 766 indicators 5.1–5.4), for the
 * insights module's read model: fed after every `feedback.*` event and rebuilt page by page.
 * No personal data: no sender, no content. Published through index.ts.
 */

import { and, asc, eq, gt, inArray, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import type { IndicatorItem } from './indicators.ts';
import { indicatorColumns } from './indicators.ts';
import { feedbackItems } from './schema.ts';

export interface FeedbackFact extends IndicatorItem {
  feedbackId: string;
  provinceCode: string;
  code: string;
  agencyId: string;
  channel: string;
  /** The dossier the item is about, when the sender named one (indicator 5.4). */
  dossierCode: string | null;
  version: number;
}

export type FeedbackFactSelection =
  | { ids: readonly string[] }
  | { provinceCode: string; after: string | null; limit: number };

export async function feedbackFacts(db: Executor, selection: FeedbackFactSelection): Promise<FeedbackFact[]> {
  const where: SQL[] = [];
  if ('ids' in selection) {
    if (selection.ids.length === 0) return [];
    where.push(inArray(feedbackItems.id, [...selection.ids]));
  } else {
    where.push(eq(feedbackItems.provinceCode, selection.provinceCode));
    if (selection.after) where.push(gt(feedbackItems.id, selection.after));
  }
  const query = db
    .select({
      feedbackId: feedbackItems.id,
      provinceCode: feedbackItems.provinceCode,
      code: feedbackItems.code,
      agencyId: feedbackItems.agencyId,
      channel: feedbackItems.channel,
      dossierCode: feedbackItems.dossierCode,
      ...indicatorColumns,
      version: feedbackItems.version,
    })
    .from(feedbackItems)
    .where(and(...where))
    .orderBy(asc(feedbackItems.id));
  return 'ids' in selection ? await query : await query.limit(selection.limit);
}
