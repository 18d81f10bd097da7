/**
 * Acting on a dossier: the row is locked, the pure state machine decides (states.ts), and the
 * new state, the steps, the action row, the audit entry and the outbox messages commit in one
 * transaction. The same transaction id twice returns the first answer and writes nothing
 * (platform/records `once`).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { type Executor, named } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { type IdempotentCall, lockForAction } from '../../platform/records/index.ts';
import { checkAction } from './action-checks.ts';
import { claimAttachments, issueResults, signResults } from './attachment-links.ts';
import { assignDossierCode } from './codes.ts';
import { actorOf, calendarFor, type DossierContext, type DossierRow, lockDossier, rulesWith } from './context.ts';
import { filerSignIn, validateFormData } from './filing-rules.ts';
import { once } from './idempotency.ts';
import { dossierActions, filings } from './metrics.ts';
import type { PendingCode } from './pending-code.ts';
import { canRead } from './queries.ts';
import { dueDateOf, type ReceptionPlan, receptionPlanOf, verificationExtensionOf } from './reception.ts';
import { recordAction } from './record.ts';
import { type SignedDraft, signDraftResults, storeSignedResults } from './result-signing.ts';
import { dossierHolders, dossierSteps, dossiers } from './schema.ts';
import { snapshotOf, snapshotToJson } from './snapshot-json.ts';
import { type DossierAction, type DossierCommand, type DossierSnapshot, type DossierStep, decide } from './states.ts';
import { formDataOf, procedureSnapshotOf } from './stored-json.ts';
import { classifyTiming, timingInputOf } from './timing.ts';
import type { DossierView } from './view-types.ts';

export interface ActionOptions {
  /** The client's transaction id (Idempotency-Key). */
  transactionId: string;
  /**
   * Sign the PDF results as they are issued: `approve` — the leader's own signature, then the
   * competent agency's seal (result-signing.ts); `attach_result` — the agency's seal.
   */
  signResult?: boolean;
  /** `approve` with `signResult`: the drafts as signed before the transaction (set by `takeAction`). */
  signed?: readonly SignedDraft[];
  /** Inside a filing whose code is taken last (pending-code.ts): what waits for the code. */
  pending?: PendingCode;
  /** The idempotent request this action answers (set by `takeAction`). */
  call?: IdempotentCall;
}

/** Takes one lifecycle action on the dossier named by its code (or its id while a draft). */
export async function takeAction(
  db: Executor,
  caller: Caller,
  ref: string,
  action: DossierCommand,
  options: ActionOptions,
  ctx: DossierContext,
): Promise<DossierView> {
  // Before any lookup: whether the dossier exists must not change the answer.
  if (caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  const body = { action, signResult: options.signResult === true };
  // The leader signs before the dossier is locked: a remote signature waits for the phone.
  const signed =
    action.type === 'approve' && action.result && options.signResult
      ? await signDraftResults(db, caller, ref, action.result.attachmentIds, ctx)
      : undefined;
  return once(db, caller, options.transactionId, { operation: action.type, ref, body }, (tx, call) => {
    call.afterCommit(() => {
      dossierActions.inc(action.type);
      // Only a draft is submitted by an action, and drafts are online.
      if (action.type === 'submit') filings.inc('online');
    });
    return applyAction(tx, caller, ref, action, { ...options, call, ...(signed ? { signed } : {}) }, ctx);
  });
}

type StepRow = typeof dossierSteps.$inferSelect;

const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
const stepChanged = (old: StepRow, s: DossierStep) =>
  old.status !== s.status ||
  old.assigneeId !== s.assigneeId ||
  !sameTime(old.startedAt, s.startedAt) ||
  !sameTime(old.dueAt, s.dueAt) ||
  !sameTime(old.completedAt, s.completedAt);

/** A step is on time when it is done by its own due time (§1.5, NgayHetHanBuocXuLy). */
const stepTiming = (old: StepRow | undefined, s: DossierStep): StepRow['timing'] => {
  if (old?.timing === 'late' || !s.completedAt || !s.dueAt) return old?.timing ?? null;
  return s.completedAt.getTime() <= s.dueAt.getTime() ? 'onTime' : 'late';
};

async function saveSteps(tx: Executor, row: DossierRow, old: StepRow[], next: DossierSnapshot): Promise<void> {
  for (const [idx, s] of next.steps.entries()) {
    const before = old[idx];
    if (before && !stepChanged(before, s)) continue;
    await tx
      .update(dossierSteps)
      .set({
        status: s.status,
        assigneeId: s.assigneeId,
        startedAt: s.startedAt,
        dueAt: s.dueAt,
        completedAt: s.completedAt,
        timing: stepTiming(before, s),
        // A moved due time is announced again by the sweep.
        ...(before && sameTime(before.dueAt, s.dueAt) ? {} : { dueSoonNotifiedAt: null, overdueNotifiedAt: null }),
      })
      .where(and(eq(dossierSteps.dossierId, row.id), eq(dossierSteps.idx, idx)));
  }
}

/** Runs inside the caller's transaction (the counter filing receives in the filing's transaction). */
export async function applyAction(
  tx: Executor,
  caller: Caller,
  ref: string,
  requested: DossierCommand,
  options: ActionOptions,
  ctx: DossierContext,
): Promise<DossierView> {
  const now = ctx.now ?? new Date();
  // Inside a filing the dossier was just written by this transaction: no one else sees it, so
  // there is nothing to lock, no twin to replay (the unique index settles twins) and no steps yet.
  const filed = options.pending?.written.row;
  // A twin request with the same transaction id may have committed while we waited for the
  // lock: lockForAction then ends here with its answer.
  const { call } = options;
  const { row, snapshot } = filed
    ? { row: filed, snapshot: snapshotOf(filed) }
    : call
      ? await lockForAction(tx, call, () => lockDossier(tx, ref))
      : await lockDossier(tx, ref);
  // Staff of an agency that never held it learn neither that it exists nor its state (issue 11).
  if (!filed && !(await canRead(tx, caller, row))) throw new DomainError('DOSSIER_NOT_FOUND', { code: ref });
  const steps = filed
    ? []
    : await tx.select().from(dossierSteps).where(eq(dossierSteps.dossierId, row.id)).orderBy(dossierSteps.idx);
  const actor = actorOf(caller, row, steps[snapshot.currentStep]?.agencyId);
  const calendar = await calendarFor(tx, ctx.provinceCode, row.receivingAgencyId);
  // The machine's action: reception fixes the due date (Mẫu 01) and copies the workflow of the
  // filed version; a verification extension gets its new date from the calendar.
  let plan: ReceptionPlan | null = null;
  let action: DossierAction;
  if (requested.type === 'receive') {
    plan = await receptionPlanOf(tx, row);
    action = { type: 'receive', dueAt: dueDateOf(calendar, plan, now, row.channel === 'online'), steps: plan.steps };
  } else if (requested.type === 'extend_for_verification') {
    action = await verificationExtensionOf(tx, row, calendar, requested);
  } else {
    action = requested;
  }
  const decided = decide(snapshot, action, actor, now, rulesWith(calendar));
  if (!decided.ok) throw new DomainError(decided.code, { code: ref, action: requested.type });
  if (action.type === 'submit' && row.code === null) {
    // A draft may be incomplete; what is submitted must satisfy the e-form.
    validateFormData(procedureSnapshotOf(row).eform, formDataOf(row));
  }
  await checkAction(tx, caller, row, steps, action);
  const next = decided.next;
  let code = row.code;
  if (action.type === 'submit' && code === null) code = await assignDossierCode(tx, row, next.submittedAt ?? now);
  const issuing =
    action.type === 'attach_result'
      ? action.attachmentIds
      : action.type === 'approve' && action.result
        ? action.result.attachmentIds
        : null;
  if (action.type === 'supplement' || issuing) {
    const ids = issuing ?? (action.type === 'supplement' ? action.attachmentIds : []);
    const files = ids.map((attachmentId) => ({ attachmentId }));
    await claimAttachments(tx, caller, row, files, action.type === 'supplement' ? 'paper' : 'result');
    if (issuing) {
      // Only the chosen files are the result the applicant receives; approving with them signs
      // them in the same act (issue 13.11): the leader's signature, then the agency's seal.
      await issueResults(tx, row, issuing);
      if (action.type === 'approve' && options.signResult) {
        // Not signed before the lock (the caller could not approve then): nothing is issued unsigned.
        if (!options.signed) throw new DomainError('DOSSIER_ACTION_NOT_ALLOWED', { code: ref, action: 'approve' });
        await storeSignedResults(tx, ctx.blobs, row, options.signed);
      } else if (options.signResult) {
        await signResults(tx, ctx, row, issuing, now);
      }
    }
  }
  if (plan) {
    // Named (one statement per number of steps): every reception writes the plan's steps.
    const inserted = await named(
      'dossier_steps_insert',
      tx
        .insert(dossierSteps)
        .values(
          next.steps.map((s, idx) => ({
            dossierId: row.id,
            idx,
            provinceCode: row.provinceCode,
            name: s.name,
            role: s.role,
            unit: plan.units[idx] ?? 'competent_agency',
            agencyId: plan.stepAgencies[idx] ?? row.competentAgencyId,
            budgetHours: Math.round(s.budgetHours),
            status: s.status,
            startedAt: s.startedAt,
            dueAt: s.dueAt,
            completedAt: s.completedAt,
          })),
        )
        .returning(),
    );
    if (options.pending) options.pending.written.steps = inserted.sort((a, b) => a.idx - b.idx);
  } else {
    await saveSteps(tx, row, steps, next);
  }
  const stepAgencies = plan ? plan.stepAgencies : steps.map((s) => s.agencyId);
  // The agency of the step at work holds the dossier (or the one it was transferred to);
  // before and after the steps, the receiving centre.
  const holding =
    next.heldByOtherAgency ??
    (next.finishedAt === null ? (stepAgencies[next.currentStep] ?? row.receivingAgencyId) : row.receivingAgencyId);
  const timingInput = next.finishedAt !== null ? timingInputOf(next, { periodEnd: now }) : null;
  const timing = timingInput ? classifyTiming(timingInput) : null;
  // Named: every action writes the dossier row (one statement per shape of the columns set).
  const [fresh] = await named(
    'dossier_update',
    tx
      .update(dossiers)
      .set({
        state: next.state,
        machine: snapshotToJson(next),
        submittedAt: next.submittedAt,
        receivedAt: next.receivedAt,
        dueAt: next.dueAt,
        clockPausedAt: next.clockPausedAt,
        finishedAt: next.finishedAt,
        deliveredAt: next.deliveredAt,
        holdingAgencyId: holding,
        timing: timing === 'early' || timing === 'onTime' || timing === 'late' ? timing : null,
        electronicResult: next.resultElectronic,
        // A moved due date (supplement, extension) is announced again by the sweep.
        ...(sameTime(row.dueAt, next.dueAt) ? {} : { dueSoonNotifiedAt: null, overdueNotifiedAt: null }),
        version: sql`${dossiers.version} + 1`,
        updatedAt: now,
      })
      .where(eq(dossiers.id, row.id))
      .returning(),
  );
  if (!fresh) throw new DomainError('DOSSIER_NOT_FOUND', { code: ref });
  if (options.pending) options.pending.written.row = fresh;
  if (code !== null) {
    await named(
      'dossier_holder_join',
      tx.insert(dossierHolders).values({ dossierId: row.id, agencyId: holding, since: now }).onConflictDoNothing(),
    );
  }
  return recordAction(
    tx,
    caller,
    fresh,
    {
      type: requested.type,
      payload: payloadToKeep(caller, action, snapshot, options),
      fromState: snapshot.state,
      toState: next.state,
      events: decided.events,
      transactionId: options.transactionId,
      now,
    },
    ctx,
    options.pending,
  );
}

/** What the action row keeps: the effective action, plus what the slips need later. */
function payloadToKeep(
  caller: Caller,
  action: DossierAction,
  before: DossierSnapshot,
  options: ActionOptions,
): unknown {
  // A draft submitted later: the sign-in of the session that submits it.
  if (action.type === 'submit') return { ...action, ...filerSignIn(caller) };
  // Mẫu 04 prints the appointment the apology replaces.
  if (action.type === 'apologise_extend') return { ...action, previousDueAt: before.dueAt };
  if (action.type === 'attach_result' || (action.type === 'approve' && action.result))
    return { ...action, signed: options.signResult === true };
  return action;
}
