/**
 * The facts of a dossier that reports count (the insights module's read model is fed from
 * these after every `dossier.*` event, and rebuilt from them page by page). No personal data:
 * no applicant, no form answers. Published through index.ts; other modules never read the
 * dossier tables.
 */
import { and, asc, eq, gt, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { dossierAttachments, dossierSteps, dossiers } from './schema.ts';
import { snapshotFromJson } from './snapshot-json.ts';
import type { DossierSnapshot, SupplementInterval } from './states.ts';

export interface DossierFact {
  dossierId: string;
  provinceCode: string;
  code: string;
  procedureId: string;
  channel: 'online' | 'counter' | 'post';
  receivingAgencyId: string;
  competentAgencyId: string;
  holdingAgencyId: string;
  state: string;
  submittedAt: Date | null;
  receivedAt: Date | null;
  dueAt: Date | null;
  /** End of processing for the national index (DOMAIN.md §1.5): result ready, stopped, refused, withdrawn. */
  finishedAt: Date | null;
  deliveredAt: Date | null;
  /** Clock stops for supplementation after reception (the timing rule deducts them). */
  supplementIntervals: SupplementInterval[];
  /** The result was issued as an electronic file (QĐ 766 indicator 4.1). */
  electronicResult: boolean;
  /** Paper files attached to the dossier (digitised components, indicator 4.2). */
  paperFiles: number;
  /** Paper files taken from the applicant's earlier papers instead of an upload (reuse, indicator 4.3). */
  reusedPapers: number;
  /** Account id of the officer assigned to the active step (the holder of a running dossier). */
  holderAccountId: string | null;
  /** The name of the active step. */
  holderStep: string | null;
  /** The dossier row's version: a fact is only replaced by a newer one. */
  version: number;
}

export type DossierFactSelection =
  | { ids: readonly string[] }
  /** A page in id order after `after` (null: from the start), for a rebuild. */
  | { provinceCode: string; after: string | null; limit: number };

/** Facts of submitted dossiers (drafts have no code and count nowhere). */
export async function dossierFacts(db: Executor, selection: DossierFactSelection): Promise<DossierFact[]> {
  const where: SQL[] = [isNotNull(dossiers.code)];
  if ('ids' in selection) {
    if (selection.ids.length === 0) return [];
    where.push(inArray(dossiers.id, [...selection.ids]));
  } else {
    where.push(eq(dossiers.provinceCode, selection.provinceCode));
    if (selection.after) where.push(gt(dossiers.id, selection.after));
  }
  const query = db
    // The subqueries name the outer row as `${dossiers}.id`: a bare column renders unqualified
    // ("id") and would match the subquery's own id.
    .select({
      id: dossiers.id,
      provinceCode: dossiers.provinceCode,
      code: dossiers.code,
      procedureId: dossiers.procedureId,
      channel: dossiers.channel,
      receivingAgencyId: dossiers.receivingAgencyId,
      competentAgencyId: dossiers.competentAgencyId,
      holdingAgencyId: dossiers.holdingAgencyId,
      state: dossiers.state,
      machine: dossiers.machine,
      submittedAt: dossiers.submittedAt,
      receivedAt: dossiers.receivedAt,
      dueAt: dossiers.dueAt,
      finishedAt: dossiers.finishedAt,
      deliveredAt: dossiers.deliveredAt,
      electronicResult: dossiers.electronicResult,
      version: dossiers.version,
      paperFiles: sql<number>`(select count(*)::int from ${dossierAttachments} a
        where a.dossier_id = ${dossiers}.id and a.kind = 'paper')`,
      reusedPapers: sql<number>`(select count(*)::int from ${dossierAttachments} a
        where a.dossier_id = ${dossiers}.id and a.kind = 'paper' and a.reused)`,
      holderAccountId: sql<string | null>`(select s.assignee_id from ${dossierSteps} s
        where s.dossier_id = ${dossiers}.id and s.status = 'active' order by s.idx limit 1)`,
      holderStep: sql<string | null>`(select s.name from ${dossierSteps} s
        where s.dossier_id = ${dossiers}.id and s.status = 'active' order by s.idx limit 1)`,
    })
    .from(dossiers)
    .where(and(...where))
    .orderBy(asc(dossiers.id));
  const rows = 'ids' in selection ? await query : await query.limit(selection.limit);
  return rows.map((r) => {
    // The columns are the folded state; the machine adds the supplement clock stops.
    const snapshot: Partial<DossierSnapshot> = snapshotFromJson(r.machine ?? {});
    return {
      dossierId: r.id,
      provinceCode: r.provinceCode,
      code: r.code ?? '',
      procedureId: r.procedureId,
      channel: r.channel,
      receivingAgencyId: r.receivingAgencyId,
      competentAgencyId: r.competentAgencyId,
      holdingAgencyId: r.holdingAgencyId,
      state: r.state,
      submittedAt: r.submittedAt,
      receivedAt: r.receivedAt,
      dueAt: r.dueAt,
      finishedAt: r.finishedAt,
      deliveredAt: r.deliveredAt,
      supplementIntervals: (snapshot.supplementIntervals ?? []).map((i) => ({ from: i.from, to: i.to })),
      electronicResult: r.electronicResult || snapshot.resultElectronic === true,
      paperFiles: r.paperFiles,
      reusedPapers: r.reusedPapers,
      holderAccountId: r.holderAccountId,
      holderStep: r.holderStep,
      version: r.version,
    };
  });
}
