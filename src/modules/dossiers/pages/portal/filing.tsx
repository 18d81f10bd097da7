/**
 * Online filing, page by page (/nop-ho-so/{procedure}/…): each page posts, is checked with
 * the dossier module's own rules, and redirects (Post/Redirect/Get). The answers wait in the
 * sealed draft cookie; papers go to the blob store as they are uploaded; "Gửi hồ sơ" files the
 * dossier (idempotent by the draft's transaction id) and attaches the papers to it.
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../../../../platform/auth/caller.ts';
import type { Executor } from '../../../../platform/db/index.ts';
import { DomainError } from '../../../../platform/errors.ts';
import type { Problem } from '../../../../web/components/form.tsx';
import { vietnamDay } from '../../../../web/components/format.ts';
import { pageContext } from '../../../../web/context.ts';
import { errorText, field, formBody, problemsOf, seeOther, sendPage, signInPath } from '../../../../web/http.tsx';
import { Layout } from '../../../../web/layout.tsx';
import { uploadedFile } from '../../../../web/uploads.ts';
import type { ProcedureView } from '../../../catalog/index.ts';
import { getProcedure } from '../../../catalog/index.ts';
import { listCommunes, provinceNameOf } from '../../../directory/index.ts';
import {
  markDossierUsesPopulationData,
  OnlinePopulationSection,
  populationConnected,
  populationPrefillOf,
} from '../../../exchange/index.ts';
import { choosePaperForFiling, findReusablePapers, type ReusablePaper } from '../../../papers/index.ts';
import { fileDossier, stageAttachment, validateApplicant, validateFormData } from '../../index.ts';
import type { PortalDeps } from '../page-deps.ts';
import { clearDraft, type Draft, newDraft, readDraft, writeDraft } from './draft.ts';
import { type Commune, EformPage, eformProblemField, loadPlaces, readEform } from './eform.tsx';
import {
  agencyOf,
  canOpen,
  type FilingStep,
  formFields,
  isFilingStep,
  missingRequired,
  nextStep,
  stepsOf,
  uploadables,
} from './filing-flow.ts';
import {
  AgencyPage,
  ApplicantPage,
  CheckPage,
  PapersPage,
  procedureKey,
  stepHref,
  TaskListPage,
} from './filing-pages.tsx';
import { filingPopulationRoutes, populationHref } from './filing-population.tsx';
import { StepUpPage, stepUpNeeded } from './step-up.tsx';

const MAX_FILES = 15;
type Params = { Params: { code: string; step?: string; paper?: string } };

export function filingRoutes(app: FastifyInstance, deps: PortalDeps): void {
  const { config } = app.deps;
  const db = () => app.deps.database.db;

  /** The citizen, the procedure and their draft; null when the reply has been sent (sign in, refusal). */
  async function load(request: FastifyRequest<Params>, reply: FastifyReply) {
    const caller = request.caller;
    if (caller.kind === 'anonymous') {
      await seeOther(reply, signInPath('portal', request.url.split('?')[0] ?? '/'));
      return null;
    }
    if (caller.kind !== 'citizen') {
      const ctx = pageContext(request, reply, 'portal');
      await sendPage(
        reply,
        <Layout ctx={ctx} title={ctx.t.filingTitle}>
          <h1>{ctx.t.filingTitle}</h1>
          <p>{ctx.t.onlyCitizensFile}</p>
        </Layout>,
        403,
      );
      return null;
    }
    const procedure = await getProcedure(db(), request.params.code, { provinceCode: config.provinceCode });
    if (!procedure.active) throw new DomainError('PROCEDURE_NOT_FOUND');
    if (procedure.onlineLevel === 'info') throw new DomainError('DOSSIER_PROCEDURE_NOT_ONLINE');
    const needed = stepUpNeeded(config, procedure, caller.assurance);
    if (needed !== undefined) {
      // Back to this very page after the stronger sign-in (a GET; a refused POST returns to the task list).
      const here = request.method === 'GET' ? (request.url.split('?')[0] ?? '/') : `/nop-ho-so/${request.params.code}`;
      const ctx = pageContext(request, reply, 'portal');
      await sendPage(
        reply,
        <StepUpPage ctx={ctx} needed={needed} current={caller.assurance ?? 0} returnTo={here} />,
        403,
      );
      return null;
    }
    const stored = await readDraft(db(), caller, procedure.id);
    const draft =
      stored && stored.procedure === procedure.id && stored.owner === caller.id
        ? stored
        : newDraft({ id: procedure.id, name: procedure.name, key: procedureKey(procedure) }, caller.id);
    // Name, personal id and birth date the national identity vouched for: filed as they came.
    const verified = request.authSession?.session.identity ?? undefined;
    return { caller, procedure, draft, verified, ctx: pageContext(request, reply, 'portal') };
  }

  const back = (procedure: ProcedureView, step: FilingStep, editing: boolean) => {
    const key = procedureKey(procedure);
    if (editing) return stepHref(key, 'kiem-tra');
    const steps = stepsOf(procedure);
    const before = steps[steps.indexOf(step) - 1];
    return before ? stepHref(key, before) : stepHref(key, '');
  };
  const editing = (request: FastifyRequest) => (request.query as Record<string, unknown>).sua === '1';
  const actionOf = (procedure: ProcedureView, step: FilingStep, edit: boolean) =>
    `${stepHref(procedureKey(procedure), step)}${edit ? '?sua=1' : ''}`;
  const after = (procedure: ProcedureView, draft: Draft, edit: boolean) =>
    stepHref(procedureKey(procedure), edit ? 'kiem-tra' : nextStep(procedure, draft));

  const communes = (): Promise<Commune[]> => listCommunes(db(), config.provinceCode);

  /** The reusable papers of the procedure (the catalog says which) the citizen's store can stand for. */
  async function reuseOffers(caller: Caller, procedure: ProcedureView): Promise<Map<number, ReusablePaper[]>> {
    const offers = new Map<number, ReusablePaper[]>();
    const today = vietnamDay(new Date());
    for (const u of uploadables(procedure)) {
      if (u.paper < 0 || procedure.papers[u.paper]?.reusable !== true) continue;
      const found = await findReusablePapers(db(), caller, u.name, today);
      if (found.length > 0) offers.set(u.paper, found);
    }
    return offers;
  }

  filingPopulationRoutes(app, load);

  app.get<Params>('/nop-ho-so/:code', async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    return sendPage(reply, <TaskListPage ctx={loaded.ctx} procedure={loaded.procedure} draft={loaded.draft} />);
  });

  app.get<Params>('/nop-ho-so/:code/:step', async (request, reply) => {
    const step = request.params.step ?? '';
    if (!isFilingStep(step)) throw new DomainError('NOT_FOUND');
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const { ctx, procedure, draft } = loaded;
    if (!canOpen(procedure, draft, step))
      return seeOther(reply, stepHref(procedureKey(procedure), nextStep(procedure, draft)));
    const edit = editing(request);
    const common = { ctx, procedure, back: back(procedure, step, edit), action: actionOf(procedure, step, edit) };
    switch (step) {
      case 'noi-nop':
        return sendPage(reply, <AgencyPage {...common} value={draft.agencyId} />);
      case 'nguoi-nop': {
        const a = draft.applicant;
        const login = request.authSession?.account.login ?? '';
        // Issue 18: the citizen's own record, read from the population register with their consent.
        const own = draft.population ? await populationPrefillOf(db(), loaded.caller, draft.population) : undefined;
        const values = {
          type: a?.type ?? procedure.applicantTypes[0] ?? 'citizen',
          fullName:
            a?.fullName ??
            loaded.verified?.fullName ??
            own?.applicant.fullName ??
            request.authSession?.account.displayName ??
            '',
          personalId: a?.personalId ?? loaded.verified?.personalId ?? own?.applicant.personalId ?? '',
          phone: a?.phone ?? (login.startsWith('+84') ? `0${login.slice(3)}` : ''),
          email: a?.email ?? (login.includes('@') ? login : ''),
          address: a?.address || own?.applicant.address || '',
        };
        const source = populationConnected(app) ? (
          <OnlinePopulationSection href={populationHref(procedure)} prefill={own} />
        ) : undefined;
        return sendPage(
          reply,
          <ApplicantPage {...common} values={values} verified={loaded.verified} source={source} />,
        );
      }
      case 'to-khai': {
        const values = draft.formData ?? {};
        const places = await loadPlaces(db(), procedure, (name) => values[name], config.provinceCode);
        return sendPage(reply, <EformPage {...common} values={values} communes={await communes()} places={places} />);
      }
      case 'giay-to': {
        const offers = await reuseOffers(loaded.caller, procedure);
        return sendPage(reply, <PapersPage {...common} draft={draft} maxMb={deps.maxMb} offers={offers} />);
      }
      case 'kiem-tra': {
        const agencyId = agencyOf(procedure, draft);
        const agencyName = procedure.agencies.find((x) => x.id === agencyId)?.name ?? '';
        return sendPage(reply, <CheckPage {...common} draft={draft} agencyName={agencyName} />);
      }
    }
  });

  app.post<Params>('/nop-ho-so/:code/noi-nop', async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const { ctx, procedure, draft } = loaded;
    const agencyId = field(formBody(request), 'agencyId');
    const edit = editing(request);
    if (!procedure.agencies.some((a) => a.id === agencyId)) {
      const problems = [{ field: 'agencyId', message: ctx.t.agencyRequired }];
      const common = {
        ctx,
        procedure,
        back: back(procedure, 'noi-nop', edit),
        action: actionOf(procedure, 'noi-nop', edit),
      };
      return sendPage(reply, <AgencyPage {...common} value={undefined} problems={problems} />, 422);
    }
    const next = { ...draft, agencyId };
    await writeDraft(db(), loaded.caller, config.provinceCode, next);
    return seeOther(reply, after(procedure, next, edit));
  });

  app.post<Params>('/nop-ho-so/:code/nguoi-nop', async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const { ctx, procedure, draft, verified } = loaded;
    const body = formBody(request);
    // What the national identity vouched for is not taken from the form (ApplicantFields shows it only).
    const own = verified && field(body, 'type') === 'citizen' ? verified : undefined;
    const values = {
      type: field(body, 'type'),
      fullName: own?.fullName ?? field(body, 'fullName'),
      personalId: own?.personalId ?? field(body, 'personalId'),
      phone: field(body, 'phone'),
      email: field(body, 'email'),
      address: field(body, 'address'),
    };
    const edit = editing(request);
    const problems: Problem[] = [];
    const type = procedure.applicantTypes.find((x) => x === values.type);
    if (!type) problems.push({ field: 'type', message: ctx.t.typeRequired });
    else {
      try {
        const applicant = validateApplicant({
          type,
          fullName: values.fullName,
          ...(values.personalId ? { personalId: values.personalId } : {}),
          ...(values.phone ? { phone: values.phone } : {}),
          ...(values.email ? { email: values.email } : {}),
          ...(values.address ? { address: values.address } : {}),
          ...(own?.birthDate ? { birthDate: own.birthDate } : {}),
        });
        const next = { ...draft, applicant };
        await writeDraft(db(), loaded.caller, config.provinceCode, next);
        return seeOther(reply, after(procedure, next, edit));
      } catch (err) {
        problems.push(...problemsOf(err, (f) => f.replace(/^applicant\./, '')));
      }
    }
    const common = {
      ctx,
      procedure,
      back: back(procedure, 'nguoi-nop', edit),
      action: actionOf(procedure, 'nguoi-nop', edit),
    };
    return sendPage(reply, <ApplicantPage {...common} values={values} problems={problems} verified={verified} />, 422);
  });

  app.post<Params>('/nop-ho-so/:code/to-khai', async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const { ctx, procedure, draft } = loaded;
    const places = await communes();
    const body = formBody(request);
    const country = await loadPlaces(db(), procedure, (name) => field(body, name), config.provinceCode);
    const values = readEform(procedure, body, places, await provinceNameOf(db(), config.provinceCode), country);
    const edit = editing(request);
    try {
      validateFormData(formFields(procedure), values);
      const next = { ...draft, formData: values, formDone: true };
      await writeDraft(db(), loaded.caller, config.provinceCode, next);
      return seeOther(reply, after(procedure, next, edit));
    } catch (err) {
      const problems = problemsOf(err, (f) => eformProblemField(procedure, f, values));
      const common = {
        ctx,
        procedure,
        back: back(procedure, 'to-khai', edit),
        action: actionOf(procedure, 'to-khai', edit),
      };
      return sendPage(
        reply,
        <EformPage {...common} values={values} communes={places} places={country} problems={problems} />,
        422,
      );
    }
  });

  const papersPage = async (
    loaded: NonNullable<Awaited<ReturnType<typeof load>>>,
    draft: Draft,
    problems: Problem[],
    edit: boolean,
  ) => (
    <PapersPage
      ctx={loaded.ctx}
      procedure={loaded.procedure}
      draft={draft}
      problems={problems}
      back={back(loaded.procedure, 'giay-to', edit)}
      maxMb={deps.maxMb}
      offers={await reuseOffers(loaded.caller, loaded.procedure)}
    />
  );

  // "Có thể dùng lại từ kho dữ liệu": the chosen paper of the citizen's store stands for this
  // paper; nothing is uploaded (the filing copies the earlier dossier's file, marked reused).
  app.post<Params>('/nop-ho-so/:code/giay-to/dung-lai/:paper', async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const { ctx, procedure, draft } = loaded;
    const paper = Number(request.params.paper);
    const target = uploadables(procedure).find((u) => u.paper === paper && procedure.papers[paper]?.reusable === true);
    if (!target) throw new DomainError('NOT_FOUND');
    const name = `file-${paper}`;
    let chosen: ReusablePaper;
    try {
      chosen = await choosePaperForFiling(
        db(),
        loaded.caller,
        field(formBody(request), 'paperId'),
        target.name,
        vietnamDay(new Date()),
      );
    } catch (err) {
      if (!(err instanceof DomainError) || err.status >= 500) throw err;
      return sendPage(
        reply,
        await papersPage(loaded, draft, [{ field: name, message: errorText(ctx, err) }], false),
        422,
      );
    }
    if (draft.files.length >= MAX_FILES)
      return sendPage(reply, await papersPage(loaded, draft, [{ field: name, message: ctx.t.draftFull }], false), 422);
    const file = {
      paper,
      name: target.name,
      fileName: chosen.fileName,
      id: chosen.attachmentId,
      size: chosen.size,
      reused: true,
    };
    const next: Draft = { ...draft, files: [...draft.files.filter((f) => f.id !== chosen.attachmentId), file] };
    if (!(await writeDraft(db(), loaded.caller, config.provinceCode, next)))
      return sendPage(reply, await papersPage(loaded, draft, [{ field: name, message: ctx.t.draftFull }], false), 422);
    return seeOther(reply, stepHref(procedureKey(procedure), 'giay-to'));
  });

  app.post<Params>('/nop-ho-so/:code/giay-to/tai-len/:paper', async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const { ctx, procedure, draft } = loaded;
    const paper = Number(request.params.paper);
    const target = uploadables(procedure).find((u) => u.paper === paper);
    if (!target) throw new DomainError('NOT_FOUND');
    const name = `file-${paper < 0 ? `e${-1 - paper}` : paper}`;
    const upload = await uploadedFile(request, deps, ctx);
    if (!upload.ok)
      return sendPage(reply, await papersPage(loaded, draft, [{ field: name, message: upload.message }], false), 422);
    if (draft.files.length >= MAX_FILES)
      return sendPage(reply, await papersPage(loaded, draft, [{ field: name, message: ctx.t.draftFull }], false), 422);
    let staged: Awaited<ReturnType<typeof stageAttachment>>;
    try {
      staged = await stageAttachment(
        db(),
        deps.blobs,
        loaded.caller,
        { kind: 'paper', paperName: target.name, fileName: upload.fileName, bytes: upload.bytes },
        { maxBytes: deps.maxBytes, provinceCode: config.provinceCode },
      );
    } catch (err) {
      if (!(err instanceof DomainError) || err.status >= 500) throw err;
      return sendPage(
        reply,
        await papersPage(loaded, draft, [{ field: name, message: errorText(ctx, err) }], false),
        422,
      );
    }
    const file = { paper, name: target.name, fileName: staged.fileName, id: staged.id, size: staged.size };
    const next: Draft = { ...draft, files: [...draft.files, file] };
    if (!(await writeDraft(db(), loaded.caller, config.provinceCode, next)))
      return sendPage(reply, await papersPage(loaded, draft, [{ field: name, message: ctx.t.draftFull }], false), 422);
    return seeOther(reply, stepHref(procedureKey(procedure), 'giay-to'));
  });

  app.post<Params>('/nop-ho-so/:code/giay-to/xoa', async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const body = formBody(request);
    const id = field(body, 'id');
    const next = { ...loaded.draft, files: loaded.draft.files.filter((f) => f.id !== id) };
    await writeDraft(db(), loaded.caller, config.provinceCode, next);
    return seeOther(reply, stepHref(procedureKey(loaded.procedure), 'giay-to'));
  });

  app.post<Params>('/nop-ho-so/:code/giay-to', async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const { ctx, procedure, draft } = loaded;
    const missing = missingRequired(procedure, draft.files);
    if (missing.length > 0) {
      const problems = missing.map((u) => ({
        field: `file-${u.paper < 0 ? `e${-1 - u.paper}` : u.paper}`,
        message: ctx.t.paperMissing(u.name),
      }));
      return sendPage(reply, await papersPage(loaded, draft, problems, editing(request)), 422);
    }
    const next = { ...draft, papersDone: true };
    await writeDraft(db(), loaded.caller, config.provinceCode, next);
    return seeOther(reply, after(procedure, next, editing(request)));
  });

  app.post<Params>('/nop-ho-so/:code/kiem-tra', async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const { ctx, caller, procedure, draft } = loaded;
    if (!canOpen(procedure, draft, 'kiem-tra') || !draft.applicant)
      return seeOther(reply, stepHref(procedureKey(procedure), nextStep(procedure, draft)));
    const agencyId = agencyOf(procedure, draft);
    try {
      const view = await fileDossier(
        db(),
        caller,
        {
          procedure: procedure.id,
          ...(agencyId ? { agencyId } : {}),
          applicant: draft.applicant,
          formData: Object.fromEntries(formFields(procedure).map((f) => [f.key, draft.formData?.[f.key] ?? ''])),
          // The staged papers become the dossier's in the filing's own transaction.
          papers: draft.files.map((f) => ({ attachmentId: f.id, paperName: f.name })),
        },
        {
          transactionId: draft.txn,
          // Marked in the filing's own transaction (indicators 4.5a/4.5b), as at the counter.
          ...(draft.population
            ? {
                alsoInTransaction: async (tx: Executor, filed: { id: string; code: string }) => {
                  await markDossierUsesPopulationData(tx, caller, draft.population ?? '', {
                    id: filed.id,
                    code: filed.code,
                    procedureCode: procedure.nationalCode ?? procedure.id,
                  });
                },
              }
            : {}),
        },
        deps.dossierContext(request),
      );
      await clearDraft(db(), caller, procedure.id);
      return seeOther(reply, `/ho-so-cua-toi/${encodeURIComponent(view.code)}/da-nop`);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      // The rules were checked page by page; what is left (e.g. the procedure went offline) is general.
      const problems = problemsOf(err).map((p) => ({ field: '', message: p.field ? p.message : errorText(ctx, err) }));
      const agencyName = procedure.agencies.find((x) => x.id === agencyId)?.name ?? '';
      return sendPage(
        reply,
        <CheckPage
          ctx={ctx}
          procedure={procedure}
          draft={draft}
          agencyName={agencyName}
          problems={problems}
          back={back(procedure, 'kiem-tra', false)}
        />,
        422,
      );
    }
  });
}
