/** A dossier's state in the page's language, as a coloured label; the words carry the meaning, colour only helps. */
import type { PageContext } from '../../../web/context.ts';
import { type DossierState, stateLabelForCitizen, stateLabelVi } from '../states.ts';

const statesEn: Record<DossierState, [citizen: string, staff: string]> = {
  draft: ['Not filed', 'Draft'],
  submitted: ['Sent, waiting to be received', 'New'],
  received: ['Received', 'Received'],
  intake_refused: ['Not accepted', 'Refused at intake'],
  in_progress: ['Being handled', 'In progress'],
  awaiting_supplement: ['Papers needed from you', 'Waiting for papers'],
  awaiting_payment: ['Fee to pay', 'Waiting for payment'],
  withdrawn: ['Withdrawn', 'Withdrawn by the applicant'],
  stopped: ['Handling stopped', 'Stopped'],
  result_ready: ['Result ready to collect', 'Result ready'],
  delivered: ['Result received', 'Result delivered'],
};

/** The state's words: the citizen's wording on the portal, the officer's in the workspace. */
export function stateLabel(ctx: PageContext, state: DossierState, staff: boolean): string {
  if (ctx.lang === 'en') return statesEn[state][staff ? 1 : 0];
  return staff ? stateLabelVi(state) : stateLabelForCitizen(state);
}

const stateColour: Record<DossierState, string> = {
  draft: 'grey',
  submitted: 'blue',
  received: 'blue',
  in_progress: 'turquoise',
  awaiting_supplement: 'orange',
  awaiting_payment: 'orange',
  intake_refused: 'red',
  withdrawn: 'grey',
  stopped: 'red',
  result_ready: 'green',
  delivered: 'green',
};

export function StateTag({ ctx, state }: { ctx: PageContext; state: DossierState }) {
  return <strong class={`tag tag-${stateColour[state]}`}>{stateLabel(ctx, state, ctx.area === 'workspace')}</strong>;
}
