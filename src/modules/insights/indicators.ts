/**
 * The dashboard's indicators of a scope for a period, and broken down along a dimension,
 * computed from a period's rollup cells (load-period.ts, period-cells.ts) with the formulas
 * of dossier-figures.ts.
 */

import type { FeedbackIndicators } from '../feedback/index.ts';
import {
  type Dimension,
  type Filters,
  feedbackApplies,
  feedbackMatches,
  groupOf,
  type Lookups,
  matches,
} from './dimensions.ts';
import {
  type DossierIndicators,
  dossierIndicators,
  feedbackFigures,
  type Satisfaction,
  satisfaction,
} from './dossier-figures.ts';
import type { PeriodData } from './load-period.ts';

export interface Indicators {
  dossiers: DossierIndicators;
  satisfaction: Satisfaction;
  /** Null when the scope is a field, procedure or channel (feedback has none). */
  feedback: FeedbackIndicators | null;
}

export function indicatorsOf(data: PeriodData, filters: Filters, lookups: Lookups, now: Date): Indicators {
  const cells = data.cells.filter((c) => matches(c, filters, lookups));
  const ratings = data.ratings.filter((r) => matches(r, filters, lookups));
  return {
    dossiers: dossierIndicators(cells, lookups.procedures),
    satisfaction: satisfaction(ratings),
    feedback: feedbackApplies(filters)
      ? feedbackFigures(
          data.feedback.filter((r) => feedbackMatches(r, filters, lookups)),
          data.period,
          now,
        )
      : null,
  };
}

export interface Breakdown {
  key: string;
  label: string;
  indicators: Indicators;
}

/** The indicators of each group of a dimension within the filtered scope, largest first. */
export function breakdown(
  data: PeriodData,
  filters: Filters,
  dimension: Dimension,
  lookups: Lookups,
  now: Date,
): Breakdown[] {
  const groups = new Map<string, string>();
  for (const cell of data.cells) {
    if (!matches(cell, filters, lookups) || cell.carriedOver + cell.received === 0) continue;
    const g = groupOf(cell, dimension, lookups);
    groups.set(g.key, g.label);
  }
  const keyFilter = (key: string): Filters => {
    switch (dimension) {
      case 'agency':
        return { ...filters, agencyId: key };
      case 'commune':
        return { ...filters, communeId: key };
      case 'field':
        return { ...filters, fieldCode: key };
      case 'procedure':
        return { ...filters, procedureId: key };
      case 'channel':
        return { ...filters, channel: key as Filters['channel'] };
    }
  };
  return [...groups]
    .map(([key, label]) => ({ key, label, indicators: indicatorsOf(data, keyFilter(key), lookups, now) }))
    .sort((a, b) => b.indicators.dossiers.received.total - a.indicators.dossiers.received.total);
}
