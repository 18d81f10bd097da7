/**
 * Background jobs and schedules on pg-boss, in the application's own database: PostgreSQL in
 * production and PGlite when embedded (pg-boss talks through DbHandle.executeSql), so the
 * deadline sweeps and deliveries behave the same everywhere.
 *
 * pg-boss is pinned to a minor (`~12.30` in package.json): each minor may change the SQL and
 * the schema migrations pg-boss runs itself, and on PGlite those run through our executeSql
 * adapter, so a new minor is taken only after the jobs tests pass on both databases.
 */
import { PgBoss } from 'pg-boss';
import { runInContext } from '../context/index.ts';
import type { DbHandle } from '../db/index.ts';
import { countJobFailure } from '../metrics/index.ts';
import { inSpan } from '../telemetry/index.ts';

type JobHandler<T> = (data: T) => Promise<void>;

export interface Jobs {
  /** Registers a queue and its worker. */
  work<T extends object>(
    queue: string,
    handler: JobHandler<T>,
    options?: { pollingIntervalSeconds?: number },
  ): Promise<void>;
  send<T extends object>(queue: string, data: T, options?: { singletonKey?: string; startAfter?: Date }): Promise<void>;
  /** Runs the queue's worker on a cron schedule (Asia/Ho_Chi_Minh). */
  schedule<T extends object>(queue: string, cron: string, data?: T): Promise<void>;
  /** Stops fetching jobs; the jobs running get `timeoutMs` (default 5 s) to finish, then are failed for a retry. */
  stop(timeoutMs?: number): Promise<void>;
}

/** One job's run: a span when tracing is on, and a failure counted before pg-boss retries it. */
async function runJob(queue: string, run: () => Promise<void>): Promise<void> {
  try {
    await inSpan(`job ${queue}`, { 'messaging.system': 'pg-boss', 'messaging.destination.name': queue }, run);
  } catch (err) {
    countJobFailure(queue);
    throw err;
  }
}

export async function startJobs(database: DbHandle, onError: (err: unknown) => void = () => {}): Promise<Jobs> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => database.executeSql(text, values) },
    schema: 'pgboss',
    // The migrations make the schema: the application's role may not create schemas (docs/operators.md).
    createSchema: false,
    // Embedded databases are single-process: keep maintenance light.
    superviseIntervalSeconds: 60,
  });
  boss.on('error', onError);
  await boss.start();
  const queues = new Set<string>();
  const ensureQueue = async (name: string) => {
    if (queues.has(name)) return;
    await boss.createQueue(name);
    queues.add(name);
  };
  return {
    async work(queue, handler, options) {
      await ensureQueue(queue);
      await boss.work(queue, { pollingIntervalSeconds: options?.pollingIntervalSeconds ?? 2 }, async (jobs) => {
        for (const job of jobs) {
          // Each job is a unit of work: its log lines carry the queue's name and the job's id.
          await runInContext({ job: queue, jobId: job.id }, () =>
            runJob(queue, () => handler(job.data as Parameters<typeof handler>[0])),
          );
        }
      });
    },
    async send(queue, data, options) {
      await ensureQueue(queue);
      await boss.send(queue, data, options ?? {});
    },
    async schedule(queue, cron, data) {
      await ensureQueue(queue);
      await boss.schedule(queue, cron, data ?? {}, { tz: 'Asia/Ho_Chi_Minh' });
    },
    stop: (timeoutMs = 5000) => boss.stop({ graceful: true, timeout: timeoutMs }),
  };
}
