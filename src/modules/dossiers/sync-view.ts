/**
 * The dossier as a connector reports it to the national portal (DOMAIN.md §2.1: the applicant,
 * the fees asked for, the supplements, the delivery): the system's view plus the applicant and
 * each action's full payload. Only connectors acting for the province call it; it is never
 * shown to a person (the pages and the API use `getDossier`, which keeps personal data to the
 * applicant and the staff who handle the dossier).
 */
import { asc, eq } from 'drizzle-orm';
import { systemCaller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { loadView, readableDossier } from './queries.ts';
import { dossierActions } from './schema.ts';
import { applicantOf } from './stored-json.ts';
import type { DossierView } from './view-types.ts';

export async function dossierForExternalSync(db: Executor, ref: string, connector: string): Promise<DossierView> {
  const caller = systemCaller(connector);
  const row = await readableDossier(db, caller, ref);
  const view = await loadView(db, caller, ref, { audit: false });
  const actions = await db
    .select({ seq: dossierActions.seq, payload: dossierActions.payload })
    .from(dossierActions)
    .where(eq(dossierActions.dossierId, row.id))
    .orderBy(asc(dossierActions.seq));
  const payloads = new Map(actions.map((a) => [a.seq, a.payload as Record<string, unknown>]));
  return {
    ...view,
    applicant: applicantOf(row),
    timeline: view.timeline.map((e) => ({ ...e, payload: payloads.get(e.seq) ?? {} })),
  };
}
