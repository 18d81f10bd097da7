/**
 * The dossiers module's published reads for other modules (feedback routing, ratings, the
 * 18-point evaluation). No caller check here: each use case that calls them checks its own
 * caller, as rating checks the applicant or the tracking key before it reveals anything.
 * The tables stay this module's own; no other module imports schema.ts.
 */
import { and, count, desc, eq, gte, inArray, isNotNull, lt, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { dossierActions, dossierSteps, dossiers } from './schema.ts';

/** The agency competent for a filed dossier of the province, or undefined (feedback routing). */
export async function competentAgencyOfDossier(
  db: Executor,
  code: string,
  provinceCode: string,
): Promise<string | undefined> {
  const [row] = await db
    .select({ agencyId: dossiers.competentAgencyId })
    .from(dossiers)
    .where(and(eq(dossiers.code, code), eq(dossiers.provinceCode, provinceCode)));
  return row?.agencyId;
}

export interface DossierToRate {
  id: string;
  code: string | null;
  provinceCode: string;
  state: string;
  applicantAccountId: string | null;
  receivingAgencyId: string;
  trackingKey: string;
}

/** What rating a dossier needs to know of it (the caller is checked by ratings), or undefined. */
export async function findDossierForRating(db: Executor, code: string): Promise<DossierToRate | undefined> {
  const [row] = await db
    .select({
      id: dossiers.id,
      code: dossiers.code,
      provinceCode: dossiers.provinceCode,
      state: dossiers.state,
      applicantAccountId: dossiers.applicantAccountId,
      receivingAgencyId: dossiers.receivingAgencyId,
      trackingKey: dossiers.trackingKey,
    })
    .from(dossiers)
    .where(eq(dossiers.code, code));
  return row;
}

/** The staff's `deliver` and `receive` actions on a dossier, the latest first (who served the applicant). */
export function servingActions(
  db: Executor,
  dossierId: string,
): Promise<Array<{ type: string; actorId: string | null; agencyId: string | null; at: Date }>> {
  return db
    .select({
      type: dossierActions.type,
      actorId: dossierActions.actorId,
      agencyId: dossierActions.actorAgencyId,
      at: dossierActions.at,
    })
    .from(dossierActions)
    .where(
      and(
        eq(dossierActions.dossierId, dossierId),
        eq(dossierActions.actorKind, 'staff'),
        inArray(dossierActions.type, ['deliver', 'receive']),
      ),
    )
    .orderBy(desc(dossierActions.seq));
}

type Timing = 'early' | 'onTime' | 'late';

export interface AgencyQuarterFacts {
  /** Dossiers of the agency (competent or receiving) finished in the period, with their timing. */
  finished: Array<{ id: string; channel: string; timing: Timing; supplementRequests: number }>;
  /** Steps of the agency completed in the period, with their timing. */
  steps: Array<{ dossierId: string; timing: Timing }>;
  /** Dossiers of the agency received in the period, counted by channel. */
  received: Array<{ channel: string; n: number }>;
}

/**
 * The dossier facts of one agency over a period [start, end) that the 18-point evaluation
 * (ratings/evaluation-compute.ts) scores: the read model this module publishes for it.
 */
export async function agencyQuarterFacts(
  db: Executor,
  agencyId: string,
  period: { start: Date; end: Date },
): Promise<AgencyQuarterFacts> {
  const within = (column: Parameters<typeof gte>[0]): SQL[] => [gte(column, period.start), lt(column, period.end)];
  const ofAgency = or(eq(dossiers.competentAgencyId, agencyId), eq(dossiers.receivingAgencyId, agencyId));
  const finishedWhere = and(ofAgency, ...within(dossiers.finishedAt), isNotNull(dossiers.timing));
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
  const steps = await db
    .select({ dossierId: dossierSteps.dossierId, timing: dossierSteps.timing })
    .from(dossierSteps)
    .where(
      and(eq(dossierSteps.agencyId, agencyId), ...within(dossierSteps.completedAt), isNotNull(dossierSteps.timing)),
    );
  const received = await db
    .select({ channel: dossiers.channel, n: count() })
    .from(dossiers)
    .where(and(ofAgency, ...within(dossiers.receivedAt)))
    .groupBy(dossiers.channel);
  return {
    finished: finished.flatMap((d) =>
      d.timing
        ? [{ id: d.id, channel: d.channel, timing: d.timing, supplementRequests: requestsOf.get(d.id) ?? 0 }]
        : [],
    ),
    steps: steps.flatMap((s) => (s.timing ? [{ dossierId: s.dossierId, timing: s.timing }] : [])),
    received,
  };
}
