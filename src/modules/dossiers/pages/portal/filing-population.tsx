/**
 * "Lấy từ CSDL dân cư" on the online filing (/nop-ho-so/{procedure}/dan-cu), issue 18: a citizen
 * signed in through VNeID consents to their own record being read from the national population
 * database; the answer fills the applicant page (name, personal id, address) and the e-form's
 * household-head fields, and the prefill rides in the draft until "Gửi hồ sơ" marks the dossier
 * as using population data (filing.tsx). Anyone else's record is not looked up online
 * (docs/exchange.md says why); the register being down sends the citizen back to type it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../../../../platform/auth/caller.ts';
import type { VerifiedIdentity } from '../../../../platform/auth/index.ts';
import { DomainError } from '../../../../platform/errors.ts';
import type { Problem } from '../../../../web/components/form.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { field, fieldList, formBody, seeOther, sendPage } from '../../../../web/http.tsx';
import type { ProcedureView } from '../../../catalog/index.ts';
import { gatewayOf, lookupOwnPopulation, OnlinePopulationPage, populationPrefillOf } from '../../../exchange/index.ts';
import type { Draft } from './draft.ts';
import { writeDraft } from './draft.ts';
import { procedureKey, stepHref } from './filing-pages.tsx';

type Params = { Params: { code: string; step?: string; paper?: string } };

export interface LoadedFiling {
  caller: Caller;
  procedure: ProcedureView;
  draft: Draft;
  verified: VerifiedIdentity | undefined;
  ctx: PageContext;
}

export const populationHref = (procedure: ProcedureView) =>
  `/nop-ho-so/${encodeURIComponent(procedureKey(procedure))}/dan-cu`;

/**
 * The draft remembers the prefill (the applicant page reads its fields from it, and the citizen
 * still confirms them there) and takes the e-form's own fields where they are empty.
 */
function prefilled(
  draft: Draft,
  prefillId: string,
  p: NonNullable<Awaited<ReturnType<typeof populationPrefillOf>>>,
): Draft {
  const formData = { ...draft.formData };
  for (const [key, value] of Object.entries(p.form)) if (!formData[key]) formData[key] = value;
  return { ...draft, formData, population: prefillId };
}

export function filingPopulationRoutes(
  app: FastifyInstance,
  load: (request: FastifyRequest<Params>, reply: FastifyReply) => Promise<LoadedFiling | null>,
): void {
  const { config } = app.deps;
  const db = () => app.deps.database.db;
  const gateway = gatewayOf(app);
  const applicantHref = (procedure: ProcedureView) => stepHref(procedureKey(procedure), 'nguoi-nop');

  app.get<Params>('/nop-ho-so/:code/dan-cu', async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const { ctx, procedure, verified } = loaded;
    return sendPage(
      reply,
      <OnlinePopulationPage
        ctx={ctx}
        procedureName={procedure.name}
        action={populationHref(procedure)}
        back={applicantHref(procedure)}
        verifiedPersonalId={verified?.personalId || undefined}
        consent={false}
      />,
    );
  });

  app.post<Params>('/nop-ho-so/:code/dan-cu', async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const { ctx, caller, procedure, draft, verified } = loaded;
    const body = formBody(request);
    const consent = fieldList(body, 'consent').includes('yes');
    const again = (problems: Problem[], status: number, unavailable?: string) =>
      sendPage(
        reply,
        <OnlinePopulationPage
          ctx={ctx}
          procedureName={procedure.name}
          action={populationHref(procedure)}
          back={applicantHref(procedure)}
          verifiedPersonalId={unavailable ? undefined : verified?.personalId || undefined}
          consent={consent}
          problems={problems}
          unavailable={unavailable}
        />,
        status,
      );
    try {
      const { prefillId } = await lookupOwnPopulation(
        db(),
        caller,
        verified?.personalId || undefined,
        {
          personalId: field(body, 'personalId').replace(/\s/g, '').slice(0, 40),
          consent,
          procedureCode: procedure.nationalCode ?? procedure.id,
        },
        { provinceCode: config.provinceCode, gateway },
      );
      const values = await populationPrefillOf(db(), caller, prefillId);
      if (values) await writeDraft(db(), caller, config.provinceCode, prefilled(draft, prefillId, values));
      return seeOther(reply, applicantHref(procedure));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      switch (err.code) {
        case 'EXCHANGE_CONSENT_REQUIRED':
          return again([{ field: 'consent', message: err.message }], 422);
        // A password session: the page explains, as before the post.
        case 'EXCHANGE_VNEID_REQUIRED':
          return again([], 422);
        case 'EXCHANGE_OWN_RECORD_ONLY':
          return again([], 403, err.message);
        case 'EXCHANGE_PERSON_NOT_FOUND':
          return again([], 404, err.message);
        case 'EXCHANGE_REGISTER_UNAVAILABLE':
        case 'EXCHANGE_REGISTER_ANSWER_INVALID':
          return again([], 503, err.message);
        case 'EXCHANGE_SERVICE_UNKNOWN':
        case 'EXCHANGE_ACCESS_DENIED':
          return again([], 200, err.message);
        default:
          throw err;
      }
    }
  });
}
