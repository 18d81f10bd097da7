/**
 * The application being filled in between the filing pages (one question group per page,
 * GOV.UK). It belongs to the account (issue 13, item 3): kept on the server by the dossier
 * module's filing drafts, so it survives signing out and opens on a second device, and
 * "Hồ sơ của tôi" lists it with "Tiếp tục". The papers themselves are staged attachments of
 * the same account, uploaded as the citizen goes.
 */
import { randomUUID } from 'node:crypto';
import type { Caller } from '../../../../platform/auth/caller.ts';
import type { Executor } from '../../../../platform/db/index.ts';
import { discardFilingDraft, findFilingDraft, saveFilingDraft } from '../../index.ts';

/** A draft larger than this is refused, not cut (the e-form's answers and 15 papers fit in a few KB). */
const MAX_DRAFT_CHARS = 64 * 1024;

export interface DraftFile {
  /** Index of the paper in the procedure's list; -1 - i for the e-form's i-th file field. */
  paper: number;
  name: string;
  fileName: string;
  /** The staged attachment (dossier service): only its uploader can file it. */
  id: string;
  size: number;
  /** Taken from the citizen's store (papers module): `id` is the earlier dossier's file, copied at filing. */
  reused?: boolean;
}

export interface Draft {
  v: 1;
  /** Procedure id (uuid). */
  procedure: string;
  /** The procedure's name and address key when the draft was saved ("Hồ sơ của tôi" lists them). */
  procedureName?: string;
  procedureKey?: string;
  /** Client transaction id: submitting twice files one dossier. */
  txn: string;
  owner: string;
  agencyId?: string;
  applicant?: {
    type: 'citizen' | 'business' | 'agency' | 'other';
    fullName: string;
    personalId?: string;
    phone?: string;
    email?: string;
    address?: string;
    birthDate?: string;
  };
  formData?: Record<string, string>;
  /** The e-form was answered (it may have no required field). */
  formDone?: boolean;
  files: DraftFile[];
  papersDone?: boolean;
  /** The citizen's own record was taken from the population register (exchange module's prefill id): marked at filing. */
  population?: string;
}

export const newDraft = (procedure: { id: string; name: string; key: string }, owner: string): Draft => ({
  v: 1,
  procedure: procedure.id,
  procedureName: procedure.name,
  procedureKey: procedure.key,
  owner,
  txn: randomUUID(),
  files: [],
});

export function isDraft(value: unknown): value is Draft {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Record<string, unknown>;
  return d.v === 1 && typeof d.procedure === 'string' && typeof d.txn === 'string' && Array.isArray(d.files);
}

export async function readDraft(db: Executor, caller: Caller, procedureId: string): Promise<Draft | null> {
  const row = await findFilingDraft(db, caller, procedureId);
  return row && isDraft(row.data) ? row.data : null;
}

/** Saves the draft under the account; false when it is too large to keep. */
export async function writeDraft(db: Executor, caller: Caller, provinceCode: string, draft: Draft): Promise<boolean> {
  if (JSON.stringify(draft).length > MAX_DRAFT_CHARS) return false;
  await saveFilingDraft(db, caller, { provinceCode, procedureId: draft.procedure, data: { ...draft } });
  return true;
}

export function clearDraft(db: Executor, caller: Caller, procedureId: string): Promise<void> {
  return discardFilingDraft(db, caller, procedureId);
}
