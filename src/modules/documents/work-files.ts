/**
 * Hồ sơ công việc (Decree 30/2020/NĐ-CP Art. 28–29, Annex V): a file groups the documents of
 * one piece of work, with its number and notation ("01.TCCB"), title, retention period
 * (permanent or a number of years, Circular 10/2022/TT-BNV) and creator. One document may be in
 * several files without being copied (Annex VI §III.4e); its order in a file is DocOrdinal.
 */
import { and, asc, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { localDateOf } from '../../platform/calendar/index.ts';
import { type Executor, rows } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { isUniqueViolation } from '../../platform/records/index.ts';
import { agencyById } from '../directory/index.ts';
import { assertVisible, loadDocument, requireStaffCaller } from './context.ts';
import { workFileDocuments, workFiles } from './schema.ts';

export type WorkFileRow = typeof workFiles.$inferSelect;

export interface WorkFileInput {
  notation: string;
  title: string;
  /** Years (TT 10/2022 values: 5, 10, 20, 50, 70) or null for "Vĩnh viễn". */
  retentionYears: number | null;
  /** The retention schedule's item the period was taken from (retention.ts), if any. */
  retentionItem?: string | null;
  description?: string;
}

/** Opens a work file in the caller's agency for the current year (Art. 29.2). */
export async function openWorkFile(
  db: Executor,
  caller: Caller,
  input: WorkFileInput,
  now: Date,
): Promise<WorkFileRow> {
  const staff = requireStaffCaller(caller);
  const agency = await agencyById(db, staff.agencyId);
  if (!agency) throw new DomainError('DOCUMENT_FORBIDDEN');
  const today = localDateOf(now);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(workFiles)
        .values({
          provinceCode: agency.provinceCode,
          agencyId: agency.id,
          year: Number(today.slice(0, 4)),
          notation: input.notation,
          title: input.title,
          retentionYears: input.retentionYears,
          permanent: input.retentionYears === null,
          retentionItem: input.retentionItem ?? null,
          creatorId: staff.id,
          startDate: today,
          description: input.description ?? null,
          createdAt: now,
        })
        .returning();
      if (!row) throw new Error('unreachable: work file insert returned no row');
      await recordAudit(tx, {
        provinceCode: agency.provinceCode,
        stream: `work-file:${row.id}`,
        action: 'work_file.open',
        actorId: staff.id,
        at: now,
        data: {
          notation: row.notation,
          title: row.title,
          retentionYears: row.retentionYears,
          retentionItem: row.retentionItem,
        },
      });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError('WORK_FILE_DUPLICATE', { notation: input.notation });
    throw error;
  }
}

/** @public */
export async function getWorkFile(db: Executor, caller: Caller, id: string): Promise<WorkFileRow> {
  const staff = requireStaffCaller(caller);
  if (!/^[0-9a-f-]{36}$/u.test(id)) throw new DomainError('WORK_FILE_NOT_FOUND');
  const [row] = await db.select().from(workFiles).where(eq(workFiles.id, id));
  if (!row || row.agencyId !== staff.agencyId) throw new DomainError('WORK_FILE_NOT_FOUND');
  return row;
}

/** @public */
export function listWorkFiles(db: Executor, caller: Caller, year: number): Promise<WorkFileRow[]> {
  const staff = requireStaffCaller(caller);
  return db
    .select()
    .from(workFiles)
    .where(and(eq(workFiles.agencyId, staff.agencyId), eq(workFiles.year, year)))
    .orderBy(asc(workFiles.notation));
}

/** Puts a document in a file, at the end (idempotent: a document already there keeps its place). */
export async function fileDocument(tx: Executor, fileId: string, documentId: string, at: Date): Promise<void> {
  const [file] = await tx.select().from(workFiles).where(eq(workFiles.id, fileId)).for('update');
  if (!file) throw new DomainError('WORK_FILE_NOT_FOUND');
  if (file.state === 'closed') throw new DomainError('WORK_FILE_CLOSED');
  const [last] = await tx
    .select({ ordinal: workFileDocuments.ordinal })
    .from(workFileDocuments)
    .where(eq(workFileDocuments.fileId, fileId))
    .orderBy(desc(workFileDocuments.ordinal))
    .limit(1);
  await tx
    .insert(workFileDocuments)
    .values({ fileId, documentId, ordinal: (last?.ordinal ?? 0) + 1, addedAt: at })
    .onConflictDoNothing();
}

/** A staff member adds a document of the agency they can see to an open file of the agency. */
/** @public */
export async function addToWorkFile(
  db: Executor,
  caller: Caller,
  fileId: string,
  documentId: string,
  now: Date,
): Promise<void> {
  const file = await getWorkFile(db, caller, fileId);
  const doc = await loadDocument(db, documentId);
  await assertVisible(db, caller, doc);
  await db.transaction((tx) => fileDocument(tx, file.id, doc.id, now));
}

/** Closes the file (Art. 29.4): its end date is today. Its creator or a leader closes it, once. */
/** @public */
export async function closeWorkFile(db: Executor, caller: Caller, fileId: string, now: Date): Promise<WorkFileRow> {
  const staff = requireStaffCaller(caller);
  const file = await getWorkFile(db, caller, fileId);
  if (file.creatorId !== staff.id && !staff.roles.includes('leader')) throw new DomainError('DOCUMENT_FORBIDDEN');
  const [row] = await db
    .update(workFiles)
    .set({ state: 'closed', endDate: localDateOf(now) })
    .where(and(eq(workFiles.id, file.id), eq(workFiles.state, 'open')))
    .returning();
  if (!row) throw new DomainError('WORK_FILE_CLOSED');
  await recordAudit(db, {
    provinceCode: row.provinceCode,
    stream: `work-file:${row.id}`,
    action: 'work_file.close',
    actorId: staff.id,
    at: now,
    data: { documents: (await documentsOfFile(db, caller, row.id)).length },
  });
  return row;
}

/** The agency's files a document is in (the document page lists them). */
export function workFilesOfDocument(db: Executor, caller: Caller, documentId: string): Promise<WorkFileRow[]> {
  const staff = requireStaffCaller(caller);
  return db
    .select(getTableColumns(workFiles))
    .from(workFiles)
    .innerJoin(workFileDocuments, eq(workFileDocuments.fileId, workFiles.id))
    .where(and(eq(workFileDocuments.documentId, documentId), eq(workFiles.agencyId, staff.agencyId)))
    .orderBy(asc(workFiles.year), asc(workFiles.notation));
}

export interface FiledDocument {
  ordinal: number;
  id: string;
  codeNumber: string | null;
  codeNotation: string;
  issuedDate: string | null;
  typeName: string;
  subject: string;
  issuerName: string;
  pageAmount: number | null;
}

/** The file's document index (Annex V "Mục lục văn bản"), in order; secret ones only to the people named on them. */
export function documentsOfFile(db: Executor, caller: Caller, fileId: string): Promise<FiledDocument[]> {
  const staff = requireStaffCaller(caller);
  return rows<FiledDocument>(
    db,
    sql`select f.ordinal, d.id, d.code_number as "codeNumber", d.code_notation as "codeNotation",
          d.issued_date::text as "issuedDate", d.type_name as "typeName", d.subject, d.issuer_name as "issuerName",
          d.page_amount as "pageAmount"
        from work_file_documents f join documents d on d.id = f.document_id
        where f.file_id = ${fileId} and d.agency_id = ${staff.agencyId}
          and (d.secrecy = 'none' or exists (select 1 from document_readers r where r.document_id = d.id and r.account_id = ${staff.id}))
        order by f.ordinal`,
  );
}
