/** The directory's public page: the province's agencies and where to file. */
import type { FastifyInstance } from 'fastify';
import { anonymous } from '../../../platform/auth/caller.ts';
import { pageContext } from '../../../web/context.ts';
import { sendPage } from '../../../web/http.tsx';
import { listAgencies } from '../agencies.ts';
import { provinceNameOf } from '../province-name.ts';
import { AgenciesPage } from './agencies.tsx';

export function directoryPageRoutes(app: FastifyInstance): void {
  const provinceCode = app.deps.config.provinceCode;
  const db = () => app.deps.database.db;

  app.get('/co-quan', async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const [provinceName, agencies] = await Promise.all([
      provinceNameOf(db(), provinceCode),
      listAgencies(db(), anonymous, { provinceCode }),
    ]);
    return sendPage(reply, <AgenciesPage ctx={ctx} provinceName={provinceName} agencies={agencies} />);
  });
}
