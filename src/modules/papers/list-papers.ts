/**
 * "Giấy tờ của tôi": the citizen's papers with their provenance and every use, newest first;
 * and the papers they may bring to a filing instead of an upload.
 */
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { agencyNames } from '../directory/index.ts';
import { mayRemove } from './policies.ts';
import { type PaperOrigin, type PaperUseKind, paperUses, personalPapers } from './schema.ts';
import './errors.ts';

interface PaperUse {
  kind: PaperUseKind;
  dossierCode: string | null;
  agencyName: string | null;
  actorRole: string | null;
  at: Date;
}

export interface PaperView {
  id: string;
  name: string;
  origin: PaperOrigin;
  dossierCode: string;
  agencyName: string;
  fileName: string;
  size: number;
  signed: boolean;
  validUntil: string | null;
  attestedByName: string | null;
  attestedAt: Date | null;
  addedAt: Date;
  removable: boolean;
  uses: PaperUse[];
}

const norm = (name: string) => name.normalize('NFC').trim().toLowerCase();

function citizenOf(caller: Caller): string {
  if (caller.kind !== 'citizen') throw new DomainError('FORBIDDEN');
  return caller.id;
}

/** The caller's papers in the store (not removed), each with its uses. */
export async function listMyPapers(db: Executor, caller: Caller): Promise<PaperView[]> {
  const owner = citizenOf(caller);
  const papers = await db
    .select()
    .from(personalPapers)
    .where(and(eq(personalPapers.ownerAccountId, owner), isNull(personalPapers.removedAt)))
    .orderBy(desc(personalPapers.addedAt));
  if (papers.length === 0) return [];
  const uses = await db
    .select()
    .from(paperUses)
    .where(
      inArray(
        paperUses.paperId,
        papers.map((p) => p.id),
      ),
    )
    .orderBy(desc(paperUses.at));
  const agencyIds = [...new Set([...papers.map((p) => p.agencyId), ...uses.flatMap((u) => u.agencyId ?? [])])];
  const names = await agencyNames(db, agencyIds);
  return papers.map((p) => ({
    id: p.id,
    name: p.name,
    origin: p.origin,
    dossierCode: p.dossierCode,
    agencyName: names.get(p.agencyId) ?? '',
    fileName: p.fileName,
    size: p.size,
    signed: p.signed,
    validUntil: p.validUntil,
    attestedByName: p.attestedByName,
    attestedAt: p.attestedAt,
    addedAt: p.addedAt,
    removable: mayRemove(p),
    uses: uses
      .filter((u) => u.paperId === p.id)
      .map((u) => ({
        kind: u.kind,
        dossierCode: u.dossierCode,
        agencyName: u.agencyId ? (names.get(u.agencyId) ?? null) : null,
        actorRole: u.actorRole,
        at: u.at,
      })),
  }));
}

export interface ReusablePaper {
  paperId: string;
  /** The dossier file the filing names (dossiers copies it: attachment-links.ts). */
  attachmentId: string;
  name: string;
  fileName: string;
  size: number;
  dossierCode: string;
  signed: boolean;
  validUntil: string | null;
}

/**
 * The caller's papers that may stand for the named paper of a filing: same name, still valid
 * on `today` (YYYY-MM-DD), not removed. The procedure decides which papers are reusable.
 */
export async function findReusablePapers(
  db: Executor,
  caller: Caller,
  paperName: string,
  today: string,
): Promise<ReusablePaper[]> {
  if (caller.kind !== 'citizen') return [];
  const rows = await db
    .select()
    .from(personalPapers)
    .where(and(eq(personalPapers.ownerAccountId, caller.id), isNull(personalPapers.removedAt)))
    .orderBy(desc(personalPapers.addedAt));
  return rows
    .filter((r) => norm(r.name) === norm(paperName) && (r.validUntil === null || r.validUntil >= today))
    .map((r) => ({
      paperId: r.id,
      attachmentId: r.attachmentId,
      name: r.name,
      fileName: r.fileName,
      size: r.size,
      dossierCode: r.dossierCode,
      signed: r.signed,
      validUntil: r.validUntil,
    }));
}

/** One of the caller's papers chosen for a filing's paper, or PAPER_NOT_REUSABLE. */
export async function choosePaperForFiling(
  db: Executor,
  caller: Caller,
  paperId: string,
  paperName: string,
  today: string,
): Promise<ReusablePaper> {
  const chosen = (await findReusablePapers(db, caller, paperName, today)).find((p) => p.paperId === paperId);
  if (!chosen) throw new DomainError('PAPER_NOT_REUSABLE');
  return chosen;
}
