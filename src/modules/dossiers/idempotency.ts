/**
 * Client transaction ids (STYLE.md, after OpenCRVS), through the shared records layer
 * (platform/records `once`): the same id twice returns the first answer and writes nothing;
 * the same id with another request (another dossier, action or body) is refused with
 * IDEMPOTENCY_KEY_REUSED (422). The answer is stored in `idempotent_requests` in the
 * transaction of the change (by the final statement of a filing, pending-code.ts).
 */
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { type IdempotentCall, once as onceRecorded } from '../../platform/records/index.ts';
import { scopeOf } from './context.ts';
import type { DossierView } from './view-types.ts';

/** What the request asks: a replay must ask the same (operation, dossier and body). */
export interface Expected {
  /** The operation (`file`, `update_draft`, or the action type). */
  operation: string;
  /** The dossier (code or id) the request is about, when there is one. */
  ref?: string;
  /** The request's content as the caller sent it. */
  body: unknown;
}

/** Runs a change once per transaction id in its own transaction; a twin gets the first answer. */
export function once(
  db: Executor,
  caller: Caller,
  transactionId: string,
  expected: Expected,
  change: (tx: Executor, call: IdempotentCall) => Promise<DossierView>,
): Promise<DossierView> {
  return onceRecorded(db, `dossiers:${scopeOf(caller)}`, transactionId, expected, change);
}
