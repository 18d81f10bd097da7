/**
 * A citizen's unfinished online filings (issue 13, item 3): kept on the server under the
 * account, one per procedure, so they survive signing out and open on another device. Only
 * the account's owner reads or writes them; filing the dossier discards the draft. A draft not
 * touched for DRAFT_TTL_DAYS goes (with the staged papers it held, by the staging cleanup).
 */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { requireCitizen } from '../../platform/auth/permissions.ts';
import type { Executor } from '../../platform/db/index.ts';
import { filingDrafts } from './schema.ts';

const DRAFT_TTL_DAYS = 30;

export interface FilingDraftRow {
  procedureId: string;
  data: Record<string, unknown>;
  updatedAt: Date;
}

export async function findFilingDraft(
  db: Executor,
  caller: Caller,
  procedureId: string,
): Promise<FilingDraftRow | undefined> {
  const citizen = requireCitizen(caller);
  const [row] = await db
    .select({ procedureId: filingDrafts.procedureId, data: filingDrafts.data, updatedAt: filingDrafts.updatedAt })
    .from(filingDrafts)
    .where(and(eq(filingDrafts.accountId, citizen.id), eq(filingDrafts.procedureId, procedureId)));
  return row;
}

export async function saveFilingDraft(
  db: Executor,
  caller: Caller,
  input: { provinceCode: string; procedureId: string; data: Record<string, unknown>; now?: Date },
): Promise<void> {
  const citizen = requireCitizen(caller);
  const now = input.now ?? new Date();
  await db
    .insert(filingDrafts)
    .values({
      provinceCode: input.provinceCode,
      accountId: citizen.id,
      procedureId: input.procedureId,
      data: input.data,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [filingDrafts.accountId, filingDrafts.procedureId],
      set: { data: input.data, updatedAt: now },
    });
}

export async function discardFilingDraft(db: Executor, caller: Caller, procedureId: string): Promise<void> {
  const citizen = requireCitizen(caller);
  await db
    .delete(filingDrafts)
    .where(and(eq(filingDrafts.accountId, citizen.id), eq(filingDrafts.procedureId, procedureId)));
}

/** The account's drafts, the last touched first ("Hồ sơ của tôi"). */
export async function listFilingDrafts(db: Executor, caller: Caller, limit = 20): Promise<FilingDraftRow[]> {
  const citizen = requireCitizen(caller);
  return db
    .select({ procedureId: filingDrafts.procedureId, data: filingDrafts.data, updatedAt: filingDrafts.updatedAt })
    .from(filingDrafts)
    .where(eq(filingDrafts.accountId, citizen.id))
    .orderBy(desc(filingDrafts.updatedAt))
    .limit(limit);
}

/** Removes drafts nobody touched for DRAFT_TTL_DAYS (run with the staged-files cleanup). */
export async function removeStaleFilingDrafts(db: Executor, now: Date = new Date()): Promise<number> {
  const removed = await db
    .delete(filingDrafts)
    .where(lt(filingDrafts.updatedAt, new Date(now.getTime() - DRAFT_TTL_DAYS * 86_400_000)))
    .returning({ procedureId: filingDrafts.procedureId });
  return removed.length;
}
