/**
 * /ho-so-cua-toi…: a citizen's dossiers, the confirmation after filing, adding the papers asked
 * for, withdrawing (rating: the ratings module's /danh-gia/{code}). Only the applicant sees a dossier (the service answers "not found"
 * to anyone else).
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../../../../platform/auth/caller.ts';
import type { Problem } from '../../../../web/components/form.tsx';
import { type PageContext, pageContext } from '../../../../web/context.ts';
import { field, formBody, queryOf, seeOther, sendPage, signInPath, transactionIdOf } from '../../../../web/http.tsx';
import { getProcedure } from '../../../catalog/index.ts';
import {
  attachmentSignatures,
  type FilingDraftRow,
  getDossier,
  listDossiers,
  listFilingDrafts,
  type SignatureReport,
  takeAction,
} from '../../index.ts';
import { lastSupplementRequest } from '../dossier-text.ts';
import { SupplementPage, WithdrawPage } from './dossier-actions.tsx';
import { isDraft } from './draft.ts';
import { ConfirmationPage, DossierPage, type DraftItem, dossierHref, MyDossiersPage } from './my-dossiers.tsx';

/** A saved filing draft as "Hồ sơ của tôi" lists it. */
const draftItem = (row: FilingDraftRow): DraftItem[] =>
  isDraft(row.data) && row.data.procedureName && row.data.procedureKey
    ? [
        {
          procedureName: row.data.procedureName,
          href: `/nop-ho-so/${encodeURIComponent(row.data.procedureKey)}`,
          updatedAt: row.updatedAt,
        },
      ]
    : [];

import { attachUpload, type PortalDeps } from '../page-deps.ts';
import { trackHref } from './track.tsx';

const PAGE = 20;
type Params = { Params: { code: string } };
type Citizen = Extract<Caller, { kind: 'citizen' }>;

export function dossierRoutes(app: FastifyInstance, deps: PortalDeps): void {
  const db = () => app.deps.database.db;

  function citizen(request: FastifyRequest, reply: FastifyReply): Citizen | null {
    const caller = request.caller;
    if (caller.kind === 'citizen') return caller;
    void seeOther(reply, caller.kind === 'staff' ? '/workspace' : signInPath('portal', request.url));
    return null;
  }

  app.get('/ho-so-cua-toi', async (request, reply) => {
    const caller = citizen(request, reply);
    if (!caller) return reply;
    const page = Math.max(1, Number.parseInt(queryOf(request).trang ?? '1', 10) || 1);
    const list = await listDossiers(db(), caller, { limit: PAGE, offset: (page - 1) * PAGE });
    const drafts = page === 1 ? (await listFilingDrafts(db(), caller)).flatMap(draftItem) : [];
    const ctx = pageContext(request, reply, 'portal');
    return sendPage(
      reply,
      <MyDossiersPage
        ctx={ctx}
        drafts={drafts}
        items={list.items}
        page={page}
        pages={Math.max(1, Math.ceil(list.total / PAGE))}
      />,
    );
  });

  const doneMessage = (ctx: PageContext, done: string | undefined) =>
    done === 'bo-sung' ? ctx.t.supplementSent : done === 'rut' ? ctx.t.withdrawnDone : undefined;

  app.get<Params>('/ho-so-cua-toi/:code', async (request, reply) => {
    const caller = citizen(request, reply);
    if (!caller) return reply;
    const view = await getDossier(db(), caller, request.params.code);
    const files = view.attachments;
    // Each signed result is verified as it is shown (issue 14): the citizen sees the verdict beside it.
    const signatures: Record<string, SignatureReport[]> = {};
    for (const f of files.filter((x) => x.signed && x.kind === 'result')) {
      signatures[f.id] = await attachmentSignatures(db(), deps.blobs, caller, view.code, f.id);
    }
    const ctx = pageContext(request, reply, 'portal');
    return sendPage(
      reply,
      <DossierPage
        ctx={ctx}
        view={view}
        files={files}
        signatures={signatures}
        done={doneMessage(ctx, queryOf(request).xong)}
      />,
    );
  });

  app.get<Params>('/ho-so-cua-toi/:code/da-nop', async (request, reply) => {
    const caller = citizen(request, reply);
    if (!caller) return reply;
    const view = await getDossier(db(), caller, request.params.code);
    const base = deps.dossierContext(request).publicUrl ?? '';
    const ctx = pageContext(request, reply, 'portal');
    const trackUrl = `${base}${trackHref(view.code, view.trackingKey ?? '')}`;
    return sendPage(reply, <ConfirmationPage ctx={ctx} view={view} trackUrl={trackUrl} />);
  });

  async function supplementPage(
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    caller: Citizen,
    problems?: Problem[],
  ) {
    const code = request.params.code;
    const view = await getDossier(db(), caller, code);
    if (!view.allowedActions.includes('supplement')) return seeOther(reply, dossierHref(code));
    const request_ = lastSupplementRequest(view);
    const since = request_ ? new Date(request_.at).getTime() : 0;
    const added = view.attachments.filter((f) => f.kind === 'paper' && new Date(f.uploadedAt).getTime() >= since);
    const missing = request_?.papers ?? [];
    const paperNames =
      missing.length > 0
        ? missing.map((m) => m.name)
        : (await getProcedure(db(), view.procedure.id)).papers.filter((p) => p.form !== 'presented').map((p) => p.name);
    // The paper asked for by the link the citizen followed, else the first one not sent yet.
    const asked = paperNames[Number.parseInt(queryOf(request).giay ?? '', 10)];
    const selected = asked ?? missing.find((m) => !added.some((f) => f.paperName === m.name))?.name;
    const ctx = pageContext(request, reply, 'portal');
    return sendPage(
      reply,
      <SupplementPage
        selected={selected}
        ctx={ctx}
        view={view}
        missing={missing}
        note={request_?.note ?? ''}
        paperNames={paperNames}
        added={added}
        maxMb={deps.maxMb}
        {...(problems ? { problems } : {})}
      />,
      problems ? 422 : 200,
    );
  }

  app.get<Params>('/ho-so-cua-toi/:code/bo-sung', async (request, reply) => {
    const caller = citizen(request, reply);
    if (!caller) return reply;
    return supplementPage(request, reply, caller);
  });

  app.post<Params>('/ho-so-cua-toi/:code/bo-sung/tai-len', async (request, reply) => {
    const caller = citizen(request, reply);
    if (!caller) return reply;
    const ctx = pageContext(request, reply, 'portal');
    const problem = await attachUpload(request, deps, {
      db: db(),
      caller,
      code: request.params.code,
      kind: 'paper',
      ctx,
    });
    if (problem) return supplementPage(request, reply, caller, [problem]);
    return seeOther(reply, dossierHref(request.params.code, 'bo-sung'));
  });

  app.post<Params>('/ho-so-cua-toi/:code/bo-sung', async (request, reply) => {
    const caller = citizen(request, reply);
    if (!caller) return reply;
    const code = request.params.code;
    const view = await getDossier(db(), caller, code);
    const since = new Date(lastSupplementRequest(view)?.at ?? 0).getTime();
    const ids = view.attachments
      .filter((f) => f.kind === 'paper' && new Date(f.uploadedAt).getTime() >= since)
      .map((f) => f.id);
    const ctx = pageContext(request, reply, 'portal');
    if (ids.length === 0)
      return supplementPage(request, reply, caller, [{ field: 'file', message: ctx.t.supplementNeedsFile }]);
    await takeAction(
      db(),
      caller,
      code,
      { type: 'supplement', attachmentIds: ids },
      { transactionId: transactionIdOf(formBody(request)) },
      deps.dossierContext(request),
    );
    return seeOther(reply, `${dossierHref(code)}?xong=bo-sung`);
  });

  app.get<Params>('/ho-so-cua-toi/:code/rut', async (request, reply) => {
    const caller = citizen(request, reply);
    if (!caller) return reply;
    const view = await getDossier(db(), caller, request.params.code);
    if (!view.allowedActions.includes('withdraw')) return seeOther(reply, dossierHref(view.code));
    return sendPage(reply, <WithdrawPage ctx={pageContext(request, reply, 'portal')} view={view} />);
  });

  app.post<Params>('/ho-so-cua-toi/:code/rut', async (request, reply) => {
    const caller = citizen(request, reply);
    if (!caller) return reply;
    const body = formBody(request);
    const reason = field(body, 'reason').slice(0, 2000);
    await takeAction(
      db(),
      caller,
      request.params.code,
      { type: 'withdraw', ...(reason ? { reason } : {}) },
      { transactionId: transactionIdOf(body) },
      deps.dossierContext(request),
    );
    return seeOther(reply, `${dossierHref(request.params.code)}?xong=rut`);
  });
}
