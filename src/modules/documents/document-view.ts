/**
 * One document as its page shows it: the Annex VI fields, the files, the timeline (its
 * actions, with who took them), the assignments with their deadlines (overdue computed now),
 * the linked documents, the deliveries, the draft's comments, the signatures of its PDF as
 * verified now, the verdict stored when it arrived over the hub, and the actions the state machine lets the caller take. A secret document is
 * shown only to the people named on them (404 to anyone else) and every read of it is audited.
 */
import { asc, eq, or } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { localDateOf } from '../../platform/calendar/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { formatVerificationReport, verifyPdf } from '../../platform/pdf/index.ts';
import type { BlobStore } from '../../platform/storage/index.ts';
import { staffByAccounts } from '../directory/index.ts';
import { assertVisible, type DocumentRow, loadDocument, relationsOf } from './context.ts';
import { receivedVerificationOf } from './edxml/read-exchange.ts';
import type { ReceivedVerification } from './edxml/schema.ts';
import { filesOf } from './files.ts';
import {
  documentActions,
  documentAssignments,
  documentComments,
  documentDeliveries,
  documentLinks,
  documents,
} from './schema.ts';
import { type DocumentActionType, decide, documentActionTypes, documentRules, isDocumentState } from './states.ts';
import { updatedFieldLabels } from './update-received-document.ts';

interface SignatureLine {
  signer: string;
  at: string | null;
  verdict: string;
  text: string;
}

type LinkRelation = 'answers' | 'answered_by' | 'replaces' | 'replaced_by';

export interface DocumentView {
  doc: DocumentRow;
  files: Array<{ id: string; name: string; role: string; version: number; size: number }>;
  timeline: Array<{
    seq: number;
    type: string;
    label: string;
    at: Date;
    actorName: string | null;
    actorRole: string | null;
    detail: string | null;
  }>;
  assignments: Array<{
    assigneeId: string;
    name: string;
    kind: string;
    state: string;
    dueDate: string | null;
    overdue: boolean;
    instruction: string | null;
    result: string | null;
  }>;
  links: Array<{ id: string; direction: string; label: string; relation: LinkRelation }>;
  /**
   * recall: the recipient's answer to our recall of the document (null while it is not recalled);
   * update: its answer to our latest issued update (null when no update was issued).
   */
  deliveries: Array<{
    name: string;
    channel: string;
    status: string;
    recall: 'taken' | 'refused' | 'waiting' | null;
    update: 'taken' | 'refused' | 'waiting' | null;
  }>;
  comments: Array<{ author: string; body: string; at: Date; version: number }>;
  signatures: SignatureLine[];
  /** The verification stored when the document arrived over the hub (edXML); null otherwise. */
  received: ReceivedVerification | null;
  allowed: DocumentActionType[];
  /** How many times the sender updated this received document (BussinessDocType 2); 0 if never. */
  updatesBySender: number;
}

/** A field's value as the timeline writes it: a signer by name, a list joined, nothing as "(trống)". */
function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(trống)';
  if (Array.isArray(value)) return value.map(shown).join('; ');
  if (typeof value === 'object' && 'fullName' in value) return String(value.fullName);
  return String(value);
}

/** An update's detail: the reason, each changed field's old and new value, the new files. */
function updateDetail(payload: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof payload.reason === 'string') parts.push(`Lý do: ${payload.reason}`);
  const changes = (payload.changes ?? {}) as Record<string, { from: unknown; to: unknown }>;
  for (const [field, change] of Object.entries(changes)) {
    const label = updatedFieldLabels[field as keyof typeof updatedFieldLabels] ?? field;
    parts.push(`${label}: “${shown(change.from)}” → “${shown(change.to)}”`);
  }
  const files = payload.files as { version?: number; names?: string[] } | null | undefined;
  if (files?.names?.length) parts.push(`Tệp mới (phiên bản ${files.version}): ${files.names.join(', ')}`);
  if (Object.keys(changes).length === 0 && !files?.names?.length) parts.push('Không thay đổi thông tin nào');
  return parts.join('. ');
}

/** A recipient's answer to our recall or update: who, and what it said. */
function answerDetail(payload: Record<string, unknown>, act: 'thu hồi' | 'cập nhật'): string | null {
  if (typeof payload.organName !== 'string') return null;
  const answer =
    payload.statusCode === '15'
      ? `đồng ý ${act}`
      : act === 'thu hồi'
        ? 'từ chối thu hồi hoặc không có văn bản để thu hồi'
        : 'từ chối cập nhật';
  const refused = payload.statusCode === '16' && typeof payload.description === 'string' && payload.description;
  const why = refused ? ` (${payload.description})` : '';
  return `${payload.organName}: ${answer}${why}`;
}

function detailOf(type: string, payload: Record<string, unknown>): string | null {
  if (type === 'update') return updateDetail(payload);
  if (type === 'update_issued')
    return `Bản cập nhật lần ${payload.update} (dự thảo lần ${payload.version}). ${updateDetail(payload)}`;
  if (type === 'recall_answer') return answerDetail(payload, 'thu hồi');
  if (type === 'update_answer') return answerDetail(payload, 'cập nhật');
  if (type === 'issue' && typeof payload.update === 'number' && typeof payload.codeNumber === 'string')
    return `Phát hành bản cập nhật lần ${payload.update}, giữ số ${payload.codeNumber} và ngày ${String(payload.issuedDate).split('-').reverse().join('/')} của văn bản`;
  if (type === 'receive' && typeof payload.note === 'string') return payload.note;
  if ((type === 'send_back' || type === 'return') && typeof payload.reason === 'string')
    return `Lý do: ${payload.reason}`;
  if (type === 'register' && typeof payload.number === 'number') return `Số đến/số đăng ký: ${payload.number}`;
  if (type === 'issue' && typeof payload.codeNumber === 'string') return `Số: ${payload.codeNumber}`;
  if (type === 'assign' && typeof payload.instruction === 'string') return `Ý kiến chỉ đạo: ${payload.instruction}`;
  if (type === 'complete_assignment' && typeof payload.result === 'string') return payload.result;
  if ((type === 'recall' || type === 'replace' || type === 'recall_issued') && typeof payload.reason === 'string')
    return `Lý do: ${payload.reason}`;
  return null;
}

/**
 * A recipient's answer to the latest update we issued: the `update_answer` lines between the
 * opening of that update and the next (a recipient of this deployment answers in the issue's
 * own transaction, so before the issue's line); while a later update is being drafted, the
 * answer to the one before it.
 */
function updateAnswerOf(
  actions: ReadonlyArray<{ type: string; payload: unknown }>,
  recipientKey: string,
): 'taken' | 'refused' | 'waiting' | null {
  let issuedAnswer: 'taken' | 'refused' | 'waiting' | null = null;
  let round: { issued: boolean; answer: 'taken' | 'refused' | null } | null = null;
  for (const a of actions) {
    const payload = (a.payload ?? {}) as Record<string, unknown>;
    if (a.type === 'update_issued') {
      if (round?.issued) issuedAnswer = round.answer ?? 'waiting';
      round = { issued: false, answer: null };
    } else if (round && a.type === 'update_answer' && payload.recipientKey === recipientKey) {
      round.answer = payload.statusCode === '15' ? 'taken' : 'refused';
    } else if (round && a.type === 'issue') {
      round.issued = true;
    }
  }
  return round?.issued ? (round.answer ?? 'waiting') : issuedAnswer;
}

export async function getDocumentView(
  db: Executor,
  caller: Caller,
  id: string,
  options: { blobs: BlobStore; now?: Date; verify?: boolean },
): Promise<DocumentView> {
  const doc = await loadDocument(db, id);
  const staff = await assertVisible(db, caller, doc);
  const now = options.now ?? new Date();
  if (doc.secrecy !== 'none') {
    await recordAudit(db, {
      provinceCode: doc.provinceCode,
      stream: `document:${doc.id}`,
      action: 'document.read',
      actorId: staff.id,
      at: now,
      data: { secrecy: doc.secrecy },
    });
  }
  const [files, actions, assignments, links, deliveries, comments, received] = await Promise.all([
    filesOf(db, doc.id),
    db.select().from(documentActions).where(eq(documentActions.documentId, doc.id)).orderBy(asc(documentActions.seq)),
    db.select().from(documentAssignments).where(eq(documentAssignments.documentId, doc.id)),
    db
      .select({ fromId: documentLinks.fromId, toId: documentLinks.toId, kind: documentLinks.kind })
      .from(documentLinks)
      .where(or(eq(documentLinks.fromId, doc.id), eq(documentLinks.toId, doc.id))),
    db.select().from(documentDeliveries).where(eq(documentDeliveries.documentId, doc.id)),
    db.select().from(documentComments).where(eq(documentComments.documentId, doc.id)).orderBy(asc(documentComments.at)),
    doc.direction === 'incoming' ? receivedVerificationOf(db, doc.id) : Promise.resolve(null),
  ]);
  const people = await staffByAccounts(db, [
    ...new Set([
      ...actions.flatMap((a) => (a.actorId ? [a.actorId] : [])),
      ...assignments.map((a) => a.assigneeId),
      ...comments.map((c) => c.authorId),
    ]),
  ]);
  const nameOf = (accountId: string | null) =>
    accountId ? (people.find((p) => p.accountId === accountId)?.fullName ?? null) : null;
  const today = localDateOf(now);
  const linked = [];
  for (const l of links) {
    const otherId = l.fromId === doc.id ? l.toId : l.fromId;
    const [other] = await db.select().from(documents).where(eq(documents.id, otherId));
    if (!other || other.agencyId !== staff.agencyId) continue;
    linked.push({
      id: other.id,
      direction: other.direction,
      label: `${other.typeName} ${other.codeNumber ? `${other.codeNumber}/` : ''}${other.codeNotation}: ${other.subject}`,
      relation: (l.kind === 'replaces'
        ? l.fromId === doc.id
          ? 'replaces'
          : 'replaced_by'
        : l.fromId === doc.id
          ? 'answers'
          : 'answered_by') as LinkRelation,
    });
  }
  const relations = await relationsOf(db, staff, doc);
  const state = isDocumentState(doc.state) ? doc.state : null;
  const allowed = documentActionTypes.filter(
    (a) => decide(a, doc.direction, state, { roles: staff.roles, relations, sameAgency: true }).ok,
  );
  const signatures: SignatureLine[] = [];
  const signedFile = files
    .filter((f) => (f.role === 'main' || f.role === 'signed') && f.contentType === 'application/pdf')
    .at(-1);
  if (options.verify !== false && signedFile) {
    const bytes = await options.blobs.get(signedFile.blobKey);
    if (bytes) {
      try {
        for (const r of await verifyPdf(bytes)) {
          signatures.push({
            signer: r.signerName ?? r.signerCommonName ?? r.signerSubject,
            at: r.signingTime ? r.signingTime.toISOString() : null,
            verdict: r.verdict,
            text: formatVerificationReport([r]),
          });
        }
      } catch {
        // A received file that is not a readable signed PDF has no signatures to show.
      }
    }
  }
  return {
    doc,
    files: files.map((f) => ({ id: f.id, name: f.name, role: f.role, version: f.version, size: f.size })),
    timeline: actions.map((a) => ({
      seq: a.seq,
      type: a.type,
      label: documentRules[a.type as DocumentActionType]?.vi ?? a.type,
      at: a.at,
      actorName: nameOf(a.actorId),
      actorRole: a.actorRole,
      detail: detailOf(a.type, a.payload as Record<string, unknown>),
    })),
    assignments: assignments.map((a) => ({
      assigneeId: a.assigneeId,
      name: nameOf(a.assigneeId) ?? a.assigneeId,
      kind: a.kind,
      state: a.state,
      dueDate: a.dueDate,
      overdue: (a.state === 'pending' || a.state === 'in_progress') && a.dueDate !== null && a.dueDate < today,
      instruction: a.instruction,
      result: a.result,
    })),
    links: linked,
    deliveries: deliveries.map((d) => ({
      name: d.recipient.organName,
      channel: d.channel,
      status: d.status,
      recall:
        doc.state !== 'recalled_by_us' ? null : d.status === '15' ? 'taken' : d.status === '16' ? 'refused' : 'waiting',
      update: updateAnswerOf(actions, d.recipientKey),
    })),
    comments: comments.map((c) => ({
      author: nameOf(c.authorId) ?? c.authorId,
      body: c.body,
      at: c.at,
      version: c.version,
    })),
    signatures,
    received,
    allowed,
    updatesBySender: actions.filter((a) => a.type === 'update').length,
  };
}
