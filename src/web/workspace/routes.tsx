/**
 * The staff workspace under /workspace: its own plugin scope (HTML error and not-found pages,
 * compression). Every page needs a signed-in staff member; the services check the rest
 * (which agency, which role, which state).
 */

import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import { getProcedure } from '../../modules/catalog/index.ts';
import { agencyHeading, listAgencies } from '../../modules/directory/index.ts';
import {
  type DossierActionType,
  type DossierListItem,
  getDossier,
  listDossiers,
  searchDossiers,
} from '../../modules/dossiers/index.ts';
import type { StaffCaller } from '../../platform/auth/index.ts';
import { authPageRoutes } from '../auth.tsx';
import { SearchForm } from '../components/search-form.tsx';
import { type PageContext, pageContext } from '../context.ts';
import { notFoundPage, PAGE_COMPRESSION, pageErrorHandler, queryOf, seeOther, sendPage } from '../http.tsx';
import { Layout } from '../layout.tsx';
import { ensureMultipart, pageDeps } from '../portal/routes.tsx';
import { actionRoutes } from './action-routes.tsx';
import { counterRoutes } from './counter-routes.tsx';
import { StaffDossierPage } from './dossier.tsx';
import { DossierTable, InboxPage, inboxUrgencyOf, parseInboxQuery, staffDossierHref } from './inbox.tsx';
import { signatureImageRoutes } from './signature-images.tsx';
import { staffOrSignIn } from './staff-gate.ts';

const PAGE = 25;

export async function workspaceRoutes(app: FastifyInstance): Promise<void> {
  await app.register(
    async (scope) => {
      await scope.register(compress, PAGE_COMPRESSION);
      await ensureMultipart(scope);
      scope.setErrorHandler(pageErrorHandler('workspace'));
      notFoundPage(scope, 'workspace');
      authPageRoutes(scope, 'workspace');
      const deps = pageDeps(scope);
      workspacePages(scope);
      actionRoutes(scope, deps);
      counterRoutes(scope, deps);
      signatureImageRoutes(scope, deps);
    },
    { prefix: '/workspace' },
  );
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
