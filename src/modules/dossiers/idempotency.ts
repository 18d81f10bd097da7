/**
 * Client transaction ids (STYLE.md, after OpenCRVS): every write carries one, and the same id
 * twice returns the first answer and writes nothing. The answer is stored on the action row;
 * the unique index on (scope, transaction id) settles a race between two identical requests.
 */
import { and, eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { scopeOf } from './context.ts';
import { dossierActions, dossiers } from './schema.ts';
import type { DossierView } from './view-types.ts';

/** What the request was: a replay of the key for another dossier or action is a client bug. */
export interface Expected {
  /** Action types the first request may have written under this key. */
  types: readonly string[];
  /** The dossier (code or id) the request is about, when known. */
  ref?: string;
}

/** The answer a transaction id already got, if any. */
export async function replay(
  db: Executor,
  caller: Caller,
  transactionId: string,
  expected: Expected,
): Promise<DossierView | undefined> {
  const [row] = await db
    .select({ response: dossierActions.response, type: dossierActions.type, id: dossiers.id, code: dossiers.code })
    .from(dossierActions)
    .innerJoin(dossiers, eq(dossiers.id, dossierActions.dossierId))
    .where(and(eq(dossierActions.transactionScope, scopeOf(caller)), eq(dossierActions.transactionId, transactionId)));
  if (!row?.response) return undefined;
  const sameDossier = expected.ref === undefined || expected.ref === row.code || expected.ref === row.id;
  if (!sameDossier || !expected.types.includes(row.type)) {
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', { transactionId });
  }
  return row.response as DossierView;
}

export const isUniqueViolation = (err: unknown): boolean => {
  for (let e: unknown = err; e instanceof Object; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
};

/** Runs a change once per transaction id; a concurrent twin loses the race and replays the winner. */
export async function once(
  db: Executor,
  caller: Caller,
  transactionId: string,
  expected: Expected,
  change: () => Promise<DossierView>,
): Promise<DossierView> {
  const earlier = await replay(db, caller, transactionId, expected);
  if (earlier) return earlier;
  try {
    return await change();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const winner = await replay(db, caller, transactionId, expected);
    if (winner) return winner;
    throw err;
  }
}
