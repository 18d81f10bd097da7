/**
 * The criteria of the 18-point evaluation (DOMAIN.md §1.6) that the data allows, computed for
 * one agency and one quarter: per-dossier points averaged, as S1 averages per agency per
 * quarter. A dossier is the agency's when the agency is competent for it or received it.
 * Criteria 4, 5, 6 and 8 need facts the system does not hold (README, "What is computed").
 */
import { and, count, eq, gte, inArray, isNotNull, lt, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { procedureAgencies, procedures } from '../catalog/schema.ts';
import { dossierActions, dossierSteps, dossiers } from '../dossiers/schema.ts';
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

export interface ComputedCriterion {
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

const inQuarter = (column: Parameters<typeof gte>[0], q: Quarter): SQL[] => [gte(column, q.start), lt(column, q.end)];

/** Computes criteria 1, 2, 3, 7 and 9 and indicator 5.4 from dossiers, steps, actions and ratings. */
export async function computeCriteria(
  db: Executor,
  agencyId: string,
  quarter: Quarter,
  criteria: CriteriaVersion,
): Promise<ComputedEvaluation> {
  const ofAgency = or(eq(dossiers.competentAgencyId, agencyId), eq(dossiers.receivingAgencyId, agencyId));
  const finishedWhere = and(ofAgency, ...inQuarter(dossiers.finishedAt, quarter), isNotNull(dossiers.timing));
  const finished = await db
    .select({ id: dossiers.id, channel: dossiers.channel, timing: dossiers.timing })
    .from(dossiers)
    .where(finishedWhere);
  const finishedIds = db.select({ id: dossiers.id }).from(dossiers).where(finishedWhere);

  const requests = await db
    .select({ dossierId: dossierActions.dossierId, n: count() })
    .from(dossierActions)
    .where(and(eq(dossierActions.type, 'request_supplement'), inArray(dossierActions.dossierId, finishedIds)))
    .groupBy(dossierActions.dossierId);
  const requestsOf = new Map(requests.map((r) => [r.dossierId, r.n]));

  const complaints = await db
    .select({ dossierId: dossierRatings.dossierId })
    .from(dossierRatings)
    .where(and(eq(dossierRatings.level, 'unsatisfied'), inArray(dossierRatings.dossierId, finishedIds)));
  const complained = new Set(complaints.map((c) => c.dossierId));

  const steps = await db
    .select({ dossierId: dossierSteps.dossierId, timing: dossierSteps.timing })
    .from(dossierSteps)
    .where(
      and(
        eq(dossierSteps.agencyId, agencyId),
        ...inQuarter(dossierSteps.completedAt, quarter),
        isNotNull(dossierSteps.timing),
      ),
    );
  const stepsOf = new Map<string, Timing[]>();
  for (const s of steps) {
    if (!s.timing) continue;
    stepsOf.set(s.dossierId, [...(stepsOf.get(s.dossierId) ?? []), s.timing]);
  }

  const received = await db
    .select({ channel: dossiers.channel, n: count() })
    .from(dossiers)
    .where(and(ofAgency, ...inQuarter(dossiers.receivedAt, quarter)))
    .groupBy(dossiers.channel);
  const offered = await db
    .select({ level: procedures.onlineLevel, n: count() })
    .from(procedures)
    .innerJoin(procedureAgencies, eq(procedureAgencies.procedureId, procedures.id))
    .where(and(eq(procedureAgencies.agencyId, agencyId), eq(procedures.active, true)))
    .groupBy(procedures.onlineLevel);

  const timed = finished.flatMap((d) => (d.timing ? [{ ...d, timing: d.timing }] : []));
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
