/**
 * The dossiers' pages of the staff workspace (/workspace): the inbox, search, a dossier, its
 * actions, the counter. Every page needs a signed-in staff member; the services check the rest
 * (which agency, which role, which state).
 */

import type { FastifyInstance } from 'fastify';
import type { StaffCaller } from '../../../../platform/auth/index.ts';
import { SearchForm } from '../../../../web/components/search-form.tsx';
import { type PageContext, pageContext } from '../../../../web/context.ts';
import { queryOf, seeOther, sendPage } from '../../../../web/http.tsx';
import { Layout } from '../../../../web/layout.tsx';
import { staffOrSignIn } from '../../../../web/staff-gate.ts';
import { getProcedure } from '../../../catalog/index.ts';
import { agencyHeading, listAgencies } from '../../../directory/index.ts';
import { type DossierActionType, type DossierListItem, getDossier, listDossiers, searchDossiers } from '../../index.ts';
import { pageDeps } from '../page-deps.ts';
import { actionRoutes } from './action-routes.tsx';
import { counterRoutes } from './counter-routes.tsx';
import { StaffDossierPage } from './dossier.tsx';
import { DossierTable, InboxPage, inboxUrgencyOf, parseInboxQuery, staffDossierHref } from './inbox.tsx';
import { signatureImageRoutes } from './signature-images.tsx';

const PAGE = 25;

/** The dossiers' workspace pages, inside the workspace's page scope (src/site/workspace-routes.tsx). */
export function dossierWorkspaceRoutes(scope: FastifyInstance): void {
  const deps = pageDeps(scope);
  workspacePages(scope);
  actionRoutes(scope, deps);
  counterRoutes(scope, deps);
  signatureImageRoutes(scope, deps);
}

async function agencyNamesOf(app: FastifyInstance, caller: StaffCaller): Promise<Map<string, string>> {
  const all = await listAgencies(app.deps.database.db, caller, { provinceCode: app.deps.config.provinceCode });
  return new Map(all.map((a) => [a.id, a.name]));
}

function SearchPage({ ctx, q, items }: { ctx: PageContext; q: string; items?: DossierListItem[] | undefined }) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t.searchTitle}>
      <h1>{t.searchTitle}</h1>
      <SearchForm
        ctx={ctx}
        action="/workspace/tim-kiem"
        label={t.searchDossierLabel}
        hint={t.searchDossierHint}
        q={q}
      />
      {items ? (
        <>
          <p role="status">{items.length === 0 ? t.searchNone : t.searchResults(items.length)}</p>
          <DossierTable ctx={ctx} items={items} caption={t.searchTitle} />
        </>
      ) : null}
    </Layout>
  );
}

function workspacePages(app: FastifyInstance): void {
  const db = () => app.deps.database.db;

  app.get('/', async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const query = parseInboxQuery(queryOf(request));
    const filters = {
      ...(query.state ? { state: query.state } : {}),
      ...(query.view === 'qua-han' || query.view === 'den-han-hom-nay' || query.view === 'sap-den-han'
        ? { urgency: inboxUrgencyOf[query.view] }
        : {}),
      ...(query.view === 'da-xong' ? { finished: true } : {}),
      ...(query.after ? { cursor: query.after } : {}),
    };
    // One statement: the page of dossiers and the counts of the running ones (issue 21); the
    // agency's name as the inbox reads its office hours, at most a minute old.
    const [list, agency] = await Promise.all([
      listDossiers(db(), caller, { ...filters, limit: PAGE }),
      agencyHeading(db(), caller.agencyId).catch(() => null),
    ]);
    const ctx = pageContext(request, reply, 'workspace');
    return sendPage(
      reply,
      <InboxPage
        ctx={ctx}
        agencyName={agency?.name ?? ''}
        query={query}
        items={list.items}
        counts={{ total: list.total, overdue: list.overdue, dueToday: list.dueToday, dueSoon: list.dueSoon }}
        nextCursor={list.nextCursor}
      />,
    );
  });

  app.get<{ Params: { code: string } }>('/ho-so/:code', async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const code = request.params.code;
    const view = await getDossier(db(), caller, code);
    const files = view.attachments;
    const [procedure, agencyNames] = await Promise.all([
      getProcedure(db(), view.procedure.id).catch(() => null),
      agencyNamesOf(app, caller),
    ]);
    const ctx = pageContext(request, reply, 'workspace');
    const done = queryOf(request).xong;
    const doneLabel = done ? ctx.t.actionDone(ctx.t.actionLabel(done as DossierActionType)) : undefined;
    return sendPage(
      reply,
      <StaffDossierPage
        ctx={ctx}
        view={view}
        files={files}
        eform={procedure?.eform ?? []}
        agencyNames={agencyNames}
        done={doneLabel}
      />,
    );
  });

  app.get('/tim-kiem', async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const ctx = pageContext(request, reply, 'workspace');
    const q = (queryOf(request).q ?? '').trim().slice(0, 100);
    if (!q) return sendPage(reply, <SearchPage ctx={ctx} q="" />);
    // Code, applicant name or id number (folded): the search is itself an audited read of personal data.
    const found = await searchDossiers(db(), caller, { q, limit: 50 });
    const exact = found.items.find((d) => d.code === q.toUpperCase());
    if (exact && found.items.length === 1) return seeOther(reply, staffDossierHref(exact.code));
    return sendPage(reply, <SearchPage ctx={ctx} q={q} items={found.items} />);
  });
}
