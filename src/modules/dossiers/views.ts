/**
 * Reading dossiers: one dossier for its applicant or the staff of an agency that holds or
 * held it (every staff read of personal data is audited), the staff inbox and the citizen's
 * list, and public tracking by code and key (no personal data).
 */
import { timingSafeEqual } from 'node:crypto';
import { and, asc, eq, exists, gte, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import type { Applicant } from './filing-rules.ts';
import { dossierActions, dossierHolders, dossierSteps, dossiers } from './schema.ts';
import { snapshotFromJson } from './snapshot-json.ts';
import {
  allowedActions,
  type DossierActor,
  type DossierState,
  nationalStatusCode,
  stateLabelForCitizen,
  stateLabelVi,
} from './states.ts';

registerErrors({
  DOSSIER_TRACKING_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy hồ sơ với mã số và mã tra cứu này. Vui lòng kiểm tra lại giấy tiếp nhận.',
  },
});

export interface DossierView {
  id: string;
  code: string;
  state: DossierState;
  stateLabel: string;
  nationalStatusCode: number | null;
  channel: string;
  procedure: { id: string; name: string; nationalCode: string | null; version: number };
  receivingAgencyId: string;
  competentAgencyId: string;
  holdingAgencyId: string;
  submittedAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  finishedAt: string | null;
  deliveredAt: string | null;
  timing: string | null;
  clockPaused: boolean;
  supplementRequests: number;
  extensions: number;
  steps: Array<{
    idx: number;
    name: string;
    role: string;
    agencyId: string;
    status: string;
    dueAt: string | null;
    completedAt: string | null;
  }>;
  timeline: Array<{
    seq: number;
    type: string;
    at: string;
    actorRole: string | null;
    fromState: string | null;
    toState: string;
  }>;
  allowedActions: string[];
  /** Only for the applicant and the staff of a holding agency (audited). */
  applicant?: Applicant;
  formData?: Record<string, unknown>;
  trackingKey?: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function canRead(db: Executor, caller: Caller, row: typeof dossiers.$inferSelect): Promise<boolean> {
  if (caller.kind === 'system') return true;
  if (caller.kind === 'citizen') return row.applicantAccountId === caller.id;
  if (caller.kind !== 'staff') return false;
  if ([row.holdingAgencyId, row.receivingAgencyId, row.competentAgencyId].includes(caller.agencyId)) return true;
  const [held] = await db
    .select({ one: sql<number>`1` })
    .from(dossierHolders)
    .where(and(eq(dossierHolders.dossierId, row.id), eq(dossierHolders.agencyId, caller.agencyId)));
  return held !== undefined;
}

export async function loadView(
  db: Executor,
  caller: Caller,
  code: string,
  options: { audit: boolean },
): Promise<DossierView> {
  const [row] = await db.select().from(dossiers).where(eq(dossiers.code, code));
  if (!row || !(await canRead(db, caller, row))) throw new DomainError('DOSSIER_NOT_FOUND', { code });
  const steps = await db
    .select()
    .from(dossierSteps)
    .where(eq(dossierSteps.dossierId, row.id))
    .orderBy(asc(dossierSteps.idx));
  const actions = await db
    .select()
    .from(dossierActions)
    .where(eq(dossierActions.dossierId, row.id))
    .orderBy(asc(dossierActions.seq));
  const snapshot = snapshotFromJson(row.machine);
  const current = steps[snapshot.currentStep];
  const actor: DossierActor | null =
    caller.kind === 'citizen'
      ? { kind: 'citizen' }
      : caller.kind === 'staff'
        ? {
            kind: 'staff',
            roles: caller.roles,
            atHoldingAgency: caller.agencyId === row.holdingAgencyId || caller.agencyId === current?.agencyId,
          }
        : null;
  const personal = caller.kind === 'citizen' || caller.kind === 'staff';
  if (options.audit && caller.kind === 'staff') {
    // ARCHITECTURE.md data rules: every read of personal data by staff is audited.
    await recordAudit(db, {
      provinceCode: row.provinceCode,
      stream: `dossier:${row.code}`,
      action: 'read_personal_data',
      actorId: caller.id,
      actorRole: caller.roles.join(','),
      data: { agencyId: caller.agencyId },
    });
  }
  const snap = row.procedureSnapshot as { name: string; nationalCode: string | null };
  return {
    id: row.id,
    code: row.code ?? '',
    state: row.state as DossierState,
    stateLabel:
      caller.kind === 'staff'
        ? stateLabelVi(row.state as DossierState)
        : stateLabelForCitizen(row.state as DossierState),
    nationalStatusCode: nationalStatusCode(row.state as DossierState),
    channel: row.channel,
    procedure: { id: row.procedureId, name: snap.name, nationalCode: snap.nationalCode, version: row.procedureVersion },
    receivingAgencyId: row.receivingAgencyId,
    competentAgencyId: row.competentAgencyId,
    holdingAgencyId: row.holdingAgencyId,
    submittedAt: iso(row.submittedAt),
    receivedAt: iso(row.receivedAt),
    dueAt: iso(row.dueAt),
    finishedAt: iso(row.finishedAt),
    deliveredAt: iso(row.deliveredAt),
    timing: row.timing,
    clockPaused: row.clockPausedAt !== null,
    supplementRequests: snapshot.supplementRequests,
    extensions: snapshot.extensions,
    steps: steps.map((s) => ({
      idx: s.idx,
      name: s.name,
      role: s.role,
      agencyId: s.agencyId,
      status: s.status,
      dueAt: iso(s.dueAt),
      completedAt: iso(s.completedAt),
    })),
    timeline: actions.map((a) => ({
      seq: a.seq,
      type: a.type,
      at: a.at.toISOString(),
      actorRole: a.actorRole,
      fromState: a.fromState,
      toState: a.toState,
    })),
    allowedActions: actor ? allowedActions(snapshot, actor) : [],
    ...(personal
      ? {
          applicant: row.applicant as Applicant,
          formData: row.formData as Record<string, unknown>,
          trackingKey: row.trackingKey,
        }
      : {}),
  };
}

export const getDossier = (db: Executor, caller: Caller, code: string) => loadView(db, caller, code, { audit: true });

export interface ListFilters {
  state?: DossierState;
  dueSoon?: boolean;
  overdue?: boolean;
  procedureId?: string;
  agencyId?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  offset?: number;
  now?: Date;
}

export interface DossierListItem {
  code: string;
  state: DossierState;
  stateLabel: string;
  procedureName: string;
  applicantName: string;
  submittedAt: string | null;
  dueAt: string | null;
  urgency: 'overdue' | 'due_today' | 'due_soon' | 'normal' | 'finished';
}

/** Staff: dossiers their agency holds or held, most urgent first. Citizens: their own. */
export async function listDossiers(db: Executor, caller: Caller, filters: ListFilters = {}) {
  const now = filters.now ?? new Date();
  const where: SQL[] = [];
  if (caller.kind === 'citizen') where.push(eq(dossiers.applicantAccountId, caller.id));
  else if (caller.kind === 'staff') {
    const agency = filters.agencyId ?? caller.agencyId;
    if (agency !== caller.agencyId && !caller.roles.includes('admin') && !caller.roles.includes('inspector')) {
      throw new DomainError('FORBIDDEN');
    }
    where.push(
      or(
        eq(dossiers.holdingAgencyId, agency),
        exists(
          db
            .select({ one: sql`1` })
            .from(dossierHolders)
            .where(and(eq(dossierHolders.dossierId, dossiers.id), eq(dossierHolders.agencyId, agency))),
        ),
      ) as SQL,
    );
  } else throw new DomainError(caller.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  if (filters.state) where.push(eq(dossiers.state, filters.state));
  if (filters.procedureId) where.push(eq(dossiers.procedureId, filters.procedureId));
  if (filters.from) where.push(gte(dossiers.submittedAt, filters.from));
  if (filters.to) where.push(lte(dossiers.submittedAt, filters.to));
  const soon = new Date(now.getTime() + 24 * 3_600_000);
  if (filters.overdue) where.push(and(isNull(dossiers.finishedAt), lte(dossiers.dueAt, now)) as SQL);
  if (filters.dueSoon)
    where.push(and(isNull(dossiers.finishedAt), gte(dossiers.dueAt, now), lte(dossiers.dueAt, soon)) as SQL);
  const condition = and(...where);
  const rows = await db
    .select()
    .from(dossiers)
    .where(condition)
    .orderBy(
      sql`(${dossiers.finishedAt} is not null)`,
      sql`${dossiers.dueAt} asc nulls last`,
      asc(dossiers.submittedAt),
    )
    .limit(Math.min(filters.limit ?? 50, 200))
    .offset(filters.offset ?? 0);
  const [counts] = await db
    .select({
      total: sql<number>`count(*)::int`,
      overdue: sql<number>`count(*) filter (where ${dossiers.finishedAt} is null and ${dossiers.dueAt} < ${now})::int`,
      dueSoon: sql<number>`count(*) filter (where ${dossiers.finishedAt} is null and ${dossiers.dueAt} >= ${now} and ${dossiers.dueAt} <= ${soon})::int`,
    })
    .from(dossiers)
    .where(condition);
  const todayEnd = new Date(Math.floor((now.getTime() + 7 * 3_600_000) / 86_400_000 + 1) * 86_400_000 - 7 * 3_600_000);
  const items: DossierListItem[] = rows.map((r) => ({
    code: r.code ?? '',
    state: r.state as DossierState,
    stateLabel:
      caller.kind === 'staff' ? stateLabelVi(r.state as DossierState) : stateLabelForCitizen(r.state as DossierState),
    procedureName: (r.procedureSnapshot as { name: string }).name,
    applicantName: (r.applicant as Applicant).fullName,
    submittedAt: iso(r.submittedAt),
    dueAt: iso(r.dueAt),
    urgency: r.finishedAt
      ? 'finished'
      : !r.dueAt
        ? 'normal'
        : r.dueAt < now
          ? 'overdue'
          : r.dueAt <= todayEnd
            ? 'due_today'
            : r.dueAt <= soon
              ? 'due_soon'
              : 'normal',
  }));
  return { items, total: counts?.total ?? 0, overdue: counts?.overdue ?? 0, dueSoon: counts?.dueSoon ?? 0 };
}

export interface TrackingView {
  code: string;
  state: DossierState;
  stateLabel: string;
  procedureName: string;
  submittedAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  finishedAt: string | null;
  deliveredAt: string | null;
  stepsDone: Array<{ name: string; completedAt: string | null }>;
  stepsTotal: number;
}

const sameKey = (a: string, b: string) => {
  const x = Buffer.from(a.toUpperCase().replace(/[\s-]/g, ''));
  const y = Buffer.from(b.toUpperCase().replace(/[\s-]/g, ''));
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Public tracking: a wrong key and an unknown code answer exactly the same way. */
export async function trackDossier(db: Executor, code: string, key: string): Promise<TrackingView> {
  // Only the columns the public may see: no applicant, no form data, no large snapshots.
  const [row] = await db
    .select({
      id: dossiers.id,
      code: dossiers.code,
      trackingKey: dossiers.trackingKey,
      state: dossiers.state,
      procedureName: sql<string>`${dossiers.procedureSnapshot}->>'name'`,
      submittedAt: dossiers.submittedAt,
      receivedAt: dossiers.receivedAt,
      dueAt: dossiers.dueAt,
      finishedAt: dossiers.finishedAt,
      deliveredAt: dossiers.deliveredAt,
    })
    .from(dossiers)
    .where(eq(dossiers.code, code));
  if (!row || !sameKey(row.trackingKey, key)) throw new DomainError('DOSSIER_TRACKING_NOT_FOUND');
  const steps = await db
    .select({ name: dossierSteps.name, status: dossierSteps.status, completedAt: dossierSteps.completedAt })
    .from(dossierSteps)
    .where(eq(dossierSteps.dossierId, row.id))
    .orderBy(asc(dossierSteps.idx));
  return {
    code: row.code ?? '',
    state: row.state as DossierState,
    stateLabel: stateLabelForCitizen(row.state as DossierState),
    procedureName: row.procedureName,
    submittedAt: iso(row.submittedAt),
    receivedAt: iso(row.receivedAt),
    dueAt: iso(row.dueAt),
    finishedAt: iso(row.finishedAt),
    deliveredAt: iso(row.deliveredAt),
    stepsDone: steps.filter((s) => s.status === 'done').map((s) => ({ name: s.name, completedAt: iso(s.completedAt) })),
    stepsTotal: steps.length,
  };
}
