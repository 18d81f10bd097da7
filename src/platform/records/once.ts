/**
 * Client transaction ids (Idempotency-Key; STYLE.md, after OpenCRVS): a write sent twice with
 * the same key is done once, and the retry gets the first answer. The same key with another
 * request is a client bug and is refused with IDEMPOTENCY_KEY_REUSED (422), never answered
 * with another request's answer (issue 12, finding 2).
 *
 * The answer is stored in `idempotent_requests`, in the transaction of the change, under the
 * primary key (scope, key): of two identical requests racing, the second one's insert waits for
 * the first one's commit, fails on the key, and the loser replays the winner's answer.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { type Executor, named, rows } from '../db/index.ts';
import { DomainError } from '../errors.ts';
import { idempotentRequests } from './schema.ts';
import { isUniqueViolation } from './unique.ts';

/** One idempotent request: whose key, the key, and the fingerprint of what was asked. */
export class IdempotentCall {
  /** Set once the answer is written (by `once`, or by a deferred statement: `rememberSql`). */
  remembered = false;
  readonly #committed: (() => void)[] = [];
  constructor(
    readonly scope: string,
    readonly key: string,
    readonly hash: string,
  ) {}

  /**
   * Runs `fn` once the change is committed (not on a replay, not after a rollback): what only a
   * done change may do, such as counting it on /metrics. Inside a caller's own transaction, once
   * `once`'s savepoint is released.
   */
  afterCommit(fn: () => void): void {
    this.#committed.push(fn);
  }

  /** Called by `once` after the commit. */
  committed(): void {
    for (const fn of this.#committed.splice(0)) fn();
  }
}

/** The fingerprint of a request: sha256 of its canonical JSON (key order and undefined ignored). */
export function requestHash(expected: unknown): string {
  const text = canonicalize(JSON.parse(JSON.stringify(expected ?? null))) ?? 'null';
  return createHash('sha256').update(text).digest('hex');
}

/** Thrown inside a change when a twin answered the same key meanwhile: `once` returns that answer. */
class AlreadyAnswered {
  constructor(readonly answer: unknown) {}
}

/** The stored answer of this key, if any; the same key with another request throws IDEMPOTENCY_KEY_REUSED. */
async function storedAnswer(db: Executor, call: IdempotentCall): Promise<{ answer: unknown } | undefined> {
  // Named: every write asks it first (a primary-key look-up, the same plan for every key).
  const [row] = await named(
    'idempotent_answer',
    db
      .select({ hash: idempotentRequests.requestHash, response: idempotentRequests.response })
      .from(idempotentRequests)
      .where(and(eq(idempotentRequests.scope, call.scope), eq(idempotentRequests.key, call.key))),
  );
  if (!row) return undefined;
  if (row.hash !== call.hash) throw new DomainError('IDEMPOTENCY_KEY_REUSED', { transactionId: call.key });
  return { answer: row.response };
}

/**
 * Runs `change` once per (scope, key). `change` gets the transaction and the call; the answer it
 * returns is stored in that transaction (unless a deferred statement stored it: `rememberSql`).
 * `expected` is what the request asks (operation, target, body): the fingerprint a retry must match.
 */
export async function once<T>(
  db: Executor,
  scope: string,
  key: string,
  expected: unknown,
  change: (tx: Executor, call: IdempotentCall) => Promise<T>,
): Promise<T> {
  const call = new IdempotentCall(scope, key, requestHash(expected));
  const earlier = await storedAnswer(db, call);
  if (earlier) return earlier.answer as T;
  try {
    const answer = await db.transaction(async (tx) => {
      const answer = await change(tx, call);
      if (!call.remembered) await remember(tx, call, answer);
      return answer;
    });
    call.committed();
    return answer;
  } catch (err) {
    if (err instanceof AlreadyAnswered) return err.answer as T;
    if (!isUniqueViolation(err)) throw err;
    // A twin committed first: its answer, or a refusal when it asked something else.
    const winner = await storedAnswer(db, call);
    if (winner) return winner.answer as T;
    // No answer: the key was used before the replay window (its answer swept), and the module's
    // own log refuses it again (the action tables' unique transaction id). Refused as a reuse:
    // a client error, not a 500.
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', { transactionId: key, expired: true });
  }
}

async function remember(tx: Executor, call: IdempotentCall, answer: unknown): Promise<void> {
  // JSON as jsonb gives it back: a replay answers exactly what the first request answered.
  const response = JSON.parse(JSON.stringify(answer ?? null)) as unknown;
  await tx.insert(idempotentRequests).values({ scope: call.scope, key: call.key, requestHash: call.hash, response });
  call.remembered = true;
}

/**
 * The stored answer of `key` for this request, without changing anything: for a change whose
 * slow part runs before its transaction (a remote signature), so a replay does not redo it.
 */
export async function answeredBefore(
  db: Executor,
  scope: string,
  key: string,
  expected: unknown,
): Promise<unknown | undefined> {
  return (await storedAnswer(db, new IdempotentCall(scope, key, requestHash(expected))))?.answer;
}

/**
 * For a change whose last statement must carry every write (dossiers/pending-code.ts): the
 * INSERT … SELECT storing the answer, `response` a jsonb expression over the relations of
 * `from`. The call counts as remembered: the statement runs in the change's transaction.
 */
export function rememberSql(call: IdempotentCall, response: SQL, from: SQL): SQL {
  call.remembered = true;
  return sql`insert into idempotent_requests (scope, key, request_hash, response)
    select ${call.scope}::text, ${call.key}::text, ${call.hash}::text, ${response} from ${from} returning 1`;
}

/**
 * Locks the record an action changes (`lock`, a SELECT … FOR UPDATE) and then checks that no
 * twin answered the same key while this request waited for the lock: if one did, the change
 * stops here and `once` returns the twin's answer (without it the twin's new state would make
 * this retry fail).
 */
export async function lockForAction<R>(tx: Executor, call: IdempotentCall, lock: () => Promise<R>): Promise<R> {
  const row = await lock();
  const earlier = await storedAnswer(tx, call);
  if (earlier) throw new AlreadyAnswered(earlier.answer);
  return row;
}

/**
 * The replay window: how long a client may retry a write and get its first answer. Three days
 * by default: offices close over the weekend, and a counter or kiosk that lost its connection
 * on a Friday afternoon retries its queue when switched on again on Monday (≈ 64 h later).
 * Later than that, a retry runs again (its effects are then refused by the records' own state
 * checks or unique indexes).
 */
const DEFAULT_REPLAY_WINDOW_HOURS = 72;

/** Deletes the answers older than the replay window; returns how many. */
export async function sweepIdempotentRequests(
  db: Executor,
  options: { now?: Date; windowHours?: number } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - (options.windowHours ?? DEFAULT_REPLAY_WINDOW_HOURS) * 3_600_000);
  const [row] = await rows<{ n: number }>(
    db,
    sql`with d as (delete from idempotent_requests where created_at < ${cutoff.toISOString()}::timestamptz returning 1)
        select count(*)::int as n from d`,
  );
  return row?.n ?? 0;
}
