/**
 * /workspace/tiep-nhan…: counter reception. The receiver files on the applicant's behalf and
 * the service receives at once (due date and receipt, Mẫu 01); then /ho-so/{code}/quet takes
 * the scans and offers the receipt slip to print.
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffCaller } from '../../../../platform/auth/index.ts';
import type { Executor } from '../../../../platform/db/index.ts';
import { DomainError } from '../../../../platform/errors.ts';
import type { Problem } from '../../../../web/components/form.tsx';
import { pageContext } from '../../../../web/context.ts';
import {
  field,
  fieldList,
  formBody,
  problemsOf,
  queryOf,
  seeOther,
  sendPage,
  transactionIdOf,
} from '../../../../web/http.tsx';
import { staffOrSignIn } from '../../../../web/staff-gate.ts';
import { getProcedure, searchProcedures } from '../../../catalog/index.ts';
import { listAgencies, listCommunes, provinceNameOf } from '../../../directory/index.ts';
import { markDossierUsesPopulationData, PopulationSection, populationPrefillOf } from '../../../exchange/index.ts';
import { appointmentOf, type CounterIntake, fileDossier, getDossier } from '../../index.ts';
import { attachUpload, type PortalDeps } from '../page-deps.ts';
import { type Commune, eformProblemField, loadPlaces, readEform } from '../portal/eform.tsx';
import { formFields } from '../portal/filing-flow.ts';
import {
  CounterDonePage,
  CounterFormPage,
  CounterSearchPage,
  CounterSlipPage,
  type CounterValues,
} from './counter.tsx';
import { staffDossierHref } from './inbox.tsx';

type Params = { Params: { code: string } };

/** "0,1,3": the paper indices ticked at reception, digits and commas only. */
const tickedOf = (request: FastifyRequest) => (queryOf(request)['giay-to'] ?? '').replace(/[^0-9,]/g, '').slice(0, 200);

export function counterRoutes(app: FastifyInstance, deps: PortalDeps): void {
  const db = () => app.deps.database.db;
  const { provinceCode } = app.deps.config;

  const communes = (): Promise<Commune[]> => listCommunes(db(), provinceCode);

  function receiver(request: FastifyRequest, reply: FastifyReply): StaffCaller | null {
    const caller = staffOrSignIn(request, reply);
    if (caller && !caller.roles.includes('receiver')) throw new DomainError('FORBIDDEN');
    return caller;
  }

  app.get('/tiep-nhan', async (request, reply) => {
    if (!receiver(request, reply)) return reply;
    const q = (queryOf(request).q ?? '').trim().slice(0, 200);
    const items = q ? (await searchProcedures(db(), { provinceCode, q, limit: 20 })).items : [];
    return sendPage(reply, <CounterSearchPage ctx={pageContext(request, reply, 'workspace')} q={q} items={items} />);
  });

  app.get<Params>('/tiep-nhan/:code', async (request, reply) => {
    const caller = receiver(request, reply);
    if (!caller) return reply;
    const procedure = await getProcedure(db(), request.params.code, { provinceCode });
    // The competent agency a commune centre receives for is its own People's Committee.
    const tree = await listAgencies(db(), caller, { provinceCode });
    const parent = tree.find((a) => a.id === caller.agencyId)?.parentId;
    const agencyId = procedure.agencies.find((a) => a.id === parent)?.id ?? procedure.agencies[0]?.id ?? '';
    // Issue 18: data taken from the population register, with the citizen's consent (exchange module).
    const prefill = await populationPrefillOf(db(), caller, queryOf(request)['dan-cu']);
    const values: CounterValues = {
      agencyId,
      type: procedure.applicantTypes[0] ?? 'citizen',
      fullName: prefill?.applicant.fullName ?? '',
      personalId: prefill?.applicant.personalId ?? '',
      phone: '',
      email: '',
      address: prefill?.applicant.address ?? '',
      form: prefill?.form ?? {},
      papers: [],
      outsideHoursReason: '',
      intakeNote: '',
    };
    const ctx = pageContext(request, reply, 'workspace');
    const source = <PopulationSection procedureCode={request.params.code} prefill={prefill} />;
    return sendPage(
      reply,
      <CounterFormPage
        ctx={ctx}
        procedure={procedure}
        values={values}
        communes={await communes()}
        places={await loadPlaces(db(), procedure, () => undefined, provinceCode)}
        applicantSource={source}
      />,
    );
  });

  app.post<Params>('/tiep-nhan/:code', async (request, reply) => {
    const caller = receiver(request, reply);
    if (!caller) return reply;
    const procedure = await getProcedure(db(), request.params.code, { provinceCode });
    const body = formBody(request);
    const places = await communes();
    const country = await loadPlaces(db(), procedure, (name) => field(body, name), provinceCode);
    const values: CounterValues = {
      agencyId: field(body, 'agencyId') || (procedure.agencies[0]?.id ?? ''),
      type: field(body, 'type'),
      fullName: field(body, 'fullName'),
      personalId: field(body, 'personalId'),
      phone: field(body, 'phone'),
      email: field(body, 'email'),
      address: field(body, 'address'),
      form: readEform(procedure, body, places, await provinceNameOf(db(), provinceCode), country),
      papers: fieldList(body, 'papers'),
      outsideHoursReason: field(body, 'outsideHoursReason').slice(0, 2000),
      intakeNote: field(body, 'intakeNote').slice(0, 2000),
    };
    const ctx = pageContext(request, reply, 'workspace');
    const populationPrefill = field(body, 'danCu').slice(0, 36);
    const choice = field(body, 'intake');
    const missing = procedure.papers.filter((p, i) => p.required && !values.papers.includes(String(i)));
    // Circular 03/2025: a dossier missing a required paper is not received; the officer says what to add
    // (Mẫu 02) or refuses it (Mẫu 03), from this screen.
    const intake: CounterIntake =
      choice === 'guide'
        ? {
            kind: 'guide',
            missingPapers: missing.map((p) => ({ name: p.name, reason: ctx.t.counterMissingPaperReason })),
            ...(values.intakeNote ? { note: values.intakeNote } : {}),
          }
        : choice === 'refuse'
          ? { kind: 'refuse', reason: values.intakeNote }
          : { kind: 'receive' };
    const problems: Problem[] =
      intake.kind === 'receive'
        ? missing.map((p) => ({ field: 'papers', message: ctx.t.paperNotReceived(p.name) }))
        : intake.kind === 'guide' && missing.length === 0
          ? [{ field: 'papers', message: ctx.t.counterGuideNothingMissing }]
          : intake.kind === 'refuse' && !values.intakeNote
            ? [{ field: 'intakeNote', message: ctx.t.counterRefuseReasonRequired }]
            : [];
    const type = procedure.applicantTypes.find((x) => x === values.type) ?? procedure.applicantTypes[0] ?? 'citizen';
    if (problems.length === 0) {
      try {
        const view = await fileDossier(
          db(),
          caller,
          {
            procedure: procedure.id,
            agencyId: values.agencyId,
            applicant: {
              type,
              fullName: values.fullName,
              ...(values.personalId ? { personalId: values.personalId } : {}),
              ...(values.phone ? { phone: values.phone } : {}),
              ...(values.email ? { email: values.email } : {}),
              ...(values.address ? { address: values.address } : {}),
            },
            formData: Object.fromEntries(formFields(procedure).map((f) => [f.key, values.form[f.key] ?? ''])),
            ...(values.outsideHoursReason ? { outsideHoursReason: values.outsideHoursReason } : {}),
            papersReceived: procedure.papers.filter((_, i) => values.papers.includes(String(i))).map((p) => p.name),
            intake,
          },
          {
            transactionId: transactionIdOf(body),
            // Marked in the filing's own transaction: a crash cannot leave a filed dossier
            // unmarked (indicators 4.5a/4.5b).
            ...(populationPrefill
              ? {
                  alsoInTransaction: async (tx: Executor, filed: { id: string; code: string }) => {
                    await markDossierUsesPopulationData(tx, caller, populationPrefill, {
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
        if (intake.kind !== 'receive') {
          const kind = intake.kind === 'guide' ? 'supplement-request' : 'intake-refusal';
          return seeOther(reply, `${staffDossierHref(view.code, 'phieu-tai-quay')}?loai=${kind}`);
        }
        const ticked = values.papers.join(',');
        return seeOther(reply, `${staffDossierHref(view.code, 'quet')}${ticked ? `?giay-to=${ticked}` : ''}`);
      } catch (err) {
        if (!(err instanceof DomainError) || err.status >= 500) throw err;
        // Outside working time the page asks for the reason of the override (issue 23).
        if (err.code === 'RECEPTION_OUTSIDE_WORKING_HOURS')
          problems.push({ field: 'outsideHoursReason', message: err.message });
        else
          problems.push(
            ...problemsOf(err, (f) =>
              f.startsWith('applicant.') ? f.slice(10) : eformProblemField(procedure, f, values.form),
            ),
          );
      }
    }
    return sendPage(
      reply,
      <CounterFormPage
        ctx={ctx}
        procedure={procedure}
        values={values}
        communes={places}
        places={country}
        problems={problems}
        applicantSource={
          <PopulationSection procedureCode={request.params.code} prefillId={populationPrefill || undefined} />
        }
      />,
      422,
    );
  });

  async function donePage(
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    caller: StaffCaller,
    problems?: Problem[],
  ) {
    const view = await getDossier(db(), caller, request.params.code);
    const procedure = await getProcedure(db(), view.procedure.id);
    const tickedText = tickedOf(request);
    const ticked = tickedText.split(',').filter(Boolean).map(Number);
    const names = procedure.papers.filter((_, i) => ticked.length === 0 || ticked.includes(i)).map((p) => p.name);
    const scans = view.attachments.filter((f) => f.kind === 'paper');
    const ctx = pageContext(request, reply, 'workspace');
    return sendPage(
      reply,
      <CounterDonePage
        ctx={ctx}
        view={view}
        paperNames={names}
        ticked={tickedText}
        scans={scans}
        appointment={await appointmentOf(db(), view, provinceCode)}
        problems={problems}
      />,
      problems ? 422 : 200,
    );
  }

  // Not received: the slip the counter just issued, to print (Mẫu 02 or 03).
  app.get<Params>('/ho-so/:code/phieu-tai-quay', async (request, reply) => {
    const caller = receiver(request, reply);
    if (!caller) return reply;
    const view = await getDossier(db(), caller, request.params.code);
    const kind = queryOf(request).loai === 'intake-refusal' ? 'intake-refusal' : 'supplement-request';
    return sendPage(reply, <CounterSlipPage ctx={pageContext(request, reply, 'workspace')} view={view} kind={kind} />);
  });

  app.get<Params>('/ho-so/:code/quet', async (request, reply) => {
    const caller = receiver(request, reply);
    if (!caller) return reply;
    return donePage(request, reply, caller);
  });

  app.post<Params>('/ho-so/:code/quet', async (request, reply) => {
    const caller = receiver(request, reply);
    if (!caller) return reply;
    const ctx = pageContext(request, reply, 'workspace');
    const problem = await attachUpload(request, deps, {
      db: db(),
      caller,
      code: request.params.code,
      kind: 'paper',
      ctx,
    });
    if (problem) return donePage(request, reply, caller, [problem]);
    const ticked = tickedOf(request);
    return seeOther(reply, `${staffDossierHref(request.params.code, 'quet')}${ticked ? `?giay-to=${ticked}` : ''}`);
  });
}
