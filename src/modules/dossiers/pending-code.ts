/**
 * The dossier code taken last (DOMAIN.md §1.4). The counter row of an agency and day is locked
 * from the statement that increments it until the filing commits, so every statement after it
 * is time during which no other reception of that agency can proceed. A filing therefore
 * writes its rows under a unique placeholder code, and one final statement increments the
 * counter and puts the real code everywhere the placeholder went: the dossier row, the answer
 * stored for replays (platform/records), the outbox messages and the audit entries of the new dossier's chain.
 * The counter stays in the filing's transaction: a rolled-back filing gives its number back,
 * so codes stay gap-free and duplicate-free whatever the concurrency.
 *
 * Audit entries cannot be rewritten (the table is append-only) and their hash covers the
 * stream name, which holds the code: platform/audit's `DeferredAuditChain` collects them and
 * hashes and inserts them in the final statement; platform/notify's `DeferredOutbox` does the
 * same for the messages, and platform/db/deferred.ts puts the code where the placeholder went
 * (the rule they share, property-tested against `entryHash` in platform/audit/deferred.test.ts).
 *
 * The row lock is released only when the commit is over, and a synchronous commit waits for
 * its WAL flush (an fsync): held through it, the flush would be the floor of every reception
 * at one agency. So the filing commits without waiting (`synchronous_commit = off` for that
 * transaction only), which releases the counter row as soon as the commit record is written,
 * and the filing answers only after a second, synchronous commit has flushed the WAL past it
 * (`waitDurable`): the answer still means "on disk". Gap-free survives a crash too: whoever
 * takes the next number writes after this commit record in the one WAL, so a recovered WAL
 * (a prefix) that holds a later number holds this one.
 */
import { type SQL, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { type AuditInput, DeferredAuditChain, recordAudit } from '../../platform/audit/index.ts';
import { localDateOf } from '../../platform/calendar/index.ts';
import { formatDossierCode } from '../../platform/codes/index.ts';
import { type Executor, namedRows, newPlaceholder, resolvedJsonb, resolveIdentity } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { DeferredOutbox, enqueue, type OutboxInput } from '../../platform/notify/index.ts';
import { type IdempotentCall, rememberSql } from '../../platform/records/index.ts';
import type { DossierRow } from './context.ts';
import type { dossierActions, dossierAttachments, dossierSteps } from './schema.ts';

export interface PendingCode {
  /** ASCII, never a valid code nor a UUID, unique: stands for the code until the last statement. */
  readonly placeholder: string;
  readonly agencyCode: string;
  readonly receivedAt: Date;
  readonly audit: DeferredAuditChain;
  readonly outbox: DeferredOutbox;
  /** The answer to store for replays of the filing's transaction id (platform/records), set before the final statement. */
  answer?: { call: IdempotentCall; response: unknown };
  /**
   * The rows this filing wrote, so that its answers are built in memory (queries.ts `viewOf`)
   * instead of read back: the dossier is new, so these are all its rows.
   */
  readonly written: { row?: DossierRow; steps: StepRow[]; actions: ActionRow[]; files: AttachmentRow[] };
}

type StepRow = typeof dossierSteps.$inferSelect;
type ActionRow = typeof dossierActions.$inferSelect;
type AttachmentRow = typeof dossierAttachments.$inferSelect;

export function pendingCode(agencyCode: string, receivedAt: Date): PendingCode {
  const placeholder = newPlaceholder('code');
  return {
    placeholder,
    agencyCode,
    receivedAt,
    audit: new DeferredAuditChain(placeholder),
    outbox: new DeferredOutbox(placeholder),
    written: { steps: [], actions: [], files: [] },
  };
}

/** Where a change writes its audit entries and outbox messages: at once, or at the final statement. */
export interface Writes {
  audit(input: AuditInput): Promise<void>;
  enqueue(message: OutboxInput): Promise<void>;
}

export function writesFor(tx: Executor, pending: PendingCode | undefined): Writes {
  if (!pending) {
    return {
      audit: async (input) => {
        await recordAudit(tx, input);
      },
      enqueue: (message) => enqueue(tx, message),
    };
  }
  return {
    audit: async (input) => pending.audit.add(input),
    enqueue: async (message) => pending.outbox.add(message),
  };
}

/** `value` as JSON gives it back, with the real code where the placeholder was (as the stored answer has it). */
export function withCode<T>(value: T, pending: PendingCode, code: string): T {
  return resolveIdentity(JSON.parse(JSON.stringify(value ?? null)) as T, pending.placeholder, code);
}

/**
 * The last statement of a filing: increments the counter (taking its row lock until commit)
 * and writes the code into everything that waited for it. Returns the code.
 */
export async function takePendingCode(tx: Executor, pending: PendingCode, dossierId: string): Promise<string> {
  const first = formatDossierCode(pending.agencyCode, pending.receivedAt, 1);
  if (!first.ok) {
    throw new DomainError('DOSSIER_CODE_UNAVAILABLE', { agencyCode: pending.agencyCode, reason: first.error.message });
  }
  // `AgencyCode-YYMMDD-` of the code formatted in TypeScript; checked against it below.
  const prefix = first.value.slice(0, -4);
  const ph = pending.placeholder;
  const parts: SQL[] = [
    sql`c as (insert into dossier_code_counters (agency_code, day, last_seq)
        values (${pending.agencyCode}, ${localDateOf(pending.receivedAt)}, 1)
        on conflict (agency_code, day) do update set last_seq = dossier_code_counters.last_seq + 1
        returning last_seq)`,
    sql`k as (select last_seq, ${prefix}::text || lpad(last_seq::text, 4, '0') as identity from c)`,
    sql`d as (update dossiers set code = k.identity from k where dossiers.id = ${dossierId}::uuid and dossiers.code = ${ph}::text returning 1)`,
  ];
  if (pending.answer) {
    parts.push(
      sql`r as (${rememberSql(pending.answer.call, resolvedJsonb(pending.answer.response, ph, sql`k.identity`), sql`k`)})`,
    );
  }
  parts.push(...pending.outbox.statements('k'), ...pending.audit.statements('k'));
  // Named (one statement per number of audit entries and messages): every submission ends with it.
  const [row] = await namedRows<{ seq: number; code: string }>(
    tx,
    'dossier_code_take',
    sql`with ${sql.join(parts, sql`, `)} select last_seq as seq, identity as code from k`,
  );
  if (!row) throw new DomainError('DOSSIER_CODE_UNAVAILABLE', { agencyCode: pending.agencyCode });
  // The code of record is the one formatDossierCode gives (width, range): anything else rolls back.
  const code = formatDossierCode(pending.agencyCode, pending.receivedAt, Number(row.seq));
  if (!code.ok) {
    throw new DomainError('DOSSIER_CODE_UNAVAILABLE', { agencyCode: pending.agencyCode, reason: code.error.message });
  }
  if (code.value !== row.code) throw new DomainError('DOSSIER_CODE_UNAVAILABLE', { agencyCode: pending.agencyCode });
  return code.value;
}

/** A transaction of our own (not one a caller opened around us): its commit is ours to shape. */
export const isTopLevel = (db: Executor): boolean => !(db instanceof PgTransaction);

/** This transaction's commit releases its locks without waiting for the WAL flush (see the top). */
export async function commitWithoutWaiting(tx: Executor): Promise<void> {
  await tx.execute(sql`set local synchronous_commit = off`);
}

/**
 * Returns once everything committed so far is on disk: a transaction with an id commits
 * synchronously, and its flush covers every WAL record before it.
 */
export async function waitDurable(db: Executor): Promise<void> {
  await db.execute(sql`select txid_current()`);
}
