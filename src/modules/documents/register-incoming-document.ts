/**
 * Receiving and registering an incoming document (Decree 30/2020/NĐ-CP Art. 21–22). A
 * document from the national hub waits for the clerk ("Chờ vào sổ") — the clerk registers or
 * returns it; one entered by the clerk (a scan, an e-mail, a paper letter) is registered at
 * once. Registration takes the arrival number (số đến) from the agency's incoming register of
 * the year, one series for paper and electronic (Art. 22.1). Receipt over the hub is
 * idempotent on (DocumentId, sender, number) (DOMAIN.md §6.3).
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { once } from '../../platform/records/index.ts';
import { agencyById } from '../directory/index.ts';
import {
  actingRole,
  checkAction,
  type DocumentsContext,
  loadDocument,
  nameReader,
  recordAction,
  requireStaffCaller,
  searchTextOf,
} from './context.ts';
import { type IncomingFile, storeFile } from './files.ts';
import { takeNumber } from './numbering.ts';
import { documents, type IncomingSource, type Secrecy, type SignerInfo, type Urgency } from './schema.ts';

/** The Annex VI input fields of an incoming document (same names as edXML's MessageHeader). */
export interface IncomingDocumentInput {
  source: IncomingSource;
  /** CodeNumber ("2411") and CodeNotation ("QĐ-UBND"). */
  codeNumber?: string | null;
  codeNotation: string;
  typeCode?: string;
  typeName: string;
  subject: string;
  issuedDate?: string | null;
  place?: string | null;
  issuerName: string;
  /** The issuer's electronic identifier (OrganId). */
  issuerOrganId?: string | null;
  signer?: SignerInfo | null;
  urgency?: Urgency;
  secrecy?: Secrecy;
  pageAmount?: number | null;
  description?: string | null;
  toPlaces?: string[];
  /** Reply deadline the document sets (DueDate). */
  dueDate?: string | null;
  /** edXML DocumentId, for a document received over the hub. */
  exchangeDocumentId?: string | null;
  /** When it arrived; default now. */
  receivedAt?: Date;
  files: IncomingFile[];
  /** The receiving agency; required for the system caller (the exchange job), the clerk's own otherwise. */
  agencyId?: string;
  /** A line for the receipt on the timeline (e.g. an update for a document never received here). */
  note?: string;
  /** Register at once (default: yes unless it came from the hub). */
  register?: boolean;
}

export interface IncomingReceipt {
  id: string;
  state: string;
  registerNumber: number | null;
  /** True when the same hub package had already been received: nothing new was written. */
  duplicate: boolean;
}

function receivingAgency(caller: Caller, input: IncomingDocumentInput): string {
  if (caller.kind === 'system') {
    if (!input.agencyId) throw new DomainError('DOCUMENT_RECIPIENT_INVALID');
    return input.agencyId;
  }
  const staff = requireStaffCaller(caller);
  if (!staff.roles.includes('clerk')) throw new DomainError('DOCUMENT_FORBIDDEN', { action: 'register' });
  return staff.agencyId;
}

async function existingReceipt(db: Executor, agencyId: string, input: IncomingDocumentInput) {
  if (!input.exchangeDocumentId) return undefined;
  const [row] = await db
    .select({ id: documents.id, state: documents.state, registerNumber: documents.registerNumber })
    .from(documents)
    .where(
      and(
        eq(documents.agencyId, agencyId),
        eq(documents.exchangeDocumentId, input.exchangeDocumentId),
        input.issuerOrganId ? eq(documents.issuerOrganId, input.issuerOrganId) : isNull(documents.issuerOrganId),
        input.codeNumber ? eq(documents.codeNumber, input.codeNumber) : isNull(documents.codeNumber),
      ),
    );
  return row;
}

/**
 * Receives an incoming document (and registers it unless it waits for the clerk). Callers: the
 * clerk (scan, e-mail, paper, manual entry), the exchange job as the system (hub), and
 * `issueDocument` for an internal recipient.
 */
export async function registerIncomingDocument(
  db: Executor,
  caller: Caller,
  input: IncomingDocumentInput,
  options: { transactionId: string },
  ctx: DocumentsContext,
): Promise<IncomingReceipt> {
  const agencyId = receivingAgency(caller, input);
  const agency = await agencyById(db, agencyId);
  if (!agency) throw new DomainError('DOCUMENT_RECIPIENT_INVALID');
  const earlier = await existingReceipt(db, agencyId, input);
  if (earlier) return { ...earlier, duplicate: true };
  const scope = `documents:${caller.kind === 'system' ? `system:${agencyId}` : caller.kind === 'staff' ? caller.id : ''}`;
  const { files, receivedAt, ...fields } = input;
  const expected = { op: 'registerIncoming', fields, files: files.map((f) => [f.name, f.bytes.length]) };
  return once(db, scope, options.transactionId, expected, (tx) =>
    receiveIn(tx, caller, agency.provinceCode, agencyId, input, { id: options.transactionId, scope }, ctx),
  );
}

/** Receives in the caller's transaction (an internal recipient of an issued document). */
export async function receiveIn(
  tx: Executor,
  caller: Caller,
  provinceCode: string,
  agencyId: string,
  input: IncomingDocumentInput,
  transaction: { id: string; scope: string },
  ctx: DocumentsContext,
): Promise<IncomingReceipt> {
  const at = ctx.now;
  const receivedAt = input.receivedAt ?? at;
  const register = input.register ?? input.source !== 'hub';
  const secrecy = input.secrecy ?? 'none';
  const actorId = caller.kind === 'staff' ? caller.id : null;
  const fields = {
    codeNumber: input.codeNumber ?? null,
    codeNotation: input.codeNotation,
    typeName: input.typeName,
    subject: input.subject,
    issuerName: input.issuerName,
  };
  const [doc] = await tx
    .insert(documents)
    .values({
      provinceCode,
      agencyId,
      direction: 'incoming',
      state: 'received',
      ...fields,
      typeCode: input.typeCode ?? '',
      issuedDate: input.issuedDate ?? null,
      place: input.place ?? null,
      issuerOrganId: input.issuerOrganId ?? null,
      signer: input.signer ?? null,
      urgency: input.urgency ?? 'normal',
      secrecy,
      pageAmount: input.pageAmount ?? null,
      description: input.description ?? null,
      toPlaces: input.toPlaces ?? [],
      dueDate: input.dueDate ?? null,
      source: input.source,
      receivedAt,
      exchangeDocumentId: input.exchangeDocumentId ?? null,
      createdBy: actorId,
      searchText: searchTextOf(fields),
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  if (!doc) throw new Error('unreachable: document insert returned no row');
  let index = 0;
  for (const file of input.files) {
    const role = file.role ?? (index === 0 ? 'main' : 'appendix');
    await storeFile(tx, ctx.blobs, { documentId: doc.id, role, version: 0, ...file, createdBy: actorId, at });
    index++;
  }
  if (actorId) await nameReader(tx, doc.id, actorId, 'clerk');
  const actor = {
    id: actorId,
    kind: caller.kind,
    role: caller.kind === 'staff' ? actingRole(caller, 'receive') : null,
    agencyId: caller.kind === 'staff' ? caller.agencyId : null,
  };
  const payload = {
    source: input.source,
    receivedAt: receivedAt.toISOString(),
    ...(input.note ? { note: input.note } : {}),
  };
  const seq = await recordAction(tx, {
    doc: { ...doc, state: 'received', lastSeq: 0 },
    type: 'receive',
    to: 'received',
    actor,
    payload,
    at,
    transaction,
  });
  if (!register) return { id: doc.id, state: 'received', registerNumber: null, duplicate: false };
  const number = await registerIn(tx, { ...doc, lastSeq: seq }, actor, at, {
    ...transaction,
    id: `${transaction.id}:register`,
  });
  return { id: doc.id, state: 'registered', registerNumber: number, duplicate: false };
}

async function registerIn(
  tx: Executor,
  doc: { id: string; provinceCode: string; agencyId: string; secrecy: Secrecy; lastSeq: number; source: string },
  actor: Parameters<typeof recordAction>[1]['actor'],
  at: Date,
  transaction: { id: string; scope: string },
): Promise<number> {
  const { registerId, number } = await takeNumber(
    tx,
    { provinceCode: doc.provinceCode, agencyId: doc.agencyId, direction: 'incoming', secrecy: doc.secrecy },
    at,
  );
  await tx
    .update(documents)
    .set({ registerId, registerNumber: number, registeredAt: at })
    .where(eq(documents.id, doc.id));
  await recordAction(tx, {
    doc: { ...doc, state: 'received', direction: 'incoming' },
    type: 'register',
    to: 'registered',
    actor,
    payload: { registerId, number },
    at,
    transaction,
  });
  return number;
}

/** The clerk registers a document that waits ("Chờ vào sổ"), e.g. one received over the hub. */
export async function registerDocument(
  db: Executor,
  caller: Caller,
  documentId: string,
  options: { transactionId: string },
  ctx: DocumentsContext,
): Promise<IncomingReceipt> {
  const staff = requireStaffCaller(caller);
  const scope = `documents:${staff.id}`;
  return once(db, scope, options.transactionId, { op: 'register', documentId }, async (tx) => {
    const doc = await loadDocument(tx, documentId, true);
    await checkAction(tx, staff, doc, 'register');
    await nameReader(tx, doc.id, staff.id, 'clerk');
    const actor = { id: staff.id, kind: 'staff' as const, role: 'clerk' as const, agencyId: staff.agencyId };
    const number = await registerIn(tx, doc, actor, ctx.now, { id: options.transactionId, scope });
    return { id: doc.id, state: 'registered', registerNumber: number, duplicate: false };
  });
}
