/**
 * What every documents use case shares: the context (clock, blobs), loading and locking a
 * document, the caller's relations to it, and recording an action — the action row, the
 * folded state, the hash-chained audit entry and the exchange status message, in the
 * caller's transaction.
 */
import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller, StaffRole } from '../../platform/auth/caller.ts';
import { localDateOf } from '../../platform/calendar/index.ts';
import { getWorkingCalendar } from '../../platform/calendar/store.ts';
import type { WorkingCalendar } from '../../platform/calendar/working-time.ts';
import { foldVietnamese } from '../../platform/codes/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/notify/index.ts';
import type { BlobStore } from '../../platform/storage/index.ts';
import { agencyById } from '../directory/index.ts';
import './errors.ts';
import { documentActions, documentAssignments, documentReaders, documents } from './schema.ts';
import {
  type DocumentActionType,
  type DocumentState,
  decide,
  documentRules,
  exchangeStatusOf,
  isDocumentState,
  type Relation,
} from './states.ts';

export interface DocumentsContext {
  now: Date;
  blobs: BlobStore;
}

export type DocumentRow = typeof documents.$inferSelect;
export type StaffCaller = Extract<Caller, { kind: 'staff' }>;

export function requireStaffCaller(caller: Caller): StaffCaller {
  if (caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  if (caller.kind !== 'staff') throw new DomainError('FORBIDDEN');
  return caller;
}

/** The document, or DOCUMENT_NOT_FOUND; `forUpdate` locks its row for the action. */
export async function loadDocument(db: Executor, id: string, forUpdate = false): Promise<DocumentRow> {
  if (!/^[0-9a-f-]{36}$/u.test(id)) throw new DomainError('DOCUMENT_NOT_FOUND');
  const query = db.select().from(documents).where(eq(documents.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new DomainError('DOCUMENT_NOT_FOUND');
  return row;
}

/** Whether the caller is named on the document (creator, approver, assignee, reader). */
export async function isNamedOn(db: Executor, documentId: string, accountId: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(documentReaders)
    .where(and(eq(documentReaders.documentId, documentId), eq(documentReaders.accountId, accountId)));
  return row !== undefined;
}

/**
 * May the caller see this document at all? Staff of its agency; a secret one only the people
 * named on it (Law on State Secrets 2018; the issue: "visible only to the people named on
 * them"). Anyone else is told it does not exist (404), never that it is secret.
 */
export async function assertVisible(db: Executor, caller: Caller, doc: DocumentRow): Promise<StaffCaller> {
  if (caller.kind !== 'staff' || caller.agencyId !== doc.agencyId) throw new DomainError('DOCUMENT_NOT_FOUND');
  if (doc.secrecy === 'none') return caller;
  // A secret document received over the hub names nobody yet: the clerks register it (Art. 21.1).
  if (doc.state === 'received' && caller.roles.includes('clerk')) return caller;
  if (!(await isNamedOn(db, doc.id, caller.id))) throw new DomainError('DOCUMENT_NOT_FOUND');
  return caller;
}

export async function nameReader(db: Executor, documentId: string, accountId: string, reason: string): Promise<void> {
  await db.insert(documentReaders).values({ documentId, accountId, reason }).onConflictDoNothing();
}

/** The caller's relations to the document, for the state machine's `relation` column. */
export async function relationsOf(db: Executor, caller: StaffCaller, doc: DocumentRow): Promise<Set<Relation>> {
  const relations = new Set<Relation>(['any']);
  if (doc.createdBy === caller.id) relations.add('creator');
  if (doc.approverId === caller.id) relations.add('approver');
  const [assignment] = await db
    .select({ kind: documentAssignments.kind })
    .from(documentAssignments)
    .where(and(eq(documentAssignments.documentId, doc.id), eq(documentAssignments.assigneeId, caller.id)));
  if (assignment) {
    relations.add('assignee');
    if (assignment.kind === 'lead') relations.add('lead_assignee');
  }
  return relations;
}

/** Checks the state machine for an action on an existing document; throws the matching error. */
export async function checkAction(
  db: Executor,
  caller: StaffCaller,
  doc: DocumentRow,
  action: DocumentActionType,
): Promise<DocumentState | null> {
  await assertVisible(db, caller, doc);
  const state = isDocumentState(doc.state) ? doc.state : null;
  const decision = decide(action, doc.direction, state, {
    roles: caller.roles,
    relations: await relationsOf(db, caller, doc),
    sameAgency: caller.agencyId === doc.agencyId,
  });
  if (decision.ok) return decision.to;
  if (decision.reason === 'other_agency') throw new DomainError('DOCUMENT_NOT_FOUND');
  if (decision.reason === 'wrong_role' || decision.reason === 'not_related') {
    throw new DomainError('DOCUMENT_FORBIDDEN', { action });
  }
  throw new DomainError('DOCUMENT_ACTION_NOT_ALLOWED', { action, state: doc.state });
}

export interface ActionRecord {
  doc: { id: string; provinceCode: string; state: string; lastSeq: number; direction: string; source: string };
  type: DocumentActionType;
  to: DocumentState | null;
  actor: { id: string | null; kind: Caller['kind']; role?: StaffRole | null; agencyId?: string | null };
  payload: Record<string, unknown>;
  at: Date;
  transaction: { id: string; scope: string };
}

/** Appends the action, moves the state, audits it on the document's chain, tells the sender (hub). */
export async function recordAction(tx: Executor, input: ActionRecord): Promise<number> {
  const seq = input.doc.lastSeq + 1;
  const toState = input.to ?? input.doc.state;
  await tx.insert(documentActions).values({
    provinceCode: input.doc.provinceCode,
    documentId: input.doc.id,
    seq,
    type: input.type,
    payload: input.payload,
    actorId: input.actor.id,
    actorKind: input.actor.kind,
    actorRole: input.actor.role ?? null,
    actorAgencyId: input.actor.agencyId ?? null,
    fromState: input.doc.lastSeq === 0 ? null : input.doc.state,
    toState,
    at: input.at,
    transactionId: input.transaction.id,
    transactionScope: input.transaction.scope,
  });
  await tx
    .update(documents)
    .set({ state: toState, lastSeq: seq, updatedAt: input.at })
    .where(eq(documents.id, input.doc.id));
  await recordAudit(tx, {
    provinceCode: input.doc.provinceCode,
    stream: `document:${input.doc.id}`,
    action: `document.${input.type}`,
    actorId: input.actor.id,
    actorRole: input.actor.role ?? null,
    at: input.at,
    data: { seq, from: input.doc.lastSeq === 0 ? null : input.doc.state, to: toState, ...input.payload },
  });
  const status = input.to && input.to !== input.doc.state ? exchangeStatusOf[input.to] : undefined;
  if (status && input.doc.source === 'hub') {
    // QCVN 102:2016 status message back to the sender (DOMAIN.md §6.2), sent by the exchange.
    await enqueue(tx, {
      provinceCode: input.doc.provinceCode,
      channel: 'event',
      topic: 'documents.incoming_status',
      payload: { documentId: input.doc.id, statusCode: status, at: input.at.toISOString() },
      dedupeKey: `documents.incoming_status:${input.doc.id}:${status}`,
    });
  }
  return seq;
}

/** The role the caller acts in for this action (the first of the rule's roles it holds). */
export function actingRole(caller: StaffCaller, action: DocumentActionType): StaffRole | null {
  return documentRules[action].roles.find((r) => caller.roles.includes(r)) ?? null;
}

/** The agency's working calendar (province holidays, its office hours). */
export async function calendarOf(db: Executor, agencyId: string): Promise<WorkingCalendar> {
  const agency = await agencyById(db, agencyId);
  if (!agency) throw new DomainError('DOCUMENT_NOT_FOUND');
  return getWorkingCalendar(db, { provinceCode: agency.provinceCode, hours: agency.officeHours ?? null });
}

/** `days` working days after the local date of `from` (a deadline in working days, Art. 24). */
export function addWorkingDays(calendar: WorkingCalendar, from: Date, days: number): string {
  let day = localDateOf(from);
  for (let i = 0; i < days; i++) day = calendar.nextWorkingDay(day);
  return day;
}

/** The folded text the search matches: subject, number and notation, issuer. */
export function searchTextOf(d: {
  subject: string;
  codeNumber?: string | null;
  codeNotation: string;
  issuerName: string;
  typeName: string;
}): string {
  return foldVietnamese(
    [d.typeName, d.codeNumber ? `${d.codeNumber}/${d.codeNotation}` : d.codeNotation, d.subject, d.issuerName].join(
      ' ',
    ),
  );
}
