/**
 * The shape of every action on an existing document: idempotent by the client's transaction
 * id (platform/records once), the document locked, the state machine asked, the action's own
 * work done, then the action recorded (row, state, audit) in the same transaction.
 */
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { lockForAction, once } from '../../platform/records/index.ts';
import {
  actingRole,
  checkAction,
  type DocumentRow,
  type DocumentsContext,
  loadDocument,
  recordAction,
  requireStaffCaller,
  type StaffCaller,
} from './context.ts';
import type { DocumentActionType, DocumentState } from './states.ts';

export interface ActionResult {
  id: string;
  state: string;
}

export interface ActionWork {
  tx: Executor;
  doc: DocumentRow;
  staff: StaffCaller;
  to: DocumentState | null;
}

/**
 * Runs `work` as the action `type` on the document; `work` returns the action's payload (and
 * may change the document's columns). `expected` is what the request asks beyond the action.
 */
export async function takeDocumentAction(
  db: Executor,
  caller: Caller,
  documentId: string,
  type: DocumentActionType,
  expected: unknown,
  options: { transactionId: string },
  ctx: DocumentsContext,
  work: (w: ActionWork) => Promise<Record<string, unknown>>,
): Promise<ActionResult> {
  const staff = requireStaffCaller(caller);
  const scope = `documents:${staff.id}`;
  return once(db, scope, options.transactionId, { op: type, documentId, expected }, async (tx, call) => {
    const doc = await lockForAction(tx, call, () => loadDocument(tx, documentId, true));
    const to = await checkAction(tx, staff, doc, type);
    const payload = await work({ tx, doc, staff, to });
    const reread = await loadDocument(tx, documentId);
    await recordAction(tx, {
      doc: reread,
      type,
      to,
      actor: { id: staff.id, kind: 'staff', role: actingRole(staff, type), agencyId: staff.agencyId },
      payload,
      at: ctx.now,
      transaction: { id: options.transactionId, scope },
    });
    return { id: doc.id, state: to ?? doc.state };
  });
}
