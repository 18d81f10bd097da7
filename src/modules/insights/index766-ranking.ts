/**
 * The 766 index of every agency or commune (or the province alone) for a period and the one
 * before it, with the change and the competition rank among them.
 */
import { communeOf, type Filters, type Lookups } from './dimensions.ts';
import { extra54, type Index766, index766, round2 } from './index766.ts';
import { indicatorsOf } from './indicators.ts';
import type { PeriodData } from './load-period.ts';

export interface ScopeScore {
  key: string;
  label: string;
  index: Index766;
  previousTotal: number | null;
  /** total − previous total (month on month for a month). */
  change: number | null;
  /** 1 = best; equal totals share a rank. */
  rank: number | null;
}

/** The index of a scope for a period and the one before. */
function scoreScope(
  current: PeriodData,
  previous: PeriodData,
  filters: Filters,
  lookups: Lookups,
  now: Date,
): { index: Index766; previous: Index766 } {
  const ind = indicatorsOf(current, filters, lookups, now);
  const before = indicatorsOf(previous, filters, lookups, now);
  return {
    index: index766(ind, extra54(current, filters, lookups, ind)),
    previous: index766(before, extra54(previous, filters, lookups, before)),
  };
}

/** Competition ranking by total, best first (1, 1, 3…). */
function rankScores<T extends { index: Index766 }>(scores: T[]): Array<T & { rank: number }> {
  const sorted = [...scores].sort((a, b) => b.index.total - a.index.total);
  return sorted.map((s, i) => {
    const first = sorted.findIndex((x) => x.index.total === s.index.total);
    return { ...s, rank: first === -1 ? i + 1 : first + 1 };
  });
}

export type IndexLevel = 'province' | 'agency' | 'commune';

/**
 * The index of every agency (competent for a dossier of either period) or every commune, ranked,
 * with the change on the previous period; or the province alone.
 */
export function rankedIndex(
  current: PeriodData,
  previous: PeriodData,
  level: IndexLevel,
  lookups: Lookups,
  now: Date,
): ScopeScore[] {
  const scopes = new Map<string, { label: string; filters: Filters }>();
  if (level === 'province') scopes.set('province', { label: 'Toàn tỉnh', filters: {} });
  else {
    for (const row of [...current.cells, ...previous.cells]) {
      if (level === 'agency') {
        const a = lookups.agencies.get(row.competentAgencyId);
        scopes.set(row.competentAgencyId, {
          label: a?.name ?? row.competentAgencyId,
          filters: { agencyId: row.competentAgencyId },
        });
      } else {
        const c = communeOf(row.competentAgencyId, lookups.agencies);
        if (c) scopes.set(c.id, { label: c.name, filters: { communeId: c.id } });
      }
    }
  }
  const scored = [...scopes].map(([key, s]) => {
    const { index, previous: before } = scoreScope(current, previous, s.filters, lookups, now);
    return { key, label: s.label, index, previousTotal: before.total, change: round2(index.total - before.total) };
  });
  const ranked = rankScores(scored);
  return ranked.map((s) => ({ ...s, rank: level === 'province' ? null : s.rank }));
}
