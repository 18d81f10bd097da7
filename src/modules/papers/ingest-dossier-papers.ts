/**
 * Feeding the store. Every `dossier.*` event on the outbox's event channel names one dossier;
 * the handler reads its published store record (dossiers' index.ts, never its tables) and
 * keeps the citizen's papers: the papers accepted at reception, the results issued to them.
 * A file that is itself a reuse adds no paper: it is a use of the original, logged for its
 * owner. Reading the current record (not the event's delta) makes the handler idempotent and
 * indifferent to order: each file is kept once (unique attachment id), each use once (unique
 * paper and copy).
 */
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import type { EventBus } from '../../platform/notify/wiring.ts';
import { type DossierStoreFile, type DossierStoreRecord, dossierStoreRecord } from '../dossiers/index.ts';
import { type PaperOrigin, paperUses, personalPapers } from './schema.ts';

type PaperRow = typeof personalPapers.$inferSelect;

/** The store row of one of the dossier's files. */
function paperOf(record: DossierStoreRecord, file: DossierStoreFile, origin: PaperOrigin) {
  const result = file.kind === 'result';
  return {
    provinceCode: record.provinceCode,
    ownerAccountId: record.applicantAccountId,
    ownerPersonalId: record.applicantPersonalId,
    name: (file.paperName ?? (result ? record.resultName : file.fileName)).normalize('NFC'),
    origin,
    dossierId: record.dossierId,
    dossierCode: record.code,
    // Who vouches for it: the agency that issued the result, or the one that received the paper.
    agencyId: result ? record.competentAgencyId : record.receivingAgencyId,
    attachmentId: file.attachmentId,
    fileName: file.fileName,
    mime: file.mime,
    size: file.size,
    blobKey: file.blobKey,
    signed: file.signed,
  };
}

/** Keeps one file as a paper (once); returns the stored row. */
export async function keepPaper(
  db: Executor,
  record: DossierStoreRecord,
  file: DossierStoreFile,
  origin: PaperOrigin,
): Promise<PaperRow | undefined> {
  await db
    .insert(personalPapers)
    .values(paperOf(record, file, origin))
    .onConflictDoNothing();
  const [row] = await db.select().from(personalPapers).where(eq(personalPapers.attachmentId, file.attachmentId));
  return row;
}

/** A reused copy: one use of the owner's original, once per copy. */
async function logReuse(db: Executor, record: DossierStoreRecord, file: DossierStoreFile): Promise<void> {
  if (!file.reusedFrom || !record.applicantAccountId) return;
  const [original] = await db
    .select({ id: personalPapers.id })
    .from(personalPapers)
    .where(
      and(
        eq(personalPapers.attachmentId, file.reusedFrom),
        eq(personalPapers.ownerAccountId, record.applicantAccountId),
      ),
    );
  if (!original) return;
  await db
    .insert(paperUses)
    .values({
      provinceCode: record.provinceCode,
      paperId: original.id,
      kind: 'reused',
      dossierCode: record.code,
      attachmentId: file.attachmentId,
      actorId: file.uploadedBy,
      actorRole: 'citizen',
      agencyId: record.receivingAgencyId,
      at: file.uploadedAt,
    })
    .onConflictDoNothing();
}

/** Brings one dossier's papers into its applicant's store. */
export async function ingestDossierPapers(db: Executor, dossierId: string): Promise<void> {
  const record = await dossierStoreRecord(db, dossierId);
  if (!record || (!record.applicantAccountId && !record.applicantPersonalId)) return;
  for (const file of record.files) {
    if (file.reused) await logReuse(db, record, file);
    else if (file.kind === 'result') await keepPaper(db, record, file, 'result');
    // A paper counts as the citizen's once the agency accepted it with the dossier.
    else if (record.received) await keepPaper(db, record, file, 'uploaded');
  }
}

const idOf = (payload: unknown): string | null => {
  const value = (payload as Record<string, unknown> | null)?.dossierId;
  return typeof value === 'string' ? value : null;
};

/** Subscribes the store to the dossiers' events (src/jobs.ts wires it). */
export function subscribePapers(bus: EventBus, db: Executor): void {
  bus.subscribe('dossier.', async (message) => {
    const id = idOf(message.payload);
    if (id) await ingestDossierPapers(db, id);
  });
}
