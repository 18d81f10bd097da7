/**
 * What the citizen's personal data store (papers module, kho dữ liệu cá nhân) takes from a
 * dossier: its owner, its agencies, and the files that are the citizen's papers — the papers
 * accepted at reception (uploaded, digitised or reused) and the results issued to them.
 * Published through index.ts; the papers module never reads the dossier tables.
 */
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { dossierAttachments, dossiers } from './schema.ts';
import { applicantOf, procedureSnapshotOf } from './stored-json.ts';

export interface DossierStoreFile {
  attachmentId: string;
  kind: 'paper' | 'result';
  paperName: string | null;
  fileName: string;
  mime: string;
  size: number;
  blobKey: string;
  signed: boolean;
  /** Taken from an earlier file instead of an upload; `reusedFrom` names the original. */
  reused: boolean;
  reusedFrom: string | null;
  uploadedBy: string | null;
  uploadedAt: Date;
}

export interface DossierStoreRecord {
  dossierId: string;
  provinceCode: string;
  code: string;
  procedureName: string;
  resultName: string;
  applicantAccountId: string | null;
  applicantPersonalId: string | null;
  receivingAgencyId: string;
  competentAgencyId: string;
  /** Received (or filed at the counter): its papers were accepted. */
  received: boolean;
  files: DossierStoreFile[];
}

/** A filed dossier's store record, or null for a draft or an unknown id. */
export async function dossierStoreRecord(db: Executor, dossierId: string): Promise<DossierStoreRecord | null> {
  const [row] = await db
    .select()
    .from(dossiers)
    .where(and(eq(dossiers.id, dossierId), isNotNull(dossiers.code)));
  if (!row?.code) return null;
  const files = await db
    .select()
    .from(dossierAttachments)
    .where(and(eq(dossierAttachments.dossierId, row.id), inArray(dossierAttachments.kind, ['paper', 'result'])))
    .orderBy(asc(dossierAttachments.uploadedAt));
  const snapshot = procedureSnapshotOf(row);
  return {
    dossierId: row.id,
    provinceCode: row.provinceCode,
    code: row.code,
    procedureName: snapshot.name,
    resultName: snapshot.resultName,
    applicantAccountId: row.applicantAccountId,
    applicantPersonalId: applicantOf(row).personalId ?? null,
    receivingAgencyId: row.receivingAgencyId,
    competentAgencyId: row.competentAgencyId,
    received: row.receivedAt !== null,
    // Only the results the officer issued reach the applicant (attach_result).
    files: files.flatMap((f) =>
      f.kind === 'paper' || (f.kind === 'result' && f.issued)
        ? [
            {
              attachmentId: f.id,
              kind: f.kind,
              paperName: f.paperName,
              fileName: f.fileName,
              mime: f.mime,
              size: f.size,
              blobKey: f.blobKey,
              signed: f.signed,
              reused: f.reused,
              reusedFrom: f.reusedFrom,
              uploadedBy: f.uploadedBy,
              uploadedAt: f.uploadedAt,
            },
          ]
        : [],
    ),
  };
}
