/** The catalog's public pages: the procedures' search, one procedure, its blank forms. */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { anonymous } from '../../../platform/auth/caller.ts';
import { getWorkingCalendar } from '../../../platform/calendar/store.ts';
import { DomainError } from '../../../platform/errors.ts';
import { pageContext } from '../../../web/context.ts';
import { queryOf, sendPage } from '../../../web/http.tsx';
import { listAgencies } from '../../directory/index.ts';
import { getProcedure } from '../service.ts';
import { FORM_FILE, FORMS_DIR, formFileExists, ProcedurePage, receivingPlaces } from './procedure.tsx';
import { loadSearch, parseSearchQuery, SearchPage } from './search.tsx';

export function catalogPageRoutes(app: FastifyInstance): void {
  const provinceCode = app.deps.config.provinceCode;
  const db = () => app.deps.database.db;

  app.get('/thu-tuc', async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const query = parseSearchQuery(queryOf(request));
    const { result, fields } = await loadSearch(db(), provinceCode, query);
    return sendPage(reply, <SearchPage ctx={ctx} query={query} result={result} fields={fields} />);
  });

  app.get<{ Params: { code: string } }>('/thu-tuc/:code', async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const procedure = await getProcedure(db(), request.params.code, { provinceCode });
    if (!procedure.active) throw new DomainError('PROCEDURE_NOT_FOUND');
    const tree = await listAgencies(db(), anonymous, { provinceCode });
    const places = receivingPlaces(procedure, tree);
    // Issue 23: the expected due date if filed now, on the calendar of the only receiving place.
    const hours = places.length === 1 ? (places[0]?.effectiveOfficeHours ?? null) : null;
    const calendar = await getWorkingCalendar(db(), { provinceCode, hours });
    const limit = procedure.timeLimitOnline ?? procedure.timeLimit;
    const expectedDue = calendar.legalDue(new Date(), limit, limit.cutoff ? { cutoff: limit.cutoff } : {});
    return sendPage(reply, <ProcedurePage ctx={ctx} procedure={procedure} places={places} expectedDue={expectedDue} />);
  });

  app.get<{ Params: { file: string } }>('/mau-don/:file', async (request, reply) => {
    const name = request.params.file;
    if (!FORM_FILE.test(name) || !formFileExists(name)) throw new DomainError('NOT_FOUND');
    const type = name.endsWith('.pdf')
      ? 'application/pdf'
      : name.endsWith('.xlsx')
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    return reply
      .type(type)
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'public, max-age=3600')
      .send(createReadStream(path.join(FORMS_DIR, name)));
  });
}
