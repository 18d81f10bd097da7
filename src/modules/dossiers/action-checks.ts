/**
 * What the service checks beyond the pure machine (states.ts), because it needs the database:
 * the agencies and staff an action names exist and fit, the leader who approves did not
 * handle the dossier, a result exists before it is approved, and an online filing carries the
 * procedure's required papers. Each runs after `decide` accepted the caller, so a refusal
 * here tells nothing to someone who may not act.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import { findAgencies, staffByAccount } from '../directory/index.ts';
import type { DossierRow } from './context.ts';
import { dossierActions, dossierAttachments, type dossierSteps } from './schema.ts';
import type { DossierAction } from './states.ts';
import { procedureSnapshotOf } from './stored-json.ts';

registerErrors({
  TRANSFER_AGENCY_UNKNOWN: {
    status: 422,
    vi: 'Cơ quan nhận hồ sơ liên thông không tồn tại, đã ngừng hoạt động hoặc chính là cơ quan đang xử lý.',
  },
  ASSIGNEE_NOT_ELIGIBLE: {
    status: 422,
    vi: 'Cán bộ được phân công phải là cán bộ đang làm việc tại cơ quan của bước xử lý và có vai trò của bước đó.',
  },
  APPROVAL_RESULT_REQUIRED: {
    status: 409,
    vi: 'Hồ sơ chưa có tệp kết quả giải quyết. Vui lòng tải lên kết quả (PDF) trước khi phê duyệt.',
  },
  APPROVAL_BY_HANDLER: {
    status: 403,
    vi: 'Cán bộ đã xử lý một bước của hồ sơ không được phê duyệt chính hồ sơ đó.',
  },
  DOSSIER_PAPERS_MISSING: {
    status: 422,
    vi: 'Hồ sơ còn thiếu giấy tờ bắt buộc của thủ tục. Vui lòng tải lên đủ các giấy tờ trước khi nộp.',
  },
});

type StepRow = typeof dossierSteps.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `transfer` names an active agency of the province other than the one holding it (issue 11). */
async function checkTransferTarget(tx: Executor, row: DossierRow, toAgencyId: string): Promise<void> {
  const refuse = () => new DomainError('TRANSFER_AGENCY_UNKNOWN', { toAgencyId });
  if (!UUID.test(toAgencyId) || toAgencyId === row.holdingAgencyId) throw refuse();
  const [agency] = await findAgencies(tx, { ids: [toAgencyId], provinceCode: row.provinceCode, active: true });
  if (!agency) throw refuse();
}

/** `assign_step` names an active staff member of the step's agency who holds the step's role. */
async function checkAssignee(tx: Executor, step: StepRow | undefined, assigneeId: string): Promise<void> {
  const refuse = () => new DomainError('ASSIGNEE_NOT_ELIGIBLE', { assigneeId });
  if (!step) throw refuse();
  const member = await staffByAccount(tx, assigneeId);
  if (!member?.active || member.agencyId !== step.agencyId || !member.roles.includes(step.role)) throw refuse();
}

/**
 * The leader approves a result that exists (else the dossier reaches "Trả kết quả" empty), and
 * never one they handled: separation of duties, whoever completed or was assigned a working
 * step of this dossier does not approve it.
 */
async function checkApproval(tx: Executor, caller: Caller, row: DossierRow, steps: readonly StepRow[]) {
  const [result] = await tx
    .select({ id: dossierAttachments.id })
    .from(dossierAttachments)
    .where(and(eq(dossierAttachments.dossierId, row.id), eq(dossierAttachments.kind, 'result')))
    .limit(1);
  if (!result) throw new DomainError('APPROVAL_RESULT_REQUIRED');
  if (caller.kind !== 'staff') return;
  const handled = await tx
    .select({ type: dossierActions.type, actorId: dossierActions.actorId })
    .from(dossierActions)
    .where(
      and(
        eq(dossierActions.dossierId, row.id),
        eq(dossierActions.actorId, caller.id),
        inArray(dossierActions.type, [...handlingActions]),
      ),
    )
    .limit(1);
  if (handledBy(caller.id, steps, handled)) throw new DomainError('APPROVAL_BY_HANDLER');
}

/** Working a step: completing it or sending it back. */
const handlingActions = ['complete_step', 'return_step'] as const;

/**
 * Whether this account handled a working step of the dossier (completed or sent one back, or
 * is assigned one): then it does not approve the dossier. The view uses it too, so that the
 * approve button is not offered to them.
 */
export function handledBy(
  accountId: string,
  steps: ReadonlyArray<Pick<StepRow, 'role' | 'assigneeId'>>,
  actions: ReadonlyArray<{ type: string; actorId: string | null }>,
): boolean {
  return (
    steps.some((s) => s.role !== 'leader' && s.assigneeId === accountId) ||
    actions.some((a) => a.actorId === accountId && (handlingActions as readonly string[]).includes(a.type))
  );
}

/** The service's checks of an action the machine accepted. */
export async function checkAction(
  tx: Executor,
  caller: Caller,
  row: DossierRow,
  steps: readonly StepRow[],
  action: DossierAction,
): Promise<void> {
  switch (action.type) {
    case 'transfer':
      return checkTransferTarget(tx, row, action.toAgencyId);
    case 'assign_step':
      return checkAssignee(tx, steps[action.stepIndex], action.assigneeId);
    case 'approve':
      return checkApproval(tx, caller, row, steps);
    case 'submit':
      return row.channel === 'online' ? checkRequiredPapers(tx, row) : undefined;
    default:
      return;
  }
}

const norm = (name: string) => name.normalize('NFC').trim().toLowerCase();

/**
 * An online filing carries a file for every required paper of the procedure it was filed
 * under (papers merely shown at the counter excepted). At the counter the receiver checks the
 * originals in hand.
 */
export async function checkRequiredPapers(tx: Executor, row: DossierRow): Promise<void> {
  const papers = procedureSnapshotOf(row).papers;
  const required = papers.filter((p) => p.required && p.form !== 'presented');
  if (required.length === 0) return;
  const files = await tx
    .select({ paperName: dossierAttachments.paperName })
    .from(dossierAttachments)
    .where(and(eq(dossierAttachments.dossierId, row.id), eq(dossierAttachments.kind, 'paper')));
  const named = new Set(files.flatMap((f) => (f.paperName ? [norm(f.paperName)] : [])));
  const missing = required.filter((p) => !named.has(norm(p.name))).map((p) => p.name);
  if (missing.length > 0) throw new DomainError('DOSSIER_PAPERS_MISSING', { papers: missing });
}
