/** A dossier's history, newest last, each entry with who acted and when (Vietnam time). */
import type { PageContext } from '../context.ts';
import { formatDateTime, isoOf } from './format.ts';

export interface TimelineEntry {
  seq: number;
  type: string;
  at: string;
  actorRole: string | null;
  /** Extra words under the entry: a reason, the missing papers, a step name. */
  detail?: string | undefined;
}

export function roleLabel(ctx: PageContext, role: string | null): string | null {
  if (!role) return null;
  const t = ctx.t;
  const names: Record<string, string> = {
    citizen: t.roleCitizen,
    receiver: t.roleReceiver,
    specialist: t.roleSpecialist,
    leader: t.roleLeader,
    clerk: t.roleClerk,
    system: t.roleSystem,
    admin: t.roleAdmin,
  };
  return role
    .split(',')
    .map((r) => names[r] ?? r)
    .join(', ');
}

/**
 * `for="citizen"`: each entry says what happened and what the applicant must do, in their
 * words (issue 13, item 6); staff see the action names.
 */
export function Timeline({
  ctx,
  entries,
  for: reader = 'staff',
}: {
  ctx: PageContext;
  entries: readonly TimelineEntry[];
  for?: 'staff' | 'citizen';
}) {
  if (entries.length === 0) return <p>{ctx.t.timelineEmpty}</p>;
  return (
    <ol class="timeline">
      {entries.map((e) => {
        const who = roleLabel(ctx, e.actorRole);
        const said = reader === 'citizen' ? ctx.t.citizenEvent(e.type) : undefined;
        return (
          <li class="timeline-item" key={e.seq}>
            <h3 class="timeline-title">{said?.title ?? ctx.t.actionLabel(e.type)}</h3>
            <p class="timeline-meta">
              <time dateTime={isoOf(e.at)}>{formatDateTime(e.at, ctx.lang)}</time>
              {who ? ` — ${ctx.t.byRole(who)}` : ''}
            </p>
            {e.detail ? <p class="timeline-detail">{e.detail}</p> : null}
            {said?.todo ? (
              <p class="timeline-todo">
                <strong>{ctx.t.yourTodo}</strong> {said.todo}
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
