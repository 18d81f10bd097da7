/**
 * The PAKN indicators of QĐ 766 (DOMAIN.md §3.1), as DVCQG computes them (§8.2, S7):
 *   5.1 items by class: about rules and procedures / about an official's conduct (tracked);
 *   5.2 items handled on time: handled on time + in progress within time, over items handled
 *       in the period or still in progress at its end;
 *   5.3 satisfaction: items first received in the period, less those with more dislikes than
 *       likes, handled late, or followed by a repeated complaint (a reopening).
 * Rates in percent with 2 decimals; null when nothing counts (§3.1 "show 0 or N/A").
 * Merged duplicates are not handled on their own and do not count.
 */
import { and, eq, gte, isNull, lte, ne, or, type SQL } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { feedbackItems } from './schema.ts';

export interface IndicatorItem {
  classification: 'rules' | 'conduct';
  state: string;
  submittedAt: Date;
  closedAt: Date | null;
  timing: 'onTime' | 'late' | null;
  answerDueAt: Date;
  likes: number;
  dislikes: number;
  reopenCount: number;
}

export interface FeedbackIndicators {
  from: string;
  to: string;
  /** 5.1 */
  received: { rules: number; conduct: number };
  /** 5.2 */
  handling: { onTime: number; late: number; withinTime: number; overdue: number; rate: number | null };
  /** 5.3 */
  satisfaction: { received: number; satisfied: number; rate: number | null };
}

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 100);
const within = (d: Date, from: Date, to: Date) => d.getTime() >= from.getTime() && d.getTime() <= to.getTime();

/** Pure: the three indicators over the items of a period ending at `to`, seen at `now`. */
export function computeIndicators(
  items: readonly IndicatorItem[],
  from: Date,
  to: Date,
  now: Date,
): FeedbackIndicators {
  const counted = items.filter((i) => i.state !== 'merged');
  const asOf = new Date(Math.min(to.getTime(), now.getTime()));
  const handling = { onTime: 0, late: 0, withinTime: 0, overdue: 0 };
  for (const i of counted) {
    if (i.closedAt && within(i.closedAt, from, to)) {
      if (i.timing === 'late') handling.late++;
      else handling.onTime++;
    } else if (i.submittedAt.getTime() <= to.getTime() && (!i.closedAt || i.closedAt.getTime() > to.getTime())) {
      // §8.2: in progress counts within time while (period end or today) is within the answer deadline.
      if (asOf.getTime() <= i.answerDueAt.getTime()) handling.withinTime++;
      else handling.overdue++;
    }
  }
  const fresh = counted.filter((i) => within(i.submittedAt, from, to));
  const satisfied = fresh.filter((i) => {
    const late = i.timing === 'late' || (!i.closedAt && asOf.getTime() > i.answerDueAt.getTime());
    return !(i.dislikes > i.likes) && !late && i.reopenCount === 0;
  }).length;
  const handled = handling.onTime + handling.late + handling.withinTime + handling.overdue;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    received: {
      rules: fresh.filter((i) => i.classification === 'rules').length,
      conduct: fresh.filter((i) => i.classification === 'conduct').length,
    },
    handling: { ...handling, rate: percent(handling.onTime + handling.withinTime, handled) },
    satisfaction: { received: fresh.length, satisfied, rate: percent(satisfied, fresh.length) },
  };
}

/** The columns computeIndicators reads; the insights read model selects the same (facts.ts). */
export const indicatorColumns = {
  classification: feedbackItems.classification,
  state: feedbackItems.state,
  submittedAt: feedbackItems.submittedAt,
  closedAt: feedbackItems.closedAt,
  timing: feedbackItems.timing,
  answerDueAt: feedbackItems.answerDueAt,
  likes: feedbackItems.likes,
  dislikes: feedbackItems.dislikes,
  reopenCount: feedbackItems.reopenCount,
};

/** The indicators of the province (or one agency) for staff of the province. Counts only: no item is shown. */
export async function feedbackIndicators(
  db: Executor,
  caller: Caller,
  input: { provinceCode: string; from: Date; to: Date; agencyId?: string | undefined; now?: Date },
): Promise<FeedbackIndicators> {
  if (caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  if (caller.kind === 'citizen' || (caller.kind === 'staff' && caller.provinceCode !== input.provinceCode)) {
    throw new DomainError('FORBIDDEN');
  }
  const where: SQL[] = [
    eq(feedbackItems.provinceCode, input.provinceCode),
    lte(feedbackItems.submittedAt, input.to),
    ne(feedbackItems.state, 'merged'),
  ];
  const open = or(isNull(feedbackItems.closedAt), gte(feedbackItems.closedAt, input.from));
  if (open) where.push(open);
  if (input.agencyId) where.push(eq(feedbackItems.agencyId, input.agencyId));
  const rows = await db
    .select(indicatorColumns)
    .from(feedbackItems)
    .where(and(...where));
  return computeIndicators(rows, input.from, input.to, input.now ?? new Date());
}
