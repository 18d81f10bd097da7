/**
 * What the current unit of work is about, for its log lines (and nothing else): the request id of
 * an HTTP request, the name and id of a job, the record (dossier, feedback item, document) a
 * state change is written for. Kept in an AsyncLocalStorage, so a use case deep below a route or
 * a job logs with these ids without being handed a logger; the loggers add them through pino's
 * `mixin` (http/log.ts). Ids and record names only: never a parameter value.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface WorkContext {
  /** The request id (the x-request-id header when safe, else a UUID). */
  reqId?: string;
  /** A job's queue name and the job's id. */
  job?: string;
  jobId?: string;
  /** The audit stream of the record being changed: `dossier:<code>`, `feedback:<code>`, `document:<id>`. */
  record?: string;
}

const storage = new AsyncLocalStorage<WorkContext>();

/** Runs `fn` as a unit of work of its own (a request, a job): its log lines carry `context`. */
export function runInContext<T>(context: WorkContext, fn: () => T): T {
  return storage.run({ ...context }, fn);
}

/** Names the record the current unit of work changes; later log lines of the unit carry it. */
export function tagRecord(record: string): void {
  const store = storage.getStore();
  if (store) store.record = record;
}

/** A copy of the current context (pino's mixin merges into what it is given). */
export function currentContext(): WorkContext | undefined {
  const store = storage.getStore();
  return store && { ...store };
}
