/**
 * Where a dossier stands in a period. A period's dossiers are those received before its end
 * and not finished before its start. Each is classified as of the period's end with the
 * dossiers module's `classifyTiming`, the national rule of QĐ 766 indicator 2.1 (DOMAIN.md
 * §1.5) — the same function the dossier's own timing uses.
 */
import { classifyTiming, type TimingClass } from '../dossiers/index.ts';
import type { DossierRow } from './load-period.ts';
import type { Period } from './periods.ts';

/** Where a dossier stands in a period. */
export interface Placement {
  /** Received before the period's start (form 06 col. 6, "từ kỳ trước"). */
  carriedOver: boolean;
  /** Early, on time, late (handled) or in progress within time / overdue, as of the period's end; null without a due date. */
  timing: TimingClass | null;
}

/** Placements already worked out, per row and period (a page classifies each row many times). */
const placements = new WeakMap<DossierRow, Map<string, Placement | null>>();

/** Null when the dossier is not one of the period's (not received, received after, or finished before). */
export function placeInPeriod(row: DossierRow, period: Period): Placement | null {
  const key = `${period.start.getTime()}-${period.end.getTime()}`;
  let known = placements.get(row);
  if (!known) {
    known = new Map();
    placements.set(row, known);
  }
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  const placed = placeUncached(row, period);
  known.set(key, placed);
  return placed;
}

function placeUncached(row: DossierRow, period: Period): Placement | null {
  if (!row.receivedAt || row.receivedAt.getTime() >= period.end.getTime()) return null;
  if (row.finishedAt && row.finishedAt.getTime() < period.start.getTime()) return null;
  const periodEnd = new Date(period.end.getTime() - 1);
  const intervals = row.supplementIntervals.map((i) => ({
    from: new Date(i.from),
    to: i.to === null ? null : new Date(i.to),
  }));
  let timing: TimingClass | null = null;
  if (row.dueAt) {
    timing = classifyTiming({
      receivedAt: row.receivedAt,
      dueAt: row.dueAt,
      finishedAt: row.finishedAt,
      supplementIntervals: intervals,
      // As timingInputOf: only the clock stops made by the period's end count (>1 → late).
      supplementRequests: intervals.filter((i) => i.from.getTime() <= periodEnd.getTime()).length,
      periodEnd,
    });
  }
  return { carriedOver: row.receivedAt.getTime() < period.start.getTime(), timing };
}
