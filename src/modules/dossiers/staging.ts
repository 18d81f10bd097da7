/**
 * Staged files (uploaded before the filing or action that names them, `dossier_id` null) are
 * bounded per account and removed after a day: without both, anyone signed in could fill the
 * blob store and the table with files no dossier ever claims (issue 11, "staged uploads").
 */
import { and, count, eq, isNull, lt, sql, sum } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import { dossierAttachments } from './schema.ts';

registerErrors({
  STAGED_UPLOADS_QUOTA_EXCEEDED: {
    status: 429,
    vi: 'Bạn đã tải lên quá nhiều tệp chưa dùng đến. Vui lòng nộp hồ sơ với các tệp đã tải lên hoặc thử lại sau một ngày.',
  },
});

export interface StagingQuota {
  /** Files an account may hold staged at once. */
  files: number;
  /** Their total size in bytes. */
  bytes: number;
}

/** Enough for the largest procedure's papers twice over (a filing names at most 100 files). */
const defaultStagingQuota: StagingQuota = { files: 100, bytes: 200 * 1024 * 1024 };

/** A staged file not claimed within this time is removed by the cleanup job. */
const STAGED_TTL_MS = 24 * 3_600_000;

/**
 * Refuses a new staged file beyond the account's quota. Runs in the insert's transaction
 * under an advisory lock on the account, so parallel uploads cannot each pass the check.
 */
export async function enforceStagingQuota(
  tx: Executor,
  uploader: string,
  size: number,
  quota: Partial<StagingQuota> = {},
): Promise<void> {
  const limit = { ...defaultStagingQuota, ...quota };
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`staged:${uploader}`}, 0))`);
  const [held] = await tx
    .select({ files: count(), bytes: sum(dossierAttachments.size) })
    .from(dossierAttachments)
    .where(and(isNull(dossierAttachments.dossierId), eq(dossierAttachments.uploadedBy, uploader)));
  const files = held?.files ?? 0;
  const bytes = Number(held?.bytes ?? 0);
  if (files + 1 > limit.files || bytes + size > limit.bytes) {
    throw new DomainError('STAGED_UPLOADS_QUOTA_EXCEEDED', { files: limit.files, bytes: limit.bytes });
  }
}

/**
 * Removes staged files older than a day (never claimed). The bytes stay in the content-
 * addressed blob store, which may share them with a claimed file; only the row that let the
 * uploader name them goes.
 */
export async function removeStaleStagedFiles(db: Executor, now: Date = new Date()): Promise<number> {
  const removed = await db
    .delete(dossierAttachments)
    .where(
      and(
        isNull(dossierAttachments.dossierId),
        lt(dossierAttachments.uploadedAt, new Date(now.getTime() - STAGED_TTL_MS)),
      ),
    )
    .returning({ id: dossierAttachments.id });
  return removed.length;
}
