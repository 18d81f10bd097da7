/** Coloured labels for a dossier's state and urgency; the words carry the meaning, colour only helps. */
import type { DossierState } from '../../modules/dossiers/index.ts';
import type { PageContext } from '../context.ts';

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
  return <strong class={`tag tag-${stateColour[state]}`}>{ctx.t.stateLabel(state, ctx.area === 'workspace')}</strong>;
}

export type Urgency = 'overdue' | 'due_today' | 'due_soon' | 'normal' | 'finished';

function urgencyLabel(ctx: PageContext, urgency: Urgency): string {
  const t = ctx.t;
  return {
    overdue: t.urgencyOverdue,
    due_today: t.urgencyDueToday,
    due_soon: t.urgencyDueSoon,
    normal: t.urgencyNormal,
    finished: t.urgencyFinished,
  }[urgency];
}

const urgencyColour: Record<Urgency, string> = {
  overdue: 'red',
  due_today: 'orange',
  due_soon: 'yellow',
  normal: 'grey',
  finished: 'green',
};

export function UrgencyTag({ ctx, urgency }: { ctx: PageContext; urgency: Urgency }) {
  return <strong class={`tag tag-${urgencyColour[urgency]}`}>{urgencyLabel(ctx, urgency)}</strong>;
}
