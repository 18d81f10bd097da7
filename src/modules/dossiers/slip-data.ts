/**
 * What the slips are filled from, besides the dossier row: the papers received, the officer and
 * the head who sign, the supplement's time limit, the timing of each step.
 */
import { and, eq } from 'drizzle-orm';
import { localDateOf } from '../../platform/calendar/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import type { Paper } from '../catalog/index.ts';
import { agencyById, staffByAccount } from '../directory/index.ts';
import type { DossierRow } from './context.ts';
import { dossierActions, dossierAttachments } from './schema.ts';
import type { HandoverTiming, SlipPaper, SlipSignatory } from './slips/types.ts';
import { procedureSnapshotOf } from './stored-json.ts';

const paperForms: Record<Paper['form'], string> = {
  original: 'Bản chính',
  copy: 'Bản sao',
  certified_copy: 'Bản sao có chứng thực',
  presented: 'Bản chính để đối chiếu',
};

export interface Officer {
  name: string;
  agencyId?: string;
  leader: boolean;
}

/** The acting officer: the name under the signature, their agency, whether they lead it. */
export async function officerOf(db: Executor, accountId: string | null | undefined): Promise<Officer> {
  if (!accountId) return { name: '', leader: false };
  const row = await staffByAccount(db, accountId);
  return row
    ? { name: row.fullName, agencyId: row.agencyId, leader: row.roles.includes('leader') }
    : { name: '', leader: false };
}

/**
 * Who signs a paper issued in the agency's name (Decree 30/2020, Annex I §II.7): a people's
 * committee signs collectively ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"), other agencies by their head.
 * The acting officer's name is printed only when they lead the agency; otherwise the head signs
 * in the space left.
 */
export async function headOf(db: Executor, agencyId: string, actor: Officer): Promise<SlipSignatory> {
  const agency = await agencyById(db, agencyId);
  const committee = agency?.kind === 'people_committee' || agency?.kind === 'commune';
  const title = committee
    ? 'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH'
    : agency?.kind === 'inspectorate'
      ? 'CHÁNH THANH TRA'
      : 'GIÁM ĐỐC';
  return { title, name: actor.leader && actor.agencyId === agencyId ? actor.name : '' };
}

/**
 * The papers Mẫu 01 lists, only those actually received (issue 13.10): at the counter, the
 * papers the receiver ticked (recorded with the filing); online, the required ones (checked
 * at filing) and the optional ones uploaded. Papers taken later as a supplement are added.
 */
export async function receivedPapers(db: Executor, row: DossierRow): Promise<SlipPaper[]> {
  const files = await db
    .select({ paperName: dossierAttachments.paperName })
    .from(dossierAttachments)
    .where(and(eq(dossierAttachments.dossierId, row.id), eq(dossierAttachments.kind, 'paper')));
  const [filing] = await db
    .select({ payload: dossierActions.payload })
    .from(dossierActions)
    .where(and(eq(dossierActions.dossierId, row.id), eq(dossierActions.type, 'submit')))
    .limit(1);
  const ticked = (filing?.payload as { papersReceived?: unknown } | undefined)?.papersReceived;
  const norm = (name: string) => name.normalize('NFC').trim().toLowerCase();
  const handedIn = new Set(files.flatMap((f) => (f.paperName ? [norm(f.paperName)] : [])));
  const atCounter = Array.isArray(ticked) ? new Set(ticked.map((n) => norm(String(n)))) : null;
  return procedureSnapshotOf(row)
    .papers.filter((p) =>
      atCounter
        ? atCounter.has(norm(p.name)) || handedIn.has(norm(p.name))
        : p.required !== false || handedIn.has(norm(p.name)),
    )
    .map((p) => ({ name: p.name, form: paperForms[p.form], copies: p.copies }));
}

/** A sentence of the officer's note that sets a time ("trong 30 ngày") is the supplement's time limit. */
export function splitSupplementNote(note: string | undefined): { reason?: string; period?: string } {
  if (!note) return {};
  const sentences = note.split(/(?<=[.;])\s+/u);
  const timed = sentences.filter((x) => /\d+\s*(ngày|giờ|tháng)|thời hạn/iu.test(x));
  const rest = sentences.filter((x) => !timed.includes(x)).join(' ');
  return { ...(rest ? { reason: rest } : {}), ...(timed.length ? { period: timed.join(' ') } : {}) };
}

/**
 * Trước hạn / Đúng hạn / Quá hạn of a step (TT 01/2018 Art. 20 in practice): done on an earlier
 * day than its due day is early, done on the due day by the due time is on time, later is late.
 */
export function stepTimingOf(completedAt: Date, dueAt: Date | null, stored: string | null): HandoverTiming | undefined {
  if (stored === 'late') return 'late';
  if (!dueAt) return undefined;
  if (completedAt > dueAt) return 'late';
  return localDateOf(completedAt) < localDateOf(dueAt) ? 'early' : 'onTime';
}
