/**
 * The pure rules of ratings and of the 18-point evaluation (DOMAIN.md §1.6, §3.1 indicator
 * 5.4): quarters, per-dossier points, averages, percentages and grades. No clock, no storage.
 */
import { DomainError } from '../../platform/errors.ts';
import './errors.ts';
import type { RatingLevel } from './schema.ts';

/** Vietnam has one time zone, UTC+7, and no daylight saving. */
const VN_OFFSET_MS = 7 * 3_600_000;

export interface Quarter {
  /** 'YYYY-Qn' */
  key: string;
  year: number;
  n: 1 | 2 | 3 | 4;
  /** First instant of the quarter, Vietnam time. */
  start: Date;
  /** First instant after the quarter. */
  end: Date;
}

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** Parses 'YYYY-Qn'; throws EVALUATION_QUARTER_INVALID otherwise. */
export function parseQuarter(key: string): Quarter {
  const m = QUARTER.exec(key);
  if (!m) throw new DomainError('EVALUATION_QUARTER_INVALID', { quarter: key });
  const year = Number(m[1]);
  const n = Number(m[2]) as Quarter['n'];
  const start = new Date(Date.UTC(year, 3 * (n - 1), 1) - VN_OFFSET_MS);
  const end = new Date(Date.UTC(year, 3 * n, 1) - VN_OFFSET_MS);
  return { key, year, n, start, end };
}

/** The quarter an instant falls in, Vietnam time. */
export function quarterOf(at: Date): string {
  const local = new Date(at.getTime() + VN_OFFSET_MS);
  return `${local.getUTCFullYear()}-Q${Math.floor(local.getUTCMonth() / 3) + 1}`;
}

/** Two decimals, the display rule of the national index (§3.1 "Rounding and display"). */
export const round2 = (x: number): number => Math.round(x * 100) / 100;

export type Timing = 'early' | 'onTime' | 'late';
export type Points = 0 | 1 | 2;

/** Index 1 per dossier, and index 2 per step: shorter 2, equal 1, longer 0 (§1.6). */
export function timingPoints(timing: Timing): Points {
  return timing === 'early' ? 2 : timing === 'onTime' ? 1 : 0;
}

/**
 * Index 2 for one dossier: the agency's steps in it. Any late step makes the agency late for
 * that dossier; all early gives 2; otherwise 1.
 */
export function stepPoints(timings: readonly Timing[]): Points | null {
  if (timings.length === 0) return null;
  if (timings.includes('late')) return 0;
  return timings.every((t) => t === 'early') ? 2 : 1;
}

/**
 * Index 3 per dossier: contacts needed to complete it = supplement requests: 0 → 2, 1 → 1,
 * more → 0. "Unless the applicant's fault" cannot be told from the data: an administrator
 * corrects the self-assessed points when it applies.
 */
export function supplementPoints(requests: number): Points {
  return requests === 0 ? 2 : requests === 1 ? 1 : 0;
}

/**
 * Index 7 per dossier: a complaint (a "Không hài lòng" rating) gives 0; otherwise early 2,
 * on time 1. Late without a complaint fits neither listed case; our reading gives it 0, as
 * points are only granted for the listed conditions (README, "Reading of index 7").
 */
export function attitudePoints(input: { timing: Timing; complained: boolean }): Points {
  if (input.complained) return 0;
  return input.timing === 'early' ? 2 : input.timing === 'onTime' ? 1 : 0;
}

/** S1 averages per-dossier points per agency per quarter (§1.6 "Aggregation"); null without data. */
export function averagePoints(points: readonly number[]): number | null {
  if (points.length === 0) return null;
  return round2(points.reduce((a, b) => a + b, 0) / points.length);
}

export interface OnlineServiceThresholds {
  twoPoints: { procedureSharePercent: number; dossierSharePercent: number };
  onePoint: { dossierSharePercent: number };
}

export interface OnlineServiceFacts {
  /** Share of the agency's procedures offered online (partial or full), %; null: no procedures known. */
  procedureSharePercent: number | null;
  /** Online dossiers ÷ dossiers received in the quarter, %; null without dossiers. */
  dossierSharePercent: number | null;
  /** Any online dossier finished late in the quarter. */
  lateOnline: boolean;
}

/** Index 9 (§1.6), thresholds from data/ratings/criteria.json; null without dossiers. */
export function onlineServicePoints(facts: OnlineServiceFacts, t: OnlineServiceThresholds): Points | null {
  if (facts.dossierSharePercent === null) return null;
  if (facts.lateOnline) return 0;
  const offered = (facts.procedureSharePercent ?? 0) > 0 || facts.dossierSharePercent > 0;
  if (!offered) return 0;
  if (
    (facts.procedureSharePercent ?? 0) >= t.twoPoints.procedureSharePercent &&
    facts.dossierSharePercent >= t.twoPoints.dossierSharePercent
  ) {
    return 2;
  }
  return facts.dossierSharePercent >= t.onePoint.dossierSharePercent ? 1 : 0;
}

/** Part ÷ whole × 100, two decimals; null when the whole is 0 (§3.1: "N/A"). */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : round2((part / whole) * 100);
}

export type LevelCounts = Record<RatingLevel, number>;

export interface LevelBreakdown {
  /** Number of forms (phiếu) answered. */
  forms: number;
  counts: LevelCounts;
  /** % of each level = count ÷ forms × 100 (§1.6); null with no forms. */
  percent: Record<RatingLevel, number | null>;
}

export const emptyCounts = (): LevelCounts => ({ very_satisfied: 0, satisfied: 0, unsatisfied: 0 });

export function levelBreakdown(counts: LevelCounts): LevelBreakdown {
  const forms = counts.very_satisfied + counts.satisfied + counts.unsatisfied;
  return {
    forms,
    counts: { ...counts },
    percent: {
      very_satisfied: percent(counts.very_satisfied, forms),
      satisfied: percent(counts.satisfied, forms),
      unsatisfied: percent(counts.unsatisfied, forms),
    },
  };
}

/** A grade band: a total qualifies when it is above `above` or at least `atLeast`. */
export type GradeBand = { grade: string; above: number } | { grade: string; atLeast: number };

/** The first band, from the top, whose lower bound the total meets; null below every band. */
export function gradeOf(total: number, bands: readonly GradeBand[]): string | null {
  for (const band of bands) {
    if ('above' in band ? total > band.above : total >= band.atLeast) return band.grade;
  }
  return null;
}

export interface ServiceIndex54Config {
  maxPoints: number;
  fullPointsAtPercent: number;
}

export interface ServiceIndex54 {
  finished: number;
  latePercent: number | null;
  dislikedPercent: number | null;
  /** 100 − (late % + disliked %), not below 0. */
  ratePercent: number | null;
  points: number | null;
}

/**
 * QĐ 766 indicator 5.4 (§3.1): 100% − (late-dossier rate + rate of dossiers with PAKN or
 * dislike); full points at or above the threshold, below it rate × max ÷ threshold. PAKN about
 * a dossier is not linked to it yet, so only dislikes ("Không hài lòng") count.
 */
export function serviceIndex54(
  input: { finished: number; late: number; disliked: number },
  config: ServiceIndex54Config,
): ServiceIndex54 {
  const latePercent = percent(input.late, input.finished);
  const dislikedPercent = percent(input.disliked, input.finished);
  if (latePercent === null || dislikedPercent === null) {
    return { finished: input.finished, latePercent, dislikedPercent, ratePercent: null, points: null };
  }
  const ratePercent = round2(Math.max(0, 100 - (latePercent + dislikedPercent)));
  const points =
    ratePercent >= config.fullPointsAtPercent
      ? config.maxPoints
      : round2((ratePercent * config.maxPoints) / config.fullPointsAtPercent);
  return { finished: input.finished, latePercent, dislikedPercent, ratePercent, points };
}

/** Points an admin enters: 0 to 2 with at most two decimals (the column is numeric(4,2)). */
export function checkPoints(value: number | null | undefined, field: string): void {
  if (value === null || value === undefined) return;
  if (!Number.isFinite(value) || value < 0 || value > 2 || Math.abs(value * 100 - Math.round(value * 100)) > 1e-9) {
    throw new DomainError('EVALUATION_POINTS_INVALID', { field, value });
  }
}

export function checkCriterion(criterion: number): void {
  if (!Number.isInteger(criterion) || criterion < 1 || criterion > 9) {
    throw new DomainError('EVALUATION_CRITERION_INVALID', { criterion });
  }
}
