/**
 * The 9-criterion, 18-point evaluation of an agency per quarter (DOMAIN.md §1.6): points
 * computed from data where the data allows, the agency's self-assessment (Điểm tự chấm) and
 * the province's appraisal (Điểm thẩm định), totals and the grade from data/ratings/grade-bands.json.
 */
import { and, asc, eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { requireStaff } from '../../platform/auth/permissions.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { type AgencyFacts, agencyById, loadAgencyFacts } from '../directory/index.ts';
import { adminScope, auditActor, cleanComment, covers, isProvinceWide } from './access.ts';
import { type CriterionDefinition, evaluationData, versionOn } from './data.ts';
import './errors.ts';
import { type ComputedEvaluation, computeCriteria } from './evaluation-compute.ts';
import { checkCriterion, checkPoints, gradeOf, parseQuarter, type Quarter, round2 } from './rules.ts';
import { agencyEvaluations } from './schema.ts';

interface EvaluationCriterionView extends CriterionDefinition {
  /** Computed now from the data; null when the data does not allow it. */
  computed: number | null;
  basis: Record<string, number | boolean | null>;
  /** The computed value when points were last saved. */
  savedComputed: number | null;
  self: number | null;
  appraised: number | null;
  /** Appraised, else self-assessed, else computed. */
  effective: number | null;
  note: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

interface EvaluationTotals {
  /** Sum of the points present in the column, out of 18. */
  points: number;
  /** Criteria with points in the column. */
  criteria: number;
  /** Grade, only once all 9 criteria have points. */
  grade: string | null;
}

export interface EvaluationView {
  agency: { id: string; name: string };
  quarter: string;
  criteria: EvaluationCriterionView[];
  totals: {
    computed: EvaluationTotals;
    self: EvaluationTotals;
    appraised: EvaluationTotals;
    effective: EvaluationTotals;
  };
  serviceIndex54: ComputedEvaluation['serviceIndex54'];
  /** Which data the evaluation used; unverified data is shown as such to administrators. */
  data: {
    criteriaFrom: string;
    criteriaVerified: boolean;
    bandsFrom: string;
    bandsVerified: boolean;
    bandsSource: string;
  };
  /** What this caller may edit. */
  editable: { self: boolean; appraised: boolean };
}

const dayOf = (q: Quarter) => `${q.year}-${String(3 * (q.n - 1) + 1).padStart(2, '0')}-01`;

function dataFor(q: Quarter) {
  const all = evaluationData();
  return { criteria: versionOn(all.criteria, dayOf(q)), bands: versionOn(all.bands, dayOf(q)) };
}

/**
 * The criteria the data allows (1, 2, 3, 7, 9) and indicator 5.4 for one agency and quarter
 * ('YYYY-Qn'), with the criteria data in force then. No permission check: for jobs and reports.
 */
export function computeAgencyEvaluation(db: Executor, agencyId: string, quarter: string): Promise<ComputedEvaluation> {
  const q = parseQuarter(quarter);
  return computeCriteria(db, agencyId, q, dataFor(q).criteria);
}

async function requireAgency(db: Executor, agencyId: string): Promise<AgencyFacts> {
  const facts = await loadAgencyFacts(db, agencyId);
  if (!facts) throw new DomainError('EVALUATION_AGENCY_NOT_FOUND', { agencyId });
  return facts;
}

/** Staff of the agency's province (and the system) read evaluations. */
async function requireReader(db: Executor, caller: Caller, agencyId: string): Promise<AgencyFacts> {
  if (caller.kind !== 'system') requireStaff(caller);
  const agency = await requireAgency(db, agencyId);
  if (caller.kind === 'staff' && caller.provinceCode !== agency.provinceCode) throw new DomainError('FORBIDDEN');
  return agency;
}

function totals(values: ReadonlyArray<number | null>, bands: Parameters<typeof gradeOf>[1]): EvaluationTotals {
  const present = values.filter((v): v is number => v !== null);
  const points = round2(present.reduce((a, b) => a + b, 0));
  return { points, criteria: present.length, grade: present.length === values.length ? gradeOf(points, bands) : null };
}

export async function getAgencyEvaluation(
  db: Executor,
  caller: Caller,
  input: { agencyId: string; quarter: string },
): Promise<EvaluationView> {
  const q = parseQuarter(input.quarter);
  const facts = await requireReader(db, caller, input.agencyId);
  const { criteria, bands } = dataFor(q);
  const computed = await computeCriteria(db, facts.id, q, criteria);
  const saved = await db
    .select()
    .from(agencyEvaluations)
    .where(and(eq(agencyEvaluations.agencyId, facts.id), eq(agencyEvaluations.quarter, q.key)))
    .orderBy(asc(agencyEvaluations.criterion));
  const agency = await agencyById(db, facts.id);
  const scope = await adminScope(db, caller);
  const rows: EvaluationCriterionView[] = criteria.criteria.map((definition) => {
    const c = computed.criteria.find((x) => x.criterion === definition.number);
    const s = saved.find((x) => x.criterion === definition.number);
    const self = s?.selfPoints ?? null;
    const appraised = s?.appraisedPoints ?? null;
    return {
      ...definition,
      computed: c?.points ?? null,
      basis: c?.basis ?? {},
      savedComputed: s?.computedPoints ?? null,
      self,
      appraised,
      effective: appraised ?? self ?? c?.points ?? null,
      note: s?.note ?? null,
      updatedBy: s?.updatedBy ?? null,
      updatedAt: s?.updatedAt.toISOString() ?? null,
    };
  });
  return {
    agency: { id: facts.id, name: agency?.name ?? '' },
    quarter: q.key,
    criteria: rows,
    totals: {
      computed: totals(
        rows.map((r) => r.computed),
        bands.bands,
      ),
      self: totals(
        rows.map((r) => r.self),
        bands.bands,
      ),
      appraised: totals(
        rows.map((r) => r.appraised),
        bands.bands,
      ),
      effective: totals(
        rows.map((r) => r.effective),
        bands.bands,
      ),
    },
    serviceIndex54: computed.serviceIndex54,
    data: {
      criteriaFrom: criteria.effectiveFrom,
      criteriaVerified: criteria.verified,
      bandsFrom: bands.effectiveFrom,
      bandsVerified: bands.verified,
      bandsSource: bands.source,
    },
    editable: {
      self: covers(scope, facts),
      appraised: isProvinceWide(scope) && covers(scope, facts),
    },
  };
}

export interface SetEvaluationPointsInput {
  agencyId: string;
  quarter: string;
  criterion: number;
  /** Self-assessed points (0–2); null clears them. Province admin or the agency's admin. */
  self?: number | null;
  /** Appraised points (0–2); null clears them. Province admin only. */
  appraised?: number | null;
  note?: string | null;
}

/** Saves self-assessed and/or appraised points of one criterion, with the computed value of the moment. */
export async function setEvaluationPoints(
  db: Executor,
  caller: Caller,
  input: SetEvaluationPointsInput,
  options: { now?: Date } = {},
): Promise<EvaluationView> {
  const now = options.now ?? new Date();
  const q = parseQuarter(input.quarter);
  checkCriterion(input.criterion);
  checkPoints(input.self, 'self');
  checkPoints(input.appraised, 'appraised');
  if (caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  await db.transaction(async (tx) => {
    const agency = await requireAgency(tx, input.agencyId);
    const scope = await adminScope(tx, caller);
    if (!covers(scope, agency)) throw new DomainError('FORBIDDEN', { reason: 'not_agency_admin' });
    if (input.appraised !== undefined && !isProvinceWide(scope)) {
      throw new DomainError('FORBIDDEN', { reason: 'appraisal_is_for_province_admins' });
    }
    const computed = await computeCriteria(tx, agency.id, q, dataFor(q).criteria);
    const computedPoints = computed.criteria.find((c) => c.criterion === input.criterion)?.points ?? null;
    const note = input.note === undefined ? undefined : cleanComment(input.note);
    const changes = {
      computedPoints,
      ...(input.self !== undefined ? { selfPoints: input.self } : {}),
      ...(input.appraised !== undefined ? { appraisedPoints: input.appraised } : {}),
      ...(note !== undefined ? { note } : {}),
      updatedBy: caller.kind === 'system' ? caller.name : caller.id,
      updatedAt: now,
    };
    await tx
      .insert(agencyEvaluations)
      .values({
        provinceCode: agency.provinceCode,
        agencyId: agency.id,
        quarter: q.key,
        criterion: input.criterion,
        ...changes,
      })
      .onConflictDoUpdate({
        target: [agencyEvaluations.agencyId, agencyEvaluations.quarter, agencyEvaluations.criterion],
        set: changes,
      });
    await recordAudit(tx, {
      provinceCode: agency.provinceCode,
      stream: `agency:${agency.id}`,
      action: 'evaluation.points_set',
      ...auditActor(caller),
      data: {
        quarter: q.key,
        criterion: input.criterion,
        self: input.self,
        appraised: input.appraised,
        note,
        computedPoints,
      },
      at: now,
    });
  });
  return getAgencyEvaluation(db, caller, { agencyId: input.agencyId, quarter: q.key });
}
