/**
 * At the counter, a paper the applicant already has in their store (an earlier dossier's file:
 * a paper received with it, a copy digitised at a counter, or a result issued) stands for a
 * paper of this dossier: its copy is added, marked `reused` and naming the original — nothing
 * is uploaded (Decree 45/2020, DOMAIN.md §2.1; QĐ 766 indicator 4.3). The papers module decides
 * whether the citizen's paper may be used (its store, the citizen's consent); this checks what
 * the dossier itself requires: the receiver may add papers now, the paper is one the procedure
 * lets be reused, and the earlier dossier's applicant is this one (same personal id).
 * A `dossier.paper_reused` event follows, so the read models (indicator 4.3) count it.
 */
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/notify/index.ts';
import { assertMayAdd } from './attachments.ts';
import { actorIdOf, actorRoleOf, lockDossier, streamOf } from './context.ts';
import { attachmentView, readableDossier } from './queries.ts';
import { dossierAttachments, dossiers } from './schema.ts';
import { applicantOf, procedureSnapshotOf } from './stored-json.ts';
import type { AttachmentView } from './view-types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const norm = (name: string | null | undefined) => (name ?? '').normalize('NFC').trim().toLowerCase();

export async function attachReusedPaper(
  db: Executor,
  caller: Caller,
  code: string,
  input: { attachmentId: string; paperName: string },
  alsoInTransaction?: (tx: Executor, copy: AttachmentView, dossier: { id: string; code: string }) => Promise<void>,
): Promise<AttachmentView> {
  const dossier = await readableDossier(db, caller, code);
  await assertMayAdd(db, caller, dossier, 'paper');
  if (!UUID.test(input.attachmentId)) throw new DomainError('ATTACHMENTS_NOT_USABLE');
  const reusable = procedureSnapshotOf(dossier).papers.some(
    (p) => p.reusable === true && norm(p.name) === norm(input.paperName),
  );
  if (!reusable) throw new DomainError('ATTACHMENTS_NOT_USABLE', { paperName: input.paperName });
  return db.transaction(async (tx) => {
    const { row: locked } = await lockDossier(tx, dossier.id);
    await assertMayAdd(tx, caller, locked, 'paper');
    const [source] = await tx
      .select({ file: dossierAttachments, applicant: dossiers.applicant, dossierId: dossiers.id, code: dossiers.code })
      .from(dossierAttachments)
      .innerJoin(dossiers, eq(dossiers.id, dossierAttachments.dossierId))
      .where(eq(dossierAttachments.id, input.attachmentId));
    const personalId = applicantOf(locked).personalId;
    const fits = source && (source.file.kind === 'paper' || (source.file.kind === 'result' && source.file.issued));
    if (
      !source ||
      !fits ||
      source.dossierId === locked.id ||
      !personalId ||
      applicantOf({ id: source.dossierId, code: source.code, applicant: source.applicant }).personalId !== personalId
    ) {
      throw new DomainError('ATTACHMENTS_NOT_USABLE', { attachmentId: input.attachmentId });
    }
    const original = source.file.reusedFrom ?? source.file.id;
    // Taken already (a second press, a replayed post): the same copy, nothing new.
    const [taken] = await tx
      .select()
      .from(dossierAttachments)
      .where(and(eq(dossierAttachments.dossierId, locked.id), eq(dossierAttachments.reusedFrom, original)));
    if (taken) return attachmentView(taken);
    const [copy] = await tx
      .insert(dossierAttachments)
      .values({
        provinceCode: locked.provinceCode,
        dossierId: locked.id,
        kind: 'paper',
        paperName: input.paperName.normalize('NFC').trim(),
        fileName: source.file.fileName,
        mime: source.file.mime,
        size: source.file.size,
        blobKey: source.file.blobKey,
        signed: source.file.signed,
        uploadedBy: actorIdOf(caller),
        reused: true,
        reusedFrom: original,
      })
      .returning();
    if (!copy) throw new Error('insert returned nothing');
    await recordAudit(tx, {
      provinceCode: locked.provinceCode,
      stream: streamOf(locked),
      action: 'attach_file',
      actorId: actorIdOf(caller),
      actorRole: actorRoleOf(caller),
      data: {
        attachmentId: copy.id,
        kind: copy.kind,
        sha256: copy.blobKey,
        size: copy.size,
        signed: copy.signed,
        reusedFrom: source.file.id,
      },
    });
    await enqueue(tx, {
      provinceCode: locked.provinceCode,
      channel: 'event',
      topic: 'dossier.paper_reused',
      payload: { dossierId: locked.id, code: locked.code, attachmentId: copy.id },
      dedupeKey: `${locked.id}:reused:${copy.id}`,
    });
    const view = attachmentView(copy);
    if (alsoInTransaction) await alsoInTransaction(tx, view, { id: locked.id, code: locked.code ?? code });
    return view;
  });
}
