/**
 * The staff pages that look an enterprise or a land parcel up (register-view.tsx). Each look-up
 * is a POST: it writes a record of the signed message log with the officer's purpose and the
 * dossier. The register down (or not connected) is an answer the page shows, not an error.
 */
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../platform/errors.ts';
import type { Problem } from '../../../web/components/form.tsx';
import { pageContext } from '../../../web/context.ts';
import { type FormBody, field, formBody, sendPage } from '../../../web/http.tsx';
import { staffOrSignIn } from '../../../web/staff-gate.ts';
import { listCommunes } from '../../directory/index.ts';
import { gatewayOf } from '../app-gateway.ts';
import { lookupEnterprise, lookupParcel, type ParcelRecord } from '../lookup-business.ts';
import { requireRegisterReader } from '../policies.ts';
import {
  ENTERPRISE_PATH,
  EnterpriseLookupPage,
  type Outcome,
  PARCEL_PATH,
  ParcelLookupPage,
  type ParcelQuery,
  type Why,
} from './register-view.tsx';

const DOSSIER_CODE = /^[0-9A-Za-z.-]{1,40}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const local = (path: string) => path.replace(/^\/workspace/, '');
const noWhy: Why = { purpose: '', dossier: '' };

/** The purpose and dossier of a look-up, with what is wrong with them. */
function whyOf(body: FormBody): { why: Why; problems: Problem[] } {
  const why = {
    purpose: field(body, 'purpose').trim().slice(0, 200),
    dossier: field(body, 'dossier').trim().slice(0, 40),
  };
  const problems: Problem[] = [];
  if (why.purpose.length < 5 || CONTROL.test(why.purpose))
    problems.push({ field: 'purpose', message: 'Vui lòng ghi mục đích khai thác dữ liệu (ít nhất 5 ký tự).' });
  if (why.dossier && !DOSSIER_CODE.test(why.dossier))
    problems.push({ field: 'dossier', message: 'Mã hồ sơ chỉ gồm chữ, số, dấu chấm và dấu gạch ngang.' });
  return { why, problems };
}

/** The register's answer as the page shows it; the register down or not connected → "nhập tay". */
async function outcomeOf<T>(ask: () => Promise<T | undefined>): Promise<Outcome<T>> {
  try {
    const record = await ask();
    return record ? { kind: 'found', record } : { kind: 'notFound' };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    switch (err.code) {
      case 'EXCHANGE_REGISTER_UNAVAILABLE':
      case 'EXCHANGE_REGISTER_ANSWER_INVALID':
        return { kind: 'unavailable', message: err.message, status: 503 };
      case 'EXCHANGE_ACCESS_DENIED':
        return { kind: 'unavailable', message: err.message, status: 403 };
      // Not connected in this deployment: the page itself is fine.
      case 'EXCHANGE_SERVICE_UNKNOWN':
        return { kind: 'unavailable', message: err.message, status: 200 };
      default:
        throw err;
    }
  }
}

const statusOf = (outcome: Outcome<unknown>) =>
  outcome?.kind === 'unavailable' ? outcome.status : outcome?.kind === 'notFound' ? 404 : 200;

export function registerPages(app: FastifyInstance): void {
  const { config } = app.deps;
  const db = () => app.deps.database.db;
  const gateway = gatewayOf(app);
  const communes = () => listCommunes(db(), config.provinceCode);

  app.get(local(ENTERPRISE_PATH), { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    requireRegisterReader(caller, config.provinceCode);
    const ctx = pageContext(request, reply, 'workspace');
    return sendPage(reply, <EnterpriseLookupPage ctx={ctx} taxCode="" why={noWhy} />);
  });

  app.post(local(ENTERPRISE_PATH), { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    requireRegisterReader(caller, config.provinceCode);
    const body = formBody(request);
    const taxCode = field(body, 'taxCode').replace(/\s/g, '').slice(0, 20);
    const { why, problems } = whyOf(body);
    if (!/^\d{10}(-\d{3})?$/.test(taxCode))
      problems.unshift({
        field: 'taxCode',
        message: 'Mã số doanh nghiệp gồm 10 chữ số (đơn vị phụ thuộc: thêm 3 chữ số).',
      });
    const ctx = pageContext(request, reply, 'workspace');
    if (problems.length > 0)
      return sendPage(reply, <EnterpriseLookupPage ctx={ctx} taxCode={taxCode} why={why} problems={problems} />, 422);
    const outcome = await outcomeOf(() =>
      lookupEnterprise(db(), caller, gateway, 'dossiers', taxCode, {
        purpose: why.purpose,
        dossierRef: why.dossier || undefined,
      }),
    );
    return sendPage(
      reply,
      <EnterpriseLookupPage ctx={ctx} taxCode={taxCode} why={why} outcome={outcome} />,
      statusOf(outcome),
    );
  });

  app.get(local(PARCEL_PATH), { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    requireRegisterReader(caller, config.provinceCode);
    const ctx = pageContext(request, reply, 'workspace');
    const query: ParcelQuery = { commune: '', sheet: '', parcel: '' };
    return sendPage(reply, <ParcelLookupPage ctx={ctx} communes={await communes()} query={query} why={noWhy} />);
  });

  app.post(local(PARCEL_PATH), { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    requireRegisterReader(caller, config.provinceCode);
    const body = formBody(request);
    const query: ParcelQuery = {
      commune: field(body, 'commune').slice(0, 5),
      sheet: field(body, 'sheet').trim().slice(0, 4),
      parcel: field(body, 'parcel').trim().slice(0, 6),
    };
    const places = await communes();
    const { why, problems } = whyOf(body);
    const wrong: Problem[] = [];
    if (!places.some((c) => c.code === query.commune))
      wrong.push({ field: 'commune', message: 'Vui lòng chọn xã, phường.' });
    if (!/^\d{1,4}$/.test(query.sheet)) wrong.push({ field: 'sheet', message: 'Số tờ bản đồ gồm 1 đến 4 chữ số.' });
    if (!/^\d{1,6}$/.test(query.parcel)) wrong.push({ field: 'parcel', message: 'Số thửa gồm 1 đến 6 chữ số.' });
    problems.unshift(...wrong);
    const ctx = pageContext(request, reply, 'workspace');
    const page = (extra: { problems?: Problem[]; outcome?: Outcome<ParcelRecord> }) => (
      <ParcelLookupPage ctx={ctx} communes={places} query={query} why={why} {...extra} />
    );
    if (problems.length > 0) return sendPage(reply, page({ problems }), 422);
    const outcome = await outcomeOf(() =>
      lookupParcel(
        db(),
        caller,
        gateway,
        'dossiers',
        { communeCode: query.commune, sheet: query.sheet, parcel: query.parcel },
        { purpose: why.purpose, dossierRef: why.dossier || undefined },
      ),
    );
    return sendPage(reply, page({ outcome }), statusOf(outcome));
  });
}
