/**
 * /workspace/ho-so/{code}/thao-tac/{action}: the form of one action (GET), taking it (POST,
 * through the dossier service with a client transaction id), and the files some actions
 * carry (POST …/tai-len: a result to approve and issue, supplemented papers).
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffCaller } from '../../../../platform/auth/index.ts';
import { DomainError } from '../../../../platform/errors.ts';
import type { Problem } from '../../../../web/components/form.tsx';
import { pageContext } from '../../../../web/context.ts';
import { errorText, formBody, problemsOf, seeOther, sendPage, transactionIdOf } from '../../../../web/http.tsx';
import { staffOrSignIn } from '../../../../web/staff-gate.ts';
import { getProcedure } from '../../../catalog/index.ts';
import { listAgencies, listStaff } from '../../../directory/index.ts';
import {
  type DossierActionType,
  type DossierView,
  dossierPermissions,
  getDossier,
  personalKeyKind,
  takeAction,
} from '../../index.ts';
import { lastSupplementRequest } from '../dossier-text.ts';
import { attachUpload, type PortalDeps } from '../page-deps.ts';
import { type ActionData, ActionPage, currentStepOf, fieldOfCode, parseAction, uploadActions } from './actions.tsx';
import { staffDossierHref } from './inbox.tsx';

type Params = { Params: { code: string; action: string } };

const isActionType = (a: string): a is DossierActionType => Object.hasOwn(dossierPermissions, a);

export function actionRoutes(app: FastifyInstance, deps: PortalDeps): void {
  const db = () => app.deps.database.db;
  const { provinceCode } = app.deps.config;

  async function dataFor(caller: StaffCaller, view: DossierView, type: DossierActionType): Promise<ActionData> {
    const files = view.attachments;
    const since = new Date(lastSupplementRequest(view)?.at ?? 0).getTime();
    const step = currentStepOf(view);
    const papers =
      type === 'request_supplement' || type === 'supplement'
        ? (await getProcedure(db(), view.procedure.id)).papers.map((p) => p.name)
        : [];
    const staff =
      type === 'assign_step' && step
        ? (await listStaff(db(), caller, { provinceCode, agencyId: step.agencyId })).items.flatMap((s) =>
            s.accountId && s.roles.some((r) => r === step.role) ? [{ id: s.accountId, name: s.fullName }] : [],
          )
        : [];
    const agencies =
      type === 'transfer'
        ? (await listAgencies(db(), caller, { provinceCode }))
            .filter((a) => a.id !== caller.agencyId && a.kind !== 'service_centre')
            .map((a) => ({ id: a.id, name: a.name }))
        : [];
    return {
      ...(type === 'approve'
        ? { personalKey: await personalKeyKind(db(), { agencyId: caller.agencyId, accountId: caller.id }) }
        : {}),
      papers,
      staff,
      agencies,
      results: files.filter((f) => f.kind === 'result'),
      added: files.filter((f) => f.kind === 'paper' && new Date(f.uploadedAt).getTime() >= since && since > 0),
    };
  }

  async function load(request: FastifyRequest<Params>, reply: FastifyReply) {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return null;
    const type = request.params.action;
    if (!isActionType(type)) throw new DomainError('NOT_FOUND');
    const view = await getDossier(db(), caller, request.params.code);
    return { caller, type, view };
  }

  async function render(request: FastifyRequest<Params>, reply: FastifyReply, problems?: Problem[]) {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const { caller, type, view } = loaded;
    if (!view.allowedActions.includes(type)) return seeOther(reply, staffDossierHref(view.code));
    const ctx = pageContext(request, reply, 'workspace');
    const data = await dataFor(caller, view, type);
    return sendPage(
      reply,
      <ActionPage ctx={ctx} type={type} view={view} data={data} {...(problems ? { problems } : {})} />,
      problems ? 422 : 200,
    );
  }

  app.get<Params>('/ho-so/:code/thao-tac/:action', (request, reply) => render(request, reply));

  app.post<Params>('/ho-so/:code/thao-tac/:action', async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const { caller, type, view } = loaded;
    const ctx = pageContext(request, reply, 'workspace');
    const body = formBody(request);
    const parsed = parseAction(ctx, type, body, view, await dataFor(caller, view, type));
    if (!parsed.ok) return render(request, reply, parsed.problems);
    try {
      await takeAction(
        db(),
        caller,
        view.code,
        parsed.action,
        { transactionId: transactionIdOf(body), ...(parsed.signResult ? { signResult: true } : {}) },
        deps.dossierContext(request),
      );
    } catch (err) {
      if (!(err instanceof DomainError) || err.status >= 500) throw err;
      const named = fieldOfCode[err.code];
      const problems = named ? [{ field: named, message: errorText(ctx, err) }] : problemsOf(err);
      return render(request, reply, problems);
    }
    return seeOther(reply, `${staffDossierHref(view.code)}?xong=${type}`);
  });

  app.post<Params>('/ho-so/:code/thao-tac/:action/tai-len', async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const { caller, type, view } = loaded;
    if (!uploadActions.includes(type)) throw new DomainError('NOT_FOUND');
    const ctx = pageContext(request, reply, 'workspace');
    // A supplement's files are papers; every other upload action attaches the result.
    const kind = type === 'supplement' ? 'paper' : 'result';
    const problem = await attachUpload(request, deps, { db: db(), caller, code: view.code, kind, ctx });
    if (problem) return render(request, reply, [problem]);
    return seeOther(reply, staffDossierHref(view.code, `thao-tac/${type}`));
  });
}
