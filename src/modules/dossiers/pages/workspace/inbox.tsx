/**
 * The staff inbox: the running dossiers of my agency, most urgent first (overdue, due today,
 * due soon), the finished ones on their own tab, with the counts on top. The list, the order
 * and the counts come from one call to the dossier service (issue 21: one query set per view);
 * pages follow the service's cursor.
 */

import { Select } from '../../../../web/components/form.tsx';
import { formatDateTime, isoOf } from '../../../../web/components/format.ts';
import { UrgencyTag } from '../../../../web/components/tag.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { Layout } from '../../../../web/layout.tsx';
import { type DossierListItem, type DossierState, dossierStates } from '../../index.ts';
import { StateTag, stateLabel } from '../state-tag.tsx';

export const staffDossierHref = (code: string, sub = '') =>
  `/workspace/ho-so/${encodeURIComponent(code)}${sub ? `/${sub}` : ''}`;

export type InboxView = 'qua-han' | 'den-han-hom-nay' | 'sap-den-han' | 'da-xong' | '';

/** Each card's list holds exactly the dossiers its count counts (issue 13.12). */
export const inboxUrgencyOf = {
  'qua-han': 'overdue',
  'den-han-hom-nay': 'due_today',
  'sap-den-han': 'due_soon',
} as const;
const inboxViews: readonly string[] = ['qua-han', 'den-han-hom-nay', 'sap-den-han', 'da-xong'];

export interface InboxQuery {
  view: InboxView;
  state: DossierState | '';
  /** The service's cursor of the page to show; '' for the first. */
  after: string;
}

export function parseInboxQuery(q: Record<string, string>): InboxQuery {
  const view = inboxViews.includes(q.loc ?? '') ? (q.loc as InboxView) : '';
  const state = (dossierStates as readonly string[]).includes(q.tinh ?? '') ? (q.tinh as DossierState) : '';
  const after = (q.sau ?? '').slice(0, 400);
  return { view, state, after };
}

function inboxHref(q: InboxQuery, after = ''): string {
  const p = new URLSearchParams();
  if (q.view) p.set('loc', q.view);
  if (q.state) p.set('tinh', q.state);
  if (after) p.set('sau', after);
  const s = p.toString();
  return s ? `/workspace?${s}` : '/workspace';
}

export function InboxPage(props: {
  ctx: PageContext;
  agencyName: string;
  query: InboxQuery;
  items: DossierListItem[];
  /** Counts over the agency's running dossiers, whatever the filters. */
  counts: { total: number; overdue: number; dueToday: number; dueSoon: number };
  nextCursor: string | null;
}) {
  const { ctx, query, items } = props;
  const t = ctx.t;
  const roles = ctx.caller.kind === 'staff' ? ctx.caller.roles : [];
  const card = (label: string, n: number, view: InboxView, cls = '') => (
    <li class={`count-card${cls}`}>
      <a
        href={inboxHref({ view, state: '', after: '' })}
        aria-current={query.view === view && !query.state ? 'true' : undefined}
      >
        <span class="count-number">{n}</span>
        {label}
      </a>
    </li>
  );
  const cardLabel = { 'qua-han': t.countOverdue, 'den-han-hom-nay': t.countDueToday, 'sap-den-han': t.countDueSoon };
  const c = props.counts;
  const cardCount = { 'qua-han': c.overdue, 'den-han-hom-nay': c.dueToday, 'sap-den-han': c.dueSoon - c.dueToday };
  return (
    <Layout ctx={ctx} title={t.workspaceTitle}>
      <span class="caption">{t.agencyAndRoles(props.agencyName, t.roleNames(roles))}</span>
      <h1>{t.workspaceTitle}</h1>
      <ul class="count-cards">
        {card(t.countOverdue, cardCount['qua-han'], 'qua-han', ' count-overdue')}
        {card(t.countDueToday, cardCount['den-han-hom-nay'], 'den-han-hom-nay')}
        {card(t.countDueSoon, cardCount['sap-den-han'], 'sap-den-han')}
        {card(t.countAll, props.counts.total, '')}
      </ul>
      <p>
        <a
          href={inboxHref({ view: 'da-xong', state: '', after: '' })}
          aria-current={query.view === 'da-xong' ? 'true' : undefined}
        >
          {t.countFinished}
        </a>
      </p>
      <form method="get" action="/workspace" class="filters">
        {query.view ? <input type="hidden" name="loc" value={query.view} /> : null}
        <Select
          ctx={ctx}
          name="tinh"
          label={t.filterState}
          value={query.state}
          emptyLabel={t.filterAllStates}
          options={dossierStates
            .filter((s) => s !== 'draft')
            .map((s) => ({ value: s, label: stateLabel(ctx, s, true) }))}
        />
        <button type="submit" class="button button-secondary">
          {t.filterShow}
        </button>
      </form>
      {items.length === 0 ? (
        <p>{t.inboxEmpty}</p>
      ) : (
        <DossierTable
          ctx={ctx}
          items={items}
          caption={
            query.view === 'da-xong'
              ? t.finishedCaption
              : query.view
                ? `${cardLabel[query.view]} (${cardCount[query.view]})`
                : t.inboxCaption(props.counts.total)
          }
        />
      )}
      {query.after || props.nextCursor ? (
        <nav class="pagination" aria-label={t.pagination}>
          {query.after ? (
            <a class="pagination-link" href={inboxHref(query)}>
              ← {t.firstPage}
            </a>
          ) : null}
          {props.nextCursor ? (
            <a class="pagination-link" href={inboxHref(query, props.nextCursor)} rel="next">
              {t.nextPage} →
            </a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}

/** Dossiers as a table: code, procedure, applicant, state, due date, urgency. */
export function DossierTable({ ctx, items, caption }: { ctx: PageContext; items: DossierListItem[]; caption: string }) {
  const t = ctx.t;
  if (items.length === 0) return null;
  return (
    <div class="table-wrap">
      <table class="stack-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.colCode}</th>
            <th scope="col">{t.colProcedure}</th>
            <th scope="col">{t.colApplicant}</th>
            <th scope="col">{t.colStatus}</th>
            <th scope="col">{t.colDue}</th>
            <th scope="col">{t.colUrgency}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={d.code}>
              <td>
                <a class="code" href={staffDossierHref(d.code)}>
                  {d.code}
                </a>
              </td>
              <td data-label={t.colProcedure}>{d.procedureName}</td>
              <td data-label={t.colApplicant}>{d.applicantName}</td>
              <td data-label={t.colStatus}>
                <StateTag ctx={ctx} state={d.state} />
              </td>
              <td data-label={t.colDue}>
                {d.dueAt ? <time dateTime={isoOf(d.dueAt)}>{formatDateTime(d.dueAt, ctx.lang)}</time> : '—'}
              </td>
              <td data-label={t.colUrgency}>
                <UrgencyTag ctx={ctx} urgency={d.urgency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
