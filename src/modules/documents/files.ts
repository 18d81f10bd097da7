/**
 * The files of a document (the main PDF, appendices, draft versions, signed versions) in the
 * blob store, checked by content: a PDF must start with "%PDF-", an office file be a ZIP
 * package; nothing above 20 MB (uploads are size- and type-checked by content, the brief).
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import type { BlobStore } from '../../platform/storage/index.ts';
import { documentFiles } from './schema.ts';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface IncomingFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
  /** 'main' (default for the first file) or 'appendix'. */
  role?: 'main' | 'appendix';
}

const startsWith = (bytes: Uint8Array, ascii: string): boolean =>
  bytes.length >= ascii.length && [...ascii].every((c, i) => bytes[i] === c.charCodeAt(0));

/** The content type the bytes really are, or DOCUMENT_FILE_INVALID. */
export function checkedContentType(file: { name: string; bytes: Uint8Array }): string {
  if (file.bytes.length === 0 || file.bytes.length > MAX_FILE_BYTES) {
    throw new DomainError('DOCUMENT_FILE_INVALID', { reason: 'size' });
  }
  if (startsWith(file.bytes, '%PDF-')) return 'application/pdf';
  if (startsWith(file.bytes, 'PK\u0003\u0004')) {
    if (/\.docx$/iu.test(file.name)) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    if (/\.xlsx$/iu.test(file.name)) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return 'application/zip';
  }
  throw new DomainError('DOCUMENT_FILE_INVALID', { reason: 'type' });
}

/** Checks a name: no path, no control characters, at most 200 characters (edXML AttachmentName). */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/u).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  const clean = base.replace(/[\u0000-\u001f\u007f]/gu, '').trim();
  if (!clean || clean.length > 200) throw new DomainError('DOCUMENT_FILE_INVALID', { reason: 'name' });
  return clean;
}

export async function storeFile(
  tx: Executor,
  blobs: BlobStore,
  input: {
    documentId: string;
    role: 'main' | 'appendix' | 'draft' | 'signed';
    version: number;
    name: string;
    bytes: Uint8Array;
    createdBy: string | null;
    at: Date;
  },
): Promise<string> {
  const contentType = checkedContentType(input);
  const blobKey = await blobs.put(input.bytes);
  await tx.insert(documentFiles).values({
    documentId: input.documentId,
    role: input.role,
    version: input.version,
    name: cleanFileName(input.name),
    contentType,
    blobKey,
    size: input.bytes.length,
    createdBy: input.createdBy,
    createdAt: input.at,
  });
  return blobKey;
}

export type DocumentFileRow = typeof documentFiles.$inferSelect;

export function filesOf(db: Executor, documentId: string): Promise<DocumentFileRow[]> {
  return db
    .select()
    .from(documentFiles)
    .where(eq(documentFiles.documentId, documentId))
    .orderBy(asc(documentFiles.createdAt), asc(documentFiles.name));
}

/** The newest file of a role (the latest draft, the signed PDF). */
export async function latestFile(
  db: Executor,
  documentId: string,
  role: DocumentFileRow['role'],
): Promise<DocumentFileRow | undefined> {
  const [row] = await db
    .select()
    .from(documentFiles)
    .where(and(eq(documentFiles.documentId, documentId), eq(documentFiles.role, role)))
    .orderBy(desc(documentFiles.version), desc(documentFiles.createdAt))
    .limit(1);
  return row;
}

export async function readBlob(blobs: BlobStore, key: string): Promise<Uint8Array> {
  const bytes = await blobs.get(key);
  if (!bytes) throw new DomainError('DOCUMENT_NOT_FOUND', { blob: key });
  return bytes;
}
