/**
 * Every scheduled and queued job of the platform and the modules. The only file, with
 * src/app.ts, that knows all modules' background work.
 */
import type { FastifyBaseLogger } from 'fastify';
import { writeCheckpoint } from './platform/audit/index.ts';
import type { DbHandle } from './platform/db/index.ts';
import type { Jobs } from './platform/jobs/index.ts';

export async function registerJobs(jobs: Jobs, database: DbHandle, log: FastifyBaseLogger): Promise<void> {
  await jobs.work('audit-checkpoint', async () => {
    const row = await writeCheckpoint(database.db);
    log.info({ checkpoint: row?.id, streams: row?.streams }, 'audit checkpoint written');
  });
  await jobs.schedule('audit-checkpoint', '7 * * * *');
}
