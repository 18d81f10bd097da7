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
 * stream name, which holds the code: they are collected here and inserted by the final
 * statement, their sha256 computed there over the same canonical text `entryHash` hashes,
 * with the placeholder replaced. The chain is new (a code is never reused), so it starts at
 * GENESIS; the unique (stream, seq) index would refuse anything else.
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
import { randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import { type SQL, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { type AuditInput, GENESIS, recordAudit } from '../../platform/audit/index.ts';
import { localDateOf } from '../../platform/calendar/index.ts';
import { formatDossierCode } from '../../platform/codes/index.ts';
import { type Executor, rows } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { enqueue, type OutboxInput } from '../../platform/notify/index.ts';
import { type IdempotentCall, rememberSql } from '../../platform/records/index.ts';
import type { DossierRow } from './context.ts';
import type { dossierActions, dossierAttachments, dossierSteps } from './schema.ts';

interface DeferredAudit {
  input: AuditInput & { at: Date };
  seq: number;
  /** The canonical JSON `entryHash` hashes, with the placeholder where the code goes. */
  canonical: string;
}

export interface PendingCode {
  /** ASCII, never a valid code nor a UUID, unique: stands for the code until the last statement. */
  readonly placeholder: string;
  readonly agencyCode: string;
  readonly receivedAt: Date;
  readonly audit: DeferredAudit[];
  readonly outbox: OutboxInput[];
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
  return {
    placeholder: `pending-code-${randomUUID()}`,
    agencyCode,
    receivedAt,
    audit: [],
    outbox: [],
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
    audit: async (input) => {
      const at = input.at ?? new Date();
      const seq = pending.audit.length + 1;
      // Exactly the fields and JSON round trip of recordAudit / entryHash.
      const data = JSON.parse(JSON.stringify(input.data ?? {})) as unknown;
      const canonical =
        canonicalize({
          provinceCode: input.provinceCode,
          stream: input.stream,
          seq,
          at: at.toISOString(),
          actorId: input.actorId ?? null,
          actorRole: input.actorRole ?? null,
          action: input.action,
          data,
        }) ?? '';
      pending.audit.push({ input: { ...input, at, data: data as Record<string, unknown> }, seq, canonical });
    },
    enqueue: async (message) => {
      pending.outbox.push(message);
    },
  };
}

/** `value` with the real code where the placeholder was (JSON-safe values only). */
export function withCode<T>(value: T, pending: PendingCode, code: string): T {
  return JSON.parse(JSON.stringify(value).replaceAll(pending.placeholder, code)) as T;
}

const json = (value: unknown) => JSON.stringify(value ?? null);

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
    sql`k as (select last_seq, ${prefix}::text || lpad(last_seq::text, 4, '0') as code from c)`,
    sql`d as (update dossiers set code = k.code from k where dossiers.id = ${dossierId}::uuid and dossiers.code = ${ph}::text returning 1)`,
  ];
  if (pending.answer) {
    const response = sql`replace(${json(pending.answer.response)}::text, ${ph}::text, k.code)::jsonb`;
    parts.push(sql`r as (${rememberSql(pending.answer.call, response, sql`k`)})`);
  }
  if (pending.outbox.length > 0) {
    const values = sql.join(
      pending.outbox.map(
        (m) =>
          sql`(${m.provinceCode}::text, ${m.channel}::text, ${m.topic}::text, ${m.recipient ?? null}::text, ${json(m.payload)}::text, ${m.dedupeKey ?? null}::text)`,
      ),
      sql`, `,
    );
    parts.push(sql`o as (insert into outbox (province_code, channel, topic, recipient, payload, dedupe_key)
        select v.p, v.ch, v.t, replace(v.r, ${ph}::text, k.code), replace(v.payload, ${ph}::text, k.code)::jsonb,
          replace(v.dk, ${ph}::text, k.code)
        from k, (values ${values}) as v(p, ch, t, r, payload, dk) on conflict do nothing returning 1)`);
  }
  // One hash per entry, each over the previous one: the chain of the new stream.
  pending.audit.forEach((e, i) => {
    const prev = i === 0 ? sql`${GENESIS}::text` : sql.raw(`a${i}.h`);
    const from = i === 0 ? sql`k` : sql.raw(`a${i}`);
    parts.push(sql`${sql.raw(`a${i + 1}`)} as (select encode(sha256(convert_to(${prev} || chr(10) ||
        replace(${e.canonical}::text, ${ph}::text, code), 'UTF8')), 'hex') as h, ${prev} as prev, code from ${from})`);
  });
  if (pending.audit.length > 0) {
    const selects = pending.audit.map((e, i) => {
      const a = sql.raw(`a${i + 1}`);
      const x = e.input;
      return sql`select ${x.provinceCode}::text, replace(${x.stream}::text, ${ph}::text, ${a}.code), ${e.seq}::int,
          ${x.at.toISOString()}::timestamptz, ${x.actorId ?? null}::text, ${x.actorRole ?? null}::text, ${x.action}::text,
          replace(${json(x.data ?? {})}::text, ${ph}::text, ${a}.code)::jsonb, ${a}.prev, ${a}.h from ${a}`;
    });
    parts.push(sql`au as (insert into audit_events (province_code, stream, seq, at, actor_id, actor_role, action, data, prev_hash, hash)
        ${sql.join(selects, sql` union all `)} returning 1)`);
  }
  const [row] = await rows<{ seq: number; code: string }>(
    tx,
    sql`with ${sql.join(parts, sql`, `)} select last_seq as seq, code from k`,
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
