/**
 * The incoming flow after registration (Decree 30/2020/NĐ-CP Art. 23–24): the clerk presents
 * the document to the leader; the leader names the lead handler (chủ trì), co-handlers (phối
 * hợp) and those informed (để biết), each with a deadline in working days; handlers work; the
 * lead answers with an outgoing document linked to it and closes it. Overdue is computed from
 * the deadline when read, never stored.
 */
import { and, eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { staffByAccount } from '../directory/index.ts';
import { addWorkingDays, calendarOf, type DocumentsContext, loadDocument, nameReader } from './context.ts';
import { noticeTo } from './notices.ts';
import { type AssignmentKind, documentAssignments, documentLinks, documents } from './schema.ts';
import { type ActionResult, takeDocumentAction } from './take-action.ts';

type Options = { transactionId: string };

/** The clerk presents the registered document to the leader who directs its handling. */
export function presentDocument(
  db: Executor,
  caller: Caller,
  documentId: string,
  input: { leaderId: string; note?: string },
  options: Options,
  ctx: DocumentsContext & { publicUrl?: string },
): Promise<ActionResult> {
  return takeDocumentAction(db, caller, documentId, 'present', input, options, ctx, async ({ tx, doc }) => {
    const leader = await staffByAccount(tx, input.leaderId);
    if (!leader?.active || leader.agencyId !== doc.agencyId || !leader.roles.includes('leader')) {
      throw new DomainError('DOCUMENT_ASSIGNEE_INVALID', { leaderId: input.leaderId });
    }
    await nameReader(tx, doc.id, input.leaderId, 'leader');
    await noticeTo(tx, {
      ...doc,
      ...ctx,
      accountId: input.leaderId,
      kind: 'presented',
      documentId: doc.id,
      at: ctx.now,
    });
    return { leaderId: input.leaderId, note: input.note ?? null };
  });
}

/**
 * The clerk returns a document that waits for registration to its sender, with the reason
 * (Decree 30/2020 Art. 21: what is misaddressed or not valid is returned); a document received
 * over the hub reports 02 to its sender (context.ts recordAction), and takes no update after.
 */
export function returnDocument(
  db: Executor,
  caller: Caller,
  documentId: string,
  input: { reason: string },
  options: { transactionId: string },
  ctx: DocumentsContext,
): Promise<ActionResult> {
  return takeDocumentAction(db, caller, documentId, 'return', input, options, ctx, async () => ({
    reason: input.reason,
  }));
}

export interface AssignmentInput {
  assigneeId: string;
  kind: AssignmentKind;
  /** Deadline in working days from now (the agency's calendar); or `dueDate`; or the document's own. */
  dueInWorkingDays?: number;
  dueDate?: string;
}

/** The leader assigns (Art. 23.2; slip "Phiếu giải quyết văn bản đến"): one lead, any co-handlers and readers. */
export function assignDocument(
  db: Executor,
  caller: Caller,
  documentId: string,
  input: { assignments: AssignmentInput[]; instruction?: string },
  options: Options,
  ctx: DocumentsContext & { publicUrl?: string },
): Promise<ActionResult> {
  return takeDocumentAction(db, caller, documentId, 'assign', input, options, ctx, async ({ tx, doc, staff }) => {
    const existing = await tx.select().from(documentAssignments).where(eq(documentAssignments.documentId, doc.id));
    const leads = [...existing, ...input.assignments].filter((a) => a.kind === 'lead').length;
    const people = new Set(input.assignments.map((a) => a.assigneeId));
    if (input.assignments.length === 0 || leads !== 1 || people.size !== input.assignments.length) {
      throw new DomainError('DOCUMENT_ASSIGNEE_INVALID');
    }
    const calendar = await calendarOf(tx, doc.agencyId);
    const made = [];
    for (const a of input.assignments) {
      const person = await staffByAccount(tx, a.assigneeId);
      if (!person?.active || person.agencyId !== doc.agencyId || existing.some((e) => e.assigneeId === a.assigneeId)) {
        throw new DomainError('DOCUMENT_ASSIGNEE_INVALID', { assigneeId: a.assigneeId });
      }
      const dueDate =
        a.kind === 'for_information'
          ? null
          : a.dueInWorkingDays !== undefined
            ? addWorkingDays(calendar, ctx.now, a.dueInWorkingDays)
            : (a.dueDate ?? doc.dueDate);
      await tx.insert(documentAssignments).values({
        documentId: doc.id,
        agencyId: doc.agencyId,
        assigneeId: a.assigneeId,
        kind: a.kind,
        instruction: input.instruction ?? null,
        dueDate,
        assignedBy: staff.id,
        assignedAt: ctx.now,
      });
      await nameReader(tx, doc.id, a.assigneeId, a.kind);
      await noticeTo(tx, {
        ...doc,
        ...ctx,
        accountId: a.assigneeId,
        kind: 'assigned',
        documentId: doc.id,
        at: ctx.now,
        dueDate,
      });
      made.push({ assigneeId: a.assigneeId, kind: a.kind, dueDate });
    }
    return { assignments: made, instruction: input.instruction ?? null };
  });
}

async function ownAssignment(tx: Executor, documentId: string, accountId: string) {
  const [row] = await tx
    .select()
    .from(documentAssignments)
    .where(and(eq(documentAssignments.documentId, documentId), eq(documentAssignments.assigneeId, accountId)));
  if (!row) throw new DomainError('DOCUMENT_FORBIDDEN');
  return row;
}

/** A handler starts (Đang xử lý); someone informed marks it read (Đã xem). */
export function startHandling(
  db: Executor,
  caller: Caller,
  documentId: string,
  options: Options,
  ctx: DocumentsContext,
): Promise<ActionResult> {
  return takeDocumentAction(db, caller, documentId, 'start', {}, options, ctx, async ({ tx, doc, staff }) => {
    const mine = await ownAssignment(tx, doc.id, staff.id);
    if (mine.state !== 'pending') throw new DomainError('DOCUMENT_ACTION_NOT_ALLOWED', { assignment: mine.state });
    const state = mine.kind === 'for_information' ? 'read' : 'in_progress';
    await tx.update(documentAssignments).set({ state }).where(eq(documentAssignments.id, mine.id));
    return { assignment: mine.kind, state };
  });
}

/** A handler reports their part done (the handler's proposal, slip section 3). */
export function completeAssignment(
  db: Executor,
  caller: Caller,
  documentId: string,
  input: { result: string },
  options: Options,
  ctx: DocumentsContext,
): Promise<ActionResult> {
  return takeDocumentAction(
    db,
    caller,
    documentId,
    'complete_assignment',
    input,
    options,
    ctx,
    async ({ tx, doc, staff }) => {
      const mine = await ownAssignment(tx, doc.id, staff.id);
      if (mine.state === 'done' || mine.kind === 'for_information') {
        throw new DomainError('DOCUMENT_ACTION_NOT_ALLOWED', { assignment: mine.state });
      }
      await tx
        .update(documentAssignments)
        .set({ state: 'done', completedAt: ctx.now, result: input.result })
        .where(eq(documentAssignments.id, mine.id));
      return { assignment: mine.kind, result: input.result };
    },
  );
}

/** Links the outgoing document that answers this one (follow-up book, column 6). */
export async function linkAnswer(tx: Executor, outgoingId: string, incomingId: string, at: Date): Promise<void> {
  await tx
    .insert(documentLinks)
    .values({ fromId: outgoingId, toId: incomingId, kind: 'answers', at })
    .onConflictDoNothing();
}

/** The lead handler names an outgoing document of the agency as the answer. */
export function answerDocument(
  db: Executor,
  caller: Caller,
  documentId: string,
  input: { outgoingId: string },
  options: Options,
  ctx: DocumentsContext,
): Promise<ActionResult> {
  return takeDocumentAction(db, caller, documentId, 'answer', input, options, ctx, async ({ tx, doc }) => {
    const outgoing = await loadDocument(tx, input.outgoingId);
    if (outgoing.direction !== 'outgoing' || outgoing.agencyId !== doc.agencyId)
      throw new DomainError('DOCUMENT_NOT_FOUND');
    await linkAnswer(tx, outgoing.id, doc.id, ctx.now);
    return { outgoingId: outgoing.id };
  });
}

/** The lead handler closes the document (Hoàn thành); its own assignment is done too. */
export function closeDocument(
  db: Executor,
  caller: Caller,
  documentId: string,
  input: { result?: string },
  options: Options,
  ctx: DocumentsContext,
): Promise<ActionResult> {
  return takeDocumentAction(db, caller, documentId, 'close', input, options, ctx, async ({ tx, doc, staff }) => {
    const mine = await ownAssignment(tx, doc.id, staff.id);
    if (mine.state !== 'done') {
      await tx
        .update(documentAssignments)
        .set({ state: 'done', completedAt: ctx.now, result: input.result ?? mine.result })
        .where(eq(documentAssignments.id, mine.id));
    }
    await tx.update(documents).set({ closedAt: ctx.now }).where(eq(documents.id, doc.id));
    return { result: input.result ?? null };
  });
}
