/**
 * How a record of the message log reaches the disk before its answer is handed back — X-Road's
 * guarantee that nothing answered is missing from the log, even across a crash. Two ways, both
 * with the record committed no later than anything done with the answer:
 *
 * - **In the caller's transaction** (`Gateway.transaction`): the record is inserted in the
 *   transaction the caller already has to commit for its own writes (the consent, the prefill,
 *   the audit entry). The answer can only leave the process through that transaction's effects
 *   (the page is sent after the commit), so the record and every use of the answer commit or
 *   vanish together; no commit of the log's own is waited for. If the transaction rolls back —
 *   an error after the answer, a failed commit — the records it held are written again on their
 *   own before the error goes on: the exchange happened, and the log says so.
 * - **On its own** (a call outside any transaction): the record is committed before `call`
 *   returns. Concurrent calls share one commit (group commit): while one commit is in flight
 *   the records of other calls wait, and the next commit takes all of them at once, so under
 *   load the log costs one commit per group, not per call.
 *
 * What is never done: answering first and writing the log after (asynchronously, or with
 * `synchronous_commit = off`) — a crash in between would lose the record of an answer someone
 * already had. test/crash/exchange-log.test.ts kills the process under load to check this.
 */
import type { Executor } from '../../platform/db/index.ts';
import { insertRecords, type SignedRecord } from './log-message.ts';

interface Waiting {
  records: readonly SignedRecord[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface Queue {
  waiting: Waiting[];
  flushing: boolean;
  /** Certificates committed in this database by this writer (skipped in later inserts). */
  certificates: Set<string>;
}

export class LogWriter {
  readonly #queues = new WeakMap<object, Queue>();

  #queueOf(db: Executor): Queue {
    let queue = this.#queues.get(db);
    if (!queue) {
      queue = { waiting: [], flushing: false, certificates: new Set() };
      this.#queues.set(db, queue);
    }
    return queue;
  }

  /** Certificates known to be committed in `db` (a record signed by one need not insert it again). */
  committedCertificates(db: Executor): ReadonlySet<string> {
    return this.#queueOf(db).certificates;
  }

  /** Records committed by a caller's transaction of `db`: their certificates are there now. */
  committed(db: Executor, records: readonly SignedRecord[]): void {
    const { certificates } = this.#queueOf(db);
    for (const r of records) if (r.certificate) certificates.add(r.certificate.fingerprint);
  }

  /** Resolves once the records are committed (with those of every call waiting alongside). */
  write(db: Executor, records: readonly SignedRecord[]): Promise<void> {
    const q = this.#queueOf(db);
    return new Promise<void>((resolve, reject) => {
      q.waiting.push({ records, resolve, reject });
      if (!q.flushing) void this.#flush(db, q);
    });
  }

  async #flush(db: Executor, queue: Queue): Promise<void> {
    queue.flushing = true;
    try {
      while (queue.waiting.length) {
        const group = queue.waiting.splice(0);
        const records = group.flatMap((g) => g.records);
        const newCertificates = records.some(
          (r) => r.certificate && !queue.certificates.has(r.certificate.fingerprint),
        );
        try {
          if (records.length === 1 && !newCertificates) {
            // One statement is its own transaction: one round trip and one commit.
            await insertRecords(db, records, queue.certificates);
          } else {
            await db.transaction((tx) => insertRecords(tx, records, queue.certificates));
          }
          for (const r of records) if (r.certificate) queue.certificates.add(r.certificate.fingerprint);
          for (const g of group) g.resolve();
        } catch (err) {
          for (const g of group) g.reject(err);
        }
      }
    } finally {
      queue.flushing = false;
    }
  }
}
