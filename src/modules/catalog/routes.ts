/** /api/v1/procedures and /api/v1/fields: thin HTTP over service.ts. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { anonymous, type Caller } from '../../platform/auth/caller.ts';
import { typed } from '../../platform/http/app.ts';
import * as S from './http-schemas.ts';
import {
  getProcedure,
  getProcessTemplate,
  listFields,
  publishProcessTemplate,
  saveProcedure,
  searchProcedures,
} from './service.ts';

const tags = ['catalog'];
const security = [{ session: [] }];

/** Set by the auth plugin; read defensively so the catalog also runs without it (tests). */
function callerOf(request: FastifyRequest): Caller {
  return (request as { caller?: Caller | null }).caller ?? anonymous;
}

export async function catalogRoutes(app: FastifyInstance): Promise<void> {
  const t = typed(app);
  const db = () => app.deps.database.db;
  /** Staff act in their own province; everyone else sees the installation's province. */
  const provinceOf = (caller: Caller) => (caller.kind === 'staff' ? caller.provinceCode : app.deps.config.provinceCode);

  t.get(
    '/api/v1/procedures',
    {
      schema: {
        tags,
        summary: 'Search procedures (folds case and diacritics, tolerates typos, ranks by relevance)',
        querystring: S.SearchQuery,
        response: { 200: S.SearchResult },
      },
    },
    async (request) => {
      const { agency, ...query } = request.query;
      return searchProcedures(db(), { ...query, agencyId: agency, provinceCode: provinceOf(callerOf(request)) });
    },
  );

  t.get(
    '/api/v1/procedures/:id',
    {
      schema: {
        tags,
        summary: 'One procedure by id, national code or local code, with its current process template',
        params: S.RefParams,
        response: { 200: S.ProcedureView },
      },
    },
    async (request) => getProcedure(db(), request.params.id, { provinceCode: provinceOf(callerOf(request)) }),
  );

  t.get(
    '/api/v1/procedures/:id/process-templates/:version',
    {
      schema: {
        tags,
        summary: 'One version of a process template (a dossier keeps the version it was filed under)',
        params: S.TemplateParams,
        response: { 200: S.ProcessTemplateView },
      },
    },
    async (request) => getProcessTemplate(db(), request.params.id, request.params.version),
  );

  t.get(
    '/api/v1/fields',
    { schema: { tags, summary: 'Fields (lĩnh vực) of procedures', response: { 200: S.FieldList } } },
    async (request) => ({ items: await listFields(db(), { provinceCode: provinceOf(callerOf(request)) }) }),
  );

  t.put(
    '/api/v1/procedures/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Create or replace a procedure (province administrators)',
        description:
          'The process steps must add up to the legal limit in working hours (8 h per working day; a calendar day ' +
          'counts as 8 h), else 422 PROCESS_BUDGET_MISMATCH. Changed steps or limits become a new template version.',
        params: S.IdParams,
        body: S.SaveProcedureBody,
        response: { 200: S.ProcedureView, 201: S.ProcedureView },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { procedure, outcome } = await saveProcedure(db(), caller, {
        ...request.body,
        id: request.params.id,
        provinceCode: provinceOf(caller),
      });
      return reply.status(outcome === 'created' ? 201 : 200).send(procedure);
    },
  );

  t.post(
    '/api/v1/procedures/:id/process-templates',
    {
      schema: {
        tags,
        security,
        summary: 'Publish a new process template version (province administrators)',
        params: S.IdParams,
        body: S.PublishTemplateBody,
        response: { 200: S.ProcessTemplateView, 201: S.ProcessTemplateView },
      },
    },
    async (request, reply) => {
      const { template, created } = await publishProcessTemplate(
        db(),
        callerOf(request),
        request.params.id,
        request.body,
      );
      return reply.status(created ? 201 : 200).send(template);
    },
  );
}
