/**
 * One dossier for its applicant, or for the staff of an agency that holds or held it. Every
 * staff read that returns the applicant's personal data is an audit entry (ARCHITECTURE.md,
 * data rules). Someone who may not read a dossier is told it does not exist.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { handledBy } from './action-checks.ts';
import { type DossierRow, findDossierRow, streamOf } from './context.ts';
import { dossierActions, dossierAttachments, dossierHolders, dossierSteps } from './schema.ts';
import { snapshotOf } from './snapshot-json.ts';
import {
  allowedActions,
  type DossierActor,
  type DossierState,
  nationalStatusCode,
  stateLabelForCitizen,
  stateLabelVi,
} from './states.ts';
import { applicantOf, formDataOf, procedureSnapshotOf } from './stored-json.ts';
import type { AttachmentView, DossierView } from './view-types.ts';

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const attachmentView = (a: typeof dossierAttachments.$inferSelect): AttachmentView => ({
  id: a.id,
  kind: a.kind,
  paperName: a.paperName,
  fileName: a.fileName,
  mime: a.mime,
  size: a.size,
  sha256: a.blobKey,
  signed: a.signed,
  issued: a.issued,
  uploadedAt: a.uploadedAt.toISOString(),
});

/**
 * The applicant sees only the results the officer chose when issuing (attach_result), never a
 * draft result or one left unticked; staff see every file of the dossier.
 */
export const visibleTo = (caller: Caller, a: Pick<typeof dossierAttachments.$inferSelect, 'kind' | 'issued'>) =>
  caller.kind === 'staff' || caller.kind === 'system' || a.kind !== 'result' || a.issued;

/** The applicant; the system; staff of an agency that holds or held it (never a citizen's unsent draft). */
export async function canRead(db: Executor, caller: Caller, row: DossierRow): Promise<boolean> {
  if (caller.kind === 'system') return true;
  if (caller.kind === 'citizen') return row.applicantAccountId === caller.id;
  if (caller.kind !== 'staff' || row.code === null) return false;
  if ([row.holdingAgencyId, row.receivingAgencyId, row.competentAgencyId].includes(caller.agencyId)) return true;
  const [held] = await db
    .select({ one: sql<number>`1` })
    .from(dossierHolders)
    .where(and(eq(dossierHolders.dossierId, row.id), eq(dossierHolders.agencyId, caller.agencyId)));
  return held !== undefined;
}

/** The dossier a caller may read, or DOSSIER_NOT_FOUND (the same answer as for no dossier at all). */
export async function readableDossier(db: Executor, caller: Caller, ref: string): Promise<DossierRow> {
  const row = await findDossierRow(db, ref);
  if (!row || !(await canRead(db, caller, row))) throw new DomainError('DOSSIER_NOT_FOUND', { code: ref });
  return row;
}

/** Audits a staff read of the applicant's personal data, in its own transaction when needed. */
export async function auditPersonalRead(
  db: Executor,
  caller: Caller,
  row: DossierRow,
  data: Record<string, unknown> = {},
): Promise<void> {
  if (caller.kind !== 'staff') return;
  // The chain's lock is transaction-scoped: an audit outside a transaction would not hold it.
  await db.transaction((tx) =>
    recordAudit(tx, {
      provinceCode: row.provinceCode,
      stream: streamOf(row),
      action: 'read_personal_data',
      actorId: caller.id,
      actorRole: caller.roles.join(','),
      data: { agencyId: caller.agencyId, ...data },
    }),
  );
}

function actorFor(caller: Caller, row: DossierRow, stepAgencyId: string | undefined): DossierActor | null {
  if (caller.kind === 'citizen') return { kind: 'citizen' };
  if (caller.kind === 'system') return { kind: 'system' };
  if (caller.kind !== 'staff') return null;
  const atHoldingAgency = caller.agencyId === row.holdingAgencyId || caller.agencyId === stepAgencyId;
  return { kind: 'staff', roles: caller.roles, atHoldingAgency };
}

export async function loadView(
  db: Executor,
  caller: Caller,
  ref: string,
  options: { audit: boolean },
): Promise<DossierView> {
  const row = await readableDossier(db, caller, ref);
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
  const files = await db
    .select()
    .from(dossierAttachments)
    .where(eq(dossierAttachments.dossierId, row.id))
    .orderBy(asc(dossierAttachments.uploadedAt));
  if (options.audit) await auditPersonalRead(db, caller, row);
  return viewOf(caller, { row, steps, actions, files });
}

export interface ViewRows {
  row: DossierRow;
  /** In index order. */
  steps: ReadonlyArray<typeof dossierSteps.$inferSelect>;
  /** In seq order. */
  actions: ReadonlyArray<typeof dossierActions.$inferSelect>;
  /** In upload order. */
  files: ReadonlyArray<typeof dossierAttachments.$inferSelect>;
}

/** The caller's view of a dossier from its rows (read by loadView, or just written by a filing). */
export function viewOf(caller: Caller, { row, steps, actions, files }: ViewRows): DossierView {
  const snapshot = snapshotOf(row);
  const actor = actorFor(caller, row, steps[snapshot.currentStep]?.agencyId);
  const personal = caller.kind === 'citizen' || caller.kind === 'staff';
  const state = row.state as DossierState;
  const snap = procedureSnapshotOf(row);
  return {
    id: row.id,
    code: row.code ?? '',
    state,
    stateLabel: caller.kind === 'staff' ? stateLabelVi(state) : stateLabelForCitizen(state),
    nationalStatusCode: nationalStatusCode(state),
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
      timing: s.timing,
    })),
    timeline: actions.map((a) => ({
      seq: a.seq,
      type: a.type,
      at: a.at.toISOString(),
      actorRole: a.actorRole,
      fromState: a.fromState,
      toState: a.toState,
      ...(personal ? toldWith(a.type, a.payload) : {}),
    })),
    allowedActions: (actor ? allowedActions(snapshot, actor) : []).filter(
      // Separation of duties (action-checks.ts): whoever handled a step is not offered approval.
      (type) => type !== 'approve' || caller.kind !== 'staff' || !handledBy(caller.id, steps, actions),
    ),
    attachments: files.filter((f) => visibleTo(caller, f)).map(attachmentView),
    ...(personal
      ? {
          applicant: applicantOf(row),
          formData: formDataOf(row),
          trackingKey: row.trackingKey,
        }
      : {}),
  };
}

/** One dossier for the caller; a staff read of personal data is audited. */
export const getDossier = (db: Executor, caller: Caller, ref: string): Promise<DossierView> =>
  loadView(db, caller, ref, { audit: true });

/** The parts of an action's payload the applicant is told (the slips print the same). */
const toldKeys = ['missingPapers', 'note', 'reason', 'newDueAt'] as const;
function toldWith(type: string, payload: unknown): { payload?: Record<string, unknown> } {
  if (
    ![
      'request_supplement',
      'refuse_intake',
      'stop',
      'deny',
      'withdraw',
      'apologise_extend',
      'extend_for_verification',
    ].includes(type)
  )
    return {};
  if (typeof payload !== 'object' || payload === null) return {};
  const p = payload as Record<string, unknown>;
  const kept = Object.fromEntries(toldKeys.flatMap((k) => (p[k] === undefined ? [] : [[k, p[k]]])));
  return Object.keys(kept).length > 0 ? { payload: kept } : {};
}
