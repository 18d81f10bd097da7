/**
 * The criteria of the 18-point evaluation (DOMAIN.md §1.6) that the data allows, computed for
 * one agency and one quarter: per-dossier points averaged, as S1 averages per agency per
 * quarter. A dossier is the agency's when the agency is competent for it or received it.
 * Criteria 4, 5, 6 and 8 need facts the system does not hold (README, "What is computed").
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { onlineLevelsOffered } from '../catalog/index.ts';
import { agencyQuarterFacts } from '../dossiers/index.ts';
import type { ComputedSource, CriteriaVersion } from './data.ts';
import {
  attitudePoints,
  averagePoints,
  onlineServicePoints,
  percent,
  type Quarter,
  type ServiceIndex54,
  serviceIndex54,
  stepPoints,
  supplementPoints,
  type Timing,
  timingPoints,
} from './rules.ts';
import { dossierRatings } from './schema.ts';

interface ComputedCriterion {
  criterion: number;
  /** Null: not computable from the data, or no dossiers in the quarter. */
  points: number | null;
  /** The counts behind the points, for the report. */
  basis: Record<string, number | boolean | null>;
}

export interface ComputedEvaluation {
  agencyId: string;
  quarter: string;
  criteria: ComputedCriterion[];
  /** QĐ 766 indicator 5.4 for the same dossiers (§3.1). */
  serviceIndex54: ServiceIndex54;
}

/** Computes criteria 1, 2, 3, 7 and 9 and indicator 5.4 from dossiers, steps, actions and ratings. */
export async function computeCriteria(
  db: Executor,
  agencyId: string,
  quarter: Quarter,
  criteria: CriteriaVersion,
): Promise<ComputedEvaluation> {
  const facts = await agencyQuarterFacts(db, agencyId, { start: quarter.start, end: quarter.end });
  const requestsOf = new Map(facts.finished.map((d) => [d.id, d.supplementRequests]));
  // The finished dossiers' ids as one array parameter: a busy agency finishes thousands a quarter.
  const finishedIds = facts.finished.map((d) => d.id);
  const complaints = finishedIds.length
    ? await db
        .select({ dossierId: dossierRatings.dossierId })
        .from(dossierRatings)
        .where(
          and(
            eq(dossierRatings.level, 'unsatisfied'),
            sql`${dossierRatings.dossierId} = any(${sql.param(finishedIds)}::uuid[])`,
          ),
        )
    : [];
  const complained = new Set(complaints.map((c) => c.dossierId));

  const steps = facts.steps;
  const stepsOf = new Map<string, Timing[]>();
  for (const s of steps) stepsOf.set(s.dossierId, [...(stepsOf.get(s.dossierId) ?? []), s.timing]);

  const received = facts.received;
  const offered = await onlineLevelsOffered(db, agencyId);

  const timed = facts.finished;
  const late = timed.filter((d) => d.timing === 'late').length;
  const receivedTotal = received.reduce((a, r) => a + r.n, 0);
  const receivedOnline = received.find((r) => r.channel === 'online')?.n ?? 0;
  const procedureTotal = offered.reduce((a, r) => a + r.n, 0);
  const procedureOnline = offered.filter((r) => r.level !== 'info').reduce((a, r) => a + r.n, 0);
  const lateOnline = timed.some((d) => d.channel === 'online' && d.timing === 'late');
  const online = {
    procedureSharePercent: percent(procedureOnline, procedureTotal),
    dossierSharePercent: percent(receivedOnline, receivedTotal),
    lateOnline,
  };
  const perStep = [...stepsOf.values()].flatMap((t) => {
    const p = stepPoints(t);
    return p === null ? [] : [p];
  });
  const bySource: Record<ComputedSource, Omit<ComputedCriterion, 'criterion'>> = {
    dossierTiming: {
      points: averagePoints(timed.map((d) => timingPoints(d.timing))),
      basis: {
        dossiers: timed.length,
        early: timed.filter((d) => d.timing === 'early').length,
        onTime: timed.filter((d) => d.timing === 'onTime').length,
        late,
      },
    },
    stepTiming: { points: averagePoints(perStep), basis: { dossiers: stepsOf.size, steps: steps.length } },
    supplementRequests: {
      points: averagePoints(timed.map((d) => supplementPoints(requestsOf.get(d.id) ?? 0))),
      basis: {
        dossiers: timed.length,
        oneRequest: timed.filter((d) => requestsOf.get(d.id) === 1).length,
        moreRequests: timed.filter((d) => (requestsOf.get(d.id) ?? 0) > 1).length,
      },
    },
    ratingsAndTiming: {
      points: averagePoints(timed.map((d) => attitudePoints({ timing: d.timing, complained: complained.has(d.id) }))),
      basis: { dossiers: timed.length, complaints: complained.size },
    },
    onlineServices: {
      points: onlineServicePoints(online, criteria.onlineServices),
      basis: {
        received: receivedTotal,
        receivedOnline,
        procedures: procedureTotal,
        proceduresOnline: procedureOnline,
        ...online,
      },
    },
  };
  return {
    agencyId,
    quarter: quarter.key,
    criteria: criteria.criteria.map((c) => {
      const computed = c.computedFrom === null ? undefined : bySource[c.computedFrom];
      return { criterion: c.number, points: computed?.points ?? null, basis: computed?.basis ?? {} };
    }),
    serviceIndex54: serviceIndex54(
      { finished: timed.length, late, disliked: complained.size },
      criteria.serviceIndex54,
    ),
  };
}
