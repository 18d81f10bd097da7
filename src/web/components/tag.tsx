/** Coloured labels for urgency; the words carry the meaning, colour only helps (a dossier's state: modules/dossiers/pages/state-tag.tsx). */
import type { PageContext } from '../context.ts';

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
