/**
 * Filing and acting on dossiers. Every change is one transaction: the dossier row, its action
 * row (with the client's transaction id and the answer it got), its audit entry and its outbox
 * messages commit together. The same transaction id twice returns the first answer.
 */
import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { getWorkingCalendar } from '../../platform/calendar/store.ts';
import type { WorkingCalendar } from '../../platform/calendar/working-time.ts';
import { foldVietnamese, generateTrackingKey } from '../../platform/codes/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import { enqueue, formatVietnamDateTime, notificationPayload, type TemplateKey } from '../../platform/notify/index.ts';
import { getProcedure, type ProcedureView } from '../catalog/index.ts';
import { agencies } from '../directory/schema.ts';
import { nextDossierCode } from './codes.ts';
import { type Applicant, validateApplicant, validateFormData } from './filing-rules.ts';
import { dossierActions, dossierHolders, dossierSteps, dossiers } from './schema.ts';
import { snapshotFromJson, snapshotToJson } from './snapshot-json.ts';
import {
  type DossierAction,
  type DossierActor,
  type DossierRules,
  type DossierSnapshot,
  decide,
  newDossierSnapshot,
  type StepPlan,
} from './states.ts';
import { classifyTiming, timingInputOf } from './timing.ts';
import { type DossierView, loadView } from './views.ts';

registerErrors({
  DOSSIER_NOT_FOUND: { status: 404, vi: 'Không tìm thấy hồ sơ.' },
  DOSSIER_RECEIVING_AGENCY_REQUIRED: {
    status: 400,
    vi: 'Vui lòng chọn nơi nộp hồ sơ trong số các cơ quan thực hiện thủ tục này.',
  },
  DOSSIER_PROCEDURE_NOT_ONLINE: { status: 409, vi: 'Thủ tục này chưa cung cấp dịch vụ công trực tuyến.' },
  DOSSIER_FILER_NOT_ALLOWED: {
    status: 403,
    vi: 'Chỉ công dân đã đăng nhập hoặc cán bộ tiếp nhận tại quầy mới được nộp hồ sơ.',
  },
});

export interface DossierContext {
  provinceCode: string;
  /** Base of links in notices and QR codes. */
  publicUrl?: string;
  now?: Date;
  maxExtensions?: number;
}

export interface FileDossierInput {
  procedure: string;
  /** The implementing agency chosen by the applicant (required when there are several). */
  agencyId?: string;
  applicant: Applicant;
  formData?: Record<string, unknown>;
}

const scopeOf = (caller: Caller) =>
  caller.kind === 'citizen' || caller.kind === 'staff'
    ? caller.id
    : caller.kind === 'system'
      ? `system:${caller.name}`
      : 'anonymous';

/** The answer a transaction id already got, if any. */
async function replay(db: Executor, caller: Caller, transactionId: string): Promise<DossierView | undefined> {
  const [row] = await db
    .select({ response: dossierActions.response })
    .from(dossierActions)
    .where(and(eq(dossierActions.transactionScope, scopeOf(caller)), eq(dossierActions.transactionId, transactionId)));
  return row?.response ? (row.response as DossierView) : undefined;
}

const isUniqueViolation = (err: unknown): boolean => {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === '23505') return true;
  }
  return false;
};

/** Runs a change; a concurrent twin with the same transaction id loses the race and replays the winner. */
async function once(
  db: Executor,
  caller: Caller,
  transactionId: string,
  change: () => Promise<DossierView>,
): Promise<DossierView> {
  const earlier = await replay(db, caller, transactionId);
  if (earlier) return earlier;
  try {
    return await change();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const winner = await replay(db, caller, transactionId);
    if (winner) return winner;
    throw err;
  }
}

async function agencyRow(db: Executor, id: string) {
  const [row] = await db.select().from(agencies).where(eq(agencies.id, id));
  if (!row) throw new DomainError('DOSSIER_RECEIVING_AGENCY_REQUIRED', { agencyId: id });
  return row;
}

/** The service centre that receives for an agency: the commune's centre, or the province's. */
async function receivingCentreOf(db: Executor, competent: typeof agencies.$inferSelect) {
  const centres = await db
    .select()
    .from(agencies)
    .where(
      and(
        eq(agencies.provinceCode, competent.provinceCode),
        eq(agencies.kind, 'service_centre'),
        eq(agencies.active, true),
      ),
    );
  const own = centres.find((c) => c.parentId === competent.id);
  const province = centres.find((c) => c.level === 'province');
  return (competent.level === 'commune' ? own : province) ?? own ?? province ?? competent;
}

async function calendarFor(db: Executor, provinceCode: string, agencyId: string): Promise<WorkingCalendar> {
  const agency = await agencyRow(db, agencyId);
  return getWorkingCalendar(db, { provinceCode, hours: agency.officeHours ?? null });
}

function rulesWith(calendar: WorkingCalendar, ctx: DossierContext): DossierRules {
  return {
    maxExtensions: ctx.maxExtensions ?? 1,
    shiftDue: (due, pausedAt, resumedAt) => calendar.shiftDueAfterPause(due, pausedAt, resumedAt),
    stepDueAt: (start, hours) => calendar.addWorkingHours(start, hours),
  };
}

/** Legal due date from reception (DOMAIN.md §1.5): outside working hours counts from the next working time. */
export function dueDateOf(
  calendar: WorkingCalendar,
  procedure: ProcedureView,
  receivedAt: Date,
  online: boolean,
): Date {
  const limit = (online ? procedure.timeLimitOnline : null) ?? procedure.timeLimit;
  const start = calendar.normalise(receivedAt);
  if (limit.unit === 'working_hours') return calendar.addWorkingHours(start, limit.amount);
  if (limit.unit === 'calendar_days') return calendar.addCalendarDays(start, limit.amount, { skipHolidays: false });
  return calendar.addWorkingDays(start, limit.amount);
}

interface Loaded {
  row: typeof dossiers.$inferSelect;
  snapshot: DossierSnapshot;
}

async function lockDossier(tx: Executor, code: string): Promise<Loaded> {
  const [row] = await tx.select().from(dossiers).where(eq(dossiers.code, code)).for('update');
  if (!row) throw new DomainError('DOSSIER_NOT_FOUND', { code });
  return { row, snapshot: snapshotFromJson(row.machine) };
}

function actorOf(caller: Caller, row: typeof dossiers.$inferSelect, stepAgencyId: string | undefined): DossierActor {
  if (caller.kind === 'system') return { kind: 'system' };
  if (caller.kind === 'citizen' && row.applicantAccountId === caller.id) return { kind: 'citizen' };
  if (caller.kind === 'staff') {
    const atHoldingAgency = caller.agencyId === row.holdingAgencyId || caller.agencyId === stepAgencyId;
    return { kind: 'staff', roles: caller.roles, atHoldingAgency };
  }
  throw new DomainError(caller.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
}

export async function fileDossier(
  db: Executor,
  caller: Caller,
  input: FileDossierInput,
  options: { transactionId: string },
  ctx: DossierContext,
): Promise<DossierView> {
  const counter = caller.kind === 'staff' && caller.roles.includes('receiver');
  if (caller.kind !== 'citizen' && !counter) throw new DomainError('DOSSIER_FILER_NOT_ALLOWED');
  return once(db, caller, options.transactionId, async () => {
    const procedure = await getProcedure(db, input.procedure, { provinceCode: ctx.provinceCode });
    if (!counter && procedure.onlineLevel === 'info') throw new DomainError('DOSSIER_PROCEDURE_NOT_ONLINE');
    const chosen = input.agencyId ?? (procedure.agencies.length === 1 ? procedure.agencies[0]?.id : undefined);
    if (!chosen || !procedure.agencies.some((a) => a.id === chosen)) {
      throw new DomainError('DOSSIER_RECEIVING_AGENCY_REQUIRED', { agencies: procedure.agencies });
    }
    const applicant = validateApplicant(input.applicant);
    const formData = validateFormData(procedure.eform, input.formData ?? {});
    const competent = await agencyRow(db, chosen);
    const receiving =
      counter && caller.kind === 'staff'
        ? await agencyRow(db, caller.agencyId)
        : await receivingCentreOf(db, competent);
    const now = ctx.now ?? new Date();
    return db.transaction(async (tx) => {
      const code = await nextDossierCode(tx, receiving.code, now);
      const snapshot = newDossierSnapshot({ submittedAt: now });
      const [row] = await tx
        .insert(dossiers)
        .values({
          provinceCode: ctx.provinceCode,
          code,
          trackingKey: generateTrackingKey(),
          procedureId: procedure.id,
          procedureVersion: procedure.currentVersion,
          procedureSnapshot: {
            name: procedure.name,
            nationalCode: procedure.nationalCode,
            localCode: procedure.localCode,
            timeLimit: procedure.timeLimit,
            timeLimitOnline: procedure.timeLimitOnline,
            fees: procedure.fees,
            papers: procedure.papers,
            process: procedure.process,
            resultName: procedure.resultName,
          },
          channel: counter ? 'counter' : 'online',
          receivingAgencyId: receiving.id,
          competentAgencyId: competent.id,
          holdingAgencyId: receiving.id,
          applicantAccountId: caller.kind === 'citizen' ? caller.id : null,
          applicant,
          applicantSearch: foldVietnamese(`${applicant.fullName} ${applicant.personalId ?? ''}`),
          formData,
          state: snapshot.state,
          machine: snapshotToJson(snapshot),
          submittedAt: now,
        })
        .returning();
      if (!row) throw new Error('insert returned nothing');
      await tx.insert(dossierHolders).values({ dossierId: row.id, agencyId: receiving.id, since: now });
      const submitted = await record(tx, caller, row, 'submit', {}, snapshot.state, snapshot.state, ['submitted'], {
        transactionId: counter ? `${options.transactionId}:submit` : options.transactionId,
        now,
        ctx,
      });
      if (!counter) return submitted;
      return applyAction(tx, caller, code, { type: 'receive', dueAt: now, steps: [] }, options.transactionId, ctx);
    });
  });
}

export async function takeAction(
  db: Executor,
  caller: Caller,
  code: string,
  action: DossierAction,
  options: { transactionId: string },
  ctx: DossierContext,
): Promise<DossierView> {
  return once(db, caller, options.transactionId, () =>
    db.transaction((tx) => applyAction(tx, caller, code, action, options.transactionId, ctx)),
  );
}

async function applyAction(
  tx: Executor,
  caller: Caller,
  code: string,
  requested: DossierAction,
  transactionId: string,
  ctx: DossierContext,
): Promise<DossierView> {
  const now = ctx.now ?? new Date();
  const { row, snapshot } = await lockDossier(tx, code);
  // A twin request with the same transaction id may have committed while we waited for the lock.
  const earlier = await replay(tx, caller, transactionId);
  if (earlier) return earlier;
  const steps = await tx
    .select()
    .from(dossierSteps)
    .where(eq(dossierSteps.dossierId, row.id))
    .orderBy(dossierSteps.idx);
  const actor = actorOf(caller, row, steps[snapshot.currentStep]?.agencyId);
  const calendar = await calendarFor(tx, ctx.provinceCode, row.receivingAgencyId);
  let action = requested;
  let stepAgencies: string[] = [];
  if (requested.type === 'receive') {
    // Reception fixes the due date (Mẫu 01) and copies the workflow of the filed version.
    const procedure = await getProcedure(tx, row.procedureId, { provinceCode: ctx.provinceCode });
    const plan = await stepPlanOf(tx, row, procedure);
    stepAgencies = plan.agencies;
    action = {
      type: 'receive',
      dueAt: dueDateOf(calendar, procedure, now, row.channel === 'online'),
      steps: plan.steps,
    };
  }
  const decided = decide(snapshot, action, actor, now, rulesWith(calendar, ctx));
  if (!decided.ok) throw new DomainError(decided.code, { code, action: requested.type });
  const next = decided.next;
  if (requested.type === 'receive') {
    await tx.insert(dossierSteps).values(
      next.steps.map((s, idx) => ({
        dossierId: row.id,
        idx,
        provinceCode: row.provinceCode,
        name: s.name,
        role: s.role,
        unit: 'plan',
        agencyId: stepAgencies[idx] ?? row.competentAgencyId,
        budgetHours: Math.round(s.budgetHours),
        status: s.status,
        startedAt: s.startedAt,
        dueAt: s.dueAt,
        completedAt: s.completedAt,
      })),
    );
  } else {
    for (const [idx, s] of next.steps.entries()) {
      await tx
        .update(dossierSteps)
        .set({
          status: s.status,
          assigneeId: s.assigneeId,
          startedAt: s.startedAt,
          dueAt: s.dueAt,
          completedAt: s.completedAt,
        })
        .where(and(eq(dossierSteps.dossierId, row.id), eq(dossierSteps.idx, idx)));
    }
  }
  const allSteps = await tx
    .select()
    .from(dossierSteps)
    .where(eq(dossierSteps.dossierId, row.id))
    .orderBy(dossierSteps.idx);
  const holding =
    next.heldByOtherAgency ??
    // The agency of the step at work holds the dossier; before and after the steps, the centre.
    (next.finishedAt === null
      ? (allSteps[next.currentStep]?.agencyId ?? row.receivingAgencyId)
      : row.receivingAgencyId);
  const finished = next.finishedAt !== null;
  const timingInput = finished ? timingInputOf(next, { periodEnd: now }) : null;
  const timing = timingInput ? classifyTiming(timingInput) : null;
  await tx
    .update(dossiers)
    .set({
      state: next.state,
      machine: snapshotToJson(next),
      receivedAt: next.receivedAt,
      dueAt: next.dueAt,
      clockPausedAt: next.clockPausedAt,
      finishedAt: next.finishedAt,
      deliveredAt: next.deliveredAt,
      holdingAgencyId: holding,
      timing: timing === 'early' || timing === 'onTime' || timing === 'late' ? timing : null,
      electronicResult: next.resultElectronic,
      version: sql`${dossiers.version} + 1`,
      updatedAt: now,
    })
    .where(eq(dossiers.id, row.id));
  await tx.insert(dossierHolders).values({ dossierId: row.id, agencyId: holding, since: now }).onConflictDoNothing();
  return record(
    tx,
    caller,
    { ...row, holdingAgencyId: holding },
    requested.type,
    requested,
    snapshot.state,
    next.state,
    decided.events,
    {
      transactionId,
      now,
      ctx,
    },
  );
}

async function stepPlanOf(tx: Executor, row: typeof dossiers.$inferSelect, procedure: ProcedureView) {
  const steps: StepPlan[] = [];
  const stepAgencies: string[] = [];
  const online = row.channel === 'online';
  for (const step of procedure.process) {
    steps.push({
      name: step.name,
      role: step.role,
      budgetHours: online ? (step.hoursOnline ?? step.hours) : step.hours,
    });
    if (step.unit === 'receiving_centre') stepAgencies.push(row.receivingAgencyId);
    else if (step.unit === 'competent_agency') stepAgencies.push(row.competentAgencyId);
    else {
      const [other] = step.otherAgencyKind
        ? await tx
            .select({ id: agencies.id })
            .from(agencies)
            .where(and(eq(agencies.provinceCode, row.provinceCode), sql`${agencies.kind} = ${step.otherAgencyKind}`))
            .limit(1)
        : [];
      stepAgencies.push(other?.id ?? row.competentAgencyId);
    }
  }
  return { steps, agencies: stepAgencies };
}

/** Customer-facing notices (DOMAIN.md §1.3): the events a citizen is told about. */
const notices: Partial<Record<string, TemplateKey>> = {
  received: 'dossier.received',
  supplement_requested: 'dossier.supplementRequested',
  payment_requested: 'dossier.paymentRequested',
  extended: 'dossier.apologyExtended',
  result_ready: 'dossier.resultReady',
  delivered: 'dossier.delivered',
};

async function record(
  tx: Executor,
  caller: Caller,
  row: typeof dossiers.$inferSelect,
  type: string,
  payload: unknown,
  fromState: string,
  toState: string,
  events: readonly string[],
  options: { transactionId: string; now: Date; ctx: DossierContext },
): Promise<DossierView> {
  const [last] = await tx
    .select({ seq: sql<number>`coalesce(max(${dossierActions.seq}), 0)::int` })
    .from(dossierActions)
    .where(eq(dossierActions.dossierId, row.id));
  const seq = (last?.seq ?? 0) + 1;
  const actorRole = caller.kind === 'staff' ? caller.roles.join(',') : caller.kind;
  const [action] = await tx
    .insert(dossierActions)
    .values({
      provinceCode: row.provinceCode,
      dossierId: row.id,
      seq,
      type,
      payload: JSON.parse(JSON.stringify(payload ?? {})),
      actorId: caller.kind === 'citizen' || caller.kind === 'staff' ? caller.id : null,
      actorKind: caller.kind,
      actorRole,
      actorAgencyId: caller.kind === 'staff' ? caller.agencyId : null,
      fromState,
      toState,
      at: options.now,
      transactionId: options.transactionId,
      transactionScope: scopeOf(caller),
    })
    .returning({ id: dossierActions.id });
  const stream = `dossier:${row.code}`;
  await recordAudit(tx, {
    provinceCode: row.provinceCode,
    stream,
    action: type,
    actorId: caller.kind === 'citizen' || caller.kind === 'staff' ? caller.id : null,
    actorRole,
    data: { seq, fromState, toState, payload: JSON.parse(JSON.stringify(payload ?? {})) },
    at: options.now,
  });
  const applicant = row.applicant as Applicant;
  for (const event of events) {
    await enqueue(tx, {
      provinceCode: row.provinceCode,
      channel: 'event',
      topic: `dossier.${event}`,
      payload: { dossierId: row.id, code: row.code, seq, state: toState },
      dedupeKey: `${row.id}:${seq}:${event}`,
    });
    const templateKey = notices[event];
    const contact = applicant.email ? ('email' as const) : applicant.phone ? ('sms' as const) : null;
    if (templateKey && contact) {
      const [agency] = await tx
        .select({ name: agencies.name })
        .from(agencies)
        .where(eq(agencies.id, row.receivingAgencyId));
      const [fresh] = await tx.select().from(dossiers).where(eq(dossiers.id, row.id));
      const p = (payload ?? {}) as {
        reason?: string;
        amount?: number;
        newDueAt?: Date;
        missingPapers?: Array<{ name: string; reason: string }>;
      };
      const when = (d: Date | null | undefined) => (d ? formatVietnamDateTime(d) : '');
      await enqueue(tx, {
        provinceCode: row.provinceCode,
        channel: contact,
        topic: templateKey,
        recipient: contact === 'email' ? (applicant.email ?? null) : (applicant.phone ?? null),
        payload: notificationPayload(contact, templateKey, {
          recipientName: applicant.fullName,
          dossierCode: row.code ?? '',
          procedureName: (row.procedureSnapshot as { name: string }).name,
          agencyName: agency?.name ?? '',
          dueAt: when(fresh?.dueAt),
          newDueAt: when(p.newDueAt ? new Date(p.newDueAt) : fresh?.dueAt),
          deliveredAt: when(fresh?.deliveredAt),
          reason: p.reason ?? (p.missingPapers ?? []).map((m) => `- ${m.name}: ${m.reason}`).join('\n'),
          amount: String(p.amount ?? ''),
          trackingUrl: `${options.ctx.publicUrl ?? ''}/tra-cuu/${row.code}?key=${row.trackingKey}`,
        }),
        dedupeKey: `${row.id}:${seq}:${event}:${contact}`,
      });
    }
  }
  const view = await loadView(tx, caller, row.code ?? '', { audit: false });
  await tx
    .update(dossierActions)
    .set({ response: view })
    .where(eq(dossierActions.id, action?.id ?? -1));
  return view;
}
