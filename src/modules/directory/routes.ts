/** /api/v1/admin-units, /agencies, /staff, /counters: thin HTTP over service.ts. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { anonymous, type Caller } from '../../platform/auth/caller.ts';
import { typed } from '../../platform/http/app.ts';
import * as S from './http-schemas.ts';
import {
  createAgency,
  createCounter,
  createStaff,
  getAdminUnit,
  getAgency,
  listAdminUnits,
  listAgencies,
  listCounters,
  listStaff,
  mapOldUnit,
  updateAgency,
  updateCounter,
  updateStaff,
} from './service.ts';

const tags = ['directory'];
const security = [{ session: [] }];

/** Set by the auth plugin; read defensively so the directory also runs without it (tests). */
function callerOf(request: FastifyRequest): Caller {
  return (request as { caller?: Caller | null }).caller ?? anonymous;
}

export async function directoryRoutes(app: FastifyInstance): Promise<void> {
  const t = typed(app);
  const db = () => app.deps.database.db;
  const defaultProvince = app.deps.config.provinceCode;
  /** Staff act in their own province; everyone else sees the installation's province. */
  const provinceOf = (caller: Caller, asked?: string) =>
    caller.kind === 'staff' ? caller.provinceCode : (asked ?? defaultProvince);

  t.get(
    '/api/v1/admin-units',
    {
      schema: {
        tags,
        summary: 'Administrative units from 01/07/2025 (34 provinces, 3,321 communes)',
        querystring: S.AdminUnitsQuery,
        response: { 200: S.Page(S.AdminUnitView) },
      },
    },
    async (request) => listAdminUnits(db(), callerOf(request), request.query),
  );

  t.get(
    '/api/v1/admin-units/:code',
    { schema: { tags, summary: 'One administrative unit', params: S.UnitParams, response: { 200: S.AdminUnitView } } },
    async (request) => getAdminUnit(db(), callerOf(request), request.params.code),
  );

  t.get(
    '/api/v1/admin-unit-mappings',
    {
      schema: {
        tags,
        summary: 'The 2025 unit(s) an old commune code became part of',
        querystring: S.MappingQuery,
        response: { 200: S.List(S.MappingView) },
      },
    },
    async (request) => ({ items: await mapOldUnit(db(), callerOf(request), { oldCode: request.query.oldCode }) }),
  );

  t.get(
    '/api/v1/agencies',
    {
      schema: {
        tags,
        summary: 'Agencies of the province, in tree order',
        querystring: S.AgenciesQuery,
        response: { 200: S.List(S.AgencyTreeItem) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { provinceCode, ...filters } = request.query;
      return {
        items: await listAgencies(db(), caller, { ...filters, provinceCode: provinceOf(caller, provinceCode) }),
      };
    },
  );

  t.get(
    '/api/v1/agencies/:id',
    { schema: { tags, summary: 'One agency', params: S.IdParams, response: { 200: S.AgencyView } } },
    async (request) => getAgency(db(), callerOf(request), request.params.id),
  );

  t.post(
    '/api/v1/agencies',
    {
      schema: {
        tags,
        security,
        summary: 'Create an agency (directory administrators)',
        body: S.CreateAgencyBody,
        response: { 201: S.AgencyView },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const created = await createAgency(db(), caller, { ...request.body, provinceCode: provinceOf(caller) });
      return reply.status(201).send(created);
    },
  );

  t.patch(
    '/api/v1/agencies/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Change an agency (directory administrators)',
        params: S.IdParams,
        body: S.UpdateAgencyBody,
        response: { 200: S.AgencyView },
      },
    },
    async (request) => updateAgency(db(), callerOf(request), request.params.id, request.body),
  );

  t.get(
    '/api/v1/staff',
    {
      schema: {
        tags,
        security,
        summary: "Staff of the caller's province (staff only)",
        querystring: S.StaffQuery,
        response: { 200: S.Page(S.StaffView) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return listStaff(db(), caller, { ...request.query, provinceCode: provinceOf(caller) });
    },
  );

  t.post(
    '/api/v1/staff',
    {
      schema: {
        tags,
        security,
        summary: 'Add a staff member (administrators of the agency)',
        body: S.CreateStaffBody,
        response: { 201: S.StaffView },
      },
    },
    async (request, reply) => reply.status(201).send(await createStaff(db(), callerOf(request), request.body)),
  );

  t.patch(
    '/api/v1/staff/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Change roles, agency or details of a staff member; `active: false` ends their access',
        params: S.IdParams,
        body: S.UpdateStaffBody,
        response: { 200: S.StaffView },
      },
    },
    async (request) => updateStaff(db(), callerOf(request), request.params.id, request.body),
  );

  t.get(
    '/api/v1/counters',
    {
      schema: {
        tags,
        summary: 'Counters of service centres',
        querystring: S.CountersQuery,
        response: { 200: S.List(S.CounterView) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { provinceCode, ...filters } = request.query;
      return {
        items: await listCounters(db(), caller, { ...filters, provinceCode: provinceOf(caller, provinceCode) }),
      };
    },
  );

  t.post(
    '/api/v1/counters',
    {
      schema: {
        tags,
        security,
        summary: 'Add a counter to a service centre',
        body: S.CreateCounterBody,
        response: { 201: S.CounterView },
      },
    },
    async (request, reply) => reply.status(201).send(await createCounter(db(), callerOf(request), request.body)),
  );

  t.patch(
    '/api/v1/counters/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Change a counter',
        params: S.IdParams,
        body: S.UpdateCounterBody,
        response: { 200: S.CounterView },
      },
    },
    async (request) => updateCounter(db(), callerOf(request), request.params.id, request.body),
  );
}
