/**
 * The exchange module's workspace pages: the counter's population look-up (receivers), the
 * business and land look-ups (register-routes.tsx) and the message log with its signed export (administrators and inspectors). Thin: the use cases check
 * who may do what (lookup-population.ts, policies.ts).
 */
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../../../platform/audit/index.ts';
import { DomainError } from '../../../platform/errors.ts';
import type { Problem } from '../../../web/components/form.tsx';
import { pageContext } from '../../../web/context.ts';
import {
  field,
  fieldList,
  formBody,
  PAGE_COMPRESSION,
  pageErrorHandler,
  queryOf,
  seeOther,
  sendPage,
} from '../../../web/http.tsx';
import { staffOrSignIn } from '../../../web/staff-gate.ts';
import { gatewayOf } from '../app-gateway.ts';
import { exportExchangeArchive } from '../export-log.ts';
import { listExchangeLog } from '../list-exchange-log.ts';
import { lookupPopulation } from '../lookup-population.ts';
import { requireLogReader } from '../policies.ts';
import { type ExchangeResult, exchangeResults } from '../schema.ts';
import { ExchangeLogPage, LOG_PATH, type LogQuery } from './log-view.tsx';
import { counterFormHref, POPULATION_PATH, PopulationLookupPage } from './population-view.tsx';
import { registerPages } from './register-routes.tsx';

const PROCEDURE_CODE = /^[0-9A-Za-z._-]{1,40}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DOSSIER_CODE = /^[0-9A-Za-z.-]{1,40}$/;
const local = (path: string) => path.replace(/^\/workspace/, '');

/** A day of the filter as the start (or the end) of that day in Vietnam time. */
function dayOf(raw: string | undefined, end: boolean): Date | undefined {
  if (!raw || !DAY.test(raw)) return undefined;
  const at = new Date(`${raw}T${end ? '23:59:59.999' : '00:00:00.000'}+07:00`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

function pages(app: FastifyInstance): void {
  const { config } = app.deps;
  const db = () => app.deps.database.db;
  const gateway = gatewayOf(app);

  app.get(local(POPULATION_PATH), { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    if (!caller.roles.includes('receiver')) throw new DomainError('FORBIDDEN');
    const code = queryOf(request)['thu-tuc'] ?? '';
    if (!PROCEDURE_CODE.test(code)) throw new DomainError('NOT_FOUND');
    const ctx = pageContext(request, reply, 'workspace');
    return sendPage(reply, <PopulationLookupPage ctx={ctx} procedureCode={code} personalId="" consent={false} />);
  });

  app.post(local(POPULATION_PATH), { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const body = formBody(request);
    const code = field(body, 'procedure');
    if (!PROCEDURE_CODE.test(code)) throw new DomainError('NOT_FOUND');
    const personalId = field(body, 'personalId').replace(/\s/g, '').slice(0, 40);
    const consent = fieldList(body, 'consent').includes('yes');
    const ctx = pageContext(request, reply, 'workspace');
    const again = (problems: Problem[], unavailable?: { message: string; status: number }) =>
      sendPage(
        reply,
        <PopulationLookupPage
          ctx={ctx}
          procedureCode={code}
          personalId={personalId}
          consent={consent}
          problems={problems}
          unavailable={unavailable?.message}
        />,
        unavailable?.status ?? 422,
      );
    try {
      const { prefillId } = await lookupPopulation(
        db(),
        caller,
        { personalId, consent, procedureCode: code },
        { provinceCode: config.provinceCode, gateway },
      );
      return seeOther(reply, counterFormHref(code, prefillId));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      switch (err.code) {
        case 'EXCHANGE_CONSENT_REQUIRED':
          return again([{ field: 'consent', message: err.message }]);
        case 'EXCHANGE_PERSONAL_ID_INVALID':
        case 'EXCHANGE_PERSON_NOT_FOUND':
          return again([{ field: 'personalId', message: err.message }]);
        // The register is down (503) or not connected here (the page itself is fine): enter by hand.
        case 'EXCHANGE_REGISTER_UNAVAILABLE':
        case 'EXCHANGE_REGISTER_ANSWER_INVALID':
          return again([], { message: err.message, status: 503 });
        case 'EXCHANGE_SERVICE_UNKNOWN':
        case 'EXCHANGE_ACCESS_DENIED':
          return again([], { message: err.message, status: 200 });
        default:
          throw err;
      }
    }
  });

  app.get(local(LOG_PATH), { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const raw = queryOf(request);
    const services = gateway.services().map((c) => ({ id: c.id, title: c.title }));
    const query: LogQuery = {
      service: services.some((s) => s.id === raw['dich-vu']) ? (raw['dich-vu'] ?? '') : '',
      result: (exchangeResults as readonly string[]).includes(raw['ket-qua'] ?? '') ? (raw['ket-qua'] ?? '') : '',
      from: dayOf(raw.tu, false) ? (raw.tu ?? '') : '',
      to: dayOf(raw.den, true) ? (raw.den ?? '') : '',
      dossier: DOSSIER_CODE.test(raw['ho-so'] ?? '') ? (raw['ho-so'] ?? '') : '',
    };
    const before = Number.parseInt(raw.truoc ?? '', 10);
    const list = await listExchangeLog(db(), caller, config.provinceCode, {
      serviceId: query.service || undefined,
      result: (query.result || undefined) as ExchangeResult | undefined,
      from: dayOf(query.from, false),
      to: dayOf(query.to, true),
      dossierRef: query.dossier || undefined,
      before: Number.isSafeInteger(before) && before > 0 ? before : undefined,
    });
    const ctx = pageContext(request, reply, 'workspace');
    return sendPage(reply, <ExchangeLogPage ctx={ctx} query={query} services={services} {...list} />);
  });

  app.get(`${local(LOG_PATH)}/ket-xuat`, { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const staff = requireLogReader(caller, config.provinceCode);
    const raw = queryOf(request);
    const from = dayOf(raw.tu, false);
    const to = dayOf(raw.den, true);
    const signer = await app.deps.services.signing?.province(db());
    const archive = await exportExchangeArchive(db(), { provinceCode: config.provinceCode, from, to, signer });
    await recordAudit(db(), {
      provinceCode: config.provinceCode,
      stream: `exchange-log:${config.provinceCode}`,
      action: 'exchange.log_exported',
      actorId: staff.id,
      actorRole: staff.roles.includes('inspector') ? 'inspector' : 'admin',
      data: { from: from?.toISOString() ?? null, to: to?.toISOString() ?? null, signed: Boolean(signer) },
    });
    const day = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="nhat-ky-trao-doi-du-lieu-${day}.jsonl"`)
      .header('cache-control', 'no-store')
      .send(archive);
  });
}

export async function exchangePageRoutes(app: FastifyInstance): Promise<void> {
  // Built while registering, so the counter pages (dossiers/pages/workspace) find the same gateway.
  gatewayOf(app);
  await app.register(
    async (scope) => {
      await scope.register(compress, PAGE_COMPRESSION);
      scope.setErrorHandler(pageErrorHandler('workspace'));
      pages(scope);
      registerPages(scope);
    },
    { prefix: '/workspace' },
  );
}
