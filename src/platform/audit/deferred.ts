/**
 * Audit entries of a new record whose identity (and so whose stream name) is only known at the
 * last statement of its transaction (platform/db/deferred.ts; dossiers/pending-code.ts). The
 * entries are collected here, each with the canonical text `entryHash` covers, the placeholder
 * where the identity goes; `statements` gives the common table expressions that compute the
 * chain's hashes in SQL (sha256 over the same text, the identity put in) and insert the entries.
 *
 * The chain is new (an identity is never reused), so it starts at GENESIS; the unique
 * (stream, seq) index refuses anything else. The SQL and TypeScript hashes are the same for any
 * entry (deferred.test.ts, a property test): the placeholder and the identity need no escaping
 * in JSON, and the placeholder may not appear in a key of `data` (refused by `add`), since the
 * canonical text sorts keys and putting the identity in could change their order.
 */
import { type SQL, sql } from 'drizzle-orm';
import { resolvedJsonb, resolvedText } from '../db/deferred.ts';
import { type AuditInput, canonicalEntry, GENESIS, jsonData } from './hash.ts';

interface Entry {
  input: AuditInput & { at: Date; data: Record<string, unknown> };
  seq: number;
  /** The canonical text `entryHash` hashes, with the placeholder where the identity goes. */
  canonical: string;
}

const hasKeyWith = (value: unknown, needle: string): boolean => {
  if (Array.isArray(value)) return value.some((v) => hasKeyWith(v, needle));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => k.includes(needle) || hasKeyWith(v, needle));
  }
  return false;
};

export class DeferredAuditChain {
  readonly #entries: Entry[] = [];

  /** `placeholder`: platform/db `newPlaceholder`, in the stream name and wherever the identity goes. */
  constructor(readonly placeholder: string) {}

  get length(): number {
    return this.#entries.length;
  }

  /** Appends an entry to the new chain (written by the last statement). */
  add(input: AuditInput): void {
    const at = input.at ?? new Date();
    const seq = this.#entries.length + 1;
    const data = jsonData(input) as Record<string, unknown>;
    if (hasKeyWith(data, this.placeholder))
      throw new Error('A deferred identity may not appear in a key of audit data');
    const canonical = canonicalEntry({
      provinceCode: input.provinceCode,
      stream: input.stream,
      seq,
      at,
      actorId: input.actorId ?? null,
      actorRole: input.actorRole ?? null,
      action: input.action,
      data,
    });
    this.#entries.push({ input: { ...input, at, data }, seq, canonical });
  }

  /**
   * The common table expressions (`name as (…)`) that hash and insert the entries, given the
   * name of a relation of one row with a text column `identity`. Empty when nothing was added.
   */
  statements(from: string): SQL[] {
    const ph = this.placeholder;
    const parts: SQL[] = [];
    // One hash per entry, each over the previous one: the chain of the new stream.
    this.#entries.forEach((e, i) => {
      const prev = i === 0 ? sql`${GENESIS}::text` : sql.raw(`audit_${i}.h`);
      const source = sql.raw(i === 0 ? from : `audit_${i}`);
      const text = resolvedText(sql`${e.canonical}::text`, ph, sql`identity`);
      parts.push(sql`${sql.raw(`audit_${i + 1}`)} as (select encode(sha256(convert_to(${prev} || chr(10) || ${text}, 'UTF8')), 'hex') as h,
          ${prev} as prev, identity from ${source})`);
    });
    if (this.#entries.length > 0) {
      const selects = this.#entries.map((e, i) => {
        const a = sql.raw(`audit_${i + 1}`);
        const x = e.input;
        // Every text the canonical text holds gets the identity put in, as it did there.
        const put = (value: string | null | undefined) =>
          resolvedText(sql`${value ?? null}::text`, ph, sql`${a}.identity`);
        return sql`select ${put(x.provinceCode)}, ${put(x.stream)}, ${e.seq}::int, ${x.at.toISOString()}::timestamptz,
          ${put(x.actorId)}, ${put(x.actorRole)}, ${put(x.action)}, ${resolvedJsonb(x.data, ph, sql`${a}.identity`)}, ${a}.prev, ${a}.h from ${a}`;
      });
      parts.push(sql`audit_insert as (insert into audit_events (province_code, stream, seq, at, actor_id, actor_role, action, data, prev_hash, hash)
        ${sql.join(selects, sql` union all `)} returning 1)`);
    }
    return parts;
  }
}
